import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { api, freePort, integrity, killHard, loginAdmin, startServer } from './server.js';

/**
 * Concurrent writers with deliberate rollbacks against the built server, with online backups taken
 * while they write. The database must hold exactly the acknowledged writes: every 201/200 there, no
 * trace of a refused one (409/400 roll the whole transaction back, audit entry included).
 */
const CLIENTS = Number(process.env.TORTURE_CLIENTS ?? 50);
const WRITES = Number(process.env.TORTURE_WRITES ?? 200);

describe('torture: concurrent writers, rollbacks and online backups', () => {
  const dir = mkdtempSync(join(tmpdir(), 'camket-writers-'));
  const dbPath = join(dir, 'camket.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps exactly the acknowledged writes of ${CLIENTS} clients x ${WRITES} writes`, async () => {
    const port = await freePort();
    const server = await startServer(dbPath, port);
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

    // Online backups (SQLite backup API, a separate connection) while the clients write.
    const backups: Array<{ file: string; members: number; integrity: string[] }> = [];
    let writing = true;
    const backupLoop = (async () => {
      for (let n = 0; writing && n < 20; n++) {
        await new Promise((r) => setTimeout(r, 700));
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
        backups.push({ file, members, integrity: integrity(file).integrity });
      }
    })();
    const started = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    const seconds = (Date.now() - started) / 1000;
    writing = false;
    await backupLoop;
    await killHard(server);

    const db = new Sqlite(dbPath, { readonly: true });
    const ids = new Set(
      (db.prepare('SELECT id FROM member').all() as Array<{ id: string }>).map((r) => r.id),
    );
    const history = db.prepare('SELECT COUNT(*) AS n FROM member_cell_history').get() as { n: number };
    const open = db
      .prepare(
        `SELECT COUNT(*) AS n FROM (SELECT "memberId" FROM member_cell_history WHERE "toAt" IS NULL GROUP BY "memberId" HAVING COUNT(*) = 1)`,
      )
      .get() as { n: number };
    const audits = db
      .prepare(
        `SELECT action, COUNT(*) AS n FROM audit_entry WHERE action IN ('member.create', 'member.transfer') GROUP BY action`,
      )
      .all() as Array<{ action: string; n: number }>;
    db.close();
    const check = integrity(dbPath);
    const transfersDone = [...transfers.values()].reduce((a, b) => a + b, 0);
    const audit = Object.fromEntries(audits.map((a) => [a.action, a.n]));

    // A backup restores: the built server starts on the last copy and answers.
    const last = backups[backups.length - 1];
    let restoredHealth = 0;
    if (last) {
      const restored = await startServer(last.file, await freePort());
      restoredHealth = (await api(restored.base, 'GET', '/api/health')).status;
      await loginAdmin(restored.base);
      await killHard(restored);
    }

    console.log(
      `[torture-writers] ${CLIENTS} clients x ${WRITES} writes in ${seconds.toFixed(1)} s: created ${counts.create}, transfers ${counts.transfer}, ` +
        `rolled back: stale ${counts.staleRefused}, duplicate ${counts.duplicateRefused}, invalid ${counts.invalidRefused}, other ${JSON.stringify(Object.fromEntries(counts.other))}; ` +
        `rows ${ids.size} (acknowledged ${created.size}), history rows ${history.n} (expected ${created.size + transfersDone}), audit ${JSON.stringify(audit)}, integrity ${check.integrity.join(',')}; ` +
        `online backups ${backups.length} (all ok: ${backups.every((b) => b.integrity.join() === 'ok')}, members ${backups.map((b) => b.members).join('/')}), restored server health ${restoredHealth}`,
    );
    expect(check.integrity).toEqual(['ok']);
    expect(check.foreignKeys).toBe(0);
    expect([...created].filter((id) => !ids.has(id))).toEqual([]);
    expect(ids.size).toBe(created.size);
    expect(history.n).toBe(created.size + transfersDone);
    expect(open.n).toBe(created.size);
    expect(audit['member.create']).toBe(created.size);
    expect(audit['member.transfer'] ?? 0).toBe(transfersDone);
    expect(counts.other.size).toBe(0);
    expect(backups.length).toBeGreaterThan(0);
    for (const b of backups) expect(b.integrity).toEqual(['ok']);
    expect(restoredHealth).toBe(200);
  });
});
