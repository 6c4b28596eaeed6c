import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/common/actor.js';
import { CommitmentsService } from '../../src/commitments/commitments.service.js';
import { Database } from '../../src/common/database.service.js';
import { DomainError } from '../../src/common/domain-error.js';
import {
  acceptedCommitment,
  createCommitment,
  QUARTERLY_ITEMS,
  step,
  YEARLY_ITEMS,
} from '../factories/commitments.js';
import { buildWorld, createMember, createUser, login, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

type Item = { id: string; category: string; content: string; sourceRef: string | null };

describe('commitments (e2e): the whole workflow with real logins', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('registers, reviews, publishes, reports, assesses and carries forward', async () => {
    // 1. The member registers last year's commitment, late (the yearly deadline is 31 January).
    const draft = await createCommitment(t, w.memberA1a, { year: 2025 });
    const submitted = await step(t, w.memberA1a, draft.id, 'submit');
    expect(submitted).toMatchObject({ status: 'submitted', late: true, deadlineOn: '2025-01-31' });
    const firstSubmittedAt = submitted.firstSubmittedAt as string;
    expect(firstSubmittedAt).toBeTruthy();

    // 2. It waits in the secretary's queue; the secretary returns it with a reason.
    let queue = (await t.http().get('/api/commitments/queue').set(w.secretaryA1.auth).expect(200)).body;
    expect(queue.toReview.map((c: { id: string }) => c.id)).toContain(draft.id);
    const inbox = await t.http().get('/api/notifications').set(w.secretaryA1.auth).expect(200);
    expect(JSON.stringify(inbox.body)).toContain(draft.id);
    await step(t, w.secretaryA1, draft.id, 'return', { reason: 'Bổ sung nội dung học tập chuyên đề năm' });
    const mine = (await t.http().get('/api/commitments/queue').set(w.memberA1a.auth).expect(200)).body;
    expect(mine.toResubmit.map((c: { id: string }) => c.id)).toContain(draft.id);

    // 3. The member edits and submits again; the first submission time and the late flag are kept.
    const current = (await t.http().get(`/api/commitments/${draft.id}`).set(w.memberA1a.auth).expect(200))
      .body;
    const edited = await t
      .http()
      .patch(`/api/commitments/${draft.id}`)
      .set(w.memberA1a.auth)
      .send({
        version: current.version,
        items: [
          // an item read back is sent back as it is (nulls included)
          ...current.items.map(
            ({
              id,
              category,
              content,
              target,
              dueDate,
              manifestationCodes,
              parentItemId,
            }: Item & Record<string, unknown>) => ({
              id,
              category,
              content,
              target,
              dueDate,
              manifestationCodes,
              parentItemId,
            }),
          ),
          { category: 'study', content: 'Học tập chuyên đề năm 2025 về xây dựng Đảng trong sạch, vững mạnh' },
        ],
      });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const resubmitted = await step(t, w.memberA1a, draft.id, 'submit', { version: edited.body.version });
    expect(resubmitted.firstSubmittedAt).toBe(firstSubmittedAt);
    expect(resubmitted.late).toBe(true);

    // 4. The deputy accepts; the cell reads it and comments (góp ý); the meeting records its presentation.
    const accepted = await step(t, w.deputyA1, draft.id, 'accept', { comment: 'Chi bộ nhất trí' });
    expect(accepted).toMatchObject({ status: 'accepted', reviewComment: 'Chi bộ nhất trí' });
    await t.http().get(`/api/commitments/${draft.id}`).set(w.memberA1b.auth).expect(200);
    await t
      .http()
      .post(`/api/commitments/${draft.id}/feedback`)
      .set(w.memberA1b.auth)
      .send({ kind: 'suggestion', content: 'Nên đăng ký thêm việc giúp đỡ hộ khó khăn' })
      .expect(201);
    const meetingId = randomUUID();
    const db = t.app.get(Database);
    const service = t.app.get(CommitmentsService);
    await db.transaction((em) =>
      service.markPresented(em, systemActor('meeting'), meetingId, w.orgs.cellA1.id, [draft.id]),
    );
    const presented = (await t.http().get(`/api/commitments/${draft.id}`).set(w.memberA1a.auth).expect(200))
      .body;
    expect(presented.presentedAtMeetingId).toBe(meetingId);
    expect(presented.history.at(-1)).toMatchObject({ action: 'present', from: 'accepted', to: 'accepted' });

    // 5. The member reports outcomes; the report waits for assessment; the secretary assesses.
    const results = await step(t, w.memberA1a, draft.id, 'results', {
      version: presented.version,
      items: presented.items.map((i: Item, n: number) => ({
        itemId: i.id,
        outcome: n === 0 ? 'done' : n === 1 ? 'partly' : n === 2 ? 'not_done' : 'done',
        ...(n === 0 ? { exceeded: true } : {}),
        note: 'Báo cáo cuối năm',
      })),
    });
    expect(results.status).toBe('reported');
    queue = (await t.http().get('/api/commitments/queue').set(w.secretaryA1.auth).expect(200)).body;
    expect(queue.toAssess.map((c: { id: string }) => c.id)).toContain(draft.id);
    const assessed = await step(t, w.secretaryA1, draft.id, 'assess', {
      rating: 'partly_achieved',
      comment: 'Hoàn thành phần lớn nội dung',
      shortcomings: ['Tham gia sinh hoạt chi bộ chưa đều'],
    });
    expect(assessed.status).toBe('assessed');

    // 6. Next year's commitment pulls the unfinished items and the shortcoming in as remedies, once.
    const next = await createCommitment(t, w.memberA1a, {
      year: 2026,
      carryForward: true,
      items: [YEARLY_ITEMS[0]],
    });
    const remedies = next.items.filter((i: Item) => i.category === 'remedy');
    expect(remedies.map((i: Item) => i.sourceRef)).toEqual([
      `item:${presented.items[1].id}`,
      `item:${presented.items[2].id}`,
      `shortcoming:${draft.id}:0`,
    ]);
    expect(remedies[2].content).toContain('Tham gia sinh hoạt chi bộ chưa đều');
    const again = await step(t, w.memberA1a, next.id, 'carry-forward', { version: next.version });
    expect(again.items).toHaveLength(next.items.length);
    expect(again.history.map((h: { action: string }) => h.action)).toEqual([
      'create',
      'carry_forward',
      'carry_forward',
    ]);
    const quarterly = await createCommitment(t, w.memberA1a, {
      year: 2026,
      periodType: 'quarterly',
      periodIndex: 1,
      items: QUARTERLY_ITEMS,
    });
    const notYearly = await step(t, w.memberA1a, quarterly.id, 'carry-forward', { version: 1 }, 409);
    expect(notYearly.code).toBe('COMMITMENT_NOT_YEARLY');

    // Every step is in the audit log of the ward, with its actor.
    const audit = await t.http().get(`/api/audit-log?entityId=${draft.id}`).set(w.leaderA.auth).expect(200);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining([
        'commitment.create',
        'commitment.submit',
        'commitment.return',
        'commitment.accept',
        'commitment.present',
        'commitment.report',
        'commitment.assess',
      ]),
    );
  });

  it('lets a secretary fill in everything for a member without a device, recording who did what', async () => {
    const c = await createCommitment(t, w.secretaryA1, { memberId: w.members.a1b.id, year: 2003 });
    const submitted = await step(t, w.secretaryA1, c.id, 'submit');
    expect(submitted.history.at(-1)).toMatchObject({
      action: 'submit',
      onBehalf: true,
      actorUserId: w.secretaryA1.userId,
    });
    const accepted = await step(t, w.deputyA1, c.id, 'accept');
    const owed = (await t.http().get('/api/commitments/queue').set(w.memberA1b.auth).expect(200)).body;
    expect(owed.toReport.map((x: { id: string }) => x.id)).toContain(c.id);
    const reported = await step(t, w.secretaryA1, c.id, 'results', {
      version: accepted.version,
      items: accepted.items.map((i: Item) => ({ itemId: i.id, outcome: 'done' })),
    });
    expect(reported.history.at(-1)).toMatchObject({ action: 'report', onBehalf: true });
    // another cell's secretary can do none of it
    await step(t, w.secretaryB1, c.id, 'assess', { rating: 'achieved' }, 404);
    const assessed = await step(t, w.deputyA1, c.id, 'assess', { rating: 'achieved' });
    expect(assessed.enteredOnBehalf).toBe(true);
  });

  it('markPresented refuses commitments of another cell or not yet accepted, naming the field', async () => {
    const draft = await createCommitment(t, w.memberA1b, { year: 2030 });
    const other = await acceptedCommitment(t, w.memberB1, w.secretaryB1, { year: 2030 });
    const db = t.app.get(Database);
    const service = t.app.get(CommitmentsService);
    const attempt = (ids: string[]) =>
      db
        .transaction((em) =>
          service.markPresented(em, systemActor('meeting'), randomUUID(), w.orgs.cellA1.id, ids),
        )
        .catch((e: unknown) => e);
    const e1 = (await attempt([draft.id])) as DomainError;
    expect(e1).toBeInstanceOf(DomainError);
    expect(e1.details).toEqual([expect.objectContaining({ field: 'presentedCommitmentIds.0' })]);
    const e2 = (await attempt([randomUUID(), other.id])) as DomainError;
    expect(e2.details).toEqual([expect.objectContaining({ field: 'presentedCommitmentIds.0' })]);
    const fresh = (await t.http().get(`/api/commitments/${other.id}`).set(w.memberB1.auth)).body;
    expect(fresh.presentedAtMeetingId).toBeNull();
  });

  it('tells a member which current periods still need a commitment', async () => {
    const q = (await t.http().get('/api/commitments/queue').set(w.memberA2.auth).expect(200)).body;
    expect(q.toRegister.map((p: { periodType: string }) => p.periodType)).toEqual([
      'yearly',
      'quarterly',
      'monthly',
    ]);
    expect(q.toRegister[0]).toMatchObject({ periodIndex: null, deadlineOn: `${q.today.slice(0, 4)}-01-31` });
    expect(q.toReview).toEqual([]);
    await t.http().get('/api/commitments/queue').expect(401);
  });

  describe('deadlines', () => {
    it('inherits deadlines down the tree and flags late submissions', async () => {
      await t.http().get(`/api/commitments/deadlines?organizationId=${w.orgs.cellA1.id}`).expect(401);
      const before = await t
        .http()
        .get(`/api/commitments/deadlines?organizationId=${w.orgs.cellA1.id}`)
        .set(w.memberA1a.auth)
        .expect(200);
      expect(before.body.deadlines).toEqual([
        { periodType: 'yearly', monthOffset: 0, day: 31, sourceOrganizationId: null },
        { periodType: 'quarterly', monthOffset: 0, day: 10, sourceOrganizationId: null },
        { periodType: 'monthly', monthOffset: 0, day: 5, sourceOrganizationId: null },
      ]);
      await t
        .http()
        .get(`/api/commitments/deadlines?organizationId=${w.orgs.cellA1.id}`)
        .set(w.memberB1.auth)
        .expect(404);

      const body = { organizationId: w.orgs.wardA.id, periodType: 'yearly', monthOffset: 1, day: 15 };
      await t.http().put('/api/commitments/deadlines').send(body).expect(401);
      await t.http().put('/api/commitments/deadlines').set(w.secretaryA1.auth).send(body).expect(403);
      await t.http().put('/api/commitments/deadlines').set(w.leaderB.auth).send(body).expect(404);
      const bad = await t
        .http()
        .put('/api/commitments/deadlines')
        .set(w.leaderA.auth)
        .send({ ...body, periodType: 'quarterly', monthOffset: 3 })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['monthOffset']);
      await t.http().put('/api/commitments/deadlines').set(w.leaderA.auth).send(body).expect(200);
      const after = await t
        .http()
        .get(`/api/commitments/deadlines?organizationId=${w.orgs.cellA1.id}`)
        .set(w.secretaryA1.auth)
        .expect(200);
      expect(after.body.deadlines[0]).toEqual({
        periodType: 'yearly',
        monthOffset: 1,
        day: 15,
        sourceOrganizationId: w.orgs.wardA.id,
      });

      const onTime = await createCommitment(t, w.memberA1b, { year: 2099 });
      expect(await step(t, w.memberA1b, onTime.id, 'submit')).toMatchObject({
        late: false,
        deadlineOn: '2099-02-15',
      });
      const late = await createCommitment(t, w.memberA1b, { year: 2001 });
      expect(await step(t, w.memberA1b, late.id, 'submit')).toMatchObject({
        late: true,
        deadlineOn: '2001-02-15',
      });
      // Ward B keeps the default.
      const b = await createCommitment(t, w.memberB1, { year: 2099 });
      expect(await step(t, w.memberB1, b.id, 'submit')).toMatchObject({ deadlineOn: '2099-01-31' });

      await t
        .http()
        .delete(`/api/commitments/deadlines?organizationId=${w.orgs.wardA.id}&periodType=yearly`)
        .set(w.leaderA.auth)
        .expect(200);
      await t
        .http()
        .delete(`/api/commitments/deadlines?organizationId=${w.orgs.wardA.id}&periodType=yearly`)
        .set(w.leaderA.auth)
        .expect(404);
    });
  });

  describe('GET /api/commitments/missing', () => {
    it('lists members in scope without a commitment for the period', async () => {
      const url = `/api/commitments/missing?organizationId=${w.orgs.wardA.id}&year=2040&periodType=quarterly&periodIndex=2`;
      await t.http().get(url).expect(401);
      const before = await t.http().get(url).set(w.leaderA.auth).expect(200);
      expect(before.body).toMatchObject({ year: 2040, periodType: 'quarterly', periodIndex: 2, total: 5 });
      expect(before.body.items[0]).toEqual(
        expect.objectContaining({
          memberId: expect.any(String),
          fullName: expect.any(String),
          cellName: expect.any(String),
        }),
      );
      await createCommitment(t, w.memberA1a, {
        year: 2040,
        periodType: 'quarterly',
        periodIndex: 2,
        items: QUARTERLY_ITEMS,
      });
      const after = await t.http().get(url).set(w.leaderA.auth).expect(200);
      expect(after.body.total).toBe(4);
      expect(after.body.items.map((m: { memberId: string }) => m.memberId)).not.toContain(w.members.a1a.id);
      const cell = await t
        .http()
        .get('/api/commitments/missing?year=2040&periodType=quarterly&periodIndex=2')
        .set(w.secretaryA1.auth)
        .expect(200);
      expect(cell.body.total).toBe(3);
      await t.http().get(url).set(w.leaderB.auth).expect(404);
      const bad = await t
        .http()
        .get('/api/commitments/missing?year=2040&periodType=quarterly&periodIndex=5')
        .set(w.leaderA.auth)
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['periodIndex']);
      const noYear = await t
        .http()
        .get('/api/commitments/missing?periodType=yearly')
        .set(w.leaderA.auth)
        .expect(400);
      expect(noYear.body.details.map((d: { field: string }) => d.field)).toContain('year');
    });
  });

  describe('POST /api/commitments/accept (bulk)', () => {
    it('accepts all or nothing, naming the failing id', async () => {
      const a = await createCommitment(t, w.memberA1a, { year: 2050 });
      const b = await createCommitment(t, w.memberA1b, { year: 2050 });
      const c = await createCommitment(t, w.memberA1b, { year: 2051 });
      await step(t, w.memberA1a, a.id, 'submit');
      await step(t, w.memberA1b, b.id, 'submit');
      await t
        .http()
        .post('/api/commitments/accept')
        .send({ ids: [a.id] })
        .expect(401);
      await t
        .http()
        .post('/api/commitments/accept')
        .set(w.memberA1a.auth)
        .send({ ids: [a.id] })
        .expect(403);
      const bad = await t
        .http()
        .post('/api/commitments/accept')
        .set(w.secretaryA1.auth)
        .send({ ids: ['x'] })
        .expect(400);
      expect(bad.body.details[0].field).toBe('ids');
      const conflict = await t
        .http()
        .post('/api/commitments/accept')
        .set(w.secretaryA1.auth)
        .send({ ids: [a.id, b.id, c.id] })
        .expect(409);
      expect(conflict.body.details[0]).toMatchObject({ field: 'ids.2', id: c.id, status: 'draft' });
      const stillSubmitted = (await t.http().get(`/api/commitments/${a.id}`).set(w.memberA1a.auth)).body;
      expect(stillSubmitted.status).toBe('submitted');
      const other = await acceptedCommitment(t, w.memberB1, w.secretaryB1, { year: 2050 });
      const scope = await t
        .http()
        .post('/api/commitments/accept')
        .set(w.secretaryA1.auth)
        .send({ ids: [a.id, other.id] })
        .expect(404);
      expect(scope.body.details[0].field).toBe('ids.1');
      const ok = await t
        .http()
        .post('/api/commitments/accept')
        .set(w.secretaryA1.auth)
        .send({ ids: [a.id, b.id], comment: 'Nhất trí' })
        .expect(200);
      expect(ok.body.accepted).toBe(2);
      expect(ok.body.items.map((x: { status: string }) => x.status)).toEqual(['accepted', 'accepted']);
    });
  });

  describe('transfer', () => {
    it('keeps a moved member’s old commitments with the old cell', async () => {
      const m = await createMember(t, w.admin, w.orgs.cellA1.id, 'Ngô Thị Lan');
      const u = await createUser(t, w.admin, { memberId: m.id, roles: [] });
      const lan = await login(t, u.username);
      const old = await acceptedCommitment(t, lan, w.secretaryA1, {
        year: 2026,
        periodType: 'monthly',
        periodIndex: 1,
        items: QUARTERLY_ITEMS,
      });
      expect(old.cellId).toBe(w.orgs.cellA1.id);
      await t
        .http()
        .patch(`/api/members/${m.id}`)
        .set(w.leaderA.auth)
        .send({ version: m.version, cellId: w.orgs.cellA2.id })
        .expect(200);
      const lanAfter = await login(t, u.username);

      // The old cell keeps it; the new cell does not see it; the member still reads their own.
      await t.http().get(`/api/commitments/${old.id}`).set(w.secretaryA1.auth).expect(200);
      await t.http().get(`/api/commitments/${old.id}`).set(w.memberA1a.auth).expect(200);
      await t.http().get(`/api/commitments/${old.id}`).set(w.memberA2.auth).expect(404);
      await t.http().get(`/api/commitments/${old.id}`).set(lanAfter.auth).expect(200);
      // New commitments are made in the new cell.
      const fresh = await createCommitment(t, lanAfter, {
        year: 2026,
        periodType: 'monthly',
        periodIndex: 2,
        items: QUARTERLY_ITEMS,
      });
      expect(fresh.cellId).toBe(w.orgs.cellA2.id);
      await t.http().get(`/api/commitments/${fresh.id}`).set(w.secretaryA1.auth).expect(404);
      const a1List = await t
        .http()
        .get(`/api/commitments?organizationId=${w.orgs.cellA1.id}&year=2026&periodType=monthly`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(a1List.body.items.map((c: { id: string }) => c.id)).toEqual([old.id]);
    });
  });
});
