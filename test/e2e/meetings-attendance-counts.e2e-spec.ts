import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordMeeting } from '../factories/cell-life.js';
import { readRows, storedCounts } from '../factories/stored-counts.js';
import { buildWorld, createMember, Login, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const COUNTS = ['attendanceExpected', 'attendancePresent', 'attendanceExcused', 'attendanceAbsent'] as const;
type Counts = Record<(typeof COUNTS)[number], number>;

/**
 * The attendance counts kept on the meeting row (attendanceExpected, attendancePresent,
 * attendanceExcused, attendanceAbsent: what the subtree's attendance rate reads instead of the rows)
 * against a recount from the expected attendance rows, after every write of attendance rows through
 * the API: recording a meeting (listed, unlisted, exempt and suspended members), correcting statuses,
 * a correction that changes nothing and one without attendance; and the rates read from them.
 */
describe('meetings (e2e): attendance counts on the meeting row follow every attendance write', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const when = (status: string) => `SUM(CASE WHEN "status" = '${status}' THEN 1 ELSE 0 END)`;
  /** The stored counts, after checking them against a recount of the expected rows. */
  const counts = (id: string): Promise<Counts> =>
    storedCounts(
      t,
      'meeting',
      COUNTS,
      `SELECT COUNT(*) AS "attendanceExpected", ${when('present')} AS "attendancePresent",
         ${when('excused')} AS "attendanceExcused", ${when('absent')} AS "attendanceAbsent"
       FROM "meeting_attendance" WHERE "meetingId" = :id AND "expected"`,
    )(id);
  const read = <T>(sql: string, params: Record<string, unknown>) => readRows<T>(t, sql, params);

  /** Every meeting's stored counts equal a recount (a write must not touch another meeting's). */
  async function everyMeetingAgrees(): Promise<void> {
    const meetings = await read<{ id: string }>(`SELECT "id" FROM "meeting" ORDER BY "id"`, {});
    for (const m of meetings) await counts(m.id);
  }

  async function correct(as: Login, id: string, body: Record<string, unknown>) {
    const current = (await t.http().get(`/api/meetings/${id}`).set(as.auth).expect(200)).body;
    const res = await t
      .http()
      .patch(`/api/meetings/${id}`)
      .set(as.auth)
      .send({ version: current.version, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  const rates = async (organizationId: string, groupBy = 'total') =>
    (
      await t
        .http()
        .get(
          `/api/meetings/attendance-rates?organizationId=${organizationId}&from=2026-01-01&to=2026-12-31&groupBy=${groupBy}`,
        )
        .set(w.leaderA.auth)
        .expect(200)
    ).body;

  it('keeps the counts equal to a recount at every step, and the rates read them', async () => {
    // An exempt and a suspended member: on the roll, not expected.
    const exempt = await createMember(t, w.admin, w.orgs.cellA1.id, 'Ngô Thị Lan', { isExempt: true });
    const suspended = await createMember(t, w.admin, w.orgs.cellA1.id, 'Bùi Văn Long');
    const res = await t
      .http()
      .patch(`/api/members/${suspended.id}`)
      .set(w.admin.auth)
      .send({ version: (suspended as unknown as { version: number }).version, isSuspended: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    // Record: two present, one excused, one unlisted (absent); the exempt member listed present and
    // the suspended one unlisted, neither counted.
    const march = await recordMeeting(t, w.secretaryA1, {
      cellId: w.orgs.cellA1.id,
      heldOn: '2026-03-05',
      kind: 'regular',
      topic: 'Sinh hoạt chi bộ thường kỳ tháng 3',
      attendance: [
        { memberId: w.members.secA1.id, status: 'present' },
        { memberId: w.members.depA1.id, status: 'present' },
        { memberId: w.members.a1a.id, status: 'excused', note: 'Đi công tác Đà Nẵng' },
        { memberId: exempt.id, status: 'present' },
      ],
    });
    expect(march.attendance).toHaveLength(6);
    expect(await counts(march.id)).toEqual({
      attendanceExpected: 4,
      attendancePresent: 2,
      attendanceExcused: 1,
      attendanceAbsent: 1,
    });

    // A meeting in the other cell of the ward and one where nobody is listed.
    const a2 = await recordMeeting(t, w.admin, {
      cellId: w.orgs.cellA2.id,
      heldOn: '2026-03-12',
      kind: 'study',
      topic: 'Học tập chuyên đề năm 2026',
      attendance: [{ memberId: w.members.a2.id, status: 'present' }],
    });
    expect(await counts(a2.id)).toEqual({
      attendanceExpected: 1,
      attendancePresent: 1,
      attendanceExcused: 0,
      attendanceAbsent: 0,
    });
    const april = await recordMeeting(t, w.secretaryA1, {
      cellId: w.orgs.cellA1.id,
      heldOn: '2026-04-02',
      kind: 'thematic',
      topic: 'Sinh hoạt chuyên đề: chuyển đổi số ở khu dân cư',
      attendance: [],
    });
    expect(await counts(april.id)).toMatchObject({ attendanceExpected: 4, attendanceAbsent: 4 });
    await everyMeetingAgrees();

    // Correct statuses: the absent member was excused, an excused one present, the exempt one absent.
    await correct(w.secretaryA1, march.id, {
      attendance: [
        { memberId: w.members.a1b.id, status: 'excused', note: 'Ốm, có giấy báo' },
        { memberId: w.members.a1a.id, status: 'present' },
        { memberId: exempt.id, status: 'absent' },
      ],
    });
    expect(await counts(march.id)).toEqual({
      attendanceExpected: 4,
      attendancePresent: 3,
      attendanceExcused: 1,
      attendanceAbsent: 0,
    });

    // A correction naming statuses as they are, and one of the topic only: the counts stay.
    await correct(w.secretaryA1, march.id, {
      attendance: [{ memberId: w.members.secA1.id, status: 'present', note: 'Chủ trì' }],
    });
    await correct(w.secretaryA1, march.id, { topic: 'Sinh hoạt chi bộ thường kỳ tháng 3 năm 2026' });
    expect(await counts(march.id)).toMatchObject({ attendanceExpected: 4, attendancePresent: 3 });

    // Every member of April present after all, then one of them absent again.
    await correct(w.secretaryA1, april.id, {
      attendance: [w.members.secA1, w.members.depA1, w.members.a1a, w.members.a1b, suspended].map((m) => ({
        memberId: m.id,
        status: 'present',
      })),
    });
    expect(await counts(april.id)).toEqual({
      attendanceExpected: 4,
      attendancePresent: 4,
      attendanceExcused: 0,
      attendanceAbsent: 0,
    });
    await correct(w.deputyA1, april.id, { attendance: [{ memberId: w.members.a1b.id, status: 'absent' }] });
    expect(await counts(april.id)).toMatchObject({ attendancePresent: 3, attendanceAbsent: 1 });
    await everyMeetingAgrees();

    // The rates of the ward (total and per cell) read the counts; the per-member form reads the rows
    // and sums to the same.
    const ward = await rates(w.orgs.wardA.id);
    expect(ward.total).toEqual({ present: 7, excused: 1, absent: 1, expected: 9, rate: 0.7778 });
    const cells = await rates(w.orgs.wardA.id, 'cell');
    expect(
      cells.groups.map((g: { cellId: string; present: number; expected: number }) => [
        g.cellId,
        g.present,
        g.expected,
      ]),
    ).toEqual([
      [w.orgs.cellA1.id, 6, 8],
      [w.orgs.cellA2.id, 1, 1],
    ]);
    const members = await rates(w.orgs.wardA.id, 'member');
    const sum = (k: string) => members.groups.reduce((n: number, g: Record<string, number>) => n + g[k], 0);
    expect([sum('present'), sum('excused'), sum('absent'), sum('expected')]).toEqual([7, 1, 1, 9]);
    expect(members.groups.map((g: { memberId: string }) => g.memberId)).not.toContain(exempt.id);

    // The overview of the ward reads the same counts.
    const overview = (
      await t
        .http()
        .get(`/api/reports/overview?organizationId=${w.orgs.wardA.id}&year=2026`)
        .set(w.leaderA.auth)
        .expect(200)
    ).body;
    expect(overview.meetingAttendance).toMatchObject({ present: 7, expected: 9, rate: 0.7778 });
  });
});
