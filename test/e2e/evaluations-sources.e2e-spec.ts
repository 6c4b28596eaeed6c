import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/common/database.service.js';
import { EvaluationCycle } from '../../src/evaluations/evaluation-cycle.entity.js';
import { prepareEvaluations, ReadPlan } from '../../src/evaluations/evaluation-generator.js';
import { EvaluationRuleSet } from '../../src/evaluations/evaluation-rule-set.entity.js';
import { parseRuleSet } from '../../src/evaluations/evaluation-views.js';
import { insertRow, seedDiscipline } from '../factories/evaluations.js';
import { buildWorld, createMember, MemberRow, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const YEAR = 2026;

interface Evaluation {
  memberId: string;
  status: string;
  suggestedLevel: string | null;
  notClassifiedReason: string | null;
  disqualifiers: string[];
  reasons: Array<{ code: string; effect: string; text: string }>;
  metrics: {
    items: Record<string, number>;
    feedback: Record<string, number>;
    meetings: Record<string, number>;
    study: Record<string, number>;
    conduct: {
      selfAtRisk: number;
      selfPresent: number;
      concludedPresentCodes: number[];
      conclusions: unknown[];
      proposedPresentCodes: number[];
    };
    discipline: Record<string, number>;
    commitments: Record<string, unknown>;
  };
}

/**
 * What generation reads from the other modules' tables, record by record, for ward B: removed items
 * and unpublished commitments do not count, the member's own feedback does not count, a self-check is
 * not a conclusion, an expelled member is listed or left out by date, a member who moved in brings
 * their year with them.
 */
describe('evaluation generation sources (e2e)', () => {
  let t: TestApp;
  let w: World;
  let active: MemberRow;
  let expelledInYear: MemberRow;
  let expelledBefore: MemberRow;
  let breach: MemberRow;
  let movedIn: MemberRow;
  const byMember = new Map<string, Evaluation>();
  let cycleId: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    const cellB1 = w.orgs.cellB1.id;
    active = await createMember(t, w.leaderB, cellB1, 'Hà Văn Tâm');
    expelledInYear = await createMember(t, w.leaderB, cellB1, 'Tạ Thị Uyên');
    expelledBefore = await createMember(t, w.leaderB, cellB1, 'Lương Văn Vinh');
    breach = await createMember(t, w.leaderB, cellB1, 'Kiều Thị Xuân');
    movedIn = await createMember(t, w.leaderA, w.orgs.cellA1.id, 'Âu Văn Yên');

    // Hà Văn Tâm: a reported yearly commitment (2 live items, 1 removed) and a draft quarterly one.
    const yearly = await insertRow(t, 'commitment', {
      memberId: active.id,
      cellId: cellB1,
      year: YEAR,
      periodType: 'yearly',
      periodKey: 0,
      status: 'reported',
    });
    const item = (commitmentId: string, position: number, extra: Record<string, unknown>) =>
      insertRow(t, 'commitment_item', {
        commitmentId,
        position,
        category: 'duty',
        content: 'Nội dung cam kết',
        ...extra,
      });
    await item(yearly, 0, { outcome: 'done', exceeded: true });
    await item(yearly, 1, { outcome: 'done', exceeded: false });
    await item(yearly, 2, { outcome: 'not_done', removedAt: `${YEAR}-03-01 08:00:00` });
    const draft = await insertRow(t, 'commitment', {
      memberId: active.id,
      cellId: cellB1,
      year: YEAR,
      periodType: 'quarterly',
      periodKey: 2,
      status: 'draft',
    });
    await item(draft, 0, { outcome: 'not_done' });
    const feedback = (kind: string, authorMemberId: string, authorName: string) =>
      insertRow(t, 'commitment_feedback', {
        commitmentId: yearly,
        kind,
        content: 'Góp ý',
        createdAt: `${YEAR}-06-01 08:00:00`,
        authorMemberId,
        authorName,
      });
    await feedback('commendation', w.members.secB1.id, 'Vũ Thị Hạnh');
    await feedback('criticism', w.members.b1.id, 'Đặng Quốc Hùng');
    await feedback('comment', active.id, 'Hà Văn Tâm');
    const study = await insertRow(t, 'meeting', {
      cellId: cellB1,
      heldOn: `${YEAR}-04-10`,
      kind: 'study',
      topic: 'Học tập chuyên đề năm 2026',
    });
    const regular = await insertRow(t, 'meeting', {
      cellId: cellB1,
      heldOn: `${YEAR}-05-05`,
      kind: 'regular',
      topic: 'Sinh hoạt thường kỳ',
    });
    const older = await insertRow(t, 'meeting', {
      cellId: cellB1,
      heldOn: `${YEAR - 1}-12-05`,
      kind: 'regular',
      topic: 'Năm trước',
    });
    await insertRow(t, 'meeting_attendance', { meetingId: study, memberId: active.id, status: 'present' });
    await insertRow(t, 'meeting_attendance', { meetingId: regular, memberId: active.id, status: 'absent' });
    await insertRow(t, 'meeting_attendance', { meetingId: older, memberId: active.id, status: 'absent' });
    const check = await insertRow(t, 'conduct_check', {
      memberId: active.id,
      cellId: cellB1,
      year: YEAR,
      quarter: 0,
      catalogVersion: 1,
    });
    await insertRow(t, 'conduct_check_item', { checkId: check, code: 3, selfStatus: 'present' });
    // The secretary's `present` on code 8 with no document: a proposal, shown but not forcing a level.
    await insertRow(t, 'conduct_check_item', { checkId: check, code: 8, conclusionStatus: 'present' });

    // Expulsions: during the year (listed, not classified) and the year before (left out).
    for (const [m, on] of [
      [expelledInYear, `${YEAR}-08-01`],
      [expelledBefore, `${YEAR - 1}-06-01`],
    ] as const) {
      await insertRow(t, 'disciplinary_record', {
        memberId: m.id,
        cellId: cellB1,
        decidedOn: on,
        form: 'expulsion',
        decisionNumber: `KT-${m.id.slice(0, 8)}`,
        reason: 'Vi phạm nghiêm trọng',
        prohibitionCatalogVersion: 1,
      });
    }
    await seedDiscipline(t, breach, `${YEAR}-04-01`, { prohibitionCodes: [5] });

    // Âu Văn Yên made a commitment in cell A1, then moved to cell B1 and brings it with them.
    const before = await insertRow(t, 'commitment', {
      memberId: movedIn.id,
      cellId: w.orgs.cellA1.id,
      year: YEAR,
      periodType: 'yearly',
      periodKey: 0,
      status: 'assessed',
      rating: 'achieved',
    });
    await item(before, 0, { outcome: 'done' });
    await t
      .http()
      .patch(`/api/members/${movedIn.id}`)
      .set(w.admin.auth)
      .send({ version: movedIn.version, cellId: cellB1, transferReason: 'Chuyển sinh hoạt' })
      .expect(200);

    const cycle = await t
      .http()
      .post('/api/evaluation-cycles')
      .set(w.leaderB.auth)
      .send({ organizationId: w.orgs.wardB.id, year: YEAR })
      .expect(201);
    cycleId = cycle.body.id;
    await t.http().post(`/api/evaluation-cycles/${cycleId}/generate`).set(w.leaderB.auth).expect(200);
    const list = await t
      .http()
      .get(`/api/evaluations?cycleId=${cycle.body.id}&pageSize=200`)
      .set(w.leaderB.auth)
      .expect(200);
    for (const e of list.body.items as Evaluation[]) byMember.set(e.memberId, e);
  });
  afterAll(() => t.close());

  it('counts live items of published commitments only', () => {
    const m = byMember.get(active.id)!.metrics;
    expect(m.items).toMatchObject({ total: 2, done: 2, exceeded: 1, notDone: 0, unreported: 0 });
    expect(m.commitments).toMatchObject({ yearlyRegistered: true, quarterlyRegistered: 0 });
  });

  it("counts others' feedback, not the member's own", () => {
    expect(byMember.get(active.id)!.metrics.feedback).toEqual({
      received: 2,
      commendations: 1,
      criticisms: 1,
    });
  });

  it("splits study sessions from meetings and keeps to the cycle's year", () => {
    const m = byMember.get(active.id)!.metrics;
    expect(m.study).toMatchObject({ expected: 1, present: 1 });
    expect(m.meetings).toMatchObject({ expected: 1, absent: 1 });
  });

  it('records a self-check without treating it as a conclusion', () => {
    const e = byMember.get(active.id)!;
    expect(e.metrics.conduct).toEqual({
      selfAtRisk: 0,
      selfPresent: 1,
      concludedPresentCodes: [],
      conclusions: [],
      proposedPresentCodes: [8],
    });
    expect(e.disqualifiers).toEqual([]);
  });

  it("shows the secretary's entry without a competent body's conclusion as a proposal, not a disqualifier", () => {
    const e = byMember.get(active.id)!;
    expect(e.disqualifiers).not.toContain('concluded_manifestation');
    const proposal = e.reasons.find((r) => r.code === 'proposed_manifestation');
    expect(proposal?.effect).toBe('info');
    expect(proposal?.text).toContain('biểu hiện số 8');
  });

  it('lists a member expelled in the year without a level and leaves out one expelled before', () => {
    expect(byMember.get(expelledInYear.id)).toMatchObject({
      status: 'not_classified',
      notClassifiedReason: 'expelled',
      suggestedLevel: null,
    });
    expect(byMember.has(expelledBefore.id)).toBe(false);
  });

  it('forces incomplete for a QĐ 37 breach recorded on a decision', () => {
    const e = byMember.get(breach.id)!;
    expect(e.metrics.discipline).toEqual({
      records: 1,
      remedied: 0,
      prohibitionBreaches: 1,
      prohibitionBreachesRemedied: 0,
    });
    expect(e.disqualifiers).toEqual(['disciplined_in_year', 'prohibition_breach']);
    expect(e.suggestedLevel).toBe('incomplete');
  });

  it('brings the year of a member who moved in, made in their old cell', () => {
    const e = byMember.get(movedIn.id)!;
    expect(e.metrics.items).toMatchObject({ total: 1, done: 1 });
    expect(e.metrics.commitments).toMatchObject({ yearlyRegistered: true });
  });

  it('evaluates every member of ward B and nobody else', () => {
    expect([...byMember.keys()].sort()).toEqual(
      [w.members.secB1.id, w.members.b1.id, active.id, expelledInYear.id, breach.id, movedIn.id].sort(),
    );
  });

  it('gives the same rows whatever the chunk of members read together, or the whole subtree at once', async () => {
    const db = t.app.get(Database);
    const now = new Date();
    const prepare = (plan?: ReadPlan) =>
      db.read(async (em) => {
        const cycle = await em.findOneByOrFail(EvaluationCycle, { id: cycleId });
        const ruleSet = await em.findOneByOrFail(EvaluationRuleSet, { id: cycle.ruleSetId });
        const prepared = await prepareEvaluations(em, cycle, parseRuleSet(ruleSet), now, plan);
        const rows = prepared.list().map(({ id: _id, ...row }) => row);
        return {
          rows: rows.sort((a, b) => String(a.memberId).localeCompare(String(b.memberId))),
          result: prepared.result,
        };
      });
    const whole = await prepare();
    expect(whole.rows).toHaveLength(byMember.size);
    for (const chunkMembers of [1, 2, 4]) expect(await prepare({ chunkMembers })).toEqual(whole);
    // Each source read once for the whole subtree (PostgreSQL's way for a large one), on either engine.
    expect(await prepare({ wholeSubtree: true })).toEqual(whole);
    // ... and the same metrics as the generation through the API stored.
    for (const row of whole.rows) {
      expect(JSON.parse(String(row.metrics))).toEqual(byMember.get(String(row.memberId))!.metrics);
    }
  });
});
