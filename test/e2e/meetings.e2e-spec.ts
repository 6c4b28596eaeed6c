import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedCommitment } from '../factories/commitments.js';
import { createStudyTheme, fieldsOf, recordMeeting, THEME_2026 } from '../factories/cell-life.js';
import { buildWorld, createMember, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const ZERO = '00000000-0000-4000-8000-000000000000';

describe('meetings (e2e)', () => {
  let t: TestApp;
  let w: World;
  let march: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('answers 401 without a token on every route', async () => {
    await t.http().get('/api/meetings').expect(401);
    await t.http().post('/api/meetings').send({}).expect(401);
    await t.http().get(`/api/meetings/${ZERO}`).expect(401);
    await t.http().patch(`/api/meetings/${ZERO}`).send({}).expect(401);
    await t.http().post(`/api/meetings/${ZERO}/issues`).send({}).expect(401);
    await t.http().get('/api/meetings/issues').expect(401);
    await t.http().post(`/api/meetings/issues/${ZERO}/resolve`).send({}).expect(401);
    await t.http().get('/api/meetings/attendance-rates?from=2026-01-01&to=2026-12-31').expect(401);
  });

  it('records a meeting: every member of the cell gets a row, unlisted members are absent', async () => {
    march = await recordMeeting(t, w.secretaryA1, {
      cellId: w.orgs.cellA1.id,
      heldOn: '2026-03-05',
      kind: 'regular',
      topic: 'Sinh hoạt chi bộ thường kỳ tháng 3: công khai bản cam kết năm 2026',
      attendance: [
        { memberId: w.members.secA1.id, status: 'present' },
        { memberId: w.members.depA1.id, status: 'present' },
        { memberId: w.members.a1a.id, status: 'excused', note: 'Đi công tác Hà Nội' },
      ],
      guests: [
        { fullName: 'Đỗ Văn Thành', position: 'Ủy viên Ban Thường vụ Đảng ủy phường' },
        ' Mai Thị Hoa ',
      ],
      minutes: 'Chi bộ thống nhất các nội dung cam kết; đồng chí Đức cần bổ sung chỉ tiêu cụ thể.',
      issues: [{ title: 'Vệ sinh môi trường khu dân cư chưa đạt', ownerMemberId: w.members.a1b.id }],
    });
    const res = await t.http().get(`/api/meetings/${march.id}`).set(w.secretaryA1.auth).expect(200);
    expect(res.body.attendance).toHaveLength(4);
    const byId = Object.fromEntries(
      res.body.attendance.map((a: { memberId: string; status: string }) => [a.memberId, a.status]),
    );
    expect(byId).toEqual({
      [w.members.secA1.id]: 'present',
      [w.members.depA1.id]: 'present',
      [w.members.a1a.id]: 'excused',
      [w.members.a1b.id]: 'absent',
    });
    expect(res.body.guests).toEqual([
      { fullName: 'Đỗ Văn Thành', position: 'Ủy viên Ban Thường vụ Đảng ủy phường' },
      { fullName: 'Mai Thị Hoa', position: null },
    ]);
    expect(res.body.issues[0]).toMatchObject({ status: 'open', ownerName: 'Phạm Văn Đức' });
    const audit = await t.http().get(`/api/audit-log?entityId=${march.id}`).set(w.admin.auth).expect(200);
    expect(audit.body.items[0].action).toBe('meeting.create');
  });

  it('links presented commitments through the commitments module', async () => {
    const c = await acceptedCommitment(t, w.memberA1a, w.secretaryA1);
    const m = await recordMeeting(t, w.secretaryA1, {
      cellId: w.orgs.cellA1.id,
      heldOn: '2026-04-02',
      kind: 'regular',
      topic: 'Công khai bản cam kết trước chi bộ',
      attendance: [{ memberId: w.members.a1a.id, status: 'present' }],
      presentedCommitmentIds: [c.id],
    });
    expect(m.presentedCommitmentIds).toEqual([c.id]);
    const commitment = await t.http().get(`/api/commitments/${c.id}`).set(w.memberA1a.auth).expect(200);
    expect(commitment.body.presentedAtMeetingId).toBe(m.id);
    // a commitment of another cell is refused, naming the field
    const other = await acceptedCommitment(t, w.memberB1, w.secretaryB1);
    const bad = await t
      .http()
      .post('/api/meetings')
      .set(w.secretaryA1.auth)
      .send({
        cellId: w.orgs.cellA1.id,
        heldOn: '2026-04-03',
        kind: 'regular',
        topic: 'Thử',
        attendance: [],
        presentedCommitmentIds: [other.id],
      })
      .expect(400);
    expect(fieldsOf(bad.body)[0]).toMatch(/^presentedCommitmentIds/);
  });

  it('validates input and names each field', async () => {
    const base = {
      cellId: w.orgs.cellA1.id,
      heldOn: '2026-05-07',
      kind: 'regular',
      topic: 'Sinh hoạt tháng 5',
      attendance: [],
    };
    const r1 = await t
      .http()
      .post('/api/meetings')
      .set(w.secretaryA1.auth)
      .send({ ...base, kind: 'party', heldOn: '07/05/2026', extra: 1 })
      .expect(400);
    expect(fieldsOf(r1.body)).toEqual(expect.arrayContaining(['kind', 'heldOn', 'extra']));
    const r2 = await t
      .http()
      .post('/api/meetings')
      .set(w.secretaryA1.auth)
      .send({ ...base, heldOn: '2026-02-30' })
      .expect(400);
    expect(fieldsOf(r2.body)).toEqual(['heldOn']);
    const r3 = await t
      .http()
      .post('/api/meetings')
      .set(w.secretaryA1.auth)
      .send({ ...base, heldOn: '2099-01-01' })
      .expect(400);
    expect(fieldsOf(r3.body)).toEqual(['heldOn']);
    const r4 = await t
      .http()
      .post('/api/meetings')
      .set(w.secretaryA1.auth)
      .send({
        ...base,
        attendance: [
          { memberId: w.members.a2.id, status: 'present' },
          { memberId: w.members.a1a.id, status: 'present' },
          { memberId: w.members.a1a.id, status: 'absent' },
        ],
      })
      .expect(400);
    expect(fieldsOf(r4.body)).toEqual(['attendance[0].memberId', 'attendance[2].memberId']);
    const r5 = await t
      .http()
      .post('/api/meetings')
      .set(w.secretaryA1.auth)
      .send({ ...base, attendance: [{ memberId: w.members.a1a.id, status: 'late' }] })
      .expect(400);
    expect(fieldsOf(r5.body)).toEqual(['attendance.0.status']);
    const r6 = await t
      .http()
      .post('/api/meetings')
      .set(w.secretaryA1.auth)
      .send({ ...base, studyThemeId: ZERO })
      .expect(400);
    expect(fieldsOf(r6.body)).toEqual(['studyThemeId']);
  });

  it('answers 404 for a cell outside the secretary scope and 403 for roles without meeting.manage', async () => {
    const body = {
      cellId: w.orgs.cellA2.id,
      heldOn: '2026-05-07',
      kind: 'regular',
      topic: 'Sinh hoạt tháng 5',
      attendance: [],
    };
    await t.http().post('/api/meetings').set(w.secretaryA1.auth).send(body).expect(404);
    await t
      .http()
      .post('/api/meetings')
      .set(w.secretaryB1.auth)
      .send({ ...body, cellId: w.orgs.cellA1.id })
      .expect(404);
    for (const who of [w.memberA1a, w.leaderA, w.leaderCity]) {
      await t
        .http()
        .post('/api/meetings')
        .set(who.auth)
        .send({ ...body, cellId: w.orgs.cellA1.id })
        .expect(403);
    }
  });

  it('scopes reading: the cell and its leaders read it, other cells get 404', async () => {
    for (const who of [w.secretaryA1, w.memberA1b, w.leaderA, w.leaderCity, w.admin]) {
      await t.http().get(`/api/meetings/${march.id}`).set(who.auth).expect(200);
    }
    for (const who of [w.memberA2, w.secretaryB1, w.leaderB, w.memberB1]) {
      await t.http().get(`/api/meetings/${march.id}`).set(who.auth).expect(404);
    }
    await t.http().get('/api/meetings/not-a-uuid').set(w.leaderA.auth).expect(400);
    const listB = await t.http().get('/api/meetings').set(w.leaderB.auth).expect(200);
    expect(listB.body.total).toBe(0);
    const listA = await t
      .http()
      .get('/api/meetings?from=2026-03-01&to=2026-03-31')
      .set(w.leaderA.auth)
      .expect(200);
    expect(listA.body.items).toHaveLength(1);
    expect(listA.body.items[0]).toMatchObject({
      id: march.id,
      present: 2,
      expected: 4,
      cellName: 'Chi bộ tổ dân phố số 1',
    });
    await t.http().get(`/api/meetings?organizationId=${w.orgs.wardB.id}`).set(w.leaderA.auth).expect(404);
  });

  it('corrects a meeting afterwards: minutes and attendance, versioned and audited', async () => {
    const url = `/api/meetings/${march.id}`;
    await t.http().patch(url).set(w.secretaryB1.auth).send({ version: 1, minutes: 'Sửa' }).expect(404);
    await t.http().patch(url).set(w.memberA1a.auth).send({ version: 1, minutes: 'Sửa' }).expect(403);
    const bad = await t
      .http()
      .patch(url)
      .set(w.secretaryA1.auth)
      .send({
        version: 1,
        attendance: [{ memberId: w.members.b1.id, status: 'present' }],
        heldOn: '2026-03-06',
      })
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['heldOn']);
    const offRoll = await t
      .http()
      .patch(url)
      .set(w.secretaryA1.auth)
      .send({ version: 1, attendance: [{ memberId: w.members.b1.id, status: 'present' }] })
      .expect(400);
    expect(fieldsOf(offRoll.body)).toEqual(['attendance[0].memberId']);
    const ok = await t
      .http()
      .patch(url)
      .set(w.deputyA1.auth)
      .send({
        version: 1,
        minutes: 'Biên bản bổ sung: đồng chí Đức đến muộn, có mặt từ phần thảo luận.',
        attendance: [{ memberId: w.members.a1b.id, status: 'present', note: 'Đến muộn' }],
      })
      .expect(200);
    expect(ok.body.version).toBe(2);
    expect(
      ok.body.attendance.find((a: { memberId: string }) => a.memberId === w.members.a1b.id),
    ).toMatchObject({ status: 'present', note: 'Đến muộn' });
    await t.http().patch(url).set(w.secretaryA1.auth).send({ version: 1, minutes: 'Cũ' }).expect(409);
    const audit = await t
      .http()
      .get(`/api/audit-log?entityId=${march.id}&action=meeting.update`)
      .set(w.leaderA.auth)
      .expect(200);
    expect(audit.body.items[0].changes.attendance).toEqual([
      { memberId: w.members.a1b.id, from: 'absent', to: 'present' },
    ]);
    // put it back so the rates below count the meeting as first recorded
    await t
      .http()
      .patch(url)
      .set(w.secretaryA1.auth)
      .send({ version: 2, attendance: [{ memberId: w.members.a1b.id, status: 'absent' }] })
      .expect(200);
  });

  it('adds and resolves issues; leaders see open issues of their subtree', async () => {
    const added = await t
      .http()
      .post(`/api/meetings/${march.id}/issues`)
      .set(w.secretaryA1.auth)
      .send({ title: 'Đôn đốc đảng viên đóng đảng phí đúng hạn', ownerMemberId: w.members.depA1.id })
      .expect(201);
    expect(added.body).toMatchObject({ status: 'open', ownerName: 'Lê Thị Bích' });
    const bad = await t
      .http()
      .post(`/api/meetings/${march.id}/issues`)
      .set(w.secretaryA1.auth)
      .send({ title: 'x', ownerMemberId: w.members.b1.id })
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['title']);
    const notOfCell = await t
      .http()
      .post(`/api/meetings/${march.id}/issues`)
      .set(w.secretaryA1.auth)
      .send({ title: 'Việc cần làm', ownerMemberId: w.members.b1.id })
      .expect(400);
    expect(fieldsOf(notOfCell.body)).toEqual(['ownerMemberId']);
    await t
      .http()
      .post(`/api/meetings/${march.id}/issues`)
      .set(w.secretaryB1.auth)
      .send({ title: 'Việc cần làm' })
      .expect(404);

    const open = await t.http().get('/api/meetings/issues?status=open').set(w.leaderCity.auth).expect(200);
    expect(open.body.total).toBe(2);
    expect(
      (await t.http().get('/api/meetings/issues?status=open').set(w.leaderB.auth).expect(200)).body.total,
    ).toBe(0);

    await t
      .http()
      .post(`/api/meetings/issues/${added.body.id}/resolve`)
      .set(w.secretaryB1.auth)
      .send({ version: 1, resolution: 'Đã xong' })
      .expect(404);
    await t
      .http()
      .post(`/api/meetings/issues/${added.body.id}/resolve`)
      .set(w.secretaryA1.auth)
      .send({ version: 1 })
      .expect(400);
    await t
      .http()
      .post(`/api/meetings/issues/${added.body.id}/resolve`)
      .set(w.secretaryA1.auth)
      .send({ version: 7, resolution: 'Đã thu đủ đảng phí quý I' })
      .expect(409);
    const resolved = await t
      .http()
      .post(`/api/meetings/issues/${added.body.id}/resolve`)
      .set(w.secretaryA1.auth)
      .send({ version: 1, resolution: 'Đã thu đủ đảng phí quý I' })
      .expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', version: 2 });
    await t
      .http()
      .post(`/api/meetings/issues/${added.body.id}/resolve`)
      .set(w.secretaryA1.auth)
      .send({ version: 2, resolution: 'Lần nữa' })
      .expect(409);
    expect(
      (await t.http().get('/api/meetings/issues?status=open').set(w.leaderA.auth).expect(200)).body.total,
    ).toBe(1);
  });

  it('links the study theme in force and computes attendance rates per subtree, cell and member', async () => {
    const theme = await createStudyTheme(t, w.leaderA, {
      organizationId: w.orgs.wardA.id,
      year: 2026,
      title: THEME_2026,
    });
    const study = await recordMeeting(t, w.secretaryA1, {
      cellId: w.orgs.cellA1.id,
      heldOn: '2026-06-04',
      kind: 'study',
      topic: 'Học tập chuyên đề năm 2026',
      attendance: [
        { memberId: w.members.secA1.id, status: 'present' },
        { memberId: w.members.a1a.id, status: 'present' },
        { memberId: w.members.a1b.id, status: 'present' },
      ],
    });
    expect(study.studyThemeId).toBe(theme.id);
    // March: 2/4 present; April: 1/4; June: 3/4 -> 6/12 for cell A1 in 2026
    const rates = await t
      .http()
      .get(
        `/api/meetings/attendance-rates?organizationId=${w.orgs.wardA.id}&from=2026-01-01&to=2026-12-31&groupBy=cell`,
      )
      .set(w.leaderA.auth)
      .expect(200);
    expect(rates.body.total).toMatchObject({ present: 6, excused: 1, absent: 5, expected: 12, rate: 0.5 });
    expect(rates.body.groups).toEqual([
      expect.objectContaining({ cellId: w.orgs.cellA1.id, present: 6, expected: 12 }),
    ]);
    const perMember = await t
      .http()
      .get(
        `/api/meetings/attendance-rates?organizationId=${w.orgs.cellA1.id}&from=2026-03-01&to=2026-03-31&groupBy=member`,
      )
      .set(w.secretaryA1.auth)
      .expect(200);
    expect(
      perMember.body.groups.map((g: { fullName: string; rate: number }) => [g.fullName, g.rate]),
    ).toEqual([
      ['Lê Thị Bích', 1],
      ['Nguyễn Văn An', 1],
      ['Phạm Văn Đức', 0],
      ['Trần Thị Đào', 0],
    ]);
    const own = await t
      .http()
      .get(`/api/meetings/attendance-rates?memberId=${w.members.a1b.id}&from=2026-01-01&to=2026-12-31`)
      .set(w.memberA1b.auth)
      .expect(200);
    expect(own.body.total).toMatchObject({ present: 1, expected: 3 });
    // names of a cell are not served to a member, nor to a leader of another ward
    await t
      .http()
      .get(
        `/api/meetings/attendance-rates?organizationId=${w.orgs.cellA1.id}&from=2026-01-01&to=2026-12-31&groupBy=member`,
      )
      .set(w.memberA1a.auth)
      .expect(404);
    await t
      .http()
      .get(`/api/meetings/attendance-rates?organizationId=${w.orgs.cellA1.id}&from=2026-01-01&to=2026-12-31`)
      .set(w.leaderB.auth)
      .expect(404);
    await t
      .http()
      .get(`/api/meetings/attendance-rates?memberId=${w.members.a1a.id}&from=2026-01-01&to=2026-12-31`)
      .set(w.memberA1b.auth)
      .expect(404);
    const bad = await t
      .http()
      .get('/api/meetings/attendance-rates?from=2026-12-01&to=2026-01-01')
      .set(w.leaderA.auth)
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['organizationId']);
    const bad2 = await t
      .http()
      .get(`/api/meetings/attendance-rates?organizationId=${w.orgs.wardA.id}&from=2026-12-01&to=2026-01-01`)
      .set(w.leaderA.auth)
      .expect(400);
    expect(fieldsOf(bad2.body)).toEqual(['to']);
  });

  it('leaves exempt members out of the rates and members who joined later out of earlier meetings', async () => {
    const exempt = await createMember(t, w.admin, w.orgs.cellA2.id, 'Ngô Thị Lan', { isExempt: true });
    const late = await createMember(t, w.admin, w.orgs.cellA2.id, 'Bùi Văn Long', {
      joinedPartyOn: '2026-09-02',
    });
    const m = await recordMeeting(t, w.admin, {
      cellId: w.orgs.cellA2.id,
      heldOn: '2026-08-06',
      kind: 'regular',
      topic: 'Sinh hoạt chi bộ tháng 8',
      attendance: [{ memberId: w.members.a2.id, status: 'present' }],
    });
    const ids = m.attendance.map((a: { memberId: string }) => a.memberId).sort();
    expect(ids).toEqual([w.members.a2.id, exempt.id].sort());
    expect(m.attendance.find((a: { memberId: string }) => a.memberId === exempt.id)).toMatchObject({
      status: 'absent',
      expected: false,
    });
    const rates = await t
      .http()
      .get(`/api/meetings/attendance-rates?organizationId=${w.orgs.cellA2.id}&from=2026-08-01&to=2026-08-31`)
      .set(w.leaderA.auth)
      .expect(200);
    expect(rates.body.total).toMatchObject({ present: 1, expected: 1, rate: 1 });
    const refused = await t
      .http()
      .post('/api/meetings')
      .set(w.admin.auth)
      .send({
        cellId: w.orgs.cellA2.id,
        heldOn: '2026-08-20',
        kind: 'regular',
        topic: 'Sinh hoạt',
        attendance: [{ memberId: late.id, status: 'present' }],
      })
      .expect(400);
    expect(fieldsOf(refused.body)).toEqual(['attendance[0].memberId']);
  });
});
