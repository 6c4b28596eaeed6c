import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXCELLENT_YEAR,
  GOOD_YEAR,
  seedConclusion,
  seedDiscipline,
  seedMeeting,
  seedYear,
} from '../factories/evaluations.js';
import { buildWorld, createMember, MemberRow, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const YEAR = 2026;
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

interface EvaluationBody {
  id: string;
  memberId: string;
  status: string;
  suggestedScore: number | null;
  suggestedLevel: string | null;
  reasons: Array<{ code: string; text: string }>;
  version: number;
}

/**
 * A full year-end cycle over HTTP for ward A (grassroots committee with cells A1 and A2):
 * generate, self-assess, propose, decide, a quota violation refused, fixed, finalize, locked, reopen.
 */
describe('evaluations (e2e)', () => {
  let t: TestApp;
  let w: World;
  let extra: MemberRow[];
  let cycleId: string;
  const byMember = new Map<string, EvaluationBody>();
  const evalOf = (memberId: string) => byMember.get(memberId)!;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    // Cell A2 gets five more members with a good year, one exempt and one with a formal conclusion.
    extra = [];
    for (const name of ['Ngô Thị Lan', 'Bùi Văn Minh', 'Đỗ Thị Ngọc', 'Lý Văn Phúc', 'Trịnh Thị Quyên']) {
      extra.push(await createMember(t, w.leaderA, w.orgs.cellA2.id, name, { joinedPartyOn: '2015-03-26' }));
    }
    const exempt = await createMember(t, w.leaderA, w.orgs.cellA2.id, 'Cao Văn Sơn', { isExempt: true });
    const concluded = await createMember(t, w.leaderA, w.orgs.cellA2.id, 'Mai Thị Thu');
    extra.push(exempt, concluded);

    const m = w.members;
    await seedYear(t, m.a1a, YEAR, EXCELLENT_YEAR);
    for (const x of [m.secA1, m.depA1, m.a1b, ...extra.slice(0, 5), concluded])
      await seedYear(t, x, YEAR, GOOD_YEAR);
    await seedYear(t, m.a2, YEAR, EXCELLENT_YEAR);
    await seedDiscipline(t, m.a2, `${YEAR}-05-10`);
    await seedDiscipline(t, m.secA1, `${YEAR}-03-02`, { remedied: true });
    await seedConclusion(t, concluded, YEAR, 12);
    await seedMeeting(t, w.orgs.cellA1.id, `${YEAR}-02-05`, [
      { memberId: m.secA1.id, status: 'present' },
      { memberId: m.depA1.id, status: 'present' },
      { memberId: m.a1a.id, status: 'present' },
      { memberId: m.a1b.id, status: 'excused' },
    ]);
    // Records of other years and other wards never leak in.
    await seedDiscipline(t, m.a1a, `${YEAR - 1}-12-30`);
    await seedDiscipline(t, m.b1, `${YEAR}-06-01`);

    // Phạm Văn Đức joined the party in September: fewer than 6 months before the review.
    const a1b = await t.http().get(`/api/members/${m.a1b.id}`).set(w.leaderA.auth).expect(200);
    await t
      .http()
      .patch(`/api/members/${m.a1b.id}`)
      .set(w.leaderA.auth)
      .send({ version: a1b.body.version, joinedPartyOn: `${YEAR}-09-01` })
      .expect(200);
  });
  afterAll(() => t.close());

  describe('POST /api/evaluation-cycles', () => {
    it('answers 401 without a token', async () => {
      await t
        .http()
        .post('/api/evaluation-cycles')
        .send({ organizationId: w.orgs.wardA.id, year: YEAR })
        .expect(401);
    });

    it('answers 403 to a member and a secretary', async () => {
      await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.memberA1a.auth)
        .send({ organizationId: w.orgs.wardA.id, year: YEAR })
        .expect(403);
      await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.secretaryA1.auth)
        .send({ organizationId: w.orgs.cellA1.id, year: YEAR })
        .expect(403);
    });

    it('answers 404 for an organisation outside the leader’s subtree', async () => {
      const res = await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.leaderB.auth)
        .send({ organizationId: w.orgs.wardA.id, year: YEAR })
        .expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });

    it('answers 400 naming the field for bad input', async () => {
      const res = await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.leaderA.auth)
        .send({ organizationId: 'phường A', year: 1990, extra: 1 })
        .expect(400);
      const fields = res.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['organizationId', 'year', 'extra']));
      const below = await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.leaderA.auth)
        .send({ organizationId: w.orgs.cellA1.id, year: YEAR })
        .expect(400);
      expect(below.body.details[0].field).toBe('organizationId');
      const date = await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.leaderA.auth)
        .send({ organizationId: w.orgs.wardA.id, year: YEAR, reviewDate: `${YEAR}-02-30` })
        .expect(400);
      expect(date.body.details[0].field).toBe('reviewDate');
      const old = await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.leaderA.auth)
        .send({ organizationId: w.orgs.wardA.id, year: 2024 })
        .expect(400);
      expect(old.body.details[0].field).toBe('year');
    });

    it('opens a cycle pinned to the QĐ 366 rule set', async () => {
      // This file walks the workflow under version 1 (cycles opened before version 2 keep it);
      // version 2 is covered by evaluations-qd366-v2.e2e-spec.ts.
      const sets = await t.http().get('/api/evaluation-rule-sets').set(w.leaderA.auth).expect(200);
      const v1 = sets.body.find((r: { code: string; version: number }) => r.version === 1);
      const res = await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.leaderA.auth)
        .send({ organizationId: w.orgs.wardA.id, year: YEAR, ruleSetId: v1.id })
        .expect(201);
      expect(res.body).toMatchObject({
        status: 'open',
        year: YEAR,
        reviewDate: `${YEAR}-12-31`,
        ruleSet: { code: 'QD366-2025', version: 1, regulation: '366-QĐ/TW' },
      });
      cycleId = res.body.id;
    });

    it('answers 409 for a second cycle of the same year and for an overlapping one', async () => {
      const dup = await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.leaderA.auth)
        .send({ organizationId: w.orgs.wardA.id, year: YEAR })
        .expect(409);
      expect(dup.body.code).toBe('EVALUATION_CYCLE_EXISTS');
      const overlap = await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.leaderCity.auth)
        .send({ organizationId: w.orgs.city.id, year: YEAR })
        .expect(409);
      expect(overlap.body.code).toBe('EVALUATION_CYCLE_OVERLAP');
    });

    it('lists rule sets with their unverified settings', async () => {
      const res = await t.http().get('/api/evaluation-rule-sets').set(w.memberA1a.auth).expect(200);
      expect(res.body[0].definition.unverified).toContain('quota.maxExcellentShareOfGood');
      await t.http().get('/api/evaluation-rule-sets').expect(401);
    });
  });

  describe('POST /api/evaluation-cycles/:id/generate', () => {
    it('answers 401, 403 to a secretary, 404 out of scope and 400 for a bad id', async () => {
      await t.http().post(`/api/evaluation-cycles/${cycleId}/generate`).expect(401);
      await t.http().post(`/api/evaluation-cycles/${cycleId}/generate`).set(w.secretaryA1.auth).expect(403);
      await t.http().post(`/api/evaluation-cycles/${cycleId}/generate`).set(w.leaderB.auth).expect(404);
      await t.http().post(`/api/evaluation-cycles/${NO_SUCH_ID}/generate`).set(w.leaderA.auth).expect(404);
      const bad = await t
        .http()
        .post('/api/evaluation-cycles/not-a-uuid/generate')
        .set(w.leaderA.auth)
        .expect(400);
      expect(bad.body.details[0].field).toBe('id');
    });

    it('builds one evaluation per member of ward A with score, level and reasons', async () => {
      const res = await t
        .http()
        .post(`/api/evaluation-cycles/${cycleId}/generate`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(res.body.result).toMatchObject({ members: 12, created: 12, refreshed: 0, notClassified: 2 });
      const list = await t
        .http()
        .get(`/api/evaluations?cycleId=${cycleId}&pageSize=200`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(list.body.total).toBe(12);
      for (const e of list.body.items as EvaluationBody[]) byMember.set(e.memberId, e);
      expect(byMember.has(w.members.b1.id)).toBe(false);

      const a1a = evalOf(w.members.a1a.id);
      expect(a1a).toMatchObject({ suggestedScore: 100, suggestedLevel: 'excellent', status: 'pending' });
      expect(a1a.reasons[0].text).toContain('Tổng điểm gợi ý 100/100');

      const sec = evalOf(w.members.secA1.id);
      expect(sec).toMatchObject({ suggestedScore: 86, suggestedLevel: 'good' });
      expect(sec.reasons.map((r) => r.code)).toContain('discipline_remedied');

      const a2 = evalOf(w.members.a2.id);
      expect(a2.suggestedLevel).toBe('incomplete');
      expect(a2.reasons.find((r) => r.code === 'disciplined_in_year')?.text).toContain(
        'Bị xử lý kỷ luật trong năm',
      );

      const concluded = evalOf(extra[6].id);
      expect(concluded.suggestedLevel).toBe('incomplete');
      expect(concluded.reasons.map((r) => r.text).join(' ')).toContain('biểu hiện số 12');

      const late = evalOf(w.members.a1b.id);
      expect(late).toMatchObject({
        suggestedLevel: null,
        suggestedScore: null,
        status: 'not_classified',
        notClassifiedReason: 'joined_recently',
      });
      expect(late.reasons[0].text).toContain('chưa đủ 6 tháng');
      expect(evalOf(extra[5].id)).toMatchObject({ status: 'not_classified', notClassifiedReason: 'exempt' });
    });

    it('shows every criterion of the 100-point score and the metrics it came from', async () => {
      const res = await t
        .http()
        .get(`/api/evaluations/${evalOf(w.members.a1a.id).id}`)
        .set(w.memberA1a.auth)
        .expect(200);
      expect(res.body.scoreBreakdown.commonCriteria).toMatchObject({ points: 30, max: 30 });
      expect(res.body.scoreBreakdown.taskResults.criteria).toHaveLength(3);
      expect(res.body.metrics.items).toMatchObject({
        total: 10,
        done: 10,
        exceeded: 4,
        remedyTotal: 1,
        remedyDone: 1,
      });
      expect(res.body.metrics.meetings).toMatchObject({ expected: 1, present: 1 });
      expect(res.body.metrics.discipline.records).toBe(0);
      expect(res.body.suggestedLevelName).toBe('Hoàn thành xuất sắc nhiệm vụ');
    });
  });

  describe('GET /api/evaluations and /api/evaluations/:id', () => {
    it('answers 401 without a token', async () => {
      await t.http().get('/api/evaluations').expect(401);
      await t
        .http()
        .get(`/api/evaluations/${evalOf(w.members.a1a.id).id}`)
        .expect(401);
    });

    it('shows a member only their own evaluation and a secretary only their cell', async () => {
      const own = await t.http().get('/api/evaluations').set(w.memberA1a.auth).expect(200);
      expect(own.body.items.map((e: EvaluationBody) => e.memberId)).toEqual([w.members.a1a.id]);
      const cell = await t.http().get('/api/evaluations').set(w.secretaryA1.auth).expect(200);
      expect(cell.body.total).toBe(4);
      const other = await t.http().get('/api/evaluations').set(w.leaderB.auth).expect(200);
      expect(other.body.total).toBe(0);
      const filtered = await t
        .http()
        .get(`/api/evaluations?organizationId=${w.orgs.cellA2.id}&level=incomplete`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(filtered.body.total).toBe(2);
    });

    it('answers 404 out of scope and 400 for bad filters', async () => {
      await t
        .http()
        .get(`/api/evaluations/${evalOf(w.members.a1b.id).id}`)
        .set(w.memberA1a.auth)
        .expect(404);
      await t
        .http()
        .get(`/api/evaluations/${evalOf(w.members.a2.id).id}`)
        .set(w.secretaryA1.auth)
        .expect(404);
      await t
        .http()
        .get(`/api/evaluations/${evalOf(w.members.a2.id).id}`)
        .set(w.leaderB.auth)
        .expect(404);
      const bad = await t.http().get('/api/evaluations?level=great&status=x').set(w.leaderA.auth).expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
        expect.arrayContaining(['level', 'status']),
      );
    });
  });

  describe('POST /api/evaluations/:id/self-assessment', () => {
    const body = {
      level: 'excellent',
      summary: 'Hoàn thành 100% nội dung đã cam kết, 4 nội dung vượt yêu cầu.',
      strengths: 'Gương mẫu, nhiệt tình',
      shortcomings: 'Đôi lúc chưa mạnh dạn phê bình',
    };

    it('answers 401, 404 out of scope, 403 to someone else and 400 naming the field', async () => {
      const id = evalOf(w.members.a1a.id).id;
      await t.http().post(`/api/evaluations/${id}/self-assessment`).send(body).expect(401);
      await t
        .http()
        .post(`/api/evaluations/${id}/self-assessment`)
        .set(w.memberA1b.auth)
        .send(body)
        .expect(404);
      const other = await t
        .http()
        .post(`/api/evaluations/${id}/self-assessment`)
        .set(w.secretaryA1.auth)
        .send(body)
        .expect(403);
      expect(other.body.code).toBe('EVALUATION_NOT_OWNER');
      const bad = await t
        .http()
        .post(`/api/evaluations/${id}/self-assessment`)
        .set(w.memberA1a.auth)
        .send({ level: 'great' })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
        expect.arrayContaining(['level', 'summary']),
      );
    });

    it('records the member’s self-assessment', async () => {
      const res = await t
        .http()
        .post(`/api/evaluations/${evalOf(w.members.a1a.id).id}/self-assessment`)
        .set(w.memberA1a.auth)
        .send(body)
        .expect(200);
      expect(res.body.status).toBe('self_assessed');
      expect(res.body.selfAssessment).toMatchObject({
        level: 'excellent',
        levelName: 'Hoàn thành xuất sắc nhiệm vụ',
        summary: body.summary,
      });
      expect(res.body.history.map((h: { action: string }) => h.action)).toEqual(['self_assess']);
    });

    it('answers 409 for a member who is not classified', async () => {
      const res = await t
        .http()
        .post(`/api/evaluations/${evalOf(w.members.a1b.id).id}/self-assessment`)
        .set(w.memberA1b.auth)
        .send({ ...body, level: 'good' })
        .expect(409);
      expect(res.body.code).toBe('EVALUATION_NOT_CLASSIFIED');
    });
  });

  describe('POST /api/evaluations/:id/proposal', () => {
    it('answers 401, 403 to a member, 404 to another cell and 400 naming the field', async () => {
      const id = evalOf(w.members.a1a.id).id;
      const body = { level: 'excellent', comment: 'Chi bộ thống nhất đề nghị' };
      await t.http().post(`/api/evaluations/${id}/proposal`).send(body).expect(401);
      await t.http().post(`/api/evaluations/${id}/proposal`).set(w.memberA1a.auth).send(body).expect(403);
      await t.http().post(`/api/evaluations/${id}/proposal`).set(w.secretaryB1.auth).send(body).expect(404);
      const bad = await t
        .http()
        .post(`/api/evaluations/${id}/proposal`)
        .set(w.secretaryA1.auth)
        .send({ level: 'excellent' })
        .expect(400);
      expect(bad.body.details[0].field).toBe('comment');
      const meeting = await t
        .http()
        .post(`/api/evaluations/${id}/proposal`)
        .set(w.secretaryA1.auth)
        .send({ ...body, meetingId: NO_SUCH_ID })
        .expect(400);
      expect(meeting.body.details[0].field).toBe('meetingId');
    });

    it('lets the secretary propose for the cell but never for themself', async () => {
      const res = await t
        .http()
        .post(`/api/evaluations/${evalOf(w.members.a1a.id).id}/proposal`)
        .set(w.secretaryA1.auth)
        .send({ level: 'excellent', comment: 'Chi bộ thống nhất đề nghị Hoàn thành xuất sắc nhiệm vụ' })
        .expect(200);
      expect(res.body.status).toBe('proposed');
      const self = await t
        .http()
        .post(`/api/evaluations/${evalOf(w.members.secA1.id).id}/proposal`)
        .set(w.secretaryA1.auth)
        .send({ level: 'good', comment: 'Tự đề nghị' })
        .expect(403);
      expect(self.body.code).toBe('SELF_REVIEW');
      await t
        .http()
        .post(`/api/evaluations/${evalOf(w.members.secA1.id).id}/proposal`)
        .set(w.deputyA1.auth)
        .send({ level: 'good', comment: 'Chi bộ thống nhất đề nghị' })
        .expect(200);
    });

    it('closes the self-assessment once the cell has proposed', async () => {
      const res = await t
        .http()
        .post(`/api/evaluations/${evalOf(w.members.a1a.id).id}/self-assessment`)
        .set(w.memberA1a.auth)
        .send({ level: 'good', summary: 'Xin tự đánh giá lại mức độ hoàn thành.' })
        .expect(409);
      expect(res.body.code).toBe('EVALUATION_WRONG_STATE');
    });
  });

  describe('POST /api/evaluations/:id/decision', () => {
    it('answers 401, 403 to a secretary, 404 to another ward and 400 naming the field', async () => {
      const id = evalOf(w.members.a1a.id).id;
      await t.http().post(`/api/evaluations/${id}/decision`).send({ level: 'excellent' }).expect(401);
      await t
        .http()
        .post(`/api/evaluations/${id}/decision`)
        .set(w.secretaryA1.auth)
        .send({ level: 'excellent' })
        .expect(403);
      await t
        .http()
        .post(`/api/evaluations/${id}/decision`)
        .set(w.leaderB.auth)
        .send({ level: 'excellent' })
        .expect(404);
      const bad = await t
        .http()
        .post(`/api/evaluations/${id}/decision`)
        .set(w.leaderA.auth)
        .send({ level: 'xuất sắc' })
        .expect(400);
      expect(bad.body.details[0].field).toBe('level');
    });

    it('refuses a level above a disqualifier, even with a comment', async () => {
      const res = await t
        .http()
        .post(`/api/evaluations/${evalOf(w.members.a2.id).id}/decision`)
        .set(w.leaderA.auth)
        .send({ level: 'complete', comment: 'Xét hoàn cảnh' })
        .expect(409);
      expect(res.body.code).toBe('EVALUATION_DISQUALIFIED');
      expect(res.body.details.disqualifiers).toEqual(['disciplined_in_year']);
    });

    it('needs a comment to differ from the suggestion', async () => {
      const res = await t
        .http()
        .post(`/api/evaluations/${evalOf(w.members.depA1.id).id}/decision`)
        .set(w.leaderA.auth)
        .send({ level: 'excellent' })
        .expect(400);
      expect(res.body.details[0].field).toBe('comment');
    });

    it('answers 409 for a member who is not classified and for a stale version', async () => {
      const nc = await t
        .http()
        .post(`/api/evaluations/${evalOf(w.members.a1b.id).id}/decision`)
        .set(w.leaderA.auth)
        .send({ level: 'good', comment: 'x' })
        .expect(409);
      expect(nc.body.code).toBe('EVALUATION_NOT_CLASSIFIED');
      const stale = await t
        .http()
        .post(`/api/evaluations/${evalOf(w.members.a1a.id).id}/decision`)
        .set(w.leaderA.auth)
        .send({ level: 'excellent', version: 1 })
        .expect(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
    });

    it('answers 401 / 403 / 404 / 400 on finalize', async () => {
      await t.http().post(`/api/evaluation-cycles/${cycleId}/finalize`).expect(401);
      await t.http().post(`/api/evaluation-cycles/${cycleId}/finalize`).set(w.secretaryA1.auth).expect(403);
      await t.http().post(`/api/evaluation-cycles/${cycleId}/finalize`).set(w.leaderB.auth).expect(404);
      await t.http().post(`/api/evaluation-cycles/${NO_SUCH_ID}/finalize`).set(w.leaderA.auth).expect(404);
      const bad = await t.http().post('/api/evaluation-cycles/123/finalize').set(w.leaderA.auth).expect(400);
      expect(bad.body.details[0].field).toBe('id');
    });

    it('refuses to finalize while members are undecided, naming them', async () => {
      const res = await t
        .http()
        .post(`/api/evaluation-cycles/${cycleId}/finalize`)
        .set(w.leaderA.auth)
        .expect(409);
      expect(res.body.code).toBe('EVALUATION_FINALIZE_BLOCKED');
      const undecided = res.body.details.find((d: { rule: string }) => d.rule === 'undecided');
      expect(undecided.organizationId).toBe(w.orgs.wardA.id);
      expect(undecided.members).toHaveLength(10);
    });

    it('decides every classified member; two excellent for six good breaks the quota', async () => {
      const decide = (memberId: string, body: Record<string, unknown>) =>
        t
          .http()
          .post(`/api/evaluations/${evalOf(memberId).id}/decision`)
          .set(w.leaderA.auth)
          .send(body)
          .expect(200);
      const a1a = await decide(w.members.a1a.id, { level: 'excellent' });
      expect(a1a.body.decision).toMatchObject({
        level: 'excellent',
        levelName: 'Hoàn thành xuất sắc nhiệm vụ',
      });
      await decide(w.members.depA1.id, {
        level: 'excellent',
        comment: 'Có thành tích nổi bật trong công tác dân vận',
      });
      await decide(w.members.secA1.id, { level: 'good' });
      for (const x of extra.slice(0, 5)) await decide(x.id, { level: 'good' });
      await decide(w.members.a2.id, { level: 'incomplete' });
      await decide(extra[6].id, { level: 'incomplete' });

      const res = await t
        .http()
        .post(`/api/evaluation-cycles/${cycleId}/finalize`)
        .set(w.leaderA.auth)
        .expect(409);
      expect(res.body.details).toHaveLength(1);
      const quota = res.body.details[0];
      expect(quota).toMatchObject({
        rule: 'quota',
        organizationId: w.orgs.wardA.id,
        excellent: 2,
        good: 6,
        maxExcellent: 1,
      });
      expect(quota.members.map((m: { memberId: string }) => m.memberId).sort()).toEqual(
        [w.members.a1a.id, w.members.depA1.id].sort(),
      );

      const cycle = await t.http().get(`/api/evaluation-cycles/${cycleId}`).set(w.leaderA.auth).expect(200);
      expect(cycle.body.summary[0].quota).toEqual({ excellent: 2, good: 6, maxExcellent: 1, ok: false });
    });

    it('GET /api/evaluation-cycles/:id: 401, 404 out of scope, 400 for a bad id, and the quota rule the web client recomputes', async () => {
      await t.http().get(`/api/evaluation-cycles/${cycleId}`).expect(401);
      await t.http().get(`/api/evaluation-cycles/${cycleId}`).set(w.leaderB.auth).expect(404);
      const bad = await t.http().get('/api/evaluation-cycles/123').set(w.leaderA.auth).expect(400);
      expect(bad.body.details[0].field).toBe('id');
      const cycle = await t.http().get(`/api/evaluation-cycles/${cycleId}`).set(w.leaderA.auth).expect(200);
      // Version 1 as published has no rounding: it is read as the rounding it always used (down).
      expect(cycle.body.ruleSet).toMatchObject({
        version: 1,
        quota: { maxExcellentShareOfGood: 0.2, rounding: 'floor', exceptionByHigherCommittee: false },
      });
      // The rule applied to the decided counts gives the quota finalize checks: floor(0.2 x 6) = 1.
      const { quota } = cycle.body.ruleSet;
      expect(Math.floor(quota.maxExcellentShareOfGood * cycle.body.summary[0].decided.good)).toBe(
        cycle.body.summary[0].quota.maxExcellent,
      );
      const listed = await t.http().get('/api/evaluation-cycles').set(w.leaderA.auth).expect(200);
      expect(listed.body.items[0].ruleSet.quota).toEqual(quota);
    });

    it('finalizes once fixed: one excellent for seven good', async () => {
      await t
        .http()
        .post(`/api/evaluations/${evalOf(w.members.depA1.id).id}/decision`)
        .set(w.leaderA.auth)
        .send({ level: 'good' })
        .expect(200);
      const res = await t
        .http()
        .post(`/api/evaluation-cycles/${cycleId}/finalize`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(res.body).toMatchObject({ status: 'finalized', locked: true });
    });
  });

  describe('a finalized cycle', () => {
    it('answers 409 to every write', async () => {
      const a1a = evalOf(w.members.a1a.id).id;
      const codes = [
        (
          await t
            .http()
            .post(`/api/evaluations/${a1a}/decision`)
            .set(w.leaderA.auth)
            .send({ level: 'excellent' })
        ).body.code,
        (
          await t
            .http()
            .post(`/api/evaluations/${a1a}/proposal`)
            .set(w.secretaryA1.auth)
            .send({ level: 'excellent', comment: 'Đề nghị lại' })
        ).body.code,
        (
          await t
            .http()
            .post(`/api/evaluations/${a1a}/self-assessment`)
            .set(w.memberA1a.auth)
            .send({ level: 'good', summary: 'Tự đánh giá lại cuối năm' })
        ).body.code,
        (await t.http().post(`/api/evaluation-cycles/${cycleId}/generate`).set(w.leaderA.auth)).body.code,
        (await t.http().post(`/api/evaluation-cycles/${cycleId}/finalize`).set(w.leaderA.auth)).body.code,
      ];
      expect(codes).toEqual(Array(5).fill('EVALUATION_CYCLE_LOCKED'));
    });

    it('tells each member their level', async () => {
      const res = await t.http().get('/api/notifications').set(w.memberA1a.auth).expect(200);
      const told = res.body.items.find((n: { kind: string }) => n.kind === 'evaluation.decided');
      expect(told.body).toContain('Hoàn thành xuất sắc nhiệm vụ');
    });

    it('shows the member their decided level', async () => {
      const res = await t
        .http()
        .get(`/api/evaluations/${evalOf(w.members.a1a.id).id}`)
        .set(w.memberA1a.auth)
        .expect(200);
      expect(res.body).toMatchObject({ status: 'decided', locked: true, decision: { level: 'excellent' } });
      expect(res.body.history.map((h: { action: string }) => h.action)).toEqual([
        'self_assess',
        'propose',
        'decide',
      ]);
    });
  });

  describe('POST /api/evaluation-cycles/:id/reopen', () => {
    it('answers 401, 403 to a secretary, 404 out of scope and 400 without a reason', async () => {
      await t
        .http()
        .post(`/api/evaluation-cycles/${cycleId}/reopen`)
        .send({ reason: 'Phúc tra' })
        .expect(401);
      await t
        .http()
        .post(`/api/evaluation-cycles/${cycleId}/reopen`)
        .set(w.secretaryA1.auth)
        .send({ reason: 'Phúc tra kết quả' })
        .expect(403);
      await t
        .http()
        .post(`/api/evaluation-cycles/${cycleId}/reopen`)
        .set(w.leaderB.auth)
        .send({ reason: 'Phúc tra kết quả' })
        .expect(404);
      const bad = await t
        .http()
        .post(`/api/evaluation-cycles/${cycleId}/reopen`)
        .set(w.leaderA.auth)
        .send({})
        .expect(400);
      expect(bad.body.details[0].field).toBe('reason');
    });

    it('reopens with a reason, audited, and answers 409 when already open', async () => {
      const reason = 'Cấp ủy cấp trên yêu cầu xem xét lại kết quả xếp loại';
      const res = await t
        .http()
        .post(`/api/evaluation-cycles/${cycleId}/reopen`)
        .set(w.leaderA.auth)
        .send({ reason })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'open', locked: false, reopenReason: reason });
      const again = await t
        .http()
        .post(`/api/evaluation-cycles/${cycleId}/reopen`)
        .set(w.leaderA.auth)
        .send({ reason })
        .expect(409);
      expect(again.body.code).toBe('EVALUATION_CYCLE_NOT_FINALIZED');
      const audit = await t
        .http()
        .get(`/api/audit-log?action=evaluation.cycle.reopen`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(audit.body.items[0]).toMatchObject({ entityId: cycleId, reason });
    });

    it('regenerates suggestions without touching self-assessments, proposals or decisions', async () => {
      await seedDiscipline(t, w.members.a1a, `${YEAR}-11-20`);
      const res = await t
        .http()
        .post(`/api/evaluation-cycles/${cycleId}/generate`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(res.body.result).toMatchObject({ members: 12, created: 0, refreshed: 12 });
      const a1a = await t
        .http()
        .get(`/api/evaluations/${evalOf(w.members.a1a.id).id}`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(a1a.body).toMatchObject({
        status: 'decided',
        suggestedLevel: 'incomplete',
        selfAssessment: { level: 'excellent' },
        proposal: { level: 'excellent' },
        decision: { level: 'excellent' },
      });
    });
  });

  describe('GET /api/evaluation-cycles', () => {
    it('lists cycles in reach and answers 401 / 404', async () => {
      await t.http().get('/api/evaluation-cycles').expect(401);
      const mine = await t.http().get('/api/evaluation-cycles').set(w.memberA2.auth).expect(200);
      expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([cycleId]);
      const other = await t.http().get('/api/evaluation-cycles').set(w.leaderB.auth).expect(200);
      expect(other.body.total).toBe(0);
      await t.http().get(`/api/evaluation-cycles/${cycleId}`).set(w.memberB1.auth).expect(404);
      await t.http().get(`/api/evaluation-cycles/${cycleId}`).expect(401);
    });
  });
});
