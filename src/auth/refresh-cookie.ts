// The cookie methods on requests and replies come from @fastify/cookie's type augmentation.
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BrowserSession, TokenPair } from './auth.responses.js';

/**
 * The browser's refresh token (UI.md "Sessions in a browser"): an httpOnly, SameSite=Strict cookie
 * scoped to the auth routes, so the token is out of reach of the page's scripts and is sent only to
 * /api/auth/*. Secure when the request came over HTTPS (`req.protocol` honours TRUST_PROXY).
 */
export const REFRESH_COOKIE = 'camket_refresh';
const PATH = '/api/auth';

/** The refresh token the browser sent, if any. */
export function refreshCookieOf(req: FastifyRequest): string | undefined {
  const value = req.cookies[REFRESH_COOKIE];
  return value ? value : undefined;
}

/** Puts the pair's refresh token into the cookie and answers the rest (no refresh token in the body). */
export function handOverAsCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  pair: TokenPair,
  maxAgeSeconds: number,
): BrowserSession {
  void reply.setCookie(REFRESH_COOKIE, pair.refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    path: PATH,
    maxAge: maxAgeSeconds,
  });
  return { accessToken: pair.accessToken, expiresIn: pair.expiresIn, user: pair.user };
}

export function clearRefreshCookie(req: FastifyRequest, reply: FastifyReply): void {
  void reply.setCookie(REFRESH_COOKIE, '', {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    path: PATH,
    maxAge: 0,
  });
}
