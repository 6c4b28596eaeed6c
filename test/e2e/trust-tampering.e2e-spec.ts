import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createUser, login, World } from '../factories/world.js';
import { createTestApp, PASSWORD, TestApp } from '../setup/test-app.js';
import { buildCast, TrustActor } from '../trust/actors.js';
import { fillPath, loadCatalog, RouteSpec } from '../trust/catalog.js';
import { dbFingerprint } from '../trust/db-fingerprint.js';
import { BAD_IDS, GenContext, rng, validObject, validValue } from '../trust/generate.js';
import { call, isErrorEnvelope } from '../trust/inject.js';

/**
 * Id tampering, mass assignment and token attacks (OWASP API1/API3/API2, ASVS V3/V5). Routes come
 * from the OpenAPI document; each attack logs its figure.
 */

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function signHs256(
  payload: Record<string, unknown>,
  secret: string,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
): string {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

/** Fields no write DTO may accept unless it declares them. */
const FORBIDDEN_EXTRAS: Array<[string, unknown]> = [
  ['id', '00000000-0000-4000-8000-000000000001'],
  ['role', 'admin'],
  ['roles', [{ role: 'admin' }]],
  ['organizationId', '00000000-0000-4000-8000-000000000002'],
  ['memberId', '00000000-0000-4000-8000-000000000003'],
  ['status', 'accepted'],
  ['version', 1],
  ['createdAt', '2000-01-01T00:00:00Z'],
  ['updatedAt', '2000-01-01T00:00:00Z'],
  ['isAdmin', true],
  ['passwordHash', '$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB'],
  ['path', '/'],
  ['cellId', '00000000-0000-4000-8000-000000000004'],
  ['userId', '00000000-0000-4000-8000-000000000005'],
  ['deletedAt', null],
];

describe('trust: id tampering, mass assignment and tokens (e2e)', () => {
  let t: TestApp;
  let w: World;
  let actors: TrustActor[];
  let routes: RouteSpec[];
  let admin: TrustActor;

  beforeAll(async () => {
    t = await createTestApp();
    ({ world: w, actors } = await buildCast(t));
    admin = actors.find((a) => a.name === 'admin')!;
    ({ routes } = await loadCatalog(t.app));
  });
  afterAll(() => t.close());

  const ctxFor = (seed: number): GenContext => {
    const orgs = Object.values(w.orgs).map((o) => o.id);
    return {
      rnd: rng(seed),
      idFor: (field) =>
        /member/i.test(field) ? w.members.a1a.id : /cell/i.test(field) ? w.orgs.cellA1.id : orgs[0],
    };
  };

  it('answers 400 (never a row, never a 5xx) for ids that are not ids, in the path of every route', async () => {
    const idRoutes = routes.filter((r) => r.pathParams.some((p) => p.kind === 'uuid'));
    let tried = 0;
    const problems: string[] = [];
    for (const route of idRoutes) {
      for (const param of route.pathParams.filter((p) => p.kind === 'uuid')) {
        for (const bad of BAD_IDS) {
          const ctx = ctxFor(tried);
          const values: Record<string, string | number> = {};
          for (const p of route.pathParams)
            values[p.name] = p === param ? '__BAD__' : (validValue(p, ctx) as string | number);
          const url = fillPath(route.path, values).replace('__BAD__', bad);
          const body = route.body ? validObject(route.body, ctx, 'none') : undefined;
          const res = await call(t.app, { method: route.method, url, token: admin.token, body });
          tried++;
          // 414: Fastify refuses path parameters over 100 characters before routing.
          if (![400, 404, 414].includes(res.status))
            problems.push(`${route.method} ${url.slice(0, 120)} -> ${res.status}`);
          if (!isErrorEnvelope(res.body, res.status))
            problems.push(`${route.method} ${url.slice(0, 120)}: not an error envelope`);
        }
        // A well-formed id of nothing (deleted, never existed, nil): 404, never someone else's row.
        for (const ghost of [randomUUID(), '00000000-0000-0000-0000-000000000000']) {
          const values: Record<string, string | number> = {};
          for (const p of route.pathParams)
            values[p.name] = p === param ? ghost : (validValue(p, ctxFor(2)) as string | number);
          const ctx = ctxFor(tried);
          const body = route.body
            ? {
                ...validObject(route.body, ctx, 'none'),
                ...(route.body.fields.some((f) => f.name === 'version') ? { version: 1 } : {}),
              }
            : undefined;
          const res = await call(t.app, {
            method: route.method,
            url: fillPath(route.path, values),
            token: admin.token,
            body,
          });
          tried++;
          // 400 when the generated body itself is refused first; never a 2xx.
          if (![400, 404].includes(res.status))
            problems.push(`${route.method} ${route.path} id ${ghost} -> ${res.status}`);
        }
        // An empty id must not turn into "the first row" (TypeORM's findOneBy({ id: undefined })).
        const values: Record<string, string | number> = {};
        for (const p of route.pathParams)
          values[p.name] = p === param ? '' : (validValue(p, ctxFor(1)) as string | number);
        const res = await call(t.app, {
          method: route.method,
          url: fillPath(route.path, values),
          token: admin.token,
        });
        tried++;
        if (res.status >= 500) problems.push(`${route.method} ${route.path} empty id -> ${res.status}`);
        if (
          res.status === 200 &&
          res.body &&
          !Array.isArray(res.body) &&
          !('items' in res.body) &&
          'id' in res.body
        ) {
          problems.push(`${route.method} ${route.path} empty id answered a single row`);
        }
      }
    }
    console.log(
      `[trust-tampering] malformed path ids: ${tried} requests on ${idRoutes.length} routes, problems ${problems.length}`,
    );
    expect(tried).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('answers 400 for malformed ids in query filters and bodies', async () => {
    let tried = 0;
    const problems: string[] = [];
    const values = ['undefined', 'null', '', '0', 'not-a-uuid', "x' OR 1=1 --"];
    for (const route of routes.filter((r) => r.method === 'GET' && r.pathParams.length === 0 && r.query)) {
      for (const f of route.query!.fields.filter((x) => x.kind === 'uuid')) {
        for (const v of values) {
          const res = await call(t.app, {
            method: 'GET',
            url: `${route.path}?${f.name}=${encodeURIComponent(v)}`,
            token: admin.token,
          });
          tried++;
          // An empty filter may be read as "no filter"; anything else must be refused.
          const ok = v === '' ? res.status === 400 || res.status === 200 : res.status === 400;
          if (!ok) problems.push(`GET ${route.path}?${f.name}=${v} -> ${res.status}`);
        }
      }
    }
    for (const route of routes.filter((r) => r.body && r.method !== 'GET')) {
      for (const f of route.body!.fields.filter((x) => x.kind === 'uuid')) {
        for (const v of [...values, null, 0]) {
          // null on an optional field means "absent" for class-validator's @IsOptional (not a tamper).
          if (v === null && (f.nullable || f.optional)) continue;
          const ctx = ctxFor(tried);
          const params: Record<string, string | number> = {};
          for (const p of route.pathParams) params[p.name] = validValue(p, ctx) as string | number;
          const body = { ...validObject(route.body!, ctx, 'none'), [f.name]: v };
          const res = await call(t.app, {
            method: route.method,
            url: fillPath(route.path, params),
            token: admin.token,
            body,
          });
          tried++;
          if (res.status !== 400)
            problems.push(`${route.method} ${route.path} ${f.name}=${JSON.stringify(v)} -> ${res.status}`);
        }
      }
    }
    console.log(
      `[trust-tampering] malformed ids in queries and bodies: ${tried} requests, problems ${problems.length}`,
    );
    expect(tried).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });

  it('refuses another scope’s ids in bodies and changes nothing', async () => {
    const before = await dbFingerprint(t.app, ['audit_entry']);
    const leaderA = actors.find((a) => a.name === 'leaderA')!;
    const secretaryA1 = actors.find((a) => a.name === 'secretaryA1')!;
    const attempts: Array<[string, TrustActor, string, string, unknown]> = [
      [
        'member into a foreign cell',
        leaderA,
        'POST',
        '/api/members',
        { fullName: 'Ngô Thị Lạ', cellId: w.orgs.cellB1.id, status: 'official' },
      ],
      [
        'transfer to a foreign cell',
        leaderA,
        'PATCH',
        `/api/members/${w.members.a1a.id}`,
        { version: 1, cellId: w.orgs.cellB1.id },
      ],
      [
        'organisation under a foreign parent',
        leaderA,
        'POST',
        '/api/organizations',
        { code: 'LA-X1', name: 'Chi bộ lạ', kind: 'cell', isGrassroots: false, parentId: w.orgs.wardB.id },
      ],
      [
        'move own cell under a foreign committee',
        leaderA,
        'PATCH',
        `/api/organizations/${w.orgs.cellA2.id}`,
        { version: 1, parentId: w.orgs.wardB.id },
      ],
      [
        'head from a foreign cell',
        leaderA,
        'PATCH',
        `/api/organizations/${w.orgs.wardA.id}`,
        { version: 1, headMemberId: w.members.b1.id },
      ],
      [
        'account with a foreign role',
        leaderA,
        'POST',
        '/api/users',
        {
          username: 'la-tham-nhap',
          password: PASSWORD,
          roles: [{ role: 'leader', organizationId: w.orgs.wardB.id }],
        },
      ],
      [
        'account for a foreign member',
        leaderA,
        'POST',
        '/api/users',
        { username: 'la-tham-nhap2', password: PASSWORD, memberId: w.members.b1.id, roles: [] },
      ],
      [
        'admin role by a leader',
        leaderA,
        'POST',
        '/api/users',
        { username: 'la-tham-nhap3', password: PASSWORD, roles: [{ role: 'admin' }] },
      ],
    ];
    if (routes.some((r) => r.method === 'POST' && r.path === '/api/commitments')) {
      attempts.push([
        'commitment on behalf of a foreign member',
        secretaryA1,
        'POST',
        '/api/commitments',
        {
          memberId: w.members.b1.id,
          year: 2026,
          periodType: 'yearly',
          periodIndex: null,
          items: [{ category: 'follow', content: 'Học tập và làm theo' }],
        },
      ]);
    }
    if (routes.some((r) => r.method === 'POST' && r.path === '/api/meetings')) {
      attempts.push([
        'meeting of a foreign cell',
        secretaryA1,
        'POST',
        '/api/meetings',
        {
          cellId: w.orgs.cellB1.id,
          heldOn: '2026-03-05',
          kind: 'regular',
          topic: 'Sinh hoạt định kỳ',
          attendance: [],
        },
      ]);
    }
    const problems: string[] = [];
    for (const [label, actor, method, url, body] of attempts) {
      const res = await call(t.app, { method, url, token: actor.token, body });
      if (res.status < 400 || res.status >= 500)
        problems.push(`${label}: ${actor.name} ${method} ${url} -> ${res.status} ${res.text.slice(0, 160)}`);
    }
    const after = await dbFingerprint(t.app, ['audit_entry']);
    console.log(
      `[trust-tampering] foreign ids in bodies: ${attempts.length} attempts, accepted ${problems.length}, database changed ${before.hash !== after.hash}`,
    );
    expect(problems).toEqual([]);
    expect(after.hash).toBe(before.hash);
  });

  it('refuses mass assignment on every write route (400) and changes nothing', async () => {
    const writes = routes.filter((r) => r.body && r.method !== 'GET' && !r.path.startsWith('/api/auth/'));
    const before = await dbFingerprint(t.app);
    let tried = 0;
    const problems: string[] = [];
    for (const route of writes) {
      const declared = new Set(route.body!.fields.map((f) => f.name));
      const ctx = ctxFor(tried);
      const params: Record<string, string | number> = {};
      for (const p of route.pathParams) params[p.name] = validValue(p, ctx) as string | number;
      const url = fillPath(route.path, params);
      const valid = validObject(route.body!, ctx, 'all');
      const variants: Array<[string, { body?: unknown; raw?: string }]> = [];
      for (const [key, value] of FORBIDDEN_EXTRAS)
        if (!declared.has(key)) variants.push([`+${key}`, { body: { ...valid, [key]: value } }]);
      variants.push([
        '+__proto__',
        { raw: `{"__proto__":{"isAdmin":true},${JSON.stringify(valid).slice(1)}` },
      ]);
      variants.push([
        '+constructor',
        { raw: `{"constructor":{"prototype":{"isAdmin":true}},${JSON.stringify(valid).slice(1)}` },
      ]);
      // Objects where scalars belong (NoSQL-style operators, prototype tricks).
      for (const f of route.body!.fields.filter((x) => !['array', 'object'].includes(x.kind))) {
        variants.push([`${f.name}={$gt}`, { body: { ...valid, [f.name]: { $gt: '' } } }]);
        variants.push([`${f.name}=[x]`, { body: { ...valid, [f.name]: [valid[f.name] ?? 'x'] } }]);
      }
      for (const [label, v] of variants) {
        const res = await call(t.app, { method: route.method, url, token: admin.token, ...v });
        tried++;
        if (res.status !== 400 || !isErrorEnvelope(res.body, 400))
          problems.push(`${route.method} ${route.path} ${label} -> ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    const after = await dbFingerprint(t.app);
    console.log(
      `[trust-tampering] mass assignment: ${tried} requests on ${writes.length} write routes, accepted ${problems.length}, database changed ${before.hash !== after.hash} (${after.rows} rows)`,
    );
    expect(tried).toBeGreaterThan(200);
    expect(problems).toEqual([]);
    expect(after.hash).toBe(before.hash);
  });

  describe('tokens', () => {
    const me = (token: string) => call(t.app, { method: 'GET', url: '/api/auth/me', token });
    let figures = 0;
    const expect401 = async (label: string, token: string) => {
      const res = await me(token);
      figures++;
      expect(res.status, label).toBe(401);
      expect(isErrorEnvelope(res.body, 401), label).toBe(true);
    };

    /** A member's session and what forging needs: its claims, header, signature, the key, the time. */
    interface Forge {
      s: { token: string; refreshToken: string };
      claims: Record<string, unknown>;
      head: string;
      sig: string;
      secret: string;
      now: number;
    }
    let f: Forge;
    beforeAll(async () => {
      const s = await login(t, (await me(w.memberA1a.token)).body.username);
      const [head, , sig] = s.token.split('.');
      f = {
        s,
        claims: claimsOf(s.token),
        head,
        sig,
        secret: t.config.auth.jwtSecret,
        now: Math.floor(Date.now() / 1000),
      };
    });

    const FORGED: Array<[string, (f: Forge) => string]> = [
      ['alg none', ({ claims }) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`],
      ['alg none, no dot', ({ claims }) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}`],
      ['wrong key', ({ claims }) => signHs256(claims, 'x'.repeat(48))],
      [
        'tampered payload (admin subject)',
        ({ claims, head, sig }) => `${head}.${b64({ ...claims, sub: admin.userId })}.${sig}`,
      ],
      [
        'raised role, same signature',
        ({ claims, head, sig }) => `${head}.${b64({ ...claims, roles: ['admin'] })}.${sig}`,
      ],
      [
        'HS512 with the right key',
        ({ claims, secret }) => signHs256(claims, secret, { alg: 'HS512', typ: 'JWT' }),
      ],
      [
        'expired',
        ({ claims, secret, now }) => signHs256({ ...claims, iat: now - 7200, exp: now - 3600 }, secret),
      ],
      [
        'no subject',
        ({ claims, secret, now }) =>
          signHs256({ sid: claims.sid, typ: 'access', iat: now, exp: now + 600 }, secret),
      ],
      [
        'no session',
        ({ claims, secret, now }) =>
          signHs256({ sub: claims.sub, typ: 'access', iat: now, exp: now + 600 }, secret),
      ],
      ['someone else’s session', ({ claims, secret }) => signHs256({ ...claims, sub: admin.userId }, secret)],
      ['refresh type', ({ claims, secret }) => signHs256({ ...claims, typ: 'refresh' }, secret)],
      ['refresh token as bearer', ({ s }) => s.refreshToken],
      ['empty', () => ''],
    ];

    it.each(FORGED)('refuses a forged token: %s', async (label, forge) => {
      await expect401(label, forge(f));
    });

    it('takes roles from the database, not from a validly signed token that claims more', async () => {
      const boosted = signHs256(
        { ...f.claims, roles: [{ role: 'admin' }], permissions: ['system.admin'] },
        f.secret,
      );
      const res = await me(boosted);
      expect(res.status).toBe(200);
      expect(res.body.permissions).not.toContain('system.admin');
      expect((await call(t.app, { method: 'GET', url: '/api/users', token: boosted })).status).toBe(403);
    });

    it('refuses tokens after logout, after a password change and a reused rotated refresh token', async () => {
      const username = (await me(w.memberA2.token)).body.username as string;
      const a = await login(t, username);
      expect((await call(t.app, { method: 'POST', url: '/api/auth/logout', token: a.token })).status).toBe(
        204,
      );
      await expect401('after logout', a.token);
      expect(
        (
          await call(t.app, {
            method: 'POST',
            url: '/api/auth/refresh',
            body: { refreshToken: a.refreshToken },
          })
        ).status,
      ).toBe(401);

      const b = await login(t, username);
      const c = await login(t, username);
      const changed = await call(t.app, {
        method: 'POST',
        url: '/api/auth/change-password',
        token: b.token,
        body: { currentPassword: PASSWORD, newPassword: 'Kiên định lập trường 2026' },
      });
      expect(changed.status).toBe(204);
      // API.md: "other sessions are revoked"; the session that changed the password goes on.
      expect((await call(t.app, { method: 'GET', url: '/api/auth/me', token: b.token })).status).toBe(200);
      await expect401('after password change (other session)', c.token);
      expect(
        (
          await call(t.app, {
            method: 'POST',
            url: '/api/auth/refresh',
            body: { refreshToken: c.refreshToken },
          })
        ).status,
      ).toBe(401);

      const d = await login(t, username, 'Kiên định lập trường 2026');
      const r1 = await call(t.app, {
        method: 'POST',
        url: '/api/auth/refresh',
        body: { refreshToken: d.refreshToken },
      });
      expect(r1.status).toBe(200);
      const reuse = await call(t.app, {
        method: 'POST',
        url: '/api/auth/refresh',
        body: { refreshToken: d.refreshToken },
      });
      expect(reuse.status).toBe(401);
      await expect401('access token of a session revoked by refresh reuse', r1.body.accessToken as string);
      expect(
        (
          await call(t.app, {
            method: 'POST',
            url: '/api/auth/refresh',
            body: { refreshToken: r1.body.refreshToken },
          })
        ).status,
      ).toBe(401);
      figures += 4;
      console.log(
        `[trust-tampering] token attacks: ${figures} tried, all 401 (a validly signed token claiming admin stays a member)`,
      );
    });
  });

  it('applies deactivation, role removal and transfers to tokens already issued (no stale cached caller)', async () => {
    const member = await createMember(t, w.admin, w.orgs.cellA2.id, 'Lý Thị Tạm');
    const account = await createUser(t, w.admin, {
      memberId: member.id,
      roles: [{ role: 'leader', organizationId: w.orgs.wardA.id }],
    });
    const versionOf = async () =>
      (await call(t.app, { method: 'GET', url: `/api/users/${account.id}`, token: admin.token })).body
        .version as number;
    let s = await login(t, account.username);
    const asUser = (url: string) => call(t.app, { method: 'GET', url, token: s.token });
    // Warm any cache of the caller first, then take the leader role away.
    expect((await asUser('/api/users')).status).toBe(200);
    expect((await asUser(`/api/members/${w.members.a1a.id}`)).status).toBe(200);
    const demoted = await call(t.app, {
      method: 'PATCH',
      url: `/api/users/${account.id}`,
      token: admin.token,
      body: { version: await versionOf(), roles: [] },
    });
    expect(demoted.status).toBe(200);
    // Either the session is revoked (401) or the caller is re-read without the role (403/404).
    expect([401, 403]).toContain((await asUser('/api/users')).status);
    expect([401, 404]).toContain((await asUser(`/api/members/${w.members.a1a.id}`)).status);
    // Transferred to ward B: the member role of a warm token now reaches cell B1, no longer A2.
    s = await login(t, account.username);
    expect((await asUser(`/api/organizations/${w.orgs.cellA2.id}`)).status).toBe(200);
    const mv = (await call(t.app, { method: 'GET', url: `/api/members/${member.id}`, token: admin.token }))
      .body.version as number;
    expect(
      (
        await call(t.app, {
          method: 'PATCH',
          url: `/api/members/${member.id}`,
          token: admin.token,
          body: { version: mv, cellId: w.orgs.cellB1.id },
        })
      ).status,
    ).toBe(200);
    expect((await asUser(`/api/organizations/${w.orgs.cellA2.id}`)).status).toBe(404);
    expect((await asUser(`/api/organizations/${w.orgs.cellB1.id}`)).status).toBe(200);
    // Deactivated: the warm token stops at once.
    expect(
      (
        await call(t.app, {
          method: 'PATCH',
          url: `/api/users/${account.id}`,
          token: admin.token,
          body: { version: await versionOf(), isActive: false },
        })
      ).status,
    ).toBe(200);
    expect((await asUser('/api/auth/me')).status).toBe(401);
    console.log('[trust-tampering] issued tokens follow demotion, transfer and deactivation at once');
  });

  it('does not let a ward leader take over an account that holds a role above the ward', async () => {
    // A city leader who is also a member of a cell in ward A: ward A's leader sees the account
    // through the member, but must not reset its password, deactivate it or change its roles.
    const member = await createMember(t, w.admin, w.orgs.cellA1.id, 'Đỗ Văn Thành');
    const boss = await createUser(t, w.admin, {
      memberId: member.id,
      roles: [{ role: 'leader', organizationId: w.orgs.city.id }],
    });
    const before = await call(t.app, { method: 'GET', url: `/api/users/${boss.id}`, token: admin.token });
    const version = before.body.version as number;
    const leaderA = actors.find((a) => a.name === 'leaderA')!;
    const tries = [
      { version, password: 'Chiếm-quyền-tài-khoản-2026' },
      { version, isActive: false },
      { version, roles: [{ role: 'member' }] },
    ];
    for (const body of tries) {
      const res = await call(t.app, {
        method: 'PATCH',
        url: `/api/users/${boss.id}`,
        token: leaderA.token,
        body,
      });
      expect([403, 404], JSON.stringify(body)).toContain(res.status);
    }
    await login(t, boss.username); // still the old password, still active
  });
});
