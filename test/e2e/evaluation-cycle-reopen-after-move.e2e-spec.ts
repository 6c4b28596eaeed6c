import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalizedCycle, GOOD_YEAR, seedYear } from '../factories/evaluations.js';
import { buildWorld, createMember, Login, Org, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const YEAR = 2026;

/**
 * A finalized cycle lets its cells move out of its organisation (the move is not blocked once the
 * round is locked), but then it cannot be reopened: its evaluations now belong to another committee
 * (docs/EVALUATION.md, "When an organisation moves"). Ward A and ward B each finalize a 2026 cycle;
 * cell A2 then moves from ward A to ward B.
 */
describe('reopening an evaluation cycle after its cells moved (e2e)', () => {
  let t: TestApp;
  let w: World;
  let cycleA: string;
  let cycleB: string;
  let a2Evaluation: string;

  const fresh = async (id: string) =>
    (await t.http().get(`/api/organizations/${id}`).set(w.admin.auth).expect(200)).body as Org & {
      parentId: string | null;
    };
  const move = async (id: string, parentId: string) => {
    const org = await fresh(id);
    return t
      .http()
      .patch(`/api/organizations/${id}`)
      .set(w.admin.auth)
      .send({ version: org.version, parentId });
  };
  const reopen = (
    cycleId: string,
    as: Login,
    reason = 'Cấp ủy cấp trên yêu cầu rà soát lại kết quả xếp loại',
  ) => t.http().post(`/api/evaluation-cycles/${cycleId}/reopen`).set(as.auth).send({ reason });
  const cycle = async (cycleId: string, as: Login) =>
    (await t.http().get(`/api/evaluation-cycles/${cycleId}`).set(as.auth).expect(200)).body as {
      status: string;
      locked: boolean;
      version: number;
      reopenedAt: string | null;
      reopenReason: string | null;
    };
  const reopenAudits = async (cycleId: string, as: Login) =>
    (
      await t
        .http()
        .get(`/api/audit-log?entityId=${cycleId}&action=evaluation.cycle.reopen`)
        .set(as.auth)
        .expect(200)
    ).body.items as unknown[];

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    const a2 = [w.members.a2];
    for (const name of ['Ngô Thị Lan', 'Bùi Văn Minh', 'Đỗ Thị Ngọc'])
      a2.push(await createMember(t, w.leaderA, w.orgs.cellA2.id, name, { joinedPartyOn: '2015-03-26' }));
    for (const m of [...a2, w.members.a1a, w.members.b1]) await seedYear(t, m, YEAR, GOOD_YEAR);
    const a = await finalizedCycle(t, w.leaderA, w.orgs.wardA.id, YEAR);
    cycleA = a.id;
    a2Evaluation = a.items.find((e) => e.memberId === w.members.a2.id)!.id;
    cycleB = (await finalizedCycle(t, w.leaderB, w.orgs.wardB.id, YEAR)).id;

    // Allowed: ward A's cycle is finalized, so its evaluations may leave with the cell.
    expect((await move(w.orgs.cellA2.id, w.orgs.wardB.id)).status).toBe(200);
  });
  afterAll(() => t.close());

  it('answers 401, 403 to a secretary, 404 out of scope and 400 without a reason before looking at the cells', async () => {
    await t.http().post(`/api/evaluation-cycles/${cycleA}/reopen`).send({ reason: 'Phúc tra' }).expect(401);
    expect((await reopen(cycleA, w.secretaryA1)).status).toBe(403);
    // Ward B's leader now holds cell A2's evaluations, not ward A's cycle.
    expect((await reopen(cycleA, w.leaderB)).status).toBe(404);
    const bad = await t
      .http()
      .post(`/api/evaluation-cycles/${cycleA}/reopen`)
      .set(w.leaderA.auth)
      .send({})
      .expect(400);
    expect(bad.body.details[0].field).toBe('reason');
  });

  it('refuses to reopen a cycle whose evaluations left its organisation with 409 naming the rule, and changes nothing', async () => {
    const before = await cycle(cycleA, w.leaderA);
    expect(before).toMatchObject({ status: 'finalized', locked: true, reopenedAt: null });

    const res = await reopen(cycleA, w.leaderA);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EVALUATION_CYCLE_REOPEN_BLOCKED');
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: 'status', rule: 'evaluations_moved_out' }),
    ]);
    expect(res.body.message).toContain('4 evaluations');
    expect(res.body.message).toContain('Đảng bộ phường Ngô Quyền');
    expect(res.body.message).toContain('Chi bộ tổ dân phố số 2');

    expect(await cycle(cycleA, w.leaderA)).toEqual(before);
    expect(await reopenAudits(cycleA, w.leaderA)).toEqual([]);
    // The moved evaluations stay locked for their new committee too.
    const decide = await t
      .http()
      .post(`/api/evaluations/${a2Evaluation}/decision`)
      .set(w.leaderB.auth)
      .send({ level: 'complete', comment: 'Xếp loại lại theo ý kiến của đảng ủy phường Liên Bảo' });
    expect(decide.status).toBe(409);
    expect(decide.body.code).toBe('EVALUATION_CYCLE_LOCKED');
  });

  it('reopens a cycle whose cells all stayed, even with a cell moved in since', async () => {
    const res = await reopen(cycleB, w.leaderB, 'Rà soát lại kết quả của chi bộ khu phố Đống Đa');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'open',
      locked: false,
      reopenReason: 'Rà soát lại kết quả của chi bộ khu phố Đống Đa',
    });
    expect(await reopenAudits(cycleB, w.leaderB)).toHaveLength(1);
  });

  it("reopens ward A's cycle once the cell is back", async () => {
    expect((await move(w.orgs.cellA2.id, w.orgs.wardA.id)).status).toBe(200);
    const res = await reopen(cycleA, w.leaderA);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'open', locked: false });
    await t.http().get(`/api/evaluations/${a2Evaluation}`).set(w.leaderA.auth).expect(200);
  });
});
