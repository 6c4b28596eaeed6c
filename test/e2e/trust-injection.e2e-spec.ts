import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, World } from '../factories/world.js';
import { createTestApp, PASSWORD, TestApp } from '../setup/test-app.js';
import { buildCast, fetchAll, TrustActor } from '../trust/actors.js';
import { loadCatalog, RouteSpec } from '../trust/catalog.js';
import { dbFingerprint } from '../trust/db-fingerprint.js';
import { call, isErrorEnvelope } from '../trust/inject.js';

/**
 * Injection through sort, filter and search parameters (OWASP API8 / ASVS V5.3), and login flood
 * limits (OWASP API4 / ASVS V2.2). Every list route of the OpenAPI document, every string parameter
 * it declares plus the usual sort/order/filter names, as a broad and a narrow actor.
 */
const SQL = [
  "' OR '1'='1",
  "' OR 1=1 --",
  '%',
  '_',
  '\\',
  "%' OR '%'='",
  '"; DROP TABLE member; --',
  "x') UNION SELECT username, passwordHash, 1, 1, 1, 1 FROM user_account --",
  '1 AND (SELECT COUNT(*) FROM sqlite_master) > 0',
  'name; DELETE FROM organization',
  'm.id DESC, (SELECT 1)',
  "' || (SELECT passwordHash FROM user_account LIMIT 1) || '",
  '\u0000',
  'NGUYỄN%',
];
/** Undeclared names clients try; a route with a query contract must refuse them (400). */
const EXTRA_PARAMS = ['sort', 'order', 'orderBy', 'filter', 'search'];

describe('trust: SQL fragments in sort, filter and search parameters (e2e)', () => {
  let t: TestApp;
  let actors: TrustActor[];
  let routes: RouteSpec[];

  beforeAll(async () => {
    t = await createTestApp();
    ({ actors } = await buildCast(t));
    ({ routes } = await loadCatalog(t.app));
  });
  afterAll(() => t.close());

  it('answers 400 or a harmless subset of the unfiltered list, changes nothing and never a 5xx', async () => {
    const lists = routes.filter(
      (r) => r.method === 'GET' && r.pathParams.length === 0 && !r.isPublic && r.query,
    );
    const who = ['admin', 'leaderA', 'memberA'].map((n) => actors.find((a) => a.name === n)!);
    const before = await dbFingerprint(t.app, ['audit_entry']);
    let tried = 0;
    let refused = 0;
    let harmless = 0;
    const problems: string[] = [];
    for (const route of lists) {
      const declared = route
        .query!.fields.filter((f) => f.kind === 'string' || f.kind === 'enum')
        .map((f) => f.name);
      const params = [...declared, ...EXTRA_PARAMS.filter((p) => !declared.includes(p))];
      for (const actor of who) {
        const base = await fetchAll(t.app, route.path, actor.token);
        const allowed = new Set(base.rows.map((r) => String(r.id)));
        for (const param of params) {
          for (const frag of declared.includes(param) ? SQL : SQL.slice(0, 3)) {
            const url = `${route.path}?${param}=${encodeURIComponent(frag)}`;
            const res = await call(t.app, { method: 'GET', url, token: actor.token });
            tried++;
            if (res.status >= 500) problems.push(`${actor.name} GET ${url} -> ${res.status}`);
            else if (res.status === 400 || res.status === 403) {
              refused++;
              if (!isErrorEnvelope(res.body, res.status))
                problems.push(`${actor.name} GET ${url}: no error envelope`);
            } else if (res.status === 200) {
              const rows = Array.isArray(res.body) ? res.body : (res.body?.items ?? []);
              const leaked = (rows as Array<{ id?: unknown }>).filter(
                (r) => typeof r.id === 'string' && !allowed.has(r.id),
              );
              if (leaked.length)
                problems.push(
                  `${actor.name} GET ${url} returned ${leaked.length} rows absent from the unfiltered list`,
                );
              if (/argon2|passwordHash/i.test(res.text))
                problems.push(`${actor.name} GET ${url} leaked a hash`);
              harmless++;
            } else if (res.status !== 404) problems.push(`${actor.name} GET ${url} -> ${res.status}`);
          }
        }
      }
    }
    const after = await dbFingerprint(t.app, ['audit_entry']);
    console.log(
      `[trust-injection] SQL fragments: ${tried} requests on ${lists.length} list routes, refused ${refused}, harmless 200 ${harmless}, problems ${problems.length}, database changed ${before.hash !== after.hash}`,
    );
    expect(tried).toBeGreaterThan(500);
    expect(problems).toEqual([]);
    expect(after.hash).toBe(before.hash);
  });

  it('matches search text literally: "%" and "_" are not wildcards', async () => {
    const admin = actors.find((a) => a.name === 'admin')!;
    for (const q of ['%', '_', '%%']) {
      const res = await call(t.app, {
        method: 'GET',
        url: `/api/members?q=${encodeURIComponent(q)}`,
        token: admin.token,
      });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(0);
    }
    const found = await call(t.app, {
      method: 'GET',
      url: `/api/members?q=${encodeURIComponent('nguyen van an')}`,
      token: admin.token,
    });
    expect(found.body.total).toBeGreaterThan(0);
  });
});

describe('trust: login flood limits (e2e)', () => {
  let t: TestApp;
  let w: World;
  const LIMIT_ACCOUNT = 5;
  const LIMIT_IP = 20;

  beforeAll(async () => {
    t = await createTestApp({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: String(LIMIT_ACCOUNT),
      LOGIN_MAX_FAILURES_PER_IP: String(LIMIT_IP),
    });
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const usernameOf = async (token: string) =>
    (await call(t.app, { method: 'GET', url: '/api/auth/me', token })).body.username as string;
  const attempt = (username: string, password: string, ip = '198.51.100.7', xff?: string) =>
    call(t.app, {
      method: 'POST',
      url: '/api/auth/login',
      body: { username, password },
      remoteAddress: ip,
      headers: xff ? { 'x-forwarded-for': xff } : {},
    });

  it('locks an account after repeated failures: 429 with Retry-After, forged X-Forwarded-For does not reset it, others keep working', async () => {
    const victim = await usernameOf(w.memberA1b.token);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push((await attempt(victim, `sai-mat-khau-${i}`, '198.51.100.7', `203.0.113.${i}`)).status);
    const locked = await attempt(victim, PASSWORD, '198.51.100.7', '203.0.113.250');
    const fromElsewhere = await attempt(victim, PASSWORD, '192.0.2.55', '10.0.0.1');
    const health = await call(t.app, { method: 'GET', url: '/api/health' });
    const me = await call(t.app, { method: 'GET', url: '/api/auth/me', token: w.memberA1b.token });
    const other = await attempt(await usernameOf(w.memberB1.token), PASSWORD, '192.0.2.56');
    console.log(
      `[trust-injection] account flood: 30 wrong passwords -> 401 x${statuses.filter((s) => s === 401).length}, 429 x${statuses.filter((s) => s === 429).length}; ` +
        `right password while locked ${locked.status} (Retry-After ${String(locked.headers['retry-after'])}), from another address ${fromElsewhere.status}; health ${health.status}, existing session ${me.status}, other account ${other.status}`,
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(LIMIT_ACCOUNT);
    expect(statuses.slice(LIMIT_ACCOUNT).every((s) => s === 429)).toBe(true);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(isErrorEnvelope(locked.body, 429)).toBe(true);
    expect(fromElsewhere.status).toBe(429);
    expect(health.status).toBe(200);
    expect(me.status).toBe(200);
    expect(other.status).toBe(200);
  });

  it('locks an address that tries many accounts, whatever X-Forwarded-For says', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT_IP + 10; i++)
      statuses.push(
        (await attempt(`khong-ton-tai-${i}`, 'sai-mat-khau-1', '198.51.100.99', `203.0.113.${i}`)).status,
      );
    const real = await attempt(await usernameOf(w.memberA2.token), PASSWORD, '198.51.100.99', '127.0.0.1');
    console.log(
      `[trust-injection] address flood: ${LIMIT_IP + 10} accounts -> 401 x${statuses.filter((s) => s === 401).length}, 429 x${statuses.filter((s) => s === 429).length}; real login from that address ${real.status}`,
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(LIMIT_IP);
    expect(real.status).toBe(429);
  });

  it('does not let parallel attempts slip past the account limit', async () => {
    const victim = await usernameOf(w.memberA2.token);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(victim, `song-song-${i}`, `192.0.2.${100 + i}`)),
    );
    const checked = results.filter((r) => r.status === 401).length;
    console.log(
      `[trust-injection] parallel flood: 40 concurrent wrong passwords -> 401 x${checked} (passwords actually tried), 429 x${results.filter((r) => r.status === 429).length}`,
    );
    expect(results.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    expect(checked).toBeLessThanOrEqual(LIMIT_ACCOUNT);
  });
});
