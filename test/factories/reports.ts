import { expect } from 'vitest';
import { TestApp } from '../setup/test-app.js';
import { recordMeeting } from './cell-life.js';
import { acceptedCommitment, createCommitment, QUARTERLY_ITEMS, step } from './commitments.js';
import { ruleSetIdOf } from './evaluations.js';
import { createMember, Login, MemberRow, World } from './world.js';

interface Item {
  id: string;
}

/**
 * A year (2026) of ward A built through the API, small enough to count every report figure by hand
 * (the expected values are in test/e2e/reports.e2e-spec.ts):
 * - cell A1: An (secretary, head of the cell), Bích (deputy), Đào, Đức (probationary), Ngọc (exempt);
 *   cell A2: Châu.
 * - yearly commitments, in this order of first submission: Đào (accepted, reported 2 done (1 exceeded)
 *   / 1 partly / 1 not done, assessed partly achieved), An (accepted by the deputy), Đức (submitted only);
 *   Đào's Q1 commitment accepted. Every submission is after the default deadlines, so all are late.
 * - one study meeting in A1 on 10/03/2026: An and Bích present, Đào excused, Đức absent, Ngọc present
 *   (exempt, not counted); one issue raised, still open.
 * - the cell's conclusions: Đào manifestation 2 at risk (Q1) and present (yearly), 9 present;
 *   Đức 2 at risk. Đào's own yearly self-check: 4 at risk (never counted in the reports).
 * - a cycle for ward A, generated; Đào self-assesses complete; decided: An good, Bích good, Đức complete, Đào incomplete
 *   (disqualified); Châu undecided; Ngọc not classified (exempt).
 */
export async function buildReportYear(t: TestApp, w: World): Promise<{ exempt: MemberRow; cycleId: string }> {
  const exempt = await createMember(t, w.admin, w.orgs.cellA1.id, 'Đỗ Thị Ngọc', { isExempt: true });
  const org = (await t.http().get(`/api/organizations/${w.orgs.cellA1.id}`).set(w.admin.auth).expect(200))
    .body;
  await t
    .http()
    .patch(`/api/organizations/${w.orgs.cellA1.id}`)
    .set(w.admin.auth)
    .send({ version: org.version, headMemberId: w.members.secA1.id })
    .expect(200);

  const dao = await createCommitment(t, w.memberA1a);
  await step(t, w.memberA1a, dao.id, 'submit');
  const an = await createCommitment(t, w.secretaryA1);
  await step(t, w.secretaryA1, an.id, 'submit');
  await step(t, w.deputyA1, an.id, 'accept', { comment: 'Đồng ý' });
  const duc = await createCommitment(t, w.memberA1b);
  await step(t, w.memberA1b, duc.id, 'submit');
  const accepted = await step(t, w.secretaryA1, dao.id, 'accept', { comment: 'Đồng ý, nội dung cụ thể' });
  const outcomes = ['done', 'done', 'partly', 'not_done'];
  const reported = await step(t, w.memberA1a, dao.id, 'results', {
    version: accepted.version,
    items: accepted.items.map((i: Item, n: number) => ({
      itemId: i.id,
      outcome: outcomes[n],
      ...(n === 0 ? { exceeded: true } : {}),
      note: 'Báo cáo cuối năm',
    })),
  });
  await step(t, w.secretaryA1, dao.id, 'assess', {
    version: reported.version,
    rating: 'partly_achieved',
    comment: 'Còn nội dung chưa hoàn thành',
  });
  await acceptedCommitment(t, w.memberA1a, w.secretaryA1, {
    periodType: 'quarterly',
    periodIndex: 1,
    items: QUARTERLY_ITEMS,
  });

  await recordMeeting(t, w.secretaryA1, {
    cellId: w.orgs.cellA1.id,
    heldOn: '2026-03-10',
    kind: 'study',
    topic: 'Học tập chuyên đề năm 2026',
    attendance: [
      { memberId: w.members.secA1.id, status: 'present' },
      { memberId: w.members.depA1.id, status: 'present' },
      { memberId: w.members.a1a.id, status: 'excused' },
      { memberId: exempt.id, status: 'present' },
    ],
    issues: [{ title: 'Vệ sinh môi trường khu dân cư chưa tốt' }],
  });

  const conclude = async (memberId: string, body: Record<string, unknown>) => {
    const res = await t
      .http()
      .put(`/api/members/${memberId}/conduct-checks/2026`)
      .set(w.secretaryA1.auth)
      .send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  await conclude(w.members.a1a.id, { quarter: 1, conclusion: [{ code: 2, status: 'at_risk' }] });
  await conclude(w.members.a1a.id, {
    conclusion: [
      { code: 2, status: 'present' },
      { code: 9, status: 'present' },
    ],
  });
  await conclude(w.members.a1b.id, { conclusion: [{ code: 2, status: 'at_risk' }] });
  const selfCheck = await t
    .http()
    .put(`/api/members/${w.members.a1a.id}/conduct-checks/2026`)
    .set(w.memberA1a.auth)
    .send({ self: [{ code: 4, status: 'at_risk' }] });
  expect(selfCheck.status, JSON.stringify(selfCheck.body)).toBe(200);

  const cycle = await t
    .http()
    .post('/api/evaluation-cycles')
    .set(w.leaderA.auth)
    // The decisions below were written against version 1 (under version 2 one of them is disqualified).
    .send({ organizationId: w.orgs.wardA.id, year: 2026, ruleSetId: await ruleSetIdOf(t, w.leaderA, 1) });
  expect(cycle.status, JSON.stringify(cycle.body)).toBe(201);
  await t.http().post(`/api/evaluation-cycles/${cycle.body.id}/generate`).set(w.leaderA.auth).expect(200);
  const list = await t
    .http()
    .get(`/api/evaluations?cycleId=${cycle.body.id}&pageSize=200`)
    .set(w.leaderA.auth)
    .expect(200);
  const evalOf = (memberId: string) =>
    list.body.items.find((e: { memberId: string }) => e.memberId === memberId) as { id: string };
  const selfAssessed = await t
    .http()
    .post(`/api/evaluations/${evalOf(w.members.a1a.id).id}/self-assessment`)
    .set(w.memberA1a.auth)
    .send({
      level: 'complete',
      summary: 'Hoàn thành cơ bản các nội dung đã cam kết',
      shortcomings: 'Còn chậm báo cáo',
    });
  expect(selfAssessed.status, JSON.stringify(selfAssessed.body)).toBe(200);
  const decide = async (as: Login, memberId: string, level: string) => {
    const e = evalOf(memberId);
    const res = await t
      .http()
      .post(`/api/evaluations/${e.id}/decision`)
      .set(as.auth)
      .send({ level, comment: 'Cấp ủy thống nhất' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  await decide(w.leaderA, w.members.secA1.id, 'good');
  await decide(w.leaderA, w.members.depA1.id, 'good');
  await decide(w.leaderA, w.members.a1b.id, 'complete');
  await decide(w.leaderA, w.members.a1a.id, 'incomplete');
  return { exempt, cycleId: cycle.body.id };
}
