import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vnToday } from '../../src/common/dates.js';
import { nextDay } from '../../src/common/rates.js';
import { EXCELLENT_YEAR, ruleSetIdOf, seedDiscipline, seedYear } from '../factories/evaluations.js';
import { acceptedCommitment, step, YEARLY_ITEMS } from '../factories/commitments.js';
import { buildWorld, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const YEAR = 2026;

interface Reason {
  code: string;
  effect: string;
  text: string;
  unverified: boolean;
  source?: string;
}
interface EvaluationBody {
  id: string;
  memberId: string;
  suggestedLevel: string | null;
  suggestedScore: number | null;
  disqualifiers: string[];
  reasons: Reason[];
  metrics: { items: Record<string, number>; findings: Record<string, unknown> };
  scoreBreakdown: { commonCriteria: { criteria: Array<{ code: string }> } } | null;
}

/**
 * QĐ 366 version 2 through the whole stack, ward A in 2026: an item done after its due date (reported
 * with `completedOn`), a breach of the duty to set an example and a state rating recorded by the cell,
 * a QĐ 37 breach on a decision marked self-detected and remedied, and the higher committee's approval
 * to exceed the quota, honoured by finalize.
 */
describe('QĐ 366-QĐ/TW version 2 (e2e)', () => {
  let t: TestApp;
  let w: World;
  let commitment: { id: string; version: number; late: boolean; items: Array<{ id: string }> };
  let cycleId: string;
  const byMember = new Map<string, EvaluationBody>();

  const generate = async () => {
    await t.http().post(`/api/evaluation-cycles/${cycleId}/generate`).set(w.leaderA.auth).expect(200);
    const list = await t
      .http()
      .get(`/api/evaluations?cycleId=${cycleId}&pageSize=100`)
      .set(w.leaderA.auth)
      .expect(200);
    byMember.clear();
    for (const e of list.body.items as EvaluationBody[]) byMember.set(e.memberId, e);
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    commitment = await acceptedCommitment(t, w.memberA1a, w.secretaryA1, {
      items: YEARLY_ITEMS.map((i) => ({ ...i, dueDate: `${YEAR}-06-30` })),
    });
    await seedYear(t, w.members.a2, YEAR, EXCELLENT_YEAR);
    await seedDiscipline(t, w.members.depA1, `${YEAR}-04-10`, { remedied: true, prohibitionCodes: [3] });
  });
  afterAll(() => t.close());

  describe('POST /api/commitments/:id/results with completedOn', () => {
    const results = (completedOn: Array<string | undefined>, outcome = 'done') =>
      commitment.items.map((i, n) => ({
        itemId: i.id,
        outcome: n === 0 ? outcome : 'done',
        ...(completedOn[n] ? { completedOn: completedOn[n] } : {}),
      }));

    it('answers 400 naming the field for a completion date that is not a date, in the future or not done', async () => {
      const bad = async (items: unknown[], field: string) => {
        const res = await t
          .http()
          .post(`/api/commitments/${commitment.id}/results`)
          .set(w.memberA1a.auth)
          .send({ version: commitment.version, items })
          .expect(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      };
      await bad(results(['30/07/2026']), 'items.0.completedOn');
      await bad(results([nextDay(vnToday())]), 'items.0.completedOn');
      await bad(results([`${YEAR}-02-30`]), 'items.0.completedOn');
      await bad(results([`${YEAR}-07-15`], 'partly'), 'items.0.completedOn');
      const unchanged = await t
        .http()
        .get(`/api/commitments/${commitment.id}`)
        .set(w.memberA1a.auth)
        .expect(200);
      expect(unchanged.body.status).toBe('accepted');
    });

    it('records when each item was completed; one after its due date', async () => {
      const res = await t
        .http()
        .post(`/api/commitments/${commitment.id}/results`)
        .set(w.memberA1a.auth)
        .send({ version: commitment.version, items: results([`${YEAR}-07-15`, `${YEAR}-03-01`]) })
        .expect(200);
      expect(res.body.items.map((i: { completedOn: string | null }) => i.completedOn)).toEqual([
        `${YEAR}-07-15`,
        `${YEAR}-03-01`,
        null,
        null,
      ]);
      await step(t, w.secretaryA1, commitment.id, 'assess', {
        version: res.body.version,
        rating: 'achieved',
      });
    });
  });

  describe('POST /api/evaluation-cycles pins version 2 when asked', () => {
    it('answers 400 naming ruleSetId for a rule set that does not exist', async () => {
      const res = await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.leaderA.auth)
        .send({
          organizationId: w.orgs.wardA.id,
          year: YEAR,
          ruleSetId: '8d3c1c8e-0f7a-4f39-9d3e-6f1f2a0c9b11',
        })
        .expect(400);
      expect(res.body.details[0]).toMatchObject({ field: 'ruleSetId', rule: 'ruleSetInForce' });
    });

    it('opens with version 2 named by ruleSetId and serves what each rule rests on', async () => {
      // Version 3 (evaluations-qd366-v3.e2e-spec.ts) is the newest; this file walks version 2.
      const ruleSetId = await ruleSetIdOf(t, w.leaderA, 2);
      const res = await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.leaderA.auth)
        .send({ organizationId: w.orgs.wardA.id, year: YEAR, ruleSetId })
        .expect(201);
      expect(res.body.ruleSet).toMatchObject({
        code: 'QD366-2025',
        version: 2,
        quota: { maxExcellentShareOfGood: 0.2, rounding: 'floor', exceptionByHigherCommittee: true },
      });
      cycleId = res.body.id;
      const sets = await t.http().get('/api/evaluation-rule-sets').set(w.leaderA.auth).expect(200);
      const v1 = sets.body.find((r: { version: number }) => r.version === 1);
      const v2 = sets.body.find((r: { version: number }) => r.version === 2);
      expect(v1.definition.scoring.common.map((c: { code: string }) => c.code)).toEqual([
        'ethics',
        'discipline',
        'cell_life',
      ]);
      expect(v2.definition.scoring.common.map((c: { code: string }) => c.code)).toEqual([
        'political_example',
        'innovation',
        'self_criticism',
      ]);
      expect(v2.basis['notClassified.exempt']).toMatchObject({ verified: true, source: 'official' });
      expect(v2.basis['good.requireAllItemsDone']).toMatchObject({ verified: false, source: 'paraphrase' });
      expect(v1.basis['thresholds']).toMatchObject({ verified: false, source: 'secondary_quotation' });
    });
  });

  describe('/api/evaluation-inputs', () => {
    const body = (memberId: string, kind = 'exemplary_duty_breach') => ({
      memberId,
      year: YEAR,
      kind,
      basis: 'Nghị quyết chi bộ: chưa gương mẫu thực hiện nếp sống văn minh ở khu dân cư',
      documentNumber: '12-NQ/CB',
      documentDate: `${YEAR}-11-20`,
    });

    it('answers 401, 403 to a member, 404 out of scope, 403 about oneself and 400 naming the field', async () => {
      await t.http().post('/api/evaluation-inputs').send(body(w.members.secA1.id)).expect(401);
      await t.http().get(`/api/evaluation-inputs?memberId=${w.members.secA1.id}`).expect(401);
      await t
        .http()
        .post('/api/evaluation-inputs')
        .set(w.memberA1a.auth)
        .send(body(w.members.secA1.id))
        .expect(403);
      await t
        .http()
        .post('/api/evaluation-inputs')
        .set(w.leaderB.auth)
        .send(body(w.members.secA1.id))
        .expect(404);
      await t
        .http()
        .get(`/api/evaluation-inputs?memberId=${w.members.secA1.id}`)
        .set(w.leaderB.auth)
        .expect(404);
      const self = await t
        .http()
        .post('/api/evaluation-inputs')
        .set(w.secretaryA1.auth)
        .send(body(w.members.secA1.id))
        .expect(403);
      expect(self.body.code).toBe('SELF_REVIEW');
      const bad = await t
        .http()
        .post('/api/evaluation-inputs')
        .set(w.leaderA.auth)
        .send({ ...body(w.members.secA1.id), kind: 'rumour', year: 1990, basis: '', extra: 1 })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
        expect.arrayContaining(['kind', 'year', 'basis', 'extra']),
      );
      const future = await t
        .http()
        .post('/api/evaluation-inputs')
        .set(w.leaderA.auth)
        .send({ ...body(w.members.secA1.id), documentDate: nextDay(vnToday()) })
        .expect(400);
      expect(future.body.details[0].field).toBe('documentDate');
      const none = await t
        .http()
        .get(`/api/evaluation-inputs?memberId=${w.members.secA1.id}`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(none.body).toEqual([]);
    });

    it('records a breach of the duty to set an example and a state rating; generation forces incomplete', async () => {
      const breach = await t
        .http()
        .post('/api/evaluation-inputs')
        .set(w.deputyA1.auth)
        .send(body(w.members.secA1.id))
        .expect(201);
      expect(breach.body).toMatchObject({
        kind: 'exemplary_duty_breach',
        documentNumber: '12-NQ/CB',
        withdrawn: null,
      });
      await t
        .http()
        .post('/api/evaluation-inputs')
        .set(w.secretaryA1.auth)
        .send({
          ...body(w.members.a1b.id, 'state_rating_incomplete'),
          basis: 'Cơ quan xếp loại công chức năm 2026: Không hoàn thành nhiệm vụ',
        })
        .expect(201);
      const mine = await t
        .http()
        .get(`/api/evaluation-inputs?memberId=${w.members.secA1.id}&year=${YEAR}`)
        .set(w.secretaryA1.auth)
        .expect(200);
      expect(mine.body).toHaveLength(1);

      await generate();
      const sec = byMember.get(w.members.secA1.id)!;
      expect(sec.suggestedLevel).toBe('incomplete');
      expect(sec.disqualifiers).toEqual(['exemplary_duty_breach']);
      expect(sec.reasons.find((r) => r.code === 'exemplary_duty_breach')).toMatchObject({
        effect: 'forces_incomplete',
        unverified: true,
        source: 'secondary_quotation',
      });
      expect(byMember.get(w.members.a1b.id)!.disqualifiers).toEqual(['state_rating_incomplete']);
    });

    it('withdraws an input with a reason (409 the second time); the next generation drops it', async () => {
      const list = await t
        .http()
        .get(`/api/evaluation-inputs?memberId=${w.members.a1b.id}`)
        .set(w.leaderA.auth)
        .expect(200);
      const id = list.body[0].id;
      await t
        .http()
        .post(`/api/evaluation-inputs/${id}/withdraw`)
        .set(w.leaderB.auth)
        .send({ reason: 'Nhầm người' })
        .expect(404);
      await t.http().post(`/api/evaluation-inputs/${id}/withdraw`).set(w.leaderA.auth).send({}).expect(400);
      const res = await t
        .http()
        .post(`/api/evaluation-inputs/${id}/withdraw`)
        .set(w.leaderA.auth)
        .send({ reason: 'Cơ quan đã sửa lại kết quả xếp loại' })
        .expect(200);
      expect(res.body.withdrawn).toMatchObject({ reason: 'Cơ quan đã sửa lại kết quả xếp loại' });
      const again = await t
        .http()
        .post(`/api/evaluation-inputs/${id}/withdraw`)
        .set(w.leaderA.auth)
        .send({ reason: 'Lần thứ hai' })
        .expect(409);
      expect(again.body.code).toBe('EVALUATION_INPUT_WITHDRAWN');
      await generate();
      expect(byMember.get(w.members.a1b.id)!.disqualifiers).toEqual([]);
    });
  });

  describe('generation under version 2', () => {
    it('counts the item done after its due date: done, not on time, so not "Hoàn thành tốt"', () => {
      const e = byMember.get(w.members.a1a.id)!;
      expect(e.metrics.items).toMatchObject({ total: 4, done: 4, late: 1 });
      // common 10 + 0 (nothing exceeded) + 10; tasks: registration (30% off when submitted late) + 40 + 20
      expect(e.suggestedScore).toBe(20 + (commitment.late ? 7 : 10) + 40 + 20);
      expect(e.suggestedLevel).toBe('complete');
      expect(e.reasons.find((r) => r.code === 'good_items_late')).toMatchObject({
        effect: 'caps_level',
        unverified: true,
      });
      expect(e.scoreBreakdown!.commonCriteria.criteria.map((c) => c.code)).toEqual([
        'political_example',
        'innovation',
        'self_criticism',
      ]);
    });

    it('does not let "self-detected and remedied" excuse a QĐ 37 breach', () => {
      const e = byMember.get(w.members.depA1.id)!;
      expect(e.disqualifiers).toEqual(['prohibition_breach']);
      expect(e.reasons.map((r) => r.code)).toContain('discipline_remedied');
    });

    it('flags every reason', () => {
      for (const e of byMember.values())
        for (const r of e.reasons) expect(typeof r.unverified).toBe('boolean');
      expect(byMember.get(w.members.a2.id)!.suggestedLevel).toBe('excellent');
    });
  });

  describe('POST /api/evaluation-cycles/:id/quota-exceptions', () => {
    const approval = () => ({
      organizationId: w.orgs.wardA.id,
      approvedByOrganizationId: w.orgs.city.id,
      decisionNumber: '45-QĐ/TU',
      decidedOn: `${YEAR}-12-01`,
      maxExcellent: 1,
    });

    it('refuses to finalize one excellent for no good, naming the quota', async () => {
      for (const e of byMember.values()) {
        if (!e.suggestedLevel) continue;
        await t
          .http()
          .post(`/api/evaluations/${e.id}/decision`)
          .set(w.leaderA.auth)
          .send({ level: e.suggestedLevel })
          .expect(200);
      }
      const res = await t
        .http()
        .post(`/api/evaluation-cycles/${cycleId}/finalize`)
        .set(w.leaderA.auth)
        .expect(409);
      expect(res.body.details).toEqual([
        expect.objectContaining({ rule: 'quota', organizationId: w.orgs.wardA.id, maxExcellent: 0 }),
      ]);
    });

    it('answers 401, 403 to a secretary, 404 out of scope and 400 naming the field', async () => {
      const url = `/api/evaluation-cycles/${cycleId}/quota-exceptions`;
      await t.http().post(url).send(approval()).expect(401);
      await t.http().post(url).set(w.secretaryA1.auth).send(approval()).expect(403);
      await t.http().post(url).set(w.leaderB.auth).send(approval()).expect(404);
      const notAbove = await t
        .http()
        .post(url)
        .set(w.leaderA.auth)
        .send({ ...approval(), approvedByOrganizationId: w.orgs.wardB.id })
        .expect(400);
      expect(notAbove.body.details[0].field).toBe('approvedByOrganizationId');
      const cell = await t
        .http()
        .post(url)
        .set(w.leaderA.auth)
        .send({ ...approval(), organizationId: w.orgs.cellA1.id })
        .expect(400);
      expect(cell.body.details[0].field).toBe('organizationId');
      const bad = await t
        .http()
        .post(url)
        .set(w.leaderA.auth)
        .send({ ...approval(), decidedOn: `${YEAR}-13-01`, maxExcellent: -1, decisionNumber: '' })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
        expect.arrayContaining(['decidedOn', 'maxExcellent', 'decisionNumber']),
      );
    });

    it('answers 409 for a cycle pinned to version 1, which has no exception', async () => {
      const v1Cycle = await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.leaderB.auth)
        .send({ organizationId: w.orgs.wardB.id, year: YEAR, ruleSetId: await ruleSetIdOf(t, w.leaderB, 1) })
        .expect(201);
      const res = await t
        .http()
        .post(`/api/evaluation-cycles/${v1Cycle.body.id}/quota-exceptions`)
        .set(w.leaderB.auth)
        .send({ ...approval(), organizationId: w.orgs.wardB.id })
        .expect(409);
      expect(res.body.code).toBe('EVALUATION_QUOTA_EXCEPTION_NOT_ALLOWED');
    });

    it('records the approval (409 the second time) and finalize honours it', async () => {
      const url = `/api/evaluation-cycles/${cycleId}/quota-exceptions`;
      const res = await t.http().post(url).set(w.leaderA.auth).send(approval()).expect(201);
      expect(res.body).toMatchObject({
        organizationId: w.orgs.wardA.id,
        decisionNumber: '45-QĐ/TU',
        maxExcellent: 1,
      });
      const again = await t.http().post(url).set(w.leaderA.auth).send(approval()).expect(409);
      expect(again.body.code).toBe('EVALUATION_QUOTA_EXCEPTION_EXISTS');
      const cycle = await t.http().get(`/api/evaluation-cycles/${cycleId}`).set(w.leaderA.auth).expect(200);
      expect(cycle.body.summary[0]).toMatchObject({
        quota: { excellent: 1, good: 0, maxExcellent: 1, ok: true },
        quotaException: {
          decisionNumber: '45-QĐ/TU',
          decidedOn: `${YEAR}-12-01`,
          approvedByOrganizationId: w.orgs.city.id,
        },
      });
      await t.http().post(`/api/evaluation-cycles/${cycleId}/finalize`).set(w.leaderA.auth).expect(200);
    });

    it("counts the approval in the reports' quota columns too, as finalize does", async () => {
      const res = await t
        .http()
        .get(`/api/reports/overview?organizationId=${w.orgs.wardA.id}&year=${YEAR}`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(res.body.quota).toEqual([
        expect.objectContaining({
          organizationId: w.orgs.wardA.id,
          excellent: 1,
          good: 0,
          maxExcellent: 1,
          ok: true,
          exception: {
            decisionNumber: '45-QĐ/TU',
            decidedOn: `${YEAR}-12-01`,
            approvedByOrganizationId: w.orgs.city.id,
            maxExcellent: 1,
            counted: true,
          },
        }),
      ]);
    });
  });
});
