import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryRunner } from 'typeorm';
import { Database } from '../../src/common/database.service.js';
import { followSubtreeMove } from '../../src/evaluations/evaluation-tree-moves.repository.js';
import { finalizedCycle, GOOD_YEAR, seedYear } from '../factories/evaluations.js';
import { buildWorld, Login, World } from '../factories/world.js';
import { testPostgresUrl } from '../setup/postgres.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const YEAR = 2026;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A request fired now, whose settling can be looked at without awaiting it. */
function track<T>(promise: PromiseLike<T>) {
  const state = { settled: false, result: undefined as Promise<T> | undefined };
  state.result = Promise.resolve(promise).finally(() => {
    state.settled = true;
  });
  return state as { settled: boolean; result: Promise<T> };
}

/**
 * An organisation move and a cycle reopen each check the other's rule (docs/EVALUATION.md, "When an
 * organisation moves"); on PostgreSQL their transactions overlap, so each takes a row lock on the
 * cycles concerned before its check (lockEvaluationCycles). Here a raw transaction on a connection of
 * the app's own pool plays the other side, holding the cycle row lock exactly as that side would, and
 * the test looks at the order things happen in: the request has not answered while the lock is held,
 * and once the other side commits, its check sees what was committed. Without the locks the move
 * (or the reopen) would answer 200 while the raw transaction is still open and both would commit.
 *
 * SQLite is skipped: it has no row locks, and writes never overlap there (one writer at a time under
 * the Database readers/writer lock), so there is no interleaving to test.
 */
describe.skipIf(!testPostgresUrl())('a move and a cycle reopen at the same time (e2e, PostgreSQL)', () => {
  let t: TestApp;
  let w: World;
  let db: Database;
  let cycleA: string;
  let cycleB: string;

  const parentOf = async (id: string) =>
    (
      (await t.http().get(`/api/organizations/${id}`).set(w.admin.auth).expect(200)).body as {
        parentId: string | null;
      }
    ).parentId;
  const cycle = async (id: string, as: Login) =>
    (await t.http().get(`/api/evaluation-cycles/${id}`).set(as.auth).expect(200)).body as {
      status: string;
      version: number;
      reopenedAt: string | null;
      reopenReason: string | null;
    };
  const pathOf = async (runner: QueryRunner, id: string) =>
    ((await runner.query(`SELECT path FROM organization WHERE id = $1`, [id])) as Array<{ path: string }>)[0]
      .path;

  /** A transaction of its own on the app's pool, holding the cycle row as a move or reopen would. */
  const lockingTransaction = async (cycleId: string) => {
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`SELECT id FROM evaluation_cycle WHERE id = $1 FOR UPDATE`, [cycleId]);
    return runner;
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(Database);
    w = await buildWorld(t);
    for (const m of [w.members.a2, w.members.a1a, w.members.b1]) await seedYear(t, m, YEAR, GOOD_YEAR);
    cycleA = (await finalizedCycle(t, w.leaderA, w.orgs.wardA.id, YEAR)).id;
    cycleB = (await finalizedCycle(t, w.leaderB, w.orgs.wardB.id, YEAR)).id;
  });
  afterAll(() => t?.close());

  it('a move waits for a reopen in progress, then sees the cycle open and is refused with 409; nothing moved', async () => {
    const cell = (await t.http().get(`/api/organizations/${w.orgs.cellB1.id}`).set(w.admin.auth).expect(200))
      .body as { version: number };
    // Ward B's cycle is being reopened: its row is locked and the reopen has found nothing moved out.
    const reopen = await lockingTransaction(cycleB);
    let move: { settled: boolean; result: Promise<{ status: number; body: Record<string, unknown> }> };
    try {
      move = track(
        t
          .http()
          .patch(`/api/organizations/${w.orgs.cellB1.id}`)
          .set(w.admin.auth)
          .send({ version: cell.version, parentId: w.orgs.wardA.id }),
      );
      await pause(400);
      expect(move.settled).toBe(false);
      await reopen.query(
        `UPDATE evaluation_cycle SET status = 'open', "reopenedAt" = now(), "reopenReason" = $2, version = version + 1 WHERE id = $1`,
        [cycleB, 'Phúc tra kết quả xếp loại của chi bộ khu phố Đống Đa'],
      );
      await reopen.commitTransaction();
    } finally {
      if (reopen.isTransactionActive) await reopen.rollbackTransaction();
      await reopen.release();
    }

    const res = await move.result;
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ORGANIZATION_MOVE_BLOCKED');
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: 'parentId', rule: 'open_evaluation_cycle' }),
    ]);
    expect(await parentOf(w.orgs.cellB1.id)).toBe(w.orgs.wardB.id);
    expect((await cycle(cycleB, w.leaderB)).status).toBe('open');
    // Ward B's leaders still decide the cell's evaluations in their open round.
    const list = await t
      .http()
      .get(`/api/evaluations?cycleId=${cycleB}&pageSize=100`)
      .set(w.leaderB.auth)
      .expect(200);
    expect((list.body.items as Array<{ memberId: string }>).map((e) => e.memberId)).toContain(
      w.members.b1.id,
    );
  });

  it('a reopen waits for a move in progress, then sees the evaluations moved out and is refused with 409; the cycle stays finalized', async () => {
    const before = await cycle(cycleA, w.leaderA);
    expect(before.status).toBe('finalized');
    // Cell A2 is being moved from ward A to ward B: the move holds ward A's cycle and has rewritten
    // the copies of the tree (organisation path, evaluations' cellPath and grassroots organisation).
    const moving = await lockingTransaction(cycleA);
    let reopen: { settled: boolean; result: Promise<{ status: number; body: Record<string, unknown> }> };
    try {
      const oldPath = await pathOf(moving, w.orgs.cellA2.id);
      const newParentPath = await pathOf(moving, w.orgs.wardB.id);
      const newPath = `${newParentPath}${w.orgs.cellA2.id}/`;
      await moving.query(`UPDATE organization SET "parentId" = $2, path = $3 WHERE id = $1`, [
        w.orgs.cellA2.id,
        w.orgs.wardB.id,
        newPath,
      ]);
      await followSubtreeMove(moving.manager, {
        oldPath,
        newPath,
        newParentPath,
        grassrootsId: w.orgs.wardB.id,
      });

      reopen = track(
        t
          .http()
          .post(`/api/evaluation-cycles/${cycleA}/reopen`)
          .set(w.leaderA.auth)
          .send({ reason: 'Cấp ủy cấp trên yêu cầu rà soát lại kết quả xếp loại' }),
      );
      await pause(400);
      expect(reopen.settled).toBe(false);
      await moving.commitTransaction();
    } finally {
      if (moving.isTransactionActive) await moving.rollbackTransaction();
      await moving.release();
    }

    const res = await reopen.result;
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EVALUATION_CYCLE_REOPEN_BLOCKED');
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: 'status', rule: 'evaluations_moved_out' }),
    ]);
    expect(res.body.message).toContain('Chi bộ tổ dân phố số 2');
    const after = await cycle(cycleA, w.leaderA);
    expect(after).toMatchObject({
      status: 'finalized',
      version: before.version,
      reopenedAt: null,
      reopenReason: null,
    });
  });
});
