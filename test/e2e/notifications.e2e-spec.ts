import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/common/database.service.js';
import { NotificationRecipients } from '../../src/notifications/notification-recipients.js';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import { OutboxDispatcher } from '../../src/notifications/outbox.dispatcher.js';
import { RemindersService } from '../../src/notifications/reminders.service.js';
import { createCommitment, step } from '../factories/commitments.js';
import { buildWorld, Login, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

interface Item {
  id: string;
  kind: string;
  title: string;
  readAt: string | null;
  entityId: string | null;
}

describe('notifications (e2e)', () => {
  let t: TestApp;
  let w: World;
  let service: NotificationsService;
  let reminders: RemindersService;
  let db: Database;

  const mine = async (as: Login, query = 'pageSize=200') =>
    (await t.http().get(`/api/notifications?${query}`).set(as.auth).expect(200)).body as {
      items: Item[];
      total: number;
      unread: number;
    };
  const notifyMember = (memberId: string, title: string) =>
    db.transaction(async (em) =>
      service.notify(em, {
        recipientUserIds: [(await t.app.get(NotificationRecipients).accountOfMember(em, memberId))!],
        kind: 'commitment.accepted',
        title,
        body: `${title}.`,
      }),
    );

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    service = t.app.get(NotificationsService);
    reminders = t.app.get(RemindersService);
    db = t.app.get(Database);
  });
  afterAll(() => t.close());

  it('answers 401 without a token and 400 for a malformed id', async () => {
    await t.http().get('/api/notifications').expect(401);
    await t.http().post('/api/notifications/read-all').expect(401);
    await t.http().post('/api/notifications/khong-phai-uuid/read').set(w.memberA1a.auth).expect(400);
  });

  it('shows each account only its own notifications, unread first', async () => {
    await notifyMember(w.members.a1a.id, 'Thông báo thứ nhất');
    await notifyMember(w.members.a1a.id, 'Thông báo thứ hai');
    await notifyMember(w.members.a1b.id, 'Thông báo của người khác');
    const a = await mine(w.memberA1a);
    expect(a.items.map((n) => n.title)).toEqual(['Thông báo thứ hai', 'Thông báo thứ nhất']);
    expect(a.unread).toBe(2);
    const b = await mine(w.memberA1b);
    expect(b.items.map((n) => n.title)).toEqual(['Thông báo của người khác']);
    // nobody reads another's notification, not even a leader or the secretary of the cell
    for (const other of [w.memberA1b, w.secretaryA1, w.leaderA, w.admin]) {
      const res = await t.http().post(`/api/notifications/${a.items[0].id}/read`).set(other.auth).expect(404);
      expect(res.body.code).toBe('NOTIFICATION_NOT_FOUND');
    }
    expect((await mine(w.memberA1a)).unread).toBe(2);

    const read = await t
      .http()
      .post(`/api/notifications/${a.items[1].id}/read`)
      .set(w.memberA1a.auth)
      .expect(200);
    expect(read.body.readAt).not.toBeNull();
    await t.http().post(`/api/notifications/${a.items[1].id}/read`).set(w.memberA1a.auth).expect(200);
    const after = await mine(w.memberA1a);
    expect(after.items.map((n) => n.title)).toEqual(['Thông báo thứ hai', 'Thông báo thứ nhất']);
    expect(after.items[1].readAt).not.toBeNull();
    expect((await mine(w.memberA1a, 'unreadOnly=true')).items).toHaveLength(1);

    const all = await t.http().post('/api/notifications/read-all').set(w.memberA1a.auth).expect(200);
    expect(all.body).toEqual({ updated: 1 });
    expect((await mine(w.memberA1a)).unread).toBe(0);
    expect((await mine(w.memberA1b)).unread).toBe(1);
  });

  it('rejects unknown query fields with 400', async () => {
    const res = await t.http().get('/api/notifications?recipientUserId=x').set(w.memberA1a.auth).expect(400);
    expect(res.body.details[0].field).toBe('recipientUserId');
  });

  it('reminds members without a commitment before the deadline once, however often the job runs', async () => {
    // 29 January 2027, 08:00 in Hà Nội: two days before the default yearly deadline (31 January).
    const now = new Date('2027-01-29T01:00:00Z');
    const first = await reminders.runReminders(now);
    expect(first.today).toBe('2027-01-29');
    expect(first.registration).toBeGreaterThanOrEqual(6);
    const again = await Promise.all([reminders.runReminders(now), reminders.runReminders(now)]);
    expect(again.map((r) => r.registration + r.cellBehind + r.results + r.reviewQueue)).toEqual([0, 0]);
    const a1a = (await mine(w.memberA1a)).items.filter((n) => n.kind === 'reminder.registration');
    expect(a1a).toHaveLength(1);
    expect(a1a[0].title).toContain('năm 2027');
    // leaders hear about cells behind after the quarterly and monthly deadlines (10 and 5 January)
    const behind = (await mine(w.leaderA)).items.filter((n) => n.kind === 'reminder.cell-behind');
    expect(behind.length).toBe(4); // cells A1 and A2, quarter 1 and January
    expect((await mine(w.leaderB)).items.filter((n) => n.kind === 'reminder.cell-behind')).toHaveLength(2);
    expect((await mine(w.leaderCity)).items.filter((n) => n.kind === 'reminder.cell-behind')).toHaveLength(0);
  });

  it('respects per-organisation lead times inherited down the tree', async () => {
    await t
      .http()
      .put(`/api/notifications/settings/${w.orgs.wardB.id}`)
      .set(w.leaderA.auth)
      .send({ registrationLeadDays: 10 })
      .expect(404);
    const set = await t
      .http()
      .put(`/api/notifications/settings/${w.orgs.wardB.id}`)
      .set(w.leaderB.auth)
      .send({ registrationLeadDays: 10 })
      .expect(200);
    expect(set.body.effective).toMatchObject({ registrationLeadDays: 10, resultsLeadDays: 5 });
    const cell = await t
      .http()
      .get(`/api/notifications/settings/${w.orgs.cellB1.id}`)
      .set(w.secretaryB1.auth)
      .expect(200);
    expect(cell.body).toMatchObject({ own: {}, effective: { registrationLeadDays: 10 } });
    await t
      .http()
      .put(`/api/notifications/settings/${w.orgs.wardB.id}`)
      .set(w.leaderB.auth)
      .send({ registrationLeadDays: 99 })
      .expect(400);
    // 22 January: nine days before the yearly deadline, inside ward B's lead time only
    const run = await reminders.runReminders(new Date('2028-01-22T03:00:00Z'));
    const b1 = (await mine(w.memberB1)).items.filter(
      (n) => n.kind === 'reminder.registration' && n.title.includes('2028'),
    );
    const a2 = (await mine(w.memberA2)).items.filter(
      (n) => n.kind === 'reminder.registration' && n.title.includes('2028'),
    );
    expect(run.registration).toBeGreaterThan(0);
    expect(b1).toHaveLength(1);
    expect(a2).toHaveLength(0);
  });

  it('reminds the secretaries when a submitted commitment waits too long, and delivers through the outbox', async () => {
    const c = await createCommitment(t, w.memberA1b, {
      year: 2026,
      periodType: 'quarterly',
      periodIndex: 4,
      items: [{ category: 'study', content: 'Học tập chuyên đề năm của chi bộ' }],
    });
    await step(t, w.memberA1b, c.id, 'submit', { version: c.version });
    const later = new Date(Date.now() + 4 * 86_400_000);
    const run = await reminders.runReminders(later);
    expect(run.reviewQueue).toBe(2); // the secretary and the deputy of cell A1
    expect((await reminders.runReminders(later)).reviewQueue).toBe(0);
    const queue = (await mine(w.deputyA1)).items.filter((n) => n.kind === 'reminder.review-queue');
    expect(queue).toHaveLength(1);
    expect(queue[0].entityId).toBe(c.id);

    const dispatched = await t.app.get(OutboxDispatcher).dispatch(new Date());
    expect(dispatched.sent).toBeGreaterThan(0);
    expect((await t.app.get(OutboxDispatcher).dispatch(new Date())).sent).toBe(0);
  });
  it('hands each notification to every channel once, retrying a failing channel with backoff', async () => {
    await t.app.get(OutboxDispatcher).dispatch(new Date());
    await notifyMember(w.members.a2.id, 'Thông báo gửi qua kênh ngoài');
    const emailed: string[] = [];
    let smsCalls = 0;
    const dispatcher = new OutboxDispatcher(db, [
      { name: 'email', deliver: async (m) => void emailed.push(m.id) },
      {
        name: 'sms',
        deliver: async () => {
          if (++smsCalls === 1) throw new Error('SMS gateway timeout');
        },
      },
    ]);
    const now = new Date();
    expect(await dispatcher.dispatch(now)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await dispatcher.dispatch(now)).toEqual({ sent: 0, retried: 0, failed: 0 }); // backing off
    expect(await dispatcher.dispatch(new Date(now.getTime() + 61_000))).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    expect(emailed).toHaveLength(1); // not sent twice to the channel that accepted it
    expect(smsCalls).toBe(2);
  });
});
