import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitmentStepTaken } from '../../src/commitments/commitments.events.js';
import { DomainError } from '../../src/common/domain-error.js';
import { DomainEvents } from '../../src/common/domain-events.js';
import { createCommitment, step } from '../factories/commitments.js';
import { buildWorld, Login, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

interface Item {
  kind: string;
  title: string;
  body: string;
  entityId: string | null;
}

describe('workflow notifications (e2e)', () => {
  let t: TestApp;
  let w: World;

  const kinds = async (as: Login, entityId: string) =>
    ((await t.http().get('/api/notifications?pageSize=200').set(as.auth).expect(200)).body.items as Item[])
      .filter((n) => n.entityId === entityId)
      .map((n) => n.kind)
      .sort();

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('tells the secretaries about a submission and the member about each review', async () => {
    const c = await createCommitment(t, w.memberA1a);
    await step(t, w.memberA1a, c.id, 'submit');
    expect(await kinds(w.secretaryA1, c.id)).toEqual(['commitment.submitted']);
    expect(await kinds(w.deputyA1, c.id)).toEqual(['commitment.submitted']);
    expect(await kinds(w.memberA1a, c.id)).toEqual([]);
    expect(await kinds(w.secretaryB1, c.id)).toEqual([]);

    await step(t, w.secretaryA1, c.id, 'return', { reason: 'Bổ sung chỉ tiêu cụ thể cho việc làm theo' });
    const returned = (await t.http().get('/api/notifications').set(w.memberA1a.auth)).body.items as Item[];
    expect(returned[0]).toMatchObject({ kind: 'commitment.returned', entityId: c.id });
    expect(returned[0].body).toContain('Bổ sung chỉ tiêu cụ thể');

    await step(t, w.memberA1a, c.id, 'submit');
    expect(await kinds(w.secretaryA1, c.id)).toEqual(['commitment.submitted', 'commitment.submitted']);
    await step(t, w.secretaryA1, c.id, 'accept', { comment: 'Đồng ý' });
    expect(await kinds(w.memberA1a, c.id)).toEqual(['commitment.accepted', 'commitment.returned']);

    const view = (await t.http().get(`/api/commitments/${c.id}`).set(w.memberA1a.auth).expect(200)).body as {
      items: Array<{ id: string }>;
      version: number;
    };
    await step(t, w.memberA1a, c.id, 'results', {
      version: view.version,
      items: view.items.map((i) => ({ itemId: i.id, outcome: 'done' })),
    });
    await step(t, w.secretaryA1, c.id, 'assess', { rating: 'achieved', comment: 'Hoàn thành tốt' });
    expect(await kinds(w.memberA1a, c.id)).toEqual([
      'commitment.accepted',
      'commitment.assessed',
      'commitment.returned',
    ]);
  });

  it('tells the owner about feedback from others, not about their own', async () => {
    const c = await createCommitment(t, w.memberA1b);
    await step(t, w.memberA1b, c.id, 'submit');
    await step(t, w.secretaryA1, c.id, 'accept', {});
    await t
      .http()
      .post(`/api/commitments/${c.id}/feedback`)
      .set(w.memberA1a.auth)
      .send({ kind: 'suggestion', content: 'Nên ghi rõ thời hạn từng việc' })
      .expect(201);
    await t
      .http()
      .post(`/api/commitments/${c.id}/feedback`)
      .set(w.memberA1b.auth)
      .send({ kind: 'comment', content: 'Xin tiếp thu ý kiến' })
      .expect(201);
    expect(await kinds(w.memberA1b, c.id)).toEqual(['commitment.accepted', 'commitment.feedback']);
  });

  it("never sends a secretary their own commitment to review; the cell's other secretary gets it", async () => {
    const c = await createCommitment(t, w.secretaryA1);
    await step(t, w.secretaryA1, c.id, 'submit');
    expect(await kinds(w.secretaryA1, c.id)).toEqual([]);
    expect(await kinds(w.deputyA1, c.id)).toEqual(['commitment.submitted']);
  });

  it("rolls the step and its notifications back when a later subscriber to the step's event fails", async () => {
    const c = await createCommitment(t, w.memberA1a, { year: 2027 });
    // Subscribed after the notifications module: the secretaries' notification is already written
    // in the step's transaction when this one refuses.
    const off = t.app.get(DomainEvents).subscribe(CommitmentStepTaken, async (_em, e) => {
      if (e.commitment.id === c.id)
        throw new DomainError('TEST_REFUSED', 'conflict', 'Chi bộ chưa họp xét bản cam kết này');
    });
    try {
      const refused = await step(t, w.memberA1a, c.id, 'submit', {}, 409);
      expect(refused.code).toBe('TEST_REFUSED');
    } finally {
      off();
    }
    const view = (await t.http().get(`/api/commitments/${c.id}`).set(w.memberA1a.auth).expect(200)).body;
    expect(view.status).toBe('draft');
    expect(await kinds(w.secretaryA1, c.id)).toEqual([]);
    expect(await kinds(w.deputyA1, c.id)).toEqual([]);

    await step(t, w.memberA1a, c.id, 'submit');
    expect(await kinds(w.secretaryA1, c.id)).toEqual(['commitment.submitted']);
  });
});
