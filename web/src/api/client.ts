import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

/** The API's named schemas (generated from the service's OpenAPI document: npm run api:generate). */
export type Schemas = components['schemas'];

/** The signed-in person (`user` of login and refresh, GET /api/auth/me), with fullName and cellId. */
export type SessionUser = Schemas['Me'];

/** What login and refresh answer in the cookie mode (UI.md: the refresh token stays in the cookie). */
export type SessionAnswer = Schemas['BrowserSession'];

/**
 * The access token lives here, in memory only (UI.md: never in localStorage or sessionStorage); the
 * refresh token is an httpOnly cookie the browser sends to /api/auth only.
 */
let accessToken: string | null = null;
let refreshing: Promise<SessionAnswer | null> | null = null;
const sessionListeners = new Set<(answer: SessionAnswer | null) => void>();

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

/** Called with the new session after a silent refresh, and with null when the session is gone. */
export function onSessionChange(listener: (answer: SessionAnswer | null) => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

/**
 * Exchanges the refresh cookie for a new access token. Single-flight: requests that meet a 401 at
 * the same time share one refresh (a second refresh would reuse a rotated cookie and end the session).
 */
export function refreshSession(): Promise<SessionAnswer | null> {
  refreshing ??= (async () => {
    try {
      return await acrossTabs(exchangeCookie);
    } catch {
      // Offline: the session may well still be alive; the caller reports the network failure.
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/**
 * Tabs of one browser share the cookie: two refreshing at once would present the same refresh token
 * twice, which the API treats as theft and ends the session. A Web Lock makes them take turns (the
 * second then sends the cookie the first received).
 */
function acrossTabs<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('camket-refresh', work) : work();
}

/** The refresh web/public/boot.js started before this code arrived, taken once. */
function takeBootRefresh(): Promise<Response> | undefined {
  const started = window.__camketBootRefresh;
  window.__camketBootRefresh = undefined;
  return started;
}

async function exchangeCookie(): Promise<SessionAnswer | null> {
  const res = await (takeBootRefresh() ??
    fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      credentials: 'same-origin',
    }));
  // A server in trouble (5xx, 429) has not ended the session: nothing changes, the caller reports it.
  if (!res.ok && res.status !== 400 && res.status !== 401) throw new Error(`refresh answered ${res.status}`);
  const answer = res.ok ? ((await res.json()) as SessionAnswer) : null;
  accessToken = answer?.accessToken ?? null;
  for (const listener of sessionListeners) listener(answer);
  return answer;
}

declare global {
  interface Window {
    __camketBootRefresh?: Promise<Response>;
    __camketAppStarted?: boolean;
  }
}

/** Auth endpoints answer 401 for their own reasons (a wrong password); they are never retried. */
const noRetry = /\/api\/auth\/(login|refresh|logout)$/;

/** fetch with the Bearer token; on a 401, one silent refresh and one retry of the same request. */
export async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const sentWith = accessToken;
  if (sentWith) request.headers.set('authorization', `Bearer ${sentWith}`);
  const first = await fetch(request);
  if (first.status !== 401 || noRetry.test(new URL(request.url).pathname)) return first;
  // Another request may have refreshed while this one was in flight.
  const token = accessToken && accessToken !== sentWith ? accessToken : (await refreshSession())?.accessToken;
  if (!token) return first;
  retry.headers.set('authorization', `Bearer ${token}`);
  return fetch(retry);
}

/** The typed API client: `api.GET('/api/commitments', { params: { query: { year } } })`. */
export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: authFetch });
