import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../database/migrations/index.js';
import { Database } from '../../src/common/database.service.js';
import { loginAdmin, Login } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const UUID = '3f1c2b8e-5d7a-4c1e-9b2f-0a1b2c3d4e5f';

/** No response may carry a stack trace or source location. */
function expectNoStack(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\bat .+\(.*:\d+:\d+\)|\.ts:\d+|node_modules|stack/);
}

describe('platform (e2e)', () => {
  let t: TestApp;
  let admin: Login;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '4096' });
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  describe('health', () => {
    it('reports the database as up without a token', async () => {
      const res = await t.http().get('/api/health').expect(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        database: { status: 'up', engine: t.config.database.type },
      });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('gives each request its own id and ignores a client-chosen X-Request-Id when no proxy is trusted', async () => {
      const res = await t.http().get('/api/health').set('X-Request-Id', 'chosen-by-client').expect(200);
      expect(res.headers['x-request-id']).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    });

    it('is ready without a token: database up, migrations applied, the cache channel heard on PostgreSQL', async () => {
      const res = await t.http().get('/api/health/ready').expect(200);
      expect(res.body).toEqual({
        status: 'ready',
        database: 'up',
        migrations: 'applied',
        cacheChannel: t.config.database.type === 'postgres' ? 'listening' : 'not_used',
      });
    });
  });

  describe('database', () => {
    it('answers subtree queries from the path indexes, not a table scan', async () => {
      // SQLite's planner output; PostgreSQL's planner picks a scan for a handful of rows anyway.
      if (t.config.database.type !== 'better-sqlite3') return;
      const plan = async (sql: string) =>
        JSON.stringify(
          await t.app.get(Database).read((em) => em.query(`EXPLAIN QUERY PLAN ${sql}`, ['/x/%'])),
        );
      expect(await plan('SELECT id FROM organization WHERE path LIKE ?')).toMatch(/USING (COVERING )?INDEX/);
      expect(
        await plan(`SELECT id FROM audit_entry WHERE "organizationPath" LIKE ? ESCAPE '\\' ORDER BY at DESC`),
      ).toMatch(/USING (COVERING )?INDEX/);
    });
  });

  describe('OpenAPI', () => {
    it('serves the interactive page at /docs', async () => {
      const res = await t.http().get('/docs').redirects(1).expect(200);
      expect(res.text).toMatch(/swagger/i);
    });

    it('serves the document at /docs-json with every foundation endpoint, its schema and auth', async () => {
      const res = await t.http().get('/docs-json').expect(200);
      const doc = res.body as {
        paths: Record<string, Record<string, { security?: unknown[] }>>;
        components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
      };
      for (const path of [
        '/api/auth/login',
        '/api/auth/refresh',
        '/api/auth/me',
        '/api/organizations',
        '/api/organizations/{id}',
        '/api/members',
        '/api/members/{id}',
        '/api/users',
        '/api/users/{id}',
        '/api/audit-log',
        '/api/health',
      ]) {
        expect(doc.paths, path).toHaveProperty([path]);
      }
      expect(doc.components.securitySchemes).toHaveProperty('bearer');
      for (const schema of ['CreateOrganizationDto', 'CreateMemberDto', 'CreateUserDto', 'LoginDto']) {
        expect(doc.components.schemas, schema).toHaveProperty(schema);
      }
      expect(doc.paths['/api/members'].get.security).toEqual([{ bearer: [] }]);
      // status is required when registering a member (API.md)
      expect((doc.components.schemas.CreateMemberDto as { required?: string[] }).required).toContain(
        'status',
      );
    });
  });

  describe('error envelope', () => {
    it('answers an unknown route with 404 in the envelope', async () => {
      const res = await t.http().get('/api/khong-ton-tai').set(admin.auth).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(typeof res.body.message).toBe('string');
      expectNoStack(res.body);
    });

    it('answers malformed JSON with 400 naming the body, without a stack trace', async () => {
      const res = await t
        .http()
        .post('/api/organizations')
        .set(admin.auth)
        .set('Content-Type', 'application/json')
        .send('{"code": "X", "name": ')
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details[0].field).toBe('body');
      expectNoStack(res.body);
    });

    it('answers malformed JSON on a public route with 400 too', async () => {
      const res = await t
        .http()
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send('{oops')
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expectNoStack(res.body);
    });

    it('refuses prototype poisoning with 400', async () => {
      const res = await t
        .http()
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"username":"admin","password":"x","__proto__":{"isAdmin":true}}')
        .expect(400);
      expect(res.body.statusCode).toBe(400);
    });

    it('answers a body over the limit with 413 in the envelope', async () => {
      const res = await t
        .http()
        .post('/api/organizations')
        .set(admin.auth)
        .send({
          code: 'BIG',
          name: 'Đ'.repeat(10_000),
          kind: 'committee',
          isGrassroots: false,
          parentId: null,
        })
        .expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
      expectNoStack(res.body);
    });

    it('answers an unsupported content type with 415 in the envelope', async () => {
      const res = await t
        .http()
        .post('/api/auth/login')
        .set('Content-Type', 'application/xml')
        .send('<login/>')
        .expect(415);
      expect(res.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it.each(['/api/organizations/abc', '/api/members/1', `/api/users/${UUID}x`, "/api/members/' OR 1=1 --"])(
      'answers a malformed id (%s) with 400 naming the id',
      async (path) => {
        const res = await t.http().get(encodeURI(path)).set(admin.auth).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'id', rule: 'isUuid' })]);
      },
    );

    it('answers a missing but well-formed id with 404', async () => {
      for (const path of ['organizations', 'members', 'users']) {
        const res = await t.http().get(`/api/${path}/${UUID}`).set(admin.auth).expect(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
    });

    it('rejects unknown fields with 400 naming each one', async () => {
      const res = await t
        .http()
        .post('/api/organizations')
        .set(admin.auth)
        .send({
          code: 'HN',
          name: 'Đảng bộ Hà Nội',
          kind: 'committee',
          isGrassroots: false,
          parentId: null,
          isAdmin: true,
          path: '/x/',
        })
        .expect(400);
      const fields = res.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['isAdmin', 'path']));
      expect(res.body.details.find((d: { field: string }) => d.field === 'isAdmin').rule).toBe(
        'unknownField',
      );
    });

    it('rejects unknown query parameters and out-of-range paging with 400', async () => {
      const a = await t.http().get('/api/members?pageSize=500').set(admin.auth).expect(400);
      expect(a.body.details.map((d: { field: string }) => d.field)).toContain('pageSize');
      const b = await t.http().get('/api/members?page=0').set(admin.auth).expect(400);
      expect(b.body.details.map((d: { field: string }) => d.field)).toContain('page');
      for (const page of ['99999999999999999999', '1e3', '0x10', '1.5', '-1', '%20']) {
        for (const path of ['/api/members', '/api/users', '/api/audit-log']) {
          const res = await t.http().get(`${path}?page=${page}`).set(admin.auth);
          expect(res.status, `${path}?page=${page}`).toBe(400);
          expect(res.body.details.map((d: { field: string }) => d.field)).toContain('page');
        }
      }
      const c = await t.http().get('/api/members?sort=name').set(admin.auth).expect(400);
      expect(c.body.details.map((d: { field: string }) => d.field)).toContain('sort');
    });

    it('names every failing field of a body at once', async () => {
      const res = await t
        .http()
        .post('/api/members')
        .set(admin.auth)
        .send({ fullName: 'A', cellId: 'x', status: 'chính thức' })
        .expect(400);
      const fields = res.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['fullName', 'cellId', 'status']));
    });

    it('refuses a body nested deeper than 32 levels with 400 naming the body', async () => {
      // 1,500 levels: under this app's 4 KiB body limit, far over the stack class-transformer can take
      const deep = `{"username":"admin","password":"x","nest":${'['.repeat(1500)}${']'.repeat(1500)}}`;
      for (const path of ['/api/auth/login', '/api/members']) {
        const res = await t
          .http()
          .post(path)
          .set(admin.auth)
          .set('Content-Type', 'application/json')
          .send(deep)
          .expect(400);
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'body', rule: 'maxDepth' })]);
      }
      // 30 levels are fine for the parser; the DTO then names the unknown field
      const ok = `{"username":"admin","password":"x","nest":${'['.repeat(30)}${']'.repeat(30)}}`;
      const res = await t
        .http()
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(ok)
        .expect(400);
      expect(res.body.details[0]).toMatchObject({ field: 'nest', rule: 'unknownField' });
    });

    it('refuses null for fields of an update that have no null, with 400 naming the field', async () => {
      const org = (
        await t
          .http()
          .post('/api/organizations')
          .set(admin.auth)
          .send({
            code: 'NULL-T',
            name: 'Đảng bộ thử null',
            kind: 'committee',
            isGrassroots: false,
            parentId: null,
          })
          .expect(201)
      ).body;
      for (const field of ['code', 'name', 'isGrassroots']) {
        const res = await t
          .http()
          .patch(`/api/organizations/${org.id}`)
          .set(admin.auth)
          .send({ version: 1, [field]: null })
          .expect(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      const users = await t.http().get('/api/users').set(admin.auth).expect(200);
      for (const field of ['isActive', 'roles', 'password']) {
        const res = await t
          .http()
          .patch(`/api/users/${users.body.items[0].id}`)
          .set(admin.auth)
          .send({ version: 1, [field]: null })
          .expect(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    });

    it('refuses impossible calendar dates in audit-log filters', async () => {
      for (const q of ['from=2026-02-30', 'to=2026-13-01', 'from=2025-02-29T10:00:00Z']) {
        const res = await t.http().get(`/api/audit-log?${q}`).set(admin.auth).expect(400);
        expect(res.body.details[0].field).toBe(q.split('=')[0]);
      }
      await t
        .http()
        .get('/api/audit-log?from=2024-02-29&to=2026-11-26T23:59:59Z')
        .set(admin.auth)
        .expect(200);
    });

    it('answers a JSON array or scalar body with 400, not 500', async () => {
      const org = (await t.http().get('/api/organizations').set(admin.auth).expect(200)).body[0];
      const res = await t
        .http()
        .patch(`/api/organizations/${org.id}`)
        .set(admin.auth)
        .set('Content-Type', 'application/json')
        .send('null')
        .expect(400);
      expect(res.body.details[0]).toMatchObject({ field: 'body', rule: 'isObject' });
      for (const body of ['[]', '42', '"text"', 'null']) {
        const res = await t
          .http()
          .post('/api/organizations')
          .set(admin.auth)
          .set('Content-Type', 'application/json')
          .send(body);
        expect(res.status, body).toBe(400);
        expectNoStack(res.body);
      }
    });

    it('answers wrong JSON types with 400, never 500', async () => {
      const res = await t
        .http()
        .post('/api/users')
        .set(admin.auth)
        .send({ username: ['a'], password: { x: 1 }, roles: 'admin' })
        .expect(400);
      const fields = res.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['username', 'password', 'roles']));
    });
  });
});

describe('application start', () => {
  it('a second start on the same database changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'camket-restart-'));
    const env = { DATABASE_PATH: join(dir, 'same.sqlite') };
    try {
      const counts = async (t: TestApp) =>
        t.app.get(Database).read(async (em) => ({
          admins: Number(
            (await em.query(`SELECT COUNT(*) AS n FROM user_account WHERE username = 'admin'`))[0].n,
          ),
          roles: Number((await em.query(`SELECT COUNT(*) AS n FROM role_assignment`))[0].n),
          migrations: Number((await em.query(`SELECT COUNT(*) AS n FROM migrations`))[0].n),
          audit: Number(
            (await em.query(`SELECT COUNT(*) AS n FROM audit_entry WHERE action = 'user.create'`))[0].n,
          ),
        }));
      const first = await createTestApp(env);
      const before = await counts(first);
      await first.close();
      const second = await createTestApp(env);
      const after = await counts(second);
      // the admin created at the first start still logs in with the same password
      await loginAdmin(second);
      await second.close();
      expect(before).toEqual({ admins: 1, roles: 1, migrations: MIGRATIONS.length, audit: 1 });
      expect(after).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns the OpenAPI pages off with DOCS_ENABLED=false', async () => {
    const t = await createTestApp({ DOCS_ENABLED: 'false' });
    try {
      await t.http().get('/docs-json').expect(404);
      await t.http().get('/api/health').expect(200);
    } finally {
      await t.close();
    }
  });
});
