/**
 * Scans response bodies for secrets (API.md: no response carries a password hash, token or secret).
 * createTestApp() runs it on every response of every e2e suite and fails the suite on a leak.
 */

/** Keys that must never carry a value in a response body (password, passwordHash, refreshHash, token...). */
const SECRET_KEY = /password|hash|secret|token/i;

/** The login and refresh answers are the only ones that carry tokens, and only these two. */
const TOKEN_ROUTES = new Set(['/api/auth/login', '/api/auth/refresh']);
const TOKEN_KEYS = new Set(['accessToken', 'refreshToken']);

/** Values that look like a stored secret whatever key holds them (argon2 or bcrypt hashes). */
const SECRET_VALUE = /^\$(argon2(id|i|d)|2[aby])\$/;

export interface SecretLeak {
  url: string;
  path: string;
  reason: string;
}

/** Every secret-looking key or value in `body`, with its JSON path. */
export function findSecrets(body: unknown, url: string): SecretLeak[] {
  const route = url.split('?')[0];
  const leaks: SecretLeak[] = [];
  const walk = (value: unknown, path: string, depth: number) => {
    if (depth > 32 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (SECRET_VALUE.test(value)) leaks.push({ url, path, reason: 'value looks like a password hash' });
      return;
    }
    if (typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const allowed = depth === 0 && TOKEN_ROUTES.has(route) && TOKEN_KEYS.has(key);
      // A flag such as { passwordReset: true } names a secret but carries none.
      const carriesValue = v !== null && typeof v !== 'boolean';
      if (SECRET_KEY.test(key) && carriesValue && !allowed)
        leaks.push({ url, path: `${path}.${key}`, reason: `secret-looking key "${key}"` });
      walk(v, `${path}.${key}`, depth + 1);
    }
  };
  walk(body, '$', 0);
  return leaks;
}

/** Parses a response payload as JSON when it is JSON; other payloads (HTML, streams) are skipped. */
export function scanPayload(payload: unknown, contentType: string | undefined, url: string): SecretLeak[] {
  if (typeof payload !== 'string' || !contentType?.includes('json')) return [];
  // The OpenAPI document describes the password fields of request bodies; it carries no values.
  if (url.startsWith('/docs')) return [];
  try {
    return findSecrets(JSON.parse(payload), url);
  } catch {
    return [];
  }
}
