import Sqlite from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/common/database.service.js';
import { buildWorld, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { deepJson } from '../trust/generate.js';
import { call, isErrorEnvelope } from '../trust/inject.js';

/**
 * The smallest reproductions of what the trust suites found, one test each, so the owner of each fix
 * has an exact target (see docs/SECURITY.md, "Findings"). Each must answer a 4xx error envelope.
 */
describe('trust: findings (e2e)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const expect4xx = async (res: { status: number; body: unknown; text: string }, want: number[] = [400]) => {
    expect(want, res.text.slice(0, 200)).toContain(res.status);
    expect(isErrorEnvelope(res.body, res.status)).toBe(true);
  };

  it('refuses deeply nested JSON (5,000 nested arrays) with 400, also on the public login route', async () => {
    const raw = `{"username":"admin","password":"sai-mat-khau","nest":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    await expect4xx(await call(t.app, { method: 'POST', url: '/api/auth/login', raw }), [400, 413]);
    const objects = `{"username":"admin","password":"sai-mat-khau","nest":${deepJson(5000)}}`;
    await expect4xx(await call(t.app, { method: 'POST', url: '/api/auth/login', raw: objects }), [400, 413]);
    await expect4xx(
      await call(t.app, {
        method: 'POST',
        url: '/api/members',
        token: w.admin.token,
        raw: `{"fullName":"Ngô Văn Sâu","cellId":"${w.orgs.cellA1.id}","status":"official","x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      }),
      [400, 413],
    );
  });

  it.each(['/api/members', '/api/audit-log', '/api/users'])(
    'refuses a page number beyond any page with 400, not a database error: %s',
    async (path) => {
      const url = `${path}?page=99999999999999999999`;
      await expect4xx(await call(t.app, { method: 'GET', url, token: w.admin.token }));
    },
  );

  /** An update's url (of a row of the world) and a body setting one optional field to null. */
  const NULL_UPDATES: Array<[string, (w: World) => string, Record<string, null>]> = [
    ['member fullName', (w) => `/api/members/${w.members.a2.id}`, { fullName: null }],
    ['member position', (w) => `/api/members/${w.members.a2.id}`, { position: null }],
    ['organization code', (w) => `/api/organizations/${w.orgs.cellA2.id}`, { code: null }],
    ['organization name', (w) => `/api/organizations/${w.orgs.cellA2.id}`, { name: null }],
    ['organization isGrassroots', (w) => `/api/organizations/${w.orgs.cellA2.id}`, { isGrassroots: null }],
    ['user isActive', (w) => `/api/users/${w.memberA2.userId}`, { isActive: null }],
    ['user roles', (w) => `/api/users/${w.memberA2.userId}`, { roles: null }],
    ['user password', (w) => `/api/users/${w.memberA2.userId}`, { password: null }],
  ];

  it.each(NULL_UPDATES)(
    'refuses null for an optional field of an update with 400 (not a 500 from the service or the database): %s',
    async (_, urlOf, body) => {
      const url = urlOf(w);
      const current = await call(t.app, { method: 'GET', url, token: w.admin.token });
      await expect4xx(
        await call(t.app, {
          method: 'PATCH',
          url,
          token: w.admin.token,
          body: { version: current.body.version, ...body },
        }),
      );
    },
  );

  it('refuses impossible calendar dates in audit-log filters', async () => {
    await expect4xx(
      await call(t.app, { method: 'GET', url: '/api/audit-log?from=2026-02-30', token: w.admin.token }),
    );
  });

  it('commits writes acknowledged after SQLite rolled a failed transaction back by itself (RELIABILITY.md R1)', async () => {
    // SQLite's own failure mode, read back through a second SQLite connection; nothing to do on PostgreSQL.
    if (t.config.database.type !== 'better-sqlite3') return;
    // A full disk or an I/O error makes COMMIT fail and SQLite roll back on its own; TypeORM's
    // ROLLBACK then fails and its bookkeeping still says "in a transaction". Simulated here by
    // rolling back underneath TypeORM, as SQLite does, then failing.
    const ds = t.app.get(DataSource);
    const native = (ds.driver as unknown as { databaseConnection: Sqlite.Database }).databaseConnection;
    await expect(
      t.app.get(Database).transaction(async () => {
        native.exec('ROLLBACK');
        throw new Error('disk I/O error');
      }),
    ).rejects.toThrow();
    // The disk is still full: the next write fails too (here: any failure inside the transaction).
    await expect(
      t.app.get(Database).transaction(async () => {
        throw new Error('disk I/O error');
      }),
    ).rejects.toThrow();
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/members',
      token: w.admin.token,
      body: { fullName: 'Đảng viên sau sự cố', cellId: w.orgs.cellA1.id, status: 'official' },
    });
    expect(res.status).toBe(201);
    // Another connection (what a restart sees) must find the acknowledged row.
    const other = new Sqlite(t.config.database.type === 'better-sqlite3' ? t.config.database.path : '', {
      readonly: true,
      fileMustExist: true,
    });
    try {
      expect(other.prepare('SELECT COUNT(*) AS n FROM member WHERE id = ?').get(res.body.id)).toEqual({
        n: 1,
      });
    } finally {
      other.close();
    }
    expect(native.inTransaction).toBe(false);
  });

  it('refuses a commitment whose items hold a nested array, with 400', async () => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/commitments',
      token: w.memberA1a.token,
      body: {
        year: 2026,
        periodType: 'yearly',
        periodIndex: null,
        items: [[{ category: 'follow', content: 'Học tập và làm theo' }]],
      },
    });
    await expect4xx(res);
  });

  it('refuses a meeting whose guests hold a nested array, with 400', async () => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/meetings',
      token: w.secretaryA1.token,
      body: {
        cellId: w.orgs.cellA1.id,
        heldOn: '2026-03-05',
        kind: 'regular',
        topic: 'Sinh hoạt định kỳ',
        attendance: [],
        guests: [[{ fullName: 'Khách mời' }]],
      },
    });
    await expect4xx(res);
  });
});
