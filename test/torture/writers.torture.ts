import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, TestPostgres } from '../setup/postgres.js';
import { api, freePort, integrity, killHard, loginAdmin, Server, startServer } from './server.js';

/**
 * Concurrent writers with deliberate rollbacks against the built server, with online backups taken
 * while they write. The database must hold exactly the acknowledged writes: every 201/200 there, no
 * trace of a refused one (409/400 roll the whole transaction back, audit entry included).
 */
const CLIENTS = Number(process.env.TORTURE_CLIENTS ?? 50);
const WRITES = Number(process.env.TORTURE_WRITES ?? 200);
/**
 * With a PostgreSQL server URL (the e2e suite's TEST_DATABASE_URL, or TORTURE_DATABASE_URL), the same
 * script runs a second time on a fresh database of its own there (dropped afterwards); online backups
 * are then taken with pg_dump and the last one is restored into another fresh database.
 */
const PG_URL = (process.env.TORTURE_DATABASE_URL || process.env.TEST_DATABASE_URL || '').trim();
const run = promisify(execFile);

/** What the script needs from an engine: start the server on it, count rows, back up and restore. */
interface Engine {
  name: 'sqlite' | 'postgres';
  /** Pause between online backups (pg_dump is slower than SQLite's page copy: spread them over the run). */
  backupEveryMs: number;
  start: (port: number) => Promise<Server>;
  /** Runs a read-only query on a separate connection. */
  query: <T>(sql: string) => Promise<T[]>;
  /** An online backup while the server writes: its member count and integrity (SQLite) or 'ok' (pg_dump exit 0). */
  backup: (n: number) => Promise<{ file: string; members: number | null; integrity: string[] }>;
  /** Integrity of the live database: `PRAGMA integrity_check` on SQLite; PostgreSQL has no equivalent. */
  integrity: () => { integrity: string[]; foreignKeys: number } | null;
  /** Starts the built server on a restored copy of a backup; answers it with the copy's member count. */
  restore: (file: string, port: number) => Promise<{ server: Server; members: number }>;
  close: () => Promise<void>;
}

function sqliteEngine(dir: string): Engine {
  const dbPath = join(dir, 'camket.sqlite');
  return {
    name: 'sqlite',
    backupEveryMs: 700,
    start: (port) => startServer(dbPath, port),
    query: async <T>(sql: string) => {
      const db = new Sqlite(dbPath, { readonly: true });
      try {
        return db.prepare(sql).all() as T[];
      } finally {
        db.close();
      }
    },
    backup: async (n) => {
      // SQLite's backup API on a separate connection.
      const file = join(dir, `backup-${n}.sqlite`);
      const src = new Sqlite(dbPath, { fileMustExist: true });
      try {
        await src.backup(file);
      } finally {
        src.close();
      }
      const copy = new Sqlite(file, { readonly: true });
      const members = (copy.prepare('SELECT COUNT(*) AS n FROM member').get() as { n: number }).n;
      copy.close();
      return { file, members, integrity: integrity(file).integrity };
    },
    integrity: () => integrity(dbPath),
    restore: async (file, port) => {
      const copy = new Sqlite(file, { readonly: true });
      const members = (copy.prepare('SELECT COUNT(*) AS n FROM member').get() as { n: number }).n;
      copy.close();
      return { server: await startServer(file, port), members };
    },
    close: async () => undefined,
  };
}

async function postgresEngine(dir: string, baseUrl: string): Promise<Engine> {
  const dbs: TestPostgres[] = [];
  const fresh = async () => {
    const db = await freshPostgresDatabase(baseUrl);
    if (!db) throw new Error('no PostgreSQL URL');
    dbs.push(db);
    return db;
  };
  const live = await fresh();
  const query = async <T>(url: string, sql: string): Promise<T[]> => {
    const ds = new DataSource({ type: 'postgres', url, extra: { max: 1 } });
    await ds.initialize();
    try {
      return await ds.query<T[]>(sql);
    } finally {
      await ds.destroy();
    }
  };
  return {
    name: 'postgres',
    backupEveryMs: 5000,
    start: (port) => startServer(join(dir, 'unused.sqlite'), port, { databaseUrl: live.url }),
    query: <T>(sql: string) => query<T>(live.url, sql),
    backup: async (n) => {
      // pg_dump reads one consistent snapshot while the writers go on.
      const file = join(dir, `backup-${n}.dump`);
      await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${live.url}`]);
      return { file, members: null, integrity: ['ok'] };
    },
    integrity: () => null,
    restore: async (file, port) => {
      const target = await fresh();
      await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.url}`, file]);
      const [{ n }] = await query<{ n: string }>(target.url, 'SELECT COUNT(*) AS n FROM member');
      return {
        server: await startServer(join(dir, 'unused.sqlite'), port, { databaseUrl: target.url }),
        members: Number(n),
      };
    },
    close: async () => {
      for (const db of dbs) await db.drop();
    },
  };
}

describe('torture: concurrent writers, rollbacks and online backups', () => {
  const dir = mkdtempSync(join(tmpdir(), 'camket-writers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`SQLite: keeps exactly the acknowledged writes of ${CLIENTS} clients x ${WRITES} writes`, async () => {
    await writers(sqliteEngine(mkdtempSync(join(dir, 'sqlite-'))));
  });

  it.skipIf(!PG_URL)(
    `PostgreSQL: keeps exactly the acknowledged writes of ${CLIENTS} clients x ${WRITES} writes`,
    async () => {
      const engine = await postgresEngine(mkdtempSync(join(dir, 'pg-')), PG_URL);
      try {
        await writers(engine);
      } finally {
        await engine.close();
      }
    },
  );
});

async function writers(engine: Engine): Promise<void> {
  const port = await freePort();
  const server = await engine.start(port);
  const token = await loginAdmin(server.base);
  const top = await api(server.base, 'POST', '/api/organizations', token, {
    code: 'W-ROOT',
    name: 'Đảng bộ ghi đồng thời',
    kind: 'committee',
    isGrassroots: true,
    parentId: null,
  });
  const cellA = await api(server.base, 'POST', '/api/organizations', token, {
    code: 'W-A',
    name: 'Chi bộ A',
    kind: 'cell',
    isGrassroots: false,
    parentId: top.body.id,
  });
  const cellB = await api(server.base, 'POST', '/api/organizations', token, {
    code: 'W-B',
    name: 'Chi bộ B',
    kind: 'cell',
    isGrassroots: false,
    parentId: top.body.id,
  });

  const created = new Set<string>();
  const transfers = new Map<string, number>(); // member id -> acknowledged transfers
  const counts = {
    create: 0,
    transfer: 0,
    staleRefused: 0,
    duplicateRefused: 0,
    invalidRefused: 0,
    other: new Map<number, number>(),
  };
  const client = async (c: number) => {
    const mine: Array<{ id: string; version: number; cell: string }> = [];
    for (let i = 0; i < WRITES; i++) {
      const card = String(200_000_000 + c * 10_000 + i);
      const op = i % 10;
      if (op === 3 && mine.length) {
        // A transfer with a stale version: the history row it writes first must roll back.
        const m = mine[i % mine.length];
        const res = await api(server.base, 'PATCH', `/api/members/${m.id}`, token, {
          version: m.version - 1 || 99,
          cellId: m.cell === cellA.body.id ? cellB.body.id : cellA.body.id,
          transferReason: 'chuyển sinh hoạt',
        });
        if (res.status === 409) counts.staleRefused++;
        else counts.other.set(res.status, (counts.other.get(res.status) ?? 0) + 1);
      } else if (op === 5 && mine.length) {
        const m = mine[i % mine.length];
        const to = m.cell === cellA.body.id ? cellB.body.id : cellA.body.id;
        const res = await api(server.base, 'PATCH', `/api/members/${m.id}`, token, {
          version: m.version,
          cellId: to,
          transferReason: 'chuyển sinh hoạt',
        });
        if (res.status === 200) {
          counts.transfer++;
          m.version = res.body.version as number;
          m.cell = to;
          transfers.set(m.id, (transfers.get(m.id) ?? 0) + 1);
        } else counts.other.set(res.status, (counts.other.get(res.status) ?? 0) + 1);
      } else if (op === 7 && mine.length) {
        // A duplicate card number: refused.
        const res = await api(server.base, 'POST', '/api/members', token, {
          fullName: `Trùng thẻ ${card}`,
          cellId: cellA.body.id,
          status: 'official',
          partyCardNumber: String(200_000_000 + c * 10_000),
        });
        if (res.status === 409) counts.duplicateRefused++;
        else counts.other.set(res.status, (counts.other.get(res.status) ?? 0) + 1);
      } else if (op === 9) {
        // A committee is not a cell: refused inside the transaction.
        const res = await api(server.base, 'POST', '/api/members', token, {
          fullName: `Sai chi bộ ${card}`,
          cellId: top.body.id,
          status: 'official',
          partyCardNumber: card,
        });
        if (res.status === 400) counts.invalidRefused++;
        else counts.other.set(res.status, (counts.other.get(res.status) ?? 0) + 1);
      } else {
        const cell = i % 2 ? cellA.body.id : cellB.body.id;
        const res = await api(server.base, 'POST', '/api/members', token, {
          fullName: `Đảng viên ${c}-${i}`,
          cellId: cell,
          status: 'official',
          partyCardNumber: card,
        });
        if (res.status === 201) {
          counts.create++;
          created.add(res.body.id as string);
          mine.push({ id: res.body.id as string, version: res.body.version as number, cell });
        } else counts.other.set(res.status, (counts.other.get(res.status) ?? 0) + 1);
      }
    }
  };

  // Online backups on a separate connection while the clients write.
  const backups: Array<{ file: string; members: number | null; integrity: string[] }> = [];
  let writing = true;
  const backupLoop = (async () => {
    for (let n = 0; writing && n < 20; n++) {
      await new Promise((r) => setTimeout(r, engine.backupEveryMs));
      if (writing) backups.push(await engine.backup(n));
    }
  })();
  const started = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const seconds = (Date.now() - started) / 1000;
  writing = false;
  await backupLoop;
  await killHard(server);

  const count = async (sql: string) => Number((await engine.query<{ n: number | string }>(sql))[0].n);
  const ids = new Set((await engine.query<{ id: string }>('SELECT id FROM member')).map((r) => r.id));
  const history = await count('SELECT COUNT(*) AS n FROM member_cell_history');
  const open = await count(
    `SELECT COUNT(*) AS n FROM (SELECT "memberId" FROM member_cell_history WHERE "toAt" IS NULL GROUP BY "memberId" HAVING COUNT(*) = 1) AS open_rows`,
  );
  const audits = await engine.query<{ action: string; n: number | string }>(
    `SELECT action, COUNT(*) AS n FROM audit_entry WHERE action IN ('member.create', 'member.transfer') GROUP BY action`,
  );
  const check = engine.integrity();
  const transfersDone = [...transfers.values()].reduce((a, b) => a + b, 0);
  const audit = Object.fromEntries(audits.map((a) => [a.action, Number(a.n)]));

  // A backup restores: the built server starts on the last copy and answers.
  const last = backups[backups.length - 1];
  let restoredHealth = 0;
  let restoredMembers = 0;
  if (last) {
    const restored = await engine.restore(last.file, await freePort());
    restoredMembers = restored.members;
    restoredHealth = (await api(restored.server.base, 'GET', '/api/health')).status;
    await loginAdmin(restored.server.base);
    await killHard(restored.server);
  }

  console.log(
    `[torture-writers ${engine.name}] ${CLIENTS} clients x ${WRITES} writes in ${seconds.toFixed(1)} s: created ${counts.create}, transfers ${counts.transfer}, ` +
      `rolled back: stale ${counts.staleRefused}, duplicate ${counts.duplicateRefused}, invalid ${counts.invalidRefused}, other ${JSON.stringify(Object.fromEntries(counts.other))}; ` +
      `rows ${ids.size} (acknowledged ${created.size}), history rows ${history} (expected ${created.size + transfersDone}), audit ${JSON.stringify(audit)}, integrity ${check ? check.integrity.join(',') : 'n/a'}; ` +
      `online backups ${backups.length} (all ok: ${backups.every((b) => b.integrity.join() === 'ok')}, members ${backups.map((b) => b.members ?? '?').join('/')}), ` +
      `restored server on the last backup: health ${restoredHealth}, ${restoredMembers} members`,
  );
  if (check) {
    expect(check.integrity).toEqual(['ok']);
    expect(check.foreignKeys).toBe(0);
  }
  expect([...created].filter((id) => !ids.has(id))).toEqual([]);
  expect(ids.size).toBe(created.size);
  expect(history).toBe(created.size + transfersDone);
  expect(open).toBe(created.size);
  expect(audit['member.create']).toBe(created.size);
  expect(audit['member.transfer'] ?? 0).toBe(transfersDone);
  expect(counts.other.size).toBe(0);
  expect(backups.length).toBeGreaterThan(0);
  for (const b of backups) expect(b.integrity).toEqual(['ok']);
  expect(restoredHealth).toBe(200);
  expect(restoredMembers).toBeLessThanOrEqual(ids.size);
}
