import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommitment, step } from '../factories/commitments.js';
import { buildWorld, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/**
 * API.md: "a secretary's own commitment is reviewed by another secretary (deputy) of the cell or by a
 * leader of the parent committee". Leaders review nothing else.
 */
describe('commitment review by the committee above (e2e)', () => {
  let t: TestApp;
  let w: World;
  let secretaryOwn: string;
  let memberOwn: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    secretaryOwn = (await createCommitment(t, w.secretaryA1)).id;
    memberOwn = (await createCommitment(t, w.memberA1a)).id;
    await step(t, w.secretaryA1, secretaryOwn, 'submit');
    await step(t, w.memberA1a, memberOwn, 'submit');
  });
  afterAll(() => t.close());

  it("shows the secretary's own commitment in the ward leader's queue, and nothing else", async () => {
    const res = await t.http().get('/api/commitments/queue').set(w.leaderA.auth).expect(200);
    const ids = res.body.toReview.map((c: { id: string }) => c.id);
    expect(ids).toContain(secretaryOwn);
    expect(ids).not.toContain(memberOwn);
  });

  it("refuses a leader reviewing an ordinary member's commitment (403)", async () => {
    const res = await t
      .http()
      .post(`/api/commitments/${memberOwn}/accept`)
      .set(w.leaderA.auth)
      .send({})
      .expect(403);
    expect(res.body.code).toBe('COMMITMENT_NOT_REVIEWER');
  });

  it('hides it from the leader of a sibling committee (404)', async () => {
    await t.http().post(`/api/commitments/${secretaryOwn}/accept`).set(w.leaderB.auth).send({}).expect(404);
  });

  it('still refuses the secretary reviewing their own (403 SELF_REVIEW)', async () => {
    const res = await t
      .http()
      .post(`/api/commitments/${secretaryOwn}/accept`)
      .set(w.secretaryA1.auth)
      .send({})
      .expect(403);
    expect(res.body.code).toBe('SELF_REVIEW');
  });

  it("lets the ward leader accept the secretary's own commitment, recorded with the leader as actor", async () => {
    await t
      .http()
      .post(`/api/commitments/${secretaryOwn}/accept`)
      .set(w.leaderA.auth)
      .send({ comment: 'Đảng ủy phường đồng ý bản đăng ký của đồng chí Bí thư' })
      .expect(200);
    const res = await t.http().get(`/api/commitments/${secretaryOwn}`).set(w.secretaryA1.auth).expect(200);
    expect(res.body.status).toBe('accepted');
    const last = res.body.history[res.body.history.length - 1];
    expect(last.actorUserId).toBe(w.leaderA.userId);
  });
});
