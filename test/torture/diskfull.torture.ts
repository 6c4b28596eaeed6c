import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { api, freePort, integrity, killHard, loginAdmin, startServer } from './server.js';

/**
 * A disk that fills up under the service: the server runs with a file-size limit, writes go on
 * until SQLite reports SQLITE_FULL. The service must stay up and keep reading, refuse writes with a
 * clear answer (never a 2xx it did not keep), corrupt nothing, and write again once space returns
 * (the same file served without the limit).
 */
const LIMIT_KIB = Number(process.env.TORTURE_DISK_KIB ?? 3072);

describe('torture: disk full', () => {
  const dir = mkdtempSync(join(tmpdir(), 'camket-diskfull-'));
  const dbPath = join(dir, 'camket.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`refuses writes cleanly when the database cannot grow past ${LIMIT_KIB} KiB, and recovers`, async () => {
    const port = await freePort();
    // Create the schema without a limit, then serve the same file with one.
    let server = await startServer(dbPath, port);
    await killHard(server);
    server = await startServer(dbPath, port, { fileSizeLimitKiB: LIMIT_KIB });
    const token = await loginAdmin(server.base);
    const top = await api(server.base, 'POST', '/api/organizations', token, {
      code: 'DF-ROOT',
      name: 'Đảng bộ đầy đĩa',
      kind: 'committee',
      isGrassroots: true,
      parentId: null,
    });
    const cell = await api(server.base, 'POST', '/api/organizations', token, {
      code: 'DF-CELL',
      name: 'Chi bộ đầy đĩa',
      kind: 'cell',
      isGrassroots: false,
      parentId: top.body.id,
    });
    expect(cell.status).toBe(201);

    const acknowledged: string[] = [];
    const refusals = new Map<number, number>();
    let firstRefusal: unknown = null;
    let firstRefusalAt = -1;
    let acknowledgedAfterRefusal = 0;
    for (
      let i = 0;
      i < 2_000 && (refusals.get(503) ?? 0) + (refusals.get(507) ?? 0) + (refusals.get(500) ?? 0) < 30;
      i++
    ) {
      const res = await api(server.base, 'POST', '/api/members', token, {
        fullName: `Đảng viên đầy đĩa ${i} ${'Đ'.repeat(150)}`,
        cellId: cell.body.id,
        status: 'official',
        partyCardNumber: String(300_000_000 + i),
        position: 'Ủy viên '.repeat(20),
      });
      if (res.status === 201) {
        acknowledged.push(res.body.id as string);
        if (firstRefusalAt >= 0) acknowledgedAfterRefusal++;
      } else {
        if (firstRefusalAt < 0) firstRefusalAt = i;
        refusals.set(res.status, (refusals.get(res.status) ?? 0) + 1);
        firstRefusal ??= res.body;
      }
    }
    const alive = await api(server.base, 'GET', '/api/health');
    const serverLog = server.output();
    const read = await api(
      server.base,
      'GET',
      `/api/members?organizationId=${cell.body.id}&pageSize=1`,
      token,
    );
    await killHard(server);
    const sizeKiB = Math.round(statSync(dbPath).size / 1024);

    // Space returns: the same file without the limit.
    server = await startServer(dbPath, port);
    const token2 = await loginAdmin(server.base);
    const after = await api(server.base, 'POST', '/api/members', token2, {
      fullName: 'Đảng viên sau khi có chỗ',
      cellId: cell.body.id,
      status: 'official',
    });
    await killHard(server);

    const check = integrity(dbPath);
    const db = new Sqlite(dbPath, { readonly: true });
    const ids = new Set(
      (db.prepare('SELECT id FROM member').all() as Array<{ id: string }>).map((r) => r.id),
    );
    db.close();
    const missing = acknowledged.filter((id) => !ids.has(id));
    console.log(
      `[torture-diskfull] limit ${LIMIT_KIB} KiB: acknowledged ${acknowledged.length}, refused ${JSON.stringify(Object.fromEntries(refusals))} ` +
        `(first at write ${firstRefusalAt}: ${JSON.stringify(firstRefusal)}), acknowledged after the first refusal ${acknowledgedAfterRefusal}, health while full ${alive.status}, read while full ${read.status}, file ${sizeKiB} KiB; ` +
        `after space returns: write ${after.status}, integrity ${check.integrity.join(',')}, acknowledged missing ${missing.length}`,
    );
    if (missing.length)
      console.log(`[torture-diskfull] server log while full (tail):\n${serverLog.slice(-3000)}`);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect([...refusals.keys()].length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(check.integrity).toEqual(['ok']);
    expect(alive.status).toBeLessThan(600);
    expect(read.status).toBe(200);
    expect(after.status).toBe(201);
    // A full disk is the server's condition, not the client's fault: 503 or 507, never a bare 500.
    expect([...refusals.keys()].every((s) => s === 503 || s === 507)).toBe(true);
  });
});
