import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { api, freePort, integrity, killHard, loginAdmin, startServer } from './server.js';

/**
 * kill -9 of the built server during writes, again and again (the way SQLite's own crash tests cut
 * power): after every crash the database must pass integrity_check and keep every acknowledged
 * write (a 201 was sent only after COMMIT with synchronous=FULL).
 */
const ROUNDS = Number(process.env.TORTURE_KILL_ROUNDS ?? 20);
const WRITERS = 8;

describe('torture: kill -9 during writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'camket-kill9-'));
  const dbPath = join(dir, 'camket.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps every acknowledged write across ${ROUNDS} hard kills`, async () => {
    const port = await freePort();
    let server = await startServer(dbPath, port);
    let token = await loginAdmin(server.base);
    const top = await api(server.base, 'POST', '/api/organizations', token, {
      code: 'K9-ROOT',
      name: 'Đảng bộ thử lửa',
      kind: 'committee',
      isGrassroots: true,
      parentId: null,
    });
    const cell = await api(server.base, 'POST', '/api/organizations', token, {
      code: 'K9-CELL',
      name: 'Chi bộ thử lửa',
      kind: 'cell',
      isGrassroots: false,
      parentId: top.body.id,
    });
    expect(cell.status).toBe(201);
    const acknowledged = new Map<string, string>(); // partyCardNumber -> member id
    const updates = new Map<string, number>(); // member id -> last acknowledged version
    let attempted = 0;
    let failedInFlight = 0;
    let serial = 0;
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) {
        server = await startServer(dbPath, port);
        token = await loginAdmin(server.base);
      }
      let stop = false;
      const writer = async (w: number) => {
        while (!stop) {
          const card = String(100_000_000 + serial++);
          attempted++;
          try {
            const res = await api(server.base, 'POST', '/api/members', token, {
              fullName: `Đảng viên ${round}-${w}-${card}`,
              cellId: cell.body.id,
              status: 'official',
              partyCardNumber: card,
            });
            if (res.status === 201) {
              acknowledged.set(card, res.body.id as string);
              const upd = await api(server.base, 'PATCH', `/api/members/${res.body.id}`, token, {
                version: res.body.version,
                position: `Tổ trưởng ${card}`,
              });
              if (upd.status === 200) updates.set(res.body.id as string, upd.body.version as number);
            }
          } catch {
            failedInFlight++; // the connection died with the process: not acknowledged
            return;
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
      await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 1200)));
      await killHard(server);
      stop = true;
      await Promise.all(writers);
    }

    const check = integrity(dbPath);
    const db = new Sqlite(dbPath);
    const rows = db.prepare('SELECT id, "partyCardNumber", version, position FROM member').all() as Array<{
      id: string;
      partyCardNumber: string;
      version: number;
      position: string | null;
    }>;
    const byCard = new Map(rows.map((r) => [r.partyCardNumber, r]));
    const missing = [...acknowledged.keys()].filter((c) => !byCard.has(c));
    const lostUpdates = [...updates].filter(([id, v]) => (rows.find((r) => r.id === id)?.version ?? 0) < v);
    const audited = db
      .prepare(`SELECT COUNT(DISTINCT "entityId") AS n FROM audit_entry WHERE action = 'member.create'`)
      .get() as { n: number };
    const openHistory = db
      .prepare(
        `SELECT "memberId", COUNT(*) AS n FROM member_cell_history WHERE "toAt" IS NULL GROUP BY "memberId" HAVING n <> 1`,
      )
      .all();
    db.close();

    // The service comes back on the crashed file.
    server = await startServer(dbPath, port);
    const health = await api(server.base, 'GET', '/api/health');
    await killHard(server);

    console.log(
      `[torture-kill9] rounds ${ROUNDS}, writes attempted ${attempted}, acknowledged ${acknowledged.size}, in flight at a kill ${failedInFlight}, ` +
        `rows ${rows.length}, acknowledged missing ${missing.length}, lost updates ${lostUpdates.length}, integrity ${check.integrity.join(',')}, ` +
        `foreign-key violations ${check.foreignKeys}, audit entries for creations ${audited.n}, members without exactly one open cell ${openHistory.length}`,
    );
    expect(check.integrity).toEqual(['ok']);
    expect(check.foreignKeys).toBe(0);
    expect(acknowledged.size).toBeGreaterThan(ROUNDS * 5);
    expect(missing).toEqual([]);
    expect(lostUpdates).toEqual([]);
    // Every committed member has its audit entry (same transaction): no more, no fewer.
    expect(audited.n).toBe(rows.length);
    expect(openHistory).toEqual([]);
    expect(health.status).toBe(200);
  });
});
