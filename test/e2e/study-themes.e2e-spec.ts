import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedCommitment } from '../factories/commitments.js';
import { createStudyTheme, fieldsOf, recordMeeting, THEME_2026 } from '../factories/cell-life.js';
import { buildWorld, createMember, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

describe('study themes and the yearly rates (e2e)', () => {
  let t: TestApp;
  let w: World;
  let cityTheme: { id: string };
  let wardTheme: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('answers 401 without a token on every route', async () => {
    await t.http().get('/api/study-themes').expect(401);
    await t.http().post('/api/study-themes').send({}).expect(401);
    await t
      .http()
      .get(`/api/study-themes/participation?organizationId=${w.orgs.city.id}&year=2026`)
      .expect(401);
    await t
      .http()
      .get(`/api/study-themes/registration?organizationId=${w.orgs.city.id}&year=2026`)
      .expect(401);
  });

  it('lets leaders set the theme of their committee; 403 for members and secretaries, 404 outside the subtree', async () => {
    cityTheme = await createStudyTheme(t, w.leaderCity, {
      organizationId: w.orgs.city.id,
      year: 2026,
      title: THEME_2026,
    });
    expect(cityTheme).toMatchObject({
      organizationName: 'Đảng bộ thành phố Vĩnh Yên',
      year: 2026,
      version: 1,
    });
    wardTheme = await createStudyTheme(t, w.leaderB, {
      organizationId: w.orgs.wardB.id,
      year: 2026,
      title: 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường',
    });
    const body = { organizationId: w.orgs.wardA.id, year: 2026, title: THEME_2026 };
    for (const who of [w.memberA1a, w.secretaryA1])
      await t.http().post('/api/study-themes').set(who.auth).send(body).expect(403);
    await t.http().post('/api/study-themes').set(w.leaderB.auth).send(body).expect(404);
    await t
      .http()
      .post('/api/study-themes')
      .set(w.leaderA.auth)
      .send({ ...body, organizationId: w.orgs.city.id })
      .expect(404);
    const audit = await t
      .http()
      .get(`/api/audit-log?entityId=${cityTheme.id}`)
      .set(w.leaderCity.auth)
      .expect(200);
    expect(audit.body.items[0].action).toBe('study-theme.create');
  });

  it('validates the body and answers 409 for a second theme of the same year', async () => {
    const r = await t
      .http()
      .post('/api/study-themes')
      .set(w.leaderA.auth)
      .send({ organizationId: 'x', year: 1990, title: 'ab', note: 1 })
      .expect(400);
    expect(fieldsOf(r.body)).toEqual(expect.arrayContaining(['organizationId', 'year', 'title', 'note']));
    const dup = await t
      .http()
      .post('/api/study-themes')
      .set(w.leaderCity.auth)
      .send({ organizationId: w.orgs.city.id, year: 2026, title: THEME_2026 })
      .expect(409);
    expect(fieldsOf(dup.body)).toEqual(['year']);
  });

  it('lets the subtree inherit a theme unless a lower committee sets its own', async () => {
    const a = await t
      .http()
      .get(`/api/study-themes?organizationId=${w.orgs.cellA1.id}&year=2026`)
      .set(w.memberA1a.auth)
      .expect(200);
    expect(a.body.map((x: { id: string; effective: boolean }) => [x.id, x.effective])).toEqual([
      [cityTheme.id, true],
    ]);
    const b = await t
      .http()
      .get(`/api/study-themes?organizationId=${w.orgs.cellB1.id}`)
      .set(w.secretaryB1.auth)
      .expect(200);
    expect(b.body.map((x: { id: string; effective: boolean }) => [x.id, x.effective])).toEqual([
      [wardTheme.id, true],
      [cityTheme.id, false],
    ]);
    // without a filter: the themes above and inside the caller's scope
    const mine = await t.http().get('/api/study-themes').set(w.leaderA.auth).expect(200);
    expect(mine.body.map((x: { id: string }) => x.id)).toEqual([cityTheme.id]);
    await t
      .http()
      .get(`/api/study-themes?organizationId=${w.orgs.cellB1.id}`)
      .set(w.memberA1a.auth)
      .expect(404);
    const bad = await t.http().get('/api/study-themes?year=abc').set(w.memberA1a.auth).expect(400);
    expect(new Set(fieldsOf(bad.body))).toEqual(new Set(['year']));
  });

  it('computes study participation and registration over the subtree, exempt members excluded', async () => {
    await createMember(t, w.admin, w.orgs.cellA1.id, 'Ngô Thị Lan', { isExempt: true });
    const study = await recordMeeting(t, w.secretaryA1, {
      cellId: w.orgs.cellA1.id,
      heldOn: '2026-06-04',
      kind: 'study',
      topic: 'Học tập chuyên đề năm 2026',
      attendance: [
        { memberId: w.members.secA1.id, status: 'present' },
        { memberId: w.members.a1a.id, status: 'present' },
        { memberId: w.members.a1b.id, status: 'excused' },
      ],
    });
    expect(study.studyThemeId).toBe(cityTheme.id);
    // ward A: 5 members expected (4 in A1 + 1 in A2; the exempt member is not); 2 were present
    const p = await t
      .http()
      .get(`/api/study-themes/participation?organizationId=${w.orgs.wardA.id}&year=2026`)
      .set(w.leaderA.auth)
      .expect(200);
    expect(p.body).toMatchObject({ expected: 5, participated: 2, numerator: 2, denominator: 5, rate: 0.4 });
    await acceptedCommitment(t, w.memberA1a, w.secretaryA1);
    await acceptedCommitment(t, w.memberA2, w.admin);
    const r = await t
      .http()
      .get(`/api/study-themes/registration?organizationId=${w.orgs.wardA.id}&year=2026`)
      .set(w.leaderA.auth)
      .expect(200);
    expect(r.body).toMatchObject({ expected: 5, registered: 2, rate: 0.4 });
    const cell = await t
      .http()
      .get(`/api/study-themes/registration?organizationId=${w.orgs.cellA1.id}&year=2026`)
      .set(w.secretaryA1.auth)
      .expect(200);
    expect(cell.body).toMatchObject({ expected: 4, registered: 1, rate: 0.25 });
  });

  it('serves the rates only to leaders and secretaries over the organisation', async () => {
    await t
      .http()
      .get(`/api/study-themes/participation?organizationId=${w.orgs.cellA1.id}&year=2026`)
      .set(w.memberA1a.auth)
      .expect(404);
    await t
      .http()
      .get(`/api/study-themes/participation?organizationId=${w.orgs.wardA.id}&year=2026`)
      .set(w.leaderB.auth)
      .expect(404);
    await t
      .http()
      .get(`/api/study-themes/registration?organizationId=${w.orgs.wardA.id}&year=2026`)
      .set(w.secretaryA1.auth)
      .expect(404);
    const bad = await t
      .http()
      .get('/api/study-themes/participation?year=2026')
      .set(w.leaderA.auth)
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['organizationId']);
  });
});
