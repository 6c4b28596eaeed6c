import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCELLENT_YEAR, ruleSetIdOf, seedYear } from '../factories/evaluations.js';
import { buildWorld, Login, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const YEAR = 2026;

interface EvaluationBody {
  memberId: string;
  suggestedLevel: string | null;
  disqualifiers: string[];
  reasons: Array<{ code: string; effect: string; text: string; unverified: boolean; source?: string }>;
  metrics: {
    conduct: { concludedPresentCodes: number[]; proposedPresentCodes: number[]; conclusions: unknown[] };
  };
}

/**
 * QĐ 366 version 3 through the stack: the cell's `present` on a manifestation is a proposal until a
 * competent body's conclusion (who, document number, date) is recorded; a cycle pinned to version 2
 * keeps counting the cell's entry alone, as it always did.
 */
describe('QĐ 366-QĐ/TW version 3: conclusions by the competent body (e2e)', () => {
  let t: TestApp;
  let w: World;
  let cycleA: string;
  let cycleB: string;

  const evaluationOf = async (cycleId: string, as: Login, memberId: string) => {
    const list = await t
      .http()
      .get(`/api/evaluations?cycleId=${cycleId}&pageSize=100`)
      .set(as.auth)
      .expect(200);
    return (list.body.items as EvaluationBody[]).find((e) => e.memberId === memberId)!;
  };
  const conclude = (memberId: string, as: Login, body: object) =>
    t.http().put(`/api/members/${memberId}/conduct-checks/${YEAR}`).set(as.auth).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    await seedYear(t, w.members.a1a, YEAR, EXCELLENT_YEAR);
    await seedYear(t, w.members.b1, YEAR, EXCELLENT_YEAR);
    // The secretaries' entries alone, no document.
    const entry = { conclusion: [{ code: 12, status: 'present', note: 'Còn biểu hiện cơ hội, thực dụng' }] };
    await conclude(w.members.a1a.id, w.secretaryA1, entry).expect(200);
    await conclude(w.members.b1.id, w.secretaryB1, entry).expect(200);
  });
  afterAll(() => t.close());

  it('opens a cycle with version 3, which lists the competent bodies', async () => {
    // Version 4 (member-exemptions.e2e-spec.ts) is the newest and keeps this rule.
    const ruleSetId = await ruleSetIdOf(t, w.leaderA, 3);
    const res = await t
      .http()
      .post('/api/evaluation-cycles')
      .set(w.leaderA.auth)
      .send({ organizationId: w.orgs.wardA.id, year: YEAR, ruleSetId })
      .expect(201);
    expect(res.body.ruleSet).toMatchObject({ code: 'QD366-2025', version: 3 });
    cycleA = res.body.id;
    const sets = await t.http().get('/api/evaluation-rule-sets').set(w.leaderA.auth).expect(200);
    const v3 = sets.body.find((r: { version: number }) => r.version === 3);
    expect(v3.definition.disqualifiers.competentBodies).toEqual([
      'cell_meeting',
      'committee',
      'inspection_commission',
    ]);
    expect(v3.basis['disqualifiers.competentBodies']).toMatchObject({ verified: false, source: 'missing' });
  });

  it("shows the secretary's entry as a proposal that does not force the lowest level", async () => {
    await t.http().post(`/api/evaluation-cycles/${cycleA}/generate`).set(w.leaderA.auth).expect(200);
    const e = await evaluationOf(cycleA, w.leaderA, w.members.a1a.id);
    expect(e.suggestedLevel).not.toBe('incomplete');
    expect(e.disqualifiers).toEqual([]);
    expect(e.metrics.conduct).toMatchObject({
      concludedPresentCodes: [],
      proposedPresentCodes: [12],
      conclusions: [],
    });
    const proposal = e.reasons.find((r) => r.code === 'proposed_manifestation');
    expect(proposal).toMatchObject({ effect: 'info', unverified: true, source: 'missing' });
    expect(proposal!.text).toContain('biểu hiện số 12');
    expect(proposal!.text).toContain('chưa có kết luận của cấp có thẩm quyền');
  });

  it('forces incomplete once the committee’s conclusion is recorded, naming the document', async () => {
    const document = { body: 'committee', number: '15-KL/ĐU', date: `${YEAR}-10-20` };
    const res = await conclude(w.members.a1a.id, w.secretaryA1, {
      conclusion: [{ code: 12, status: 'present', note: 'Đảng ủy phường kết luận' }],
      document,
    }).expect(200);
    expect(res.body.items[11].conclusion).toMatchObject({ status: 'present', document });
    await t.http().post(`/api/evaluation-cycles/${cycleA}/generate`).set(w.leaderA.auth).expect(200);
    const e = await evaluationOf(cycleA, w.leaderA, w.members.a1a.id);
    expect(e.suggestedLevel).toBe('incomplete');
    expect(e.disqualifiers).toEqual(['concluded_manifestation']);
    expect(e.metrics.conduct).toMatchObject({ concludedPresentCodes: [12], proposedPresentCodes: [] });
    expect(e.reasons.find((r) => r.code === 'concluded_manifestation')!.text).toContain(
      `biểu hiện số 12: Kết luận của cấp ủy số 15-KL/ĐU ngày 20/10/${YEAR}`,
    );
    expect(e.reasons.some((r) => r.code === 'proposed_manifestation')).toBe(false);
  });

  it('keeps a cycle pinned to version 2 counting the cell’s entry alone', async () => {
    const ruleSetId = await ruleSetIdOf(t, w.leaderB, 2);
    const res = await t
      .http()
      .post('/api/evaluation-cycles')
      .set(w.leaderB.auth)
      .send({ organizationId: w.orgs.wardB.id, year: YEAR, ruleSetId })
      .expect(201);
    cycleB = res.body.id;
    await t.http().post(`/api/evaluation-cycles/${cycleB}/generate`).set(w.leaderB.auth).expect(200);
    const e = await evaluationOf(cycleB, w.leaderB, w.members.b1.id);
    expect(e.suggestedLevel).toBe('incomplete');
    expect(e.disqualifiers).toEqual(['concluded_manifestation']);
    expect(e.reasons.find((r) => r.code === 'concluded_manifestation')!.text).toContain(
      'Chi bộ hoặc cấp ủy kết luận có biểu hiện suy thoái',
    );
  });
});
