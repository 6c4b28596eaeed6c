import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommitment, step } from '../factories/commitments.js';
import { buildWorld, createMember, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

interface Item {
  id: string;
}

/**
 * Issue 14, item 6: one account could carry a commitment through both sides (enter it on behalf of
 * the member, submit, accept, report results on behalf, assess). The account that did an owner step
 * on behalf of the member does not accept, return or assess that commitment; another secretary of
 * the cell or a leader above does.
 */
describe('separation of duties on a commitment (e2e)', () => {
  let t: TestApp;
  let w: World;
  let noDevice: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    noDevice = (await createMember(t, w.admin, w.orgs.cellA1.id, 'Hà Văn Tự')).id;
  });
  afterAll(() => t.close());

  const read = async (id: string) =>
    (await t.http().get(`/api/commitments/${id}`).set(w.leaderA.auth).expect(200)).body;

  it('refuses the secretary who entered it on behalf: accept, return and assess; 403 and nothing changed', async () => {
    const c = await createCommitment(t, w.secretaryA1, { memberId: noDevice, year: 2026 });
    const submitted = await step(t, w.secretaryA1, c.id, 'submit');
    for (const [action, body] of [
      ['accept', { comment: 'Tự duyệt' }],
      ['return', { reason: 'Tự trả lại bản mình nhập' }],
    ] as const) {
      const res = await step(t, w.secretaryA1, c.id, action, { version: submitted.version, ...body }, 403);
      expect(res).toMatchObject({ code: 'COMMITMENT_ENTERED_BY_REVIEWER' });
    }
    expect(await read(c.id)).toEqual(submitted);

    // Another secretary of the cell decides; the first then reports results on the member's behalf.
    const accepted = await step(t, w.deputyA1, c.id, 'accept', { version: submitted.version });
    const reported = await step(t, w.secretaryA1, c.id, 'results', {
      version: accepted.version,
      items: accepted.items.map((i: Item) => ({ itemId: i.id, outcome: 'done' })),
    });
    const self = await step(t, w.secretaryA1, c.id, 'assess', { rating: 'achieved' }, 403);
    expect(self.code).toBe('COMMITMENT_ENTERED_BY_REVIEWER');
    expect(await read(c.id)).toEqual(reported);
    // A leader of the ward above may decide it too (the secretary who entered it may not).
    const assessed = await step(t, w.leaderA, c.id, 'assess', { rating: 'achieved' });
    expect(assessed.status).toBe('assessed');
    expect(assessed.history.at(-1)).toMatchObject({ action: 'assess', actorUserId: w.leaderA.userId });
  });

  it('also refuses a secretary who only reported the results on behalf of a member who registered', async () => {
    const c = await createCommitment(t, w.memberA1b, { year: 2025 });
    await step(t, w.memberA1b, c.id, 'submit');
    const accepted = await step(t, w.secretaryA1, c.id, 'accept'); // they entered nothing: fine
    const reported = await step(t, w.secretaryA1, c.id, 'results', {
      version: accepted.version,
      items: accepted.items.map((i: Item) => ({ itemId: i.id, outcome: 'partly' })),
    });
    const res = await step(t, w.secretaryA1, c.id, 'assess', { rating: 'partly_achieved' }, 403);
    expect(res.code).toBe('COMMITMENT_ENTERED_BY_REVIEWER');
    expect(await read(c.id)).toEqual(reported);
    await step(t, w.deputyA1, c.id, 'assess', { rating: 'partly_achieved' });
  });

  it('keeps a leader out of the cell’s own review of what members entered themselves', async () => {
    const c = await createCommitment(t, w.memberA1a, { year: 2024 });
    const submitted = await step(t, w.memberA1a, c.id, 'submit');
    const res = await step(t, w.leaderA, c.id, 'accept', {}, 403);
    expect(res.code).toBe('COMMITMENT_NOT_REVIEWER');
    expect(await read(c.id)).toEqual(submitted);
  });
});
