import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DisciplinaryRecord } from '../../src/discipline/disciplinary-record.entity.js';
import { Database } from '../../src/common/database.service.js';
import { vnToday } from '../../src/common/dates.js';
import { createCommitment, QUARTERLY_ITEMS } from '../factories/commitments.js';
import { readRows } from '../factories/stored-counts.js';
import { buildWorld, createMember, createUser, login, Login, World } from '../factories/world.js';
import { createTestApp, PASSWORD, TestApp } from '../setup/test-app.js';

/**
 * Issue 14, item 8: an expelled member (khai trừ) kept signing in, reading the cell's meetings and
 * registering commitments. From the day the expulsion takes effect, every session of their account
 * ends and a login with the right password answers 403 MEMBER_EXPELLED; their records stay.
 */
describe('an expelled member loses access, their records stay (e2e)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());
  afterEach(() => vi.useRealTimers());

  const sessions = (userId: string) =>
    readRows<{ revokedReason: string | null }>(
      t,
      'SELECT "revokedReason" FROM "auth_session" WHERE "userId" = :userId ORDER BY "createdAt"',
      { userId },
    );
  const commitmentsOf = async (memberId: string) =>
    (await t.http().get(`/api/commitments?memberId=${memberId}`).set(w.leaderA.auth).expect(200)).body.total;
  const loginAnswer = (username: string, password = PASSWORD) =>
    t.http().post('/api/auth/login').send({ username, password });

  /** A member of cell A1 with an account, signed in twice (a phone and a computer). */
  async function memberWithSessions(fullName: string): Promise<{
    memberId: string;
    userId: string;
    username: string;
    phone: Login;
    desk: Login;
  }> {
    const m = await createMember(t, w.admin, w.orgs.cellA1.id, fullName);
    const u = await createUser(t, w.admin, { memberId: m.id, roles: [] });
    return {
      memberId: m.id,
      userId: u.id,
      username: u.username,
      phone: await login(t, u.username),
      desk: await login(t, u.username),
    };
  }

  it('ends the sessions when the expulsion is recorded and refuses the login with 403 MEMBER_EXPELLED', async () => {
    const x = await memberWithSessions('Trương Văn Khải');
    await createCommitment(t, x.phone);
    await t.http().get(`/api/meetings?organizationId=${w.orgs.cellA1.id}`).set(x.phone.auth).expect(200);

    const decidedOn = vnToday();
    await t
      .http()
      .post(`/api/members/${x.memberId}/disciplinary-records`)
      .set(w.leaderA.auth)
      .send({
        decidedOn,
        form: 'expulsion',
        decisionNumber: '318-QĐ/ĐU',
        reason: 'Vi phạm đặc biệt nghiêm trọng quy định về những điều đảng viên không được làm',
        prohibitionCodes: [14],
      })
      .expect(201);

    // Tokens already issued stop at once: reading the cell's meetings, registering, refreshing.
    expect(await sessions(x.userId)).toEqual([
      { revokedReason: 'membership_ended' },
      { revokedReason: 'membership_ended' },
    ]);
    await t.http().get(`/api/meetings?organizationId=${w.orgs.cellA1.id}`).set(x.phone.auth).expect(401);
    const before = await commitmentsOf(x.memberId);
    await t
      .http()
      .post('/api/commitments')
      .set(x.desk.auth)
      .send({ year: 2026, periodType: 'quarterly', periodIndex: 4, items: QUARTERLY_ITEMS })
      .expect(401);
    await t.http().post('/api/auth/refresh').send({ refreshToken: x.phone.refreshToken }).expect(401);

    // The right password says why; a wrong one says no more than to anyone else.
    const refused = await loginAnswer(x.username).expect(403);
    expect(refused.body).toMatchObject({ code: 'MEMBER_EXPELLED', details: { expelledOn: decidedOn } });
    const wrong = await loginAnswer(x.username, 'Không phải mật khẩu 01').expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');

    // Nothing was stored by the refused requests: no new session, no new commitment.
    expect(await sessions(x.userId)).toHaveLength(2);
    expect(await commitmentsOf(x.memberId)).toBe(before);
    expect(before).toBe(1);

    // The records stay: the member, their commitment and the decision, for the committee to read.
    const member = await t.http().get(`/api/members/${x.memberId}`).set(w.leaderA.auth).expect(200);
    expect(member.body).toMatchObject({ fullName: 'Trương Văn Khải', expelledOn: decidedOn });
    const audit = await t
      .http()
      .get(`/api/audit-log?entityId=${x.userId}&action=auth.login_refused`)
      .set(w.admin.auth)
      .expect(200);
    expect(audit.body.total).toBe(1);
  });

  it('takes effect on the decision’s date, also for a caller already signed in and cached', async () => {
    const x = await memberWithSessions('Lò Thị Hiệu');
    // 23:59:58 on 2027-01-14 in Vietnam (UTC+7); the expulsion takes effect on 2027-01-15.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-01-14T16:59:58Z'));
    // A decision entered ahead of its date (the API takes only dates up to today; a copy from
    // another system or a fix by hand can carry a later one).
    await t.app.get(Database).transaction((em) =>
      em.insert(DisciplinaryRecord, {
        memberId: x.memberId,
        cellId: w.orgs.cellA1.id,
        decidedOn: '2027-01-15',
        form: 'expulsion',
        decisionNumber: '12-QĐ/ĐU',
        reason: 'Khai trừ ra khỏi Đảng theo quyết định của Đảng ủy phường',
        prohibitionCodes: null,
        prohibitionCatalogVersion: 1,
        selfDetectedAndRemedied: false,
        createdByUserId: null,
      }),
    );
    const s = await login(t, x.username);
    await t.http().get('/api/auth/me').set(s.auth).expect(200); // now remembered by the actor cache
    await t.http().get(`/api/meetings?organizationId=${w.orgs.cellA1.id}`).set(s.auth).expect(200);

    vi.setSystemTime(new Date('2027-01-14T17:00:01Z')); // 00:00:01 on 2027-01-15 in Vietnam
    await t.http().get('/api/auth/me').set(s.auth).expect(401);
    await t.http().post('/api/auth/refresh').send({ refreshToken: x.desk.refreshToken }).expect(401);
    const refused = await loginAnswer(x.username).expect(403);
    expect(refused.body).toMatchObject({ code: 'MEMBER_EXPELLED', details: { expelledOn: '2027-01-15' } });
    const rows = await sessions(x.userId);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.revokedReason === 'membership_ended')).toBe(true);
  });

  it('leaves the other members of the cell and their sessions alone', async () => {
    await t.http().get(`/api/meetings?organizationId=${w.orgs.cellA1.id}`).set(w.memberA1a.auth).expect(200);
    await t.http().post('/api/auth/refresh').send({ refreshToken: w.memberA1b.refreshToken }).expect(200);
  });
});
