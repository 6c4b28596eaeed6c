import Sqlite from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { createTestApp } from '../setup/test-app.js';
import { freshPostgresDatabase, testPostgresUrl, TestPostgres } from '../setup/postgres.js';

/**
 * `npm run cli -- copy-to-postgres <url>`: the demo database on SQLite, copied into a fresh
 * PostgreSQL database, serves the same data to the same logins. Needs a PostgreSQL server, so it
 * runs in `npm run test:pg` (and .ci/run), where TEST_DATABASE_URL names one.
 */
describe.runIf(testPostgresUrl())('copy-to-postgres (e2e, needs PostgreSQL)', () => {
  let dir: string;
  let sqlitePath: string;
  let pg: TestPostgres;
  let target: DataSource;
  const env = () => ({
    NODE_ENV: 'test',
    DATABASE_PATH: sqlitePath,
    LOG_LEVEL: 'error',
    ARGON2_MEMORY_KIB: '19456',
  });

  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false };
    const code = await runCli(argv, env(), io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const sqlite = <T>(sql: string): T[] => {
    const db = new Sqlite(sqlitePath, { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };
  const tables = () =>
    sqlite<{ name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations' ORDER BY name`,
    ).map((r) => r.name);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camket-copy-'));
    sqlitePath = join(dir, 'camket.sqlite');
    const seeded = await cli('seed:demo');
    expect(seeded.code, seeded.err).toBe(0);
    pg = (await freshPostgresDatabase())!;
    // The demo seed makes some 2,000 service calls: minutes on two busy shared cores.
  }, 900_000);

  afterAll(async () => {
    if (target?.isInitialized) await target.destroy();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a URL that is not PostgreSQL and a source that is not a camket database', async () => {
    const bad = await cli('copy-to-postgres', 'mysql://x@localhost/db');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('postgres:// connection URL');
    const empty = join(dir, 'empty.sqlite');
    new Sqlite(empty).close();
    const notOurs = await cli('copy-to-postgres', pg.url, '--from', empty);
    expect(notOurs.code).toBe(1);
    expect(notOurs.err).toContain('not a camket database');
  });

  it('copies every row of every table, with foreign keys re-checked, in one transaction', async () => {
    const res = await cli('copy-to-postgres', pg.url);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/Copied \d+ rows in \d+ tables/);
    expect(res.out).not.toContain('camket:camket@'); // the password is not echoed

    target = new DataSource({ type: 'postgres', url: pg.url });
    await target.initialize();
    let total = 0;
    for (const table of tables()) {
      const [{ n: source }] = sqlite<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table}"`);
      const [{ n: copied }] = await target.query<
        Array<{
          n: number;
        }>
      >(`SELECT COUNT(*)::int AS n FROM "${table}"`);
      expect(copied, table).toBe(source);
      total += source;
    }
    expect(total).toBeGreaterThan(1000);
    // Text with diacritics, booleans, dates and timestamps arrive as they were.
    const members = sqlite<{ id: string; fullName: string; isExempt: number; joinedPartyOn: string | null }>(
      `SELECT id, fullName, isExempt, joinedPartyOn FROM member ORDER BY id LIMIT 50`,
    );
    const copied = await target.query<
      Array<{ id: string; fullName: string; isExempt: boolean; joinedPartyOn: string | null }>
    >(
      `SELECT id, "fullName", "isExempt", "joinedPartyOn"::text AS "joinedPartyOn" FROM member ORDER BY id LIMIT 50`,
    );
    expect(copied).toEqual(members.map((m) => ({ ...m, isExempt: m.isExempt === 1 })));
    expect(
      copied.some((m) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(m.fullName)),
    ).toBe(true);
    const [stamp] = sqlite<{ createdAt: string }>(`SELECT createdAt FROM user_account ORDER BY id LIMIT 1`);
    const [pgStamp] = await target.query<Array<{ createdAt: string }>>(
      `SELECT to_char("createdAt", 'YYYY-MM-DD HH24:MI:SS') AS "createdAt" FROM user_account ORDER BY id LIMIT 1`,
    );
    expect(pgStamp.createdAt).toBe(stamp.createdAt.slice(0, 19));
    const fks = await target.query<
      Array<{
        n: number;
      }>
    >(`SELECT COUNT(*)::int AS n FROM pg_constraint WHERE contype = 'f'`);
    expect(fks[0].n).toBeGreaterThan(5);
  }, 120_000);

  it('refuses to copy into a database that already has rows, and leaves it as it was', async () => {
    const [{ n: before }] = await target.query<
      Array<{
        n: number;
      }>
    >(`SELECT COUNT(*)::int AS n FROM member`);
    const again = await cli('copy-to-postgres', pg.url);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/Nothing copied: the target is not empty/);
    const [{ n: after }] = await target.query<
      Array<{
        n: number;
      }>
    >(`SELECT COUNT(*)::int AS n FROM member`);
    expect(after).toBe(before);
  });

  it('the service on the copy serves the demo logins and their records', async () => {
    const t = await createTestApp({ DATABASE_URL: pg.url });
    try {
      const login = await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'bithu.tdp1', password: 'CamKet-Demo-2026' })
        .expect(200);
      const token = login.body.accessToken as string;
      const members = await t
        .http()
        .get('/api/members?pageSize=5')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(members.body.total).toBeGreaterThan(5);
      await t.http().get('/api/commitments/queue').set('Authorization', `Bearer ${token}`).expect(200);
    } finally {
      await t.close();
    }
  }, 60_000);
});
