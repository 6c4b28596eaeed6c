import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

export interface MetricsSettings {
  token: string | null;
  allowLoopback: boolean;
}

/** `unauthenticated` answers 401 (a token would open it), `forbidden` 403 (only this machine may). */
export type MetricsAccess = 'allow' | 'unauthenticated' | 'forbidden';

/** /metrics exists only when a token or loopback access is configured; otherwise it answers 404. */
export function metricsEnabled(settings: MetricsSettings): boolean {
  return settings.token !== null || settings.allowLoopback;
}

/**
 * Who may read /metrics: the bearer of METRICS_TOKEN, and with METRICS_ALLOW=loopback a caller on
 * this machine (the address the service sees: behind a proxy on the same machine set TRUST_PROXY,
 * or every client would look local). A token that is sent must be right, even from loopback.
 */
export function metricsAccess(settings: MetricsSettings, ip: string, authorization: unknown): MetricsAccess {
  if (authorization !== undefined && authorization !== '') {
    if (settings.token === null || typeof authorization !== 'string') return 'unauthenticated';
    return sameSecret(authorization, `Bearer ${settings.token}`) ? 'allow' : 'unauthenticated';
  }
  if (settings.allowLoopback && isLoopback(ip)) return 'allow';
  return settings.token !== null ? 'unauthenticated' : 'forbidden';
}

export function isLoopback(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return ip === '::1';
}

/** Compared as digests, so the time taken tells nothing of the token's length or prefix. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
