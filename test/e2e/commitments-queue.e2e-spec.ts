import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommitment, step } from '../factories/commitments.js';
import { buildWorld, Login, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

interface QueueItem {
  id: string;
  memberName: string;
  submittedAt: string;
}

interface Queue {
  limit: number;
  toReview: QueueItem[];
  toAssess: QueueItem[];
  counts: { toReview: number; toAssess: number };
  next: { toReview: string | null; toAssess: string | null };
}

describe('commitments (e2e): the review queue, paged', () => {
  let t: TestApp;
  let w: World;
  /** Submitted commitments of cell A1 that wait for its secretaries (none is a secretary's own). */
  const waiting: string[] = [];

  const queue = async (as: Login, query = '', status = 200) => {
    const res = await t.http().get(`/api/commitments/queue${query}`).set(as.auth);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body as Queue;
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    for (const [who, year] of [
      [w.memberA1a, 2026],
      [w.memberA1a, 2027],
      [w.memberA1b, 2026],
      [w.memberA1b, 2027],
      [w.memberA1a, 2028],
    ] as const) {
      const c = await createCommitment(t, who, { year });
      await step(t, who, c.id, 'submit');
      waiting.push(c.id);
    }
  });
  afterAll(() => t.close());

  it('answers 401 without a token', async () => {
    await t.http().get('/api/commitments/queue').expect(401);
    await t.http().get('/api/commitments/queue?limit=2').expect(401);
  });

  it('pages toReview with limit and next, oldest submission first, the total in counts', async () => {
    const first = await queue(w.secretaryA1, '?limit=2');
    expect(first.limit).toBe(2);
    expect(first.counts.toReview).toBe(waiting.length);
    expect(first.toReview).toHaveLength(2);
    expect(first.next.toReview).toEqual(expect.any(String));
    expect(first.next.toAssess).toBeNull();

    const seen = [...first.toReview];
    let next = first.next.toReview;
    for (let page = 0; next && page < 10; page++) {
      const more = await queue(w.secretaryA1, `?limit=2&toReviewAfter=${encodeURIComponent(next)}`);
      expect(more.counts.toReview).toBe(waiting.length);
      expect(more.toReview.length).toBeLessThanOrEqual(2);
      seen.push(...more.toReview);
      next = more.next.toReview;
    }
    expect(next).toBeNull();
    expect(seen.map((c) => c.id).sort()).toEqual([...waiting].sort());
    const times = seen.map((c) => c.submittedAt);
    expect(times).toEqual([...times].sort());

    // The default page holds everything here, with no next page.
    const all = await queue(w.secretaryA1);
    expect(all.limit).toBe(50);
    expect(all.toReview.map((c) => c.id)).toEqual(seen.map((c) => c.id));
    expect(all.next.toReview).toBeNull();
  });

  it('answers a work list item, not a whole summary', async () => {
    const q = await queue(w.deputyA1, '?limit=1');
    expect(Object.keys(q.toReview[0]).sort()).toEqual(
      [
        'cellId',
        'deadlineOn',
        'id',
        'late',
        'memberId',
        'memberName',
        'periodIndex',
        'periodType',
        'reportedAt',
        'status',
        'submittedAt',
        'version',
        'year',
      ].sort(),
    );
    expect(q.toReview[0]).toMatchObject({ status: 'submitted', memberName: expect.any(String) });
  });

  it('answers 400 naming the field for a bad limit or cursor', async () => {
    for (const bad of ['0', '201', '-1', 'abc', '1e2', '2.5']) {
      const res = await t
        .http()
        .get(`/api/commitments/queue?limit=${bad}`)
        .set(w.secretaryA1.auth)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('limit');
    }
    for (const [field, value] of [
      ['toReviewAfter', 'not-a-cursor'],
      ['toAssessAfter', `2026-01-01T00:00:00.000Z_${'x'.repeat(36)}`],
      ['toReviewAfter', '2026-13-45T00:00:00.000Z_7a271700-5bb2-490d-b140-b2140637ed6a'],
    ]) {
      const res = await t
        .http()
        .get(`/api/commitments/queue?${field}=${encodeURIComponent(value)}`)
        .set(w.secretaryA1.auth)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const unknown = await t.http().get('/api/commitments/queue?page=2').set(w.secretaryA1.auth).expect(400);
    expect(unknown.body.details.map((d: { field: string }) => d.field)).toContain('page');
  });

  it('answers what was just written: the queue, the commitment and the list after a review step', async () => {
    const id = waiting[0];
    const before = await queue(w.secretaryA1);
    const read = () => t.http().get(`/api/commitments/${id}`).set(w.memberA1a.auth).expect(200);
    const list = () => t.http().get('/api/commitments?status=submitted').set(w.memberA1a.auth).expect(200);
    expect((await read()).body.status).toBe('submitted');
    expect((await list()).body.items.map((c: { id: string }) => c.id)).toContain(id);
    // Feedback writes other tables: the answers stay the same.
    await t
      .http()
      .post(`/api/commitments/${id}/feedback`)
      .set(w.secretaryA1.auth)
      .send({ kind: 'comment', content: 'Nội dung cụ thể, đề nghị bổ sung thời hạn.' })
      .expect(201);
    expect((await queue(w.secretaryA1)).counts).toEqual(before.counts);
    await step(t, w.secretaryA1, id, 'accept', { comment: 'Đồng ý' });
    waiting.shift();
    const after = await queue(w.secretaryA1);
    expect(after.counts.toReview).toBe(before.counts.toReview - 1);
    expect(after.toReview.map((c) => c.id)).not.toContain(id);
    expect((await read()).body).toMatchObject({ status: 'accepted', allowedActions: expect.any(Array) });
    expect((await list()).body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    // Out of scope stays 404 for a commitment another caller has just read.
    await t.http().get(`/api/commitments/${id}`).set(w.memberB1.auth).expect(404);
    await t.http().get(`/api/commitments/${id}`).set(w.secretaryB1.auth).expect(404);
  });

  it("shows nothing of another cell's queue, with or without a cursor", async () => {
    const first = await queue(w.secretaryA1, '?limit=1');
    const other = await queue(w.secretaryB1);
    expect(other.counts.toReview).toBe(0);
    expect(other.toReview).toEqual([]);
    const paged = await queue(w.secretaryB1, `?toReviewAfter=${encodeURIComponent(first.next.toReview!)}`);
    expect(paged.toReview).toEqual([]);
    expect(paged.next.toReview).toBeNull();
    // A plain member reviews nothing, whatever the cursor.
    const member = await queue(
      w.memberA1a,
      `?limit=1&toReviewAfter=${encodeURIComponent(first.next.toReview!)}`,
    );
    expect(member.toReview).toEqual([]);
    expect(member.counts).toEqual({ toReview: 0, toAssess: 0 });
  });
});
