import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommitment, step, YEARLY_ITEMS } from '../factories/commitments.js';
import { storedCounts } from '../factories/stored-counts.js';
import { buildWorld, Login, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

type Item = {
  id: string;
  category: string;
  content: string;
  outcome: string | null;
  manifestationCodes: number[] | null;
};

const COUNTS = [
  'itemCount',
  'itemsDone',
  'itemsExceeded',
  'itemsPartly',
  'itemsNotDone',
  'itemsUnreported',
  'followItems',
] as const;
type Counts = Record<(typeof COUNTS)[number], number>;

/**
 * The item counts kept on the commitment row (itemCount, itemsDone, ..., followItems: what the reports
 * read instead of the items) against a recount from the items, after every kind of write through the
 * API: create, edit (add, change, remove items), carry forward, submit, return and resubmit, accept,
 * report results (exceeded included), reopen and report again, reopen to draft and edit.
 */
describe('commitments (e2e): item counts on the commitment row follow every item write', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const when = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  /** The stored counts, after checking them against a recount of the live items. */
  const counts = (id: string): Promise<Counts> =>
    storedCounts(
      t,
      'commitment',
      COUNTS,
      `SELECT COUNT(*) AS "itemCount", ${when(`"outcome" = 'done'`)} AS "itemsDone",
         ${when(`"outcome" = 'done' AND "exceeded"`)} AS "itemsExceeded", ${when(`"outcome" = 'partly'`)} AS "itemsPartly",
         ${when(`"outcome" = 'not_done'`)} AS "itemsNotDone", ${when(`"outcome" IS NULL`)} AS "itemsUnreported",
         ${when(`"category" = 'follow'`)} AS "followItems"
       FROM "commitment_item" WHERE "commitmentId" = :id AND "removedAt" IS NULL`,
    )(id);

  const none: Counts = {
    itemCount: 0,
    itemsDone: 0,
    itemsExceeded: 0,
    itemsPartly: 0,
    itemsNotDone: 0,
    itemsUnreported: 0,
    followItems: 0,
  };

  async function view(as: Login, id: string) {
    return (await t.http().get(`/api/commitments/${id}`).set(as.auth).expect(200)).body;
  }

  /** Replaces the items: `keep` are sent back (optionally with a new category), `add` are new. */
  async function edit(
    as: Login,
    id: string,
    keep: Array<{ item: Item; category?: string }>,
    add: Array<Record<string, unknown>>,
  ) {
    const current = await view(as, id);
    const res = await t
      .http()
      .patch(`/api/commitments/${id}`)
      .set(as.auth)
      .send({
        version: current.version,
        items: [
          ...keep.map(({ item, category }) => ({
            id: item.id,
            category: category ?? item.category,
            content: item.content,
            manifestationCodes: item.manifestationCodes,
          })),
          ...add,
        ],
      });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  const registered = async () =>
    (
      await t
        .http()
        .get(`/api/reports/overview?organizationId=${w.orgs.cellA1.id}&year=2026`)
        .set(w.leaderA.auth)
        .expect(200)
    ).body;

  it('keeps the counts equal to a recount at every step, and the reports read them', async () => {
    // Create: four items, one of them `follow`, nothing reported.
    const c = await createCommitment(t, w.memberA1a);
    expect(await counts(c.id)).toEqual({ ...none, itemCount: 4, itemsUnreported: 4, followItems: 1 });

    // Edit: the follow item becomes study, the last one is removed, two are added (one follow).
    const items: Item[] = c.items;
    let v = await edit(
      w.memberA1a,
      c.id,
      [{ item: items[0], category: 'study' }, { item: items[1] }, { item: items[2] }],
      [
        { category: 'follow', content: 'Làm theo gương Bác: gần dân, trọng dân, có trách nhiệm với dân' },
        { category: 'duty', content: 'Vận động các hộ gia đình phân loại rác tại nguồn' },
      ],
    );
    expect(await counts(c.id)).toEqual({ ...none, itemCount: 5, itemsUnreported: 5, followItems: 1 });

    // Submit, return, edit away the follow item, resubmit, accept: published without a follow item,
    // so the member is not registered for the year.
    await step(t, w.memberA1a, c.id, 'submit', { version: v.version });
    await step(t, w.secretaryA1, c.id, 'return', { reason: 'Cần cụ thể hơn nội dung làm theo' });
    const follow = (v.items as Item[]).find((i) => i.category === 'follow') as Item;
    v = await edit(
      w.memberA1a,
      c.id,
      (v.items as Item[]).filter((i) => i.id !== follow.id).map((item) => ({ item })),
      [],
    );
    expect(await counts(c.id)).toEqual({ ...none, itemCount: 4, itemsUnreported: 4 });
    await step(t, w.memberA1a, c.id, 'submit', { version: v.version });
    let accepted = await step(t, w.secretaryA1, c.id, 'accept', { comment: 'Đồng ý' });
    expect((await registered()).registration.yearly.registered).toBe(0);

    // Reopen to draft, add a follow item back, resubmit, accept: now registered.
    await step(t, w.secretaryA1, c.id, 'reopen', {
      version: accepted.version,
      to: 'draft',
      reason: 'Bổ sung nội dung làm theo',
    });
    v = await edit(
      w.memberA1a,
      c.id,
      (accepted.items as Item[]).map((item) => ({ item })),
      [{ category: 'follow', content: 'Mỗi quý một việc làm theo gương Bác ở tổ dân phố' }],
    );
    expect(await counts(c.id)).toMatchObject({ itemCount: 5, followItems: 1 });
    await step(t, w.memberA1a, c.id, 'submit', { version: v.version });
    accepted = await step(t, w.secretaryA1, c.id, 'accept', { comment: 'Đồng ý' });
    expect((await registered()).registration.yearly.registered).toBe(1);

    // Report results: every outcome, one exceeded.
    const outcomes = ['done', 'done', 'partly', 'not_done', 'done'];
    const reported = await step(t, w.memberA1a, c.id, 'results', {
      version: accepted.version,
      items: (accepted.items as Item[]).map((i, n) => ({
        itemId: i.id,
        outcome: outcomes[n],
        ...(n === 0 ? { exceeded: true } : {}),
        note: 'Báo cáo cuối năm',
      })),
    });
    expect(await counts(c.id)).toEqual({
      itemCount: 5,
      itemsDone: 3,
      itemsExceeded: 1,
      itemsPartly: 1,
      itemsNotDone: 1,
      itemsUnreported: 0,
      followItems: 1,
    });
    const o = (await registered()).outcomes;
    expect(o).toMatchObject({ items: 5, done: 3, exceeded: 1, partly: 1, notDone: 1, unreported: 0 });

    // Reopen to accepted and report again: the outcomes change, the counts with them.
    const reopened = await step(t, w.secretaryA1, c.id, 'reopen', {
      version: reported.version,
      to: 'accepted',
      reason: 'Báo cáo lại kết quả',
    });
    await step(t, w.memberA1a, c.id, 'results', {
      version: reopened.version,
      items: (reopened.items as Item[]).map((i, n) => ({
        itemId: i.id,
        outcome: n === 3 ? 'partly' : 'done',
        ...(n < 2 ? { exceeded: true } : {}),
      })),
    });
    expect(await counts(c.id)).toEqual({
      ...none,
      itemCount: 5,
      itemsDone: 4,
      itemsExceeded: 2,
      itemsPartly: 1,
      followItems: 1,
    });

    // Reopen to draft and remove a reported item and the follow item: both leave the counts.
    const again = await view(w.memberA1a, c.id);
    const draft = await step(t, w.secretaryA1, c.id, 'reopen', {
      version: again.version,
      to: 'draft',
      reason: 'Điều chỉnh nội dung',
    });
    const kept = (draft.items as Item[]).filter((i, n) => n !== 0 && i.category !== 'follow');
    await edit(
      w.memberA1a,
      c.id,
      kept.map((item) => ({ item })),
      [],
    );
    expect(await counts(c.id)).toEqual({
      ...none,
      itemCount: 3,
      itemsDone: 2,
      itemsExceeded: 1,
      itemsPartly: 1,
    });
    expect((await registered()).registration.yearly.registered).toBe(0);
  });

  it('counts the remedies carried forward, at creation and by the carry-forward action', async () => {
    // Last year: one partly, one not done, assessed with a shortcoming.
    const last = await createCommitment(t, w.memberA1b, { year: 2025, items: YEARLY_ITEMS.slice(0, 3) });
    await step(t, w.memberA1b, last.id, 'submit');
    const accepted = await step(t, w.secretaryA1, last.id, 'accept', { comment: 'Đồng ý' });
    const reported = await step(t, w.memberA1b, last.id, 'results', {
      version: accepted.version,
      items: (accepted.items as Item[]).map((i, n) => ({
        itemId: i.id,
        outcome: ['done', 'partly', 'not_done'][n],
      })),
    });
    await step(t, w.secretaryA1, last.id, 'assess', {
      version: reported.version,
      rating: 'not_achieved',
      shortcomings: ['Chưa tham gia đầy đủ sinh hoạt chi bộ'],
    });
    expect(await counts(last.id)).toEqual({
      ...none,
      itemCount: 3,
      itemsDone: 1,
      itemsPartly: 1,
      itemsNotDone: 1,
      followItems: 1,
    });

    // This year, created with the remedies: 2 items + 3 remedies (2 unfinished items, 1 shortcoming).
    const c = await createCommitment(t, w.memberA1b, { items: YEARLY_ITEMS.slice(2, 4), carryForward: true });
    expect(c.items).toHaveLength(5);
    expect(await counts(c.id)).toEqual({ ...none, itemCount: 5, itemsUnreported: 5 });

    // The remedies removed by an edit, then pulled again by the action; pulling twice adds nothing.
    const edited = await edit(
      w.memberA1b,
      c.id,
      (c.items as Item[]).filter((i) => i.category !== 'remedy').map((item) => ({ item })),
      [],
    );
    expect(await counts(c.id)).toEqual({ ...none, itemCount: 2, itemsUnreported: 2 });
    const pulled = await step(t, w.memberA1b, c.id, 'carry-forward', { version: edited.version });
    expect(pulled.items).toHaveLength(5);
    expect(await counts(c.id)).toEqual({ ...none, itemCount: 5, itemsUnreported: 5 });
    await step(t, w.memberA1b, c.id, 'carry-forward', { version: pulled.version });
    expect(await counts(c.id)).toEqual({ ...none, itemCount: 5, itemsUnreported: 5 });
  });
});
