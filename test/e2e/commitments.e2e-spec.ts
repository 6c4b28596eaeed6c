import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedCommitment,
  createCommitment,
  QUARTERLY_ITEMS,
  step,
  YEARLY_ITEMS,
} from '../factories/commitments.js';
import { buildWorld, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const fields = (res: { body: { details?: Array<{ field: string }> } }) =>
  (res.body.details ?? []).map((d) => d.field);

describe('commitments (e2e): every endpoint', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  describe('POST /api/commitments', () => {
    it('answers 401 without a token', async () => {
      await t
        .http()
        .post('/api/commitments')
        .send({ year: 2026, periodType: 'yearly', periodIndex: null, items: [] })
        .expect(401);
    });

    it('creates an own yearly draft with periodIndex null, items and a history entry', async () => {
      const c = await createCommitment(t, w.memberA1a, { year: 2010 });
      expect(c).toMatchObject({
        memberId: w.members.a1a.id,
        memberName: 'Trần Thị Đào',
        cellId: w.orgs.cellA1.id,
        year: 2010,
        periodType: 'yearly',
        periodIndex: null,
        status: 'draft',
        version: 1,
        enteredOnBehalf: false,
      });
      expect(c.items).toHaveLength(YEARLY_ITEMS.length);
      expect(c.items[1]).toMatchObject({ category: 'resolution4', manifestationCodes: [2, 9] });
      expect(c.items[0].content).toBe(YEARLY_ITEMS[0].content);
      expect(c.history).toEqual([
        expect.objectContaining({ action: 'create', from: null, to: 'draft', onBehalf: false }),
      ]);
      expect(c.allowedActions).toEqual(['edit', 'carry_forward', 'submit']);
    });

    it('answers 409 for a second commitment of the same member and period, yearly included', async () => {
      await createCommitment(t, w.memberA1a, { year: 2011 });
      const res = await t
        .http()
        .post('/api/commitments')
        .set(w.memberA1a.auth)
        .send({ year: 2011, periodType: 'yearly', periodIndex: null, items: YEARLY_ITEMS })
        .expect(409);
      expect(res.body.code).toBe('COMMITMENT_DUPLICATE');
      await createCommitment(t, w.memberA1a, {
        year: 2011,
        periodType: 'quarterly',
        periodIndex: 2,
        items: QUARTERLY_ITEMS,
      });
      await t
        .http()
        .post('/api/commitments')
        .set(w.memberA1a.auth)
        .send({ year: 2011, periodType: 'quarterly', periodIndex: 2, items: QUARTERLY_ITEMS })
        .expect(409);
    });

    it('answers 400 naming each bad field', async () => {
      const bad = await t
        .http()
        .post('/api/commitments')
        .set(w.memberA1a.auth)
        .send({
          year: 2012,
          periodType: 'yearly',
          periodIndex: 2,
          items: [YEARLY_ITEMS[0], { category: 'resolution4', content: 'Giữ gìn đạo đức' }],
        })
        .expect(400);
      expect(fields(bad)).toEqual(expect.arrayContaining(['periodIndex', 'items.1.manifestationCodes']));
      const cat = await t
        .http()
        .post('/api/commitments')
        .set(w.memberA1a.auth)
        .send({
          year: 2012,
          periodType: 'monthly',
          periodIndex: 13,
          items: [{ category: 'gì đó', content: '' }],
          extra: 1,
        })
        .expect(400);
      expect(fields(cat)).toEqual(expect.arrayContaining(['items.0.category', 'items.0.content', 'extra']));
      const month = await t
        .http()
        .post('/api/commitments')
        .set(w.memberA1a.auth)
        .send({ year: 2012, periodType: 'monthly', periodIndex: 13, items: QUARTERLY_ITEMS })
        .expect(400);
      expect(fields(month)).toEqual(['periodIndex']);
      const date = await t
        .http()
        .post('/api/commitments')
        .set(w.memberA1a.auth)
        .send({
          year: 2012,
          periodType: 'yearly',
          periodIndex: null,
          items: [{ ...YEARLY_ITEMS[0], dueDate: '2012-02-30' }],
        })
        .expect(400);
      expect(fields(date)).toEqual(['items.0.dueDate']);
    });

    it('lets a secretary enter one on behalf of a member of the cell, and records it', async () => {
      const c = await createCommitment(t, w.secretaryA1, { memberId: w.members.a1b.id, year: 2010 });
      expect(c).toMatchObject({
        memberId: w.members.a1b.id,
        enteredOnBehalf: true,
        enteredByUserId: w.secretaryA1.userId,
      });
      expect(c.history[0]).toMatchObject({
        action: 'create',
        onBehalf: true,
        actorUserId: w.secretaryA1.userId,
      });
    });

    it('answers 404 for a member out of scope and for a role that does not register for others', async () => {
      await t
        .http()
        .post('/api/commitments')
        .set(w.secretaryA1.auth)
        .send({
          memberId: w.members.b1.id,
          year: 2010,
          periodType: 'yearly',
          periodIndex: null,
          items: YEARLY_ITEMS,
        })
        .expect(404);
      await t
        .http()
        .post('/api/commitments')
        .set(w.memberA1a.auth)
        .send({
          memberId: w.members.a1b.id,
          year: 2013,
          periodType: 'yearly',
          periodIndex: null,
          items: YEARLY_ITEMS,
        })
        .expect(404);
      // A leader is a member (issue 14) and registers their own, never for a member of the ward.
      await t
        .http()
        .post('/api/commitments')
        .set(w.leaderA.auth)
        .send({
          memberId: w.members.a1b.id,
          year: 2013,
          periodType: 'yearly',
          periodIndex: null,
          items: YEARLY_ITEMS,
        })
        .expect(404);
    });

    it('links a quarterly item to a yearly item of the same member and year only', async () => {
      const yearly = await createCommitment(t, w.memberA2, { year: 2014 });
      const other = await createCommitment(t, w.memberB1, { year: 2014 });
      const q = await createCommitment(t, w.memberA2, {
        year: 2014,
        periodType: 'quarterly',
        periodIndex: 1,
        items: [
          {
            category: 'follow',
            content: 'Quý I: thăm hỏi hộ nghèo trong tổ',
            parentItemId: yearly.items[0].id,
          },
        ],
      });
      expect(q.items[0].parentItemId).toBe(yearly.items[0].id);
      for (const parentItemId of [other.items[0].id, yearly.items[0].id]) {
        const year = parentItemId === other.items[0].id ? 2014 : 2015;
        const res = await t
          .http()
          .post('/api/commitments')
          .set(w.memberA2.auth)
          .send({
            year,
            periodType: 'monthly',
            periodIndex: 1,
            items: [{ category: 'follow', content: 'Tháng 1', parentItemId }],
          })
          .expect(400);
        expect(fields(res)).toEqual(['items.0.parentItemId']);
      }
    });
  });

  describe('GET /api/commitments/:id', () => {
    let draft: { id: string };
    beforeAll(async () => {
      draft = await createCommitment(t, w.memberA1a, { year: 2016 });
    });

    it('answers 401, 400 for a malformed id and 404 for an unknown one', async () => {
      await t.http().get(`/api/commitments/${draft.id}`).expect(401);
      const bad = await t.http().get('/api/commitments/khong-phai-uuid').set(w.memberA1a.auth).expect(400);
      expect(fields(bad)).toEqual(['id']);
      await t.http().get(`/api/commitments/${randomUUID()}`).set(w.admin.auth).expect(404);
    });

    it('shows a draft to the owner, the cell secretary and the leaders above, and hides it from everyone else', async () => {
      for (const who of [w.memberA1a, w.secretaryA1, w.deputyA1, w.leaderA, w.leaderCity, w.admin]) {
        await t.http().get(`/api/commitments/${draft.id}`).set(who.auth).expect(200);
      }
      for (const who of [w.memberA1b, w.memberA2, w.memberB1, w.secretaryB1, w.leaderB]) {
        await t.http().get(`/api/commitments/${draft.id}`).set(who.auth).expect(404);
      }
    });

    it('shows an accepted commitment to the members of its cell only', async () => {
      const c = await acceptedCommitment(t, w.memberA1a, w.secretaryA1, { year: 2017 });
      await t.http().get(`/api/commitments/${c.id}`).set(w.memberA1b.auth).expect(200);
      await t.http().get(`/api/commitments/${c.id}`).set(w.memberA2.auth).expect(404);
      await t.http().get(`/api/commitments/${c.id}`).set(w.leaderB.auth).expect(404);
    });
  });

  describe('GET /api/commitments', () => {
    it('answers 401 and 400 for a bad filter', async () => {
      await t.http().get('/api/commitments').expect(401);
      const res = await t
        .http()
        .get('/api/commitments?status=xong&pageSize=500')
        .set(w.memberA1a.auth)
        .expect(400);
      expect(fields(res)).toEqual(expect.arrayContaining(['status', 'pageSize']));
    });

    it('lists in scope, filtered in SQL, with the paging shape', async () => {
      await createCommitment(t, w.memberA1b, { year: 2018 });
      const pub = await acceptedCommitment(t, w.memberA1a, w.secretaryA1, { year: 2018 });
      const mine = await t.http().get('/api/commitments?year=2018').set(w.memberA1b.auth).expect(200);
      expect(mine.body).toMatchObject({ page: 1, pageSize: 50, total: 2 });
      expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(pub.id);
      const other = await t.http().get('/api/commitments?year=2018').set(w.memberA2.auth).expect(200);
      expect(other.body.total).toBe(0);
      const leaderB = await t.http().get('/api/commitments?year=2018').set(w.leaderB.auth).expect(200);
      expect(leaderB.body.total).toBe(0);
      const leaderA = await t
        .http()
        .get(
          `/api/commitments?year=2018&organizationId=${w.orgs.cellA1.id}&status=accepted&periodType=yearly`,
        )
        .set(w.leaderA.auth)
        .expect(200);
      expect(leaderA.body.items.map((c: { id: string }) => c.id)).toEqual([pub.id]);
      expect(leaderA.body.items[0]).toMatchObject({ periodIndex: null, memberName: 'Trần Thị Đào' });
      // the list's summary carries the same values as the full view
      const full = (await t.http().get(`/api/commitments/${pub.id}`).set(w.leaderA.auth).expect(200)).body;
      for (const key of Object.keys(leaderA.body.items[0]))
        expect(leaderA.body.items[0][key]).toEqual(full[key]);
      await t
        .http()
        .get(`/api/commitments?organizationId=${w.orgs.cellA1.id}`)
        .set(w.leaderB.auth)
        .expect(404);
    });
  });

  describe('PATCH /api/commitments/:id', () => {
    it('replaces the items of a draft, keeping ids and bumping the version', async () => {
      const c = await createCommitment(t, w.memberA1a, { year: 2019 });
      await t.http().patch(`/api/commitments/${c.id}`).send({ version: 1, items: [] }).expect(401);
      const res = await t
        .http()
        .patch(`/api/commitments/${c.id}`)
        .set(w.memberA1a.auth)
        .send({
          version: 1,
          items: [
            {
              id: c.items[0].id,
              category: 'follow',
              content: 'Nói đi đôi với làm, gần gũi nhân dân khu phố',
            },
            { category: 'exemplary', content: 'Gương mẫu đi đầu trong phong trào hiến đất làm đường' },
          ],
        })
        .expect(200);
      expect(res.body.version).toBe(2);
      expect(res.body.items.map((i: { id: string }) => i.id)[0]).toBe(c.items[0].id);
      expect(res.body.items).toHaveLength(2);
      expect(res.body.history.map((h: { action: string }) => h.action)).toEqual(['create', 'edit']);

      const stale = await t
        .http()
        .patch(`/api/commitments/${c.id}`)
        .set(w.memberA1a.auth)
        .send({ version: 1, items: [] })
        .expect(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      const foreign = await t
        .http()
        .patch(`/api/commitments/${c.id}`)
        .set(w.memberA1a.auth)
        .send({ version: 2, items: [{ id: randomUUID(), category: 'duty', content: 'x' }] })
        .expect(400);
      expect(fields(foreign)).toEqual(['items.0.id']);
      const missingVersion = await t
        .http()
        .patch(`/api/commitments/${c.id}`)
        .set(w.memberA1a.auth)
        .send({ items: [] })
        .expect(400);
      expect(fields(missingVersion)).toContain('version');
      await t
        .http()
        .patch(`/api/commitments/${c.id}`)
        .set(w.memberB1.auth)
        .send({ version: 2, items: [] })
        .expect(404);
    });

    it('answers 409 with the status once submitted, and 403 to a cell member on a published one', async () => {
      const c = await createCommitment(t, w.memberA1a, { year: 2020 });
      await step(t, w.memberA1a, c.id, 'submit');
      const res = await t
        .http()
        .patch(`/api/commitments/${c.id}`)
        .set(w.memberA1a.auth)
        .send({ version: 2, items: YEARLY_ITEMS })
        .expect(409);
      expect(res.body).toMatchObject({
        code: 'COMMITMENT_ILLEGAL_TRANSITION',
        details: { status: 'submitted', action: 'edit' },
      });
      await step(t, w.secretaryA1, c.id, 'accept');
      await t
        .http()
        .patch(`/api/commitments/${c.id}`)
        .set(w.memberA1b.auth)
        .send({ version: 3, items: YEARLY_ITEMS })
        .expect(403);
    });
  });

  describe('review: submit, accept, return', () => {
    it('checks tokens, scope, roles and states', async () => {
      const c = await createCommitment(t, w.memberA1b, { year: 2021 });
      await t.http().post(`/api/commitments/${c.id}/submit`).expect(401);
      await step(t, w.memberB1, c.id, 'submit', {}, 404);
      await step(t, w.secretaryA1, c.id, 'accept', {}, 409);
      await step(t, w.memberA1b, c.id, 'submit');
      await step(t, w.memberA1b, c.id, 'submit', {}, 409);
      await step(t, w.memberA1b, c.id, 'accept', {}, 403);
      await step(t, w.leaderA, c.id, 'accept', {}, 403);
      await step(t, w.secretaryB1, c.id, 'accept', {}, 404);
      const noReason = await step(t, w.secretaryA1, c.id, 'return', {}, 400);
      expect(noReason.details.map((d: { field: string }) => d.field)).toContain('reason');
      const returned = await step(t, w.secretaryA1, c.id, 'return', {
        reason: 'Nội dung còn chung chung, cần cụ thể hơn',
      });
      expect(returned).toMatchObject({
        status: 'returned',
        reviewComment: 'Nội dung còn chung chung, cần cụ thể hơn',
      });
      const edited = await t
        .http()
        .patch(`/api/commitments/${c.id}`)
        .set(w.memberA1b.auth)
        .send({
          version: returned.version,
          items: [{ category: 'duty', content: 'Mỗi tháng tham gia 2 buổi vệ sinh môi trường' }],
        })
        .expect(200);
      await step(t, w.memberA1b, c.id, 'submit', { version: edited.body.version });
      const accepted = await step(t, w.deputyA1, c.id, 'accept', { comment: 'Nhất trí' });
      expect(
        accepted.history.map((h: { action: string; from: string; to: string }) => `${h.from}>${h.to}`),
      ).toEqual([
        'null>draft',
        'draft>submitted',
        'submitted>returned',
        'returned>returned',
        'returned>submitted',
        'submitted>accepted',
      ]);
      expect(accepted.history[2]).toMatchObject({
        action: 'return',
        reason: 'Nội dung còn chung chung, cần cụ thể hơn',
      });
    });

    it('refuses an empty commitment with 400 and a stale version with 409', async () => {
      const c = await createCommitment(t, w.memberA1b, { year: 2022, items: [] });
      const empty = await step(t, w.memberA1b, c.id, 'submit', {}, 400);
      expect(empty.details[0].field).toBe('items');
      const c2 = await createCommitment(t, w.memberA1b, { year: 2023 });
      await step(t, w.memberA1b, c2.id, 'submit', { version: 7 }, 409);
    });

    it('answers SELF_REVIEW when a secretary reviews their own, and lets the deputy do it', async () => {
      const c = await createCommitment(t, w.secretaryA1, { year: 2021 });
      expect(c.enteredOnBehalf).toBe(false);
      await step(t, w.secretaryA1, c.id, 'submit');
      const self = await step(t, w.secretaryA1, c.id, 'accept', {}, 403);
      expect(self.code).toBe('SELF_REVIEW');
      await step(t, w.deputyA1, c.id, 'accept');
      const queue = await t.http().get('/api/commitments/queue').set(w.secretaryA1.auth).expect(200);
      expect(queue.body.toReview.map((x: { id: string }) => x.id)).not.toContain(c.id);
    });
  });

  describe('results, assessment, reopening', () => {
    it('reports outcomes from the period start, assesses, reopens', async () => {
      // cell A2 has no secretary of its own: the admin reviews
      const mine = await createCommitment(t, w.memberA2, { year: 2024 });
      await step(t, w.memberA2, mine.id, 'submit');
      await step(t, w.admin, mine.id, 'accept');
      let cur = (await t.http().get(`/api/commitments/${mine.id}`).set(w.memberA2.auth).expect(200)).body;
      const [i0, i1, i2, i3] = cur.items.map((i: { id: string }) => i.id);
      await t
        .http()
        .post(`/api/commitments/${mine.id}/results`)
        .send({ version: cur.version, items: [] })
        .expect(401);
      const unknown = await step(
        t,
        w.memberA2,
        mine.id,
        'results',
        { version: cur.version, items: [{ itemId: randomUUID(), outcome: 'done' }] },
        400,
      );
      expect(unknown.details.map((d: { field: string }) => d.field)).toEqual(['items.0.itemId', 'items']);
      const exceeded = await step(
        t,
        w.memberA2,
        mine.id,
        'results',
        {
          version: cur.version,
          items: [
            { itemId: i0, outcome: 'partly', exceeded: true },
            { itemId: i1, outcome: 'done' },
            { itemId: i2, outcome: 'done' },
            { itemId: i3, outcome: 'done' },
          ],
        },
        400,
      );
      expect(exceeded.details[0].field).toBe('items.0.exceeded');
      const badOutcome = await step(
        t,
        w.memberA2,
        mine.id,
        'results',
        { version: cur.version, items: [{ itemId: i0, outcome: 'xong' }] },
        400,
      );
      expect(badOutcome.details[0].field).toBe('items.0.outcome');
      await step(
        t,
        w.memberA2,
        mine.id,
        'results',
        {
          version: 99,
          items: [
            { itemId: i0, outcome: 'done' },
            { itemId: i1, outcome: 'done' },
            { itemId: i2, outcome: 'done' },
            { itemId: i3, outcome: 'done' },
          ],
        },
        409,
      );
      await step(
        t,
        w.memberB1,
        mine.id,
        'results',
        { version: cur.version, items: [{ itemId: i0, outcome: 'done' }] },
        404,
      );
      cur = await step(t, w.memberA2, mine.id, 'results', {
        version: cur.version,
        items: [
          { itemId: i0, outcome: 'done', exceeded: true, note: 'Vượt chỉ tiêu: 6 việc làm cụ thể' },
          { itemId: i1, outcome: 'done' },
          { itemId: i2, outcome: 'partly', note: 'Còn chậm 1 việc' },
          { itemId: i3, outcome: 'not_done' },
        ],
      });
      expect(cur.status).toBe('reported');
      expect(
        cur.items.map((i: { outcome: string; exceeded: boolean | null }) => [i.outcome, i.exceeded]),
      ).toEqual([
        ['done', true],
        ['done', false],
        ['partly', null],
        ['not_done', null],
      ]);
      expect(cur.items[0].note).toBe('Vượt chỉ tiêu: 6 việc làm cụ thể');

      await step(t, w.memberA2, mine.id, 'assess', { rating: 'achieved' }, 403);
      const badRating = await step(t, w.admin, mine.id, 'assess', { rating: 'tốt' }, 400);
      expect(badRating.details[0].field).toBe('rating');
      cur = await step(t, w.admin, mine.id, 'assess', {
        rating: 'partly_achieved',
        comment: 'Cơ bản hoàn thành',
        shortcomings: ['Chưa bỏ được thuốc lá'],
      });
      expect(cur).toMatchObject({
        status: 'assessed',
        rating: 'partly_achieved',
        shortcomings: ['Chưa bỏ được thuốc lá'],
      });
      await step(t, w.admin, mine.id, 'assess', { rating: 'achieved' }, 409);

      const noReason = await step(t, w.admin, mine.id, 'reopen', { to: 'accepted' }, 400);
      expect(noReason.details[0].field).toBe('reason');
      await step(t, w.admin, mine.id, 'reopen', { to: 'submitted', reason: 'x' }, 400);
      cur = await step(t, w.admin, mine.id, 'reopen', {
        to: 'accepted',
        reason: 'Đảng viên xin bổ sung kết quả',
      });
      expect(cur).toMatchObject({ status: 'accepted', rating: null });
      const again = await step(t, w.admin, mine.id, 'reopen', { to: 'accepted', reason: 'lần nữa' }, 409);
      expect(again.details.status).toBe('accepted');
      cur = await step(t, w.admin, mine.id, 'reopen', { to: 'draft', reason: 'Làm lại bản đăng ký' });
      expect(cur.status).toBe('draft');
      expect(cur.history.at(-1)).toMatchObject({
        action: 'reopen_to_draft',
        from: 'accepted',
        to: 'draft',
        reason: 'Làm lại bản đăng ký',
      });
    });

    it('answers 409 for results before the period starts', async () => {
      const c = await acceptedCommitment(t, w.memberA1a, w.secretaryA1, { year: 2099 });
      const res = await step(
        t,
        w.memberA1a,
        c.id,
        'results',
        {
          version: c.version,
          items: c.items.map((i: { id: string }) => ({ itemId: i.id, outcome: 'done' })),
        },
        409,
      );
      expect(res).toMatchObject({
        code: 'COMMITMENT_PERIOD_NOT_STARTED',
        details: { periodStart: '2099-01-01' },
      });
    });
  });

  describe('feedback', () => {
    it('lets the cell, the secretary and leaders comment once accepted, and nobody else', async () => {
      const draft = await createCommitment(t, w.memberA1a, { year: 2025 });
      const body = { content: 'Đề nghị đồng chí nêu rõ thời gian thực hiện', kind: 'suggestion' };
      await t.http().post(`/api/commitments/${draft.id}/feedback`).send(body).expect(401);
      await t
        .http()
        .post(`/api/commitments/${draft.id}/feedback`)
        .set(w.memberA1b.auth)
        .send(body)
        .expect(404);
      await t
        .http()
        .post(`/api/commitments/${draft.id}/feedback`)
        .set(w.secretaryA1.auth)
        .send(body)
        .expect(201);
      await step(t, w.memberA1a, draft.id, 'submit');
      const c = await step(t, w.secretaryA1, draft.id, 'accept');
      const fb = await t
        .http()
        .post(`/api/commitments/${c.id}/feedback`)
        .set(w.memberA1b.auth)
        .send({
          ...body,
          kind: 'commendation',
          content: 'Đồng chí gương mẫu, đáng học tập',
          itemId: c.items[0].id,
        })
        .expect(201);
      expect(fb.body).toMatchObject({
        authorName: 'Phạm Văn Đức',
        itemId: c.items[0].id,
        kind: 'commendation',
      });
      await t
        .http()
        .post(`/api/commitments/${c.id}/feedback`)
        .set(w.memberA1a.auth)
        .send({ ...body, kind: 'comment', parentId: fb.body.id })
        .expect(201);
      await t
        .http()
        .post(`/api/commitments/${c.id}/feedback`)
        .set(w.leaderA.auth)
        .send({ ...body, kind: 'criticism' })
        .expect(201);
      await t.http().post(`/api/commitments/${c.id}/feedback`).set(w.memberA2.auth).send(body).expect(404);
      await t.http().post(`/api/commitments/${c.id}/feedback`).set(w.leaderB.auth).send(body).expect(404);
      const bad = await t
        .http()
        .post(`/api/commitments/${c.id}/feedback`)
        .set(w.memberA1b.auth)
        .send({ content: '', kind: 'khen' })
        .expect(400);
      expect(fields(bad)).toEqual(expect.arrayContaining(['content', 'kind']));
      const foreignItem = await t
        .http()
        .post(`/api/commitments/${c.id}/feedback`)
        .set(w.memberA1b.auth)
        .send({ ...body, itemId: randomUUID() })
        .expect(400);
      expect(fields(foreignItem)).toEqual(['itemId']);
      const list = await t.http().get(`/api/commitments/${c.id}/feedback`).set(w.memberA1b.auth).expect(200);
      expect(list.body.total).toBe(4);
      expect(list.body.items.map((f: { kind: string }) => f.kind)).toEqual([
        'suggestion',
        'commendation',
        'comment',
        'criticism',
      ]);
      await t.http().get(`/api/commitments/${c.id}/feedback`).expect(401);
      await t.http().get(`/api/commitments/${c.id}/feedback`).set(w.memberB1.auth).expect(404);
    });
  });
});
