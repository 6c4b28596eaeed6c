import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface AccessClaims {
  sub: string;
  sid: string;
  typ: 'access';
}

/** 32 random bytes and a 16-byte tag in base64url; the generation follows in decimal. */
const RANDOM_CHARS = 43;
const TAG_CHARS = 22;

/** The key of the refresh tags, derived from the JWT secret (a separate key, the same secret to keep). */
export function refreshTagKey(jwtSecret: string): Buffer {
  return createHmac('sha256', jwtSecret).update('camket refresh-token generation tag').digest();
}

function tag(key: Buffer, sessionId: string, generation: number, random: string): string {
  return createHmac('sha256', key)
    .update(`${sessionId}.${generation}.${random}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/**
 * A refresh secret for one generation of one session: `<random><tag><generation>`. Only a SHA-256
 * of the current secret is stored. The tag (HMAC under refreshTagKey) lets refresh recognise a
 * secret this session was once given, so a rotated-away token counts as reuse while a secret made
 * up next to the session id (which every access token shows as `sid`) is a plain 401, without
 * storing every past generation.
 */
export function newRefreshSecret(key: Buffer, sessionId: string, generation: number): string {
  const random = randomBytes(32).toString('base64url');
  return `${random}${tag(key, sessionId, generation, random)}${generation}`;
}

/** The generation a refresh secret was issued for in this session, or null when it never was. */
export function issuedGeneration(key: Buffer, sessionId: string, secret: string): number | null {
  const digits = secret.slice(RANDOM_CHARS + TAG_CHARS);
  if (!/^(0|[1-9]\d{0,9})$/.test(digits)) return null;
  const generation = Number(digits);
  const random = secret.slice(0, RANDOM_CHARS);
  const given = Buffer.from(secret.slice(RANDOM_CHARS, RANDOM_CHARS + TAG_CHARS));
  const expected = Buffer.from(tag(key, sessionId, generation, random));
  return given.length === expected.length && timingSafeEqual(given, expected) ? generation : null;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function splitRefreshToken(token: string): { sessionId: string; secret: string } | null {
  const dot = token.indexOf('.');
  if (dot !== 36) return null;
  return { sessionId: token.slice(0, 36), secret: token.slice(37) };
}
