import { Controller, Get, Module, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_KEY, PUBLIC_KEY } from '../../src/common/auth-decorators.js';
import { PERMISSIONS, Permission } from '../../src/common/permissions.js';
import { buildWorld, createMember, Login, loginAdmin, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const UUID = '3f1c2b8e-5d7a-4c1e-9b2f-0a1b2c3d4e5f';

interface Route {
  method: string;
  /** Express-style path as Nest registers it, e.g. /api/members/:id */
  path: string;
  controller: string;
  handler: string;
  isPublic: boolean;
  permission: Permission | undefined;
}

/** A controller that declares nothing: the global guard must close it. */
@Controller('probe-undeclared')
class UndeclaredProbeController {
  @Get()
  open() {
    return { reached: true };
  }
}

@Module({ controllers: [UndeclaredProbeController] })
class UndeclaredProbeModule {}

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/**
 * Every route registered in the running app, found through Nest's module container and the same
 * metadata the router and the AuthGuard read. Generic: routes added by later modules are walked too.
 */
function discoverRoutes(t: TestApp): Route[] {
  const reflector = t.app.get(Reflector);
  const routes: Route[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const metatype = wrapper.metatype as (new (...args: unknown[]) => object) | null;
      if (!metatype || metatype === UndeclaredProbeController) continue;
      const base = ([] as string[]).concat(
        (Reflect.getMetadata(PATH_METADATA, metatype) as string | string[]) ?? '',
      );
      const proto = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const fn = proto[name];
        if (name === 'constructor' || typeof fn !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        if (sub === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod];
        const targets = [fn, metatype];
        for (const b of base) {
          for (const s of ([] as string[]).concat(sub)) {
            routes.push({
              method,
              path: join('api', b, s),
              controller: metatype.name,
              handler: name,
              isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true,
              permission: reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets),
            });
          }
        }
      }
    }
  }
  return routes;
}

const concrete = (path: string) => path.replace(/:[A-Za-z0-9_]+/g, UUID);
const label = (r: Route) => `${r.method} ${r.path} (${r.controller}.${r.handler})`;

function call(t: TestApp, r: Route, as?: Login) {
  const agent = t.http();
  const url = concrete(r.path);
  const req =
    r.method === 'GET'
      ? agent.get(url)
      : r.method === 'POST'
        ? agent.post(url)
        : r.method === 'PUT'
          ? agent.put(url)
          : r.method === 'PATCH'
            ? agent.patch(url)
            : r.method === 'DELETE'
              ? agent.delete(url)
              : agent.get(url);
  if (as) void req.set(as.auth);
  return r.method === 'GET' || r.method === 'DELETE' ? req : req.send({});
}

describe('route permissions (e2e)', () => {
  let t: TestApp;
  let w: World;
  let routes: Route[];
  beforeAll(async () => {
    t = await createTestApp({}, [UndeclaredProbeModule]);
    w = await buildWorld(t);
    routes = discoverRoutes(t);
  });
  afterAll(() => t.close());

  it('finds the routes of every controller, the foundation ones included', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of [
      'POST /api/auth/login',
      'GET /api/organizations',
      'PATCH /api/organizations/:id',
      'GET /api/members',
      'POST /api/users',
      'GET /api/audit-log',
      'GET /api/health',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('every route is either @Public or declares one permission from the catalog', () => {
    const undeclared = routes.filter((r) => !r.isPublic && !r.permission).map(label);
    expect(undeclared).toEqual([]);
    const unknown = routes
      .filter((r) => r.permission && !(PERMISSIONS as readonly string[]).includes(r.permission))
      .map(label);
    expect(unknown).toEqual([]);
    const both = routes.filter((r) => r.isPublic && r.permission).map(label);
    expect(both).toEqual([]);
  });

  it('keeps the public routes to login, refresh and health', () => {
    const pub = routes.filter((r) => r.isPublic).map((r) => `${r.method} ${r.path}`);
    expect(pub).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'POST /api/auth/refresh', 'GET /api/health']),
    );
    // A new public route is a deliberate decision: list it here.
    // Readiness (load balancers ask it without a login) says up/down only, like liveness.
    const allowed = new Set([
      'POST /api/auth/login',
      'POST /api/auth/refresh',
      'GET /api/health',
      'GET /api/health/ready',
    ]);
    expect(pub.filter((p) => !allowed.has(p))).toEqual([]);
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const missing = routes
      .filter((r) => !doc.paths[r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[r.method.toLowerCase()])
      .map(label);
    expect(missing).toEqual([]);
  });

  it('answers 401 on every non-public route without a token', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => !x.isPublic)) {
      const res = await call(t, r);
      if (res.status !== 401) wrong.push(`${label(r)} -> ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 on every route whose permission the caller lacks, for every role', async () => {
    const wrong: string[] = [];
    const logins: Array<[string, Login]> = [
      ['member', w.memberA1a],
      ['secretary', w.secretaryA1],
      ['leader', w.leaderA],
      ['admin', w.admin],
    ];
    for (const [role, as] of logins) {
      const granted = new Set<string>(
        (await t.http().get('/api/auth/me').set(as.auth).expect(200)).body.permissions,
      );
      for (const r of routes.filter((x) => x.permission && !granted.has(x.permission))) {
        const res = await call(t, r, as);
        if (res.status !== 403 || res.body.code !== 'FORBIDDEN')
          wrong.push(`${role}: ${label(r)} -> ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets the admin past the guard on every route, with no 5xx for an empty body and unknown ids', async () => {
    // A session of its own: logout (walked last) revokes it.
    const admin = await loginAdmin(t);
    const blocked: string[] = [];
    const ordered = routes
      .filter((x) => !x.isPublic)
      .sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
    for (const r of ordered) {
      const res = await call(t, r, admin);
      if (res.status === 401 || (res.status === 403 && res.body.code === 'FORBIDDEN'))
        blocked.push(`${label(r)} -> ${res.status}`);
      if (res.status >= 500) blocked.push(`${label(r)} -> ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(blocked).toEqual([]);
  });

  it('closes a route that declares nothing, even for the admin', async () => {
    await t.http().get('/api/probe-undeclared').expect(401);
    const res = await t.http().get('/api/probe-undeclared').set(w.admin.auth).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
  });
});

/**
 * The role matrix of API.md over organisations, members and users, on records of cell A1 (ward A):
 * a member of that cell, its secretary, the leader of the sibling ward B, and the admin.
 */
describe('role matrix over organisations, members and users (e2e)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  type Who = 'member' | 'secretary' | 'siblingLeader' | 'admin';
  const who = (k: Who): Login =>
    ({ member: w.memberA1a, secretary: w.secretaryA1, siblingLeader: w.leaderB, admin: w.admin })[k];
  const version = async (path: string) =>
    (await t.http().get(path).set(w.admin.auth).expect(200)).body.version as number;
  let n = 0;

  const cases: Array<{
    name: string;
    expect: Record<Who, number>;
    run: (as: Login) => Promise<{ status: number }>;
  }> = [
    {
      name: 'GET /api/organizations/:cell',
      expect: { member: 200, secretary: 200, siblingLeader: 404, admin: 200 },
      run: (as) => t.http().get(`/api/organizations/${w.orgs.cellA1.id}`).set(as.auth),
    },
    {
      name: 'GET /api/organizations/:ward',
      expect: { member: 404, secretary: 404, siblingLeader: 404, admin: 200 },
      run: (as) => t.http().get(`/api/organizations/${w.orgs.wardA.id}`).set(as.auth),
    },
    {
      name: 'POST /api/organizations under ward A',
      expect: { member: 403, secretary: 403, siblingLeader: 404, admin: 201 },
      run: (as) =>
        t
          .http()
          .post('/api/organizations')
          .set(as.auth)
          .send({
            code: `MX-${++n}`,
            name: 'Chi bộ ma trận',
            kind: 'cell',
            isGrassroots: false,
            parentId: w.orgs.wardA.id,
          }),
    },
    {
      name: 'PATCH /api/organizations/:cell',
      expect: { member: 403, secretary: 403, siblingLeader: 404, admin: 200 },
      run: async (as) =>
        t
          .http()
          .patch(`/api/organizations/${w.orgs.cellA1.id}`)
          .set(as.auth)
          .send({
            version: await version(`/api/organizations/${w.orgs.cellA1.id}`),
            name: 'Chi bộ tổ dân phố số 1',
          }),
    },
    {
      name: 'GET /api/members/:other member of the cell',
      expect: { member: 404, secretary: 200, siblingLeader: 404, admin: 200 },
      run: (as) => t.http().get(`/api/members/${w.members.a1b.id}`).set(as.auth),
    },
    {
      name: 'GET /api/members?organizationId=cell',
      expect: { member: 200, secretary: 200, siblingLeader: 404, admin: 200 },
      run: (as) => t.http().get(`/api/members?organizationId=${w.orgs.cellA1.id}`).set(as.auth),
    },
    {
      name: 'POST /api/members in the cell',
      expect: { member: 403, secretary: 403, siblingLeader: 400, admin: 201 },
      run: (as) =>
        t
          .http()
          .post('/api/members')
          .set(as.auth)
          .send({ fullName: 'Đảng viên Ma Trận', cellId: w.orgs.cellA1.id, status: 'official' }),
    },
    {
      name: 'PATCH /api/members/:member',
      expect: { member: 403, secretary: 403, siblingLeader: 404, admin: 200 },
      run: async (as) =>
        t
          .http()
          .patch(`/api/members/${w.members.a1b.id}`)
          .set(as.auth)
          .send({ version: await version(`/api/members/${w.members.a1b.id}`), position: 'Đảng viên' }),
    },
    {
      name: 'GET /api/users/:account of the cell',
      expect: { member: 403, secretary: 403, siblingLeader: 404, admin: 200 },
      run: (as) => t.http().get(`/api/users/${w.memberA1b.userId}`).set(as.auth),
    },
    {
      name: 'POST /api/users secretary of the cell',
      expect: { member: 403, secretary: 403, siblingLeader: 400, admin: 201 },
      run: async (as) =>
        t
          .http()
          .post('/api/users')
          .set(as.auth)
          .send({
            username: `ma-tran-${++n}`,
            password: 'Mật khẩu ma trận 01',
            // A secretary's account belongs to a member of the cell (one without an account yet).
            memberId: (await createMember(t, w.admin, w.orgs.cellA1.id, `Đảng viên Ma Trận ${n}`)).id,
            roles: [{ role: 'secretary', organizationId: w.orgs.cellA1.id }],
          }),
    },
    {
      name: 'PATCH /api/users/:account of the cell',
      expect: { member: 403, secretary: 403, siblingLeader: 404, admin: 200 },
      run: async (as) =>
        t
          .http()
          .patch(`/api/users/${w.memberA1b.userId}`)
          .set(as.auth)
          .send({ version: await version(`/api/users/${w.memberA1b.userId}`), isActive: true }),
    },
    {
      name: 'GET /api/audit-log',
      expect: { member: 403, secretary: 403, siblingLeader: 200, admin: 200 },
      run: (as) => t.http().get('/api/audit-log').set(as.auth),
    },
  ];

  it.each(cases)('$name', async (c) => {
    const got: Record<string, number> = {};
    for (const k of Object.keys(c.expect) as Who[]) got[k] = (await c.run(who(k))).status;
    expect(got).toEqual(c.expect);
  });
});
