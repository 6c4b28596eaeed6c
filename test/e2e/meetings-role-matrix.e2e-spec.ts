import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordMeeting } from '../factories/cell-life.js';
import { buildWorld, Login, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

type RoleName =
  'memberA1a' | 'memberB1' | 'secretaryA1' | 'secretaryB1' | 'leaderA' | 'leaderB' | 'leaderCity' | 'admin';
const ROLES: RoleName[] = [
  'memberA1a',
  'memberB1',
  'secretaryA1',
  'secretaryB1',
  'leaderA',
  'leaderB',
  'leaderCity',
  'admin',
];

/**
 * Every cell-life route with every role, on records of cell A1 (ward A). 403: the role lacks the
 * permission; 404: the record lies outside the role's scope.
 */
describe('cell life role matrix (e2e)', () => {
  let t: TestApp;
  let w: World;
  let meetingId: string;
  let n = 0;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    meetingId = (
      await recordMeeting(t, w.secretaryA1, {
        cellId: w.orgs.cellA1.id,
        heldOn: '2026-03-05',
        kind: 'regular',
        topic: 'Sinh hoạt chi bộ tháng 3',
        attendance: [{ memberId: w.members.a1a.id, status: 'present' }],
      })
    ).id;
  });
  afterAll(() => t.close());

  const routes: Array<{
    name: string;
    call: (as: Login) => Promise<{ status: number }>;
    expect: Record<RoleName, number>;
  }> = [
    {
      name: 'GET /api/manifestations',
      call: (as) => t.http().get('/api/manifestations').set(as.auth),
      expect: {
        memberA1a: 200,
        memberB1: 200,
        secretaryA1: 200,
        secretaryB1: 200,
        leaderA: 200,
        leaderB: 200,
        leaderCity: 200,
        admin: 200,
      },
    },
    {
      name: 'PUT /api/prohibitions/:code',
      call: (as) =>
        t
          .http()
          .put('/api/prohibitions/6')
          .set(as.auth)
          .send({ text: `Nội dung điều 6 bản ${n++}`, verified: false, reason: 'Cập nhật' }),
      expect: {
        memberA1a: 403,
        memberB1: 403,
        secretaryA1: 403,
        secretaryB1: 403,
        leaderA: 403,
        leaderB: 403,
        leaderCity: 403,
        admin: 200,
      },
    },
    {
      name: 'POST /api/meetings',
      call: (as) =>
        t.http().post('/api/meetings').set(as.auth).send({
          cellId: w.orgs.cellA1.id,
          heldOn: '2026-04-02',
          kind: 'regular',
          topic: 'Sinh hoạt tháng 4',
          attendance: [],
        }),
      expect: {
        memberA1a: 403,
        memberB1: 403,
        secretaryA1: 201,
        secretaryB1: 404,
        leaderA: 403,
        leaderB: 403,
        leaderCity: 403,
        admin: 201,
      },
    },
    {
      name: 'GET /api/meetings/:id',
      call: (as) => t.http().get(`/api/meetings/${meetingId}`).set(as.auth),
      expect: {
        memberA1a: 200,
        memberB1: 404,
        secretaryA1: 200,
        secretaryB1: 404,
        leaderA: 200,
        leaderB: 404,
        leaderCity: 200,
        admin: 200,
      },
    },
    {
      name: 'POST /api/meetings/:id/issues',
      call: (as) =>
        t
          .http()
          .post(`/api/meetings/${meetingId}/issues`)
          .set(as.auth)
          .send({ title: 'Vấn đề cần theo dõi' }),
      expect: {
        memberA1a: 403,
        memberB1: 403,
        secretaryA1: 201,
        secretaryB1: 404,
        leaderA: 403,
        leaderB: 403,
        leaderCity: 403,
        admin: 201,
      },
    },
    {
      name: 'GET /api/meetings/attendance-rates (ward A)',
      call: (as) =>
        t
          .http()
          .get(
            `/api/meetings/attendance-rates?organizationId=${w.orgs.wardA.id}&from=2026-01-01&to=2026-12-31`,
          )
          .set(as.auth),
      expect: {
        memberA1a: 404,
        memberB1: 404,
        secretaryA1: 404,
        secretaryB1: 404,
        leaderA: 200,
        leaderB: 404,
        leaderCity: 200,
        admin: 200,
      },
    },
    {
      name: 'POST /api/study-themes (ward A)',
      call: (as) =>
        t
          .http()
          .post('/api/study-themes')
          .set(as.auth)
          .send({ organizationId: w.orgs.wardA.id, year: 2000 + n++, title: 'Chuyên đề học tập năm' }),
      expect: {
        memberA1a: 403,
        memberB1: 403,
        secretaryA1: 403,
        secretaryB1: 403,
        leaderA: 201,
        leaderB: 404,
        leaderCity: 201,
        admin: 201,
      },
    },
    {
      name: 'GET /api/study-themes/participation (cell A1)',
      call: (as) =>
        t
          .http()
          .get(`/api/study-themes/participation?organizationId=${w.orgs.cellA1.id}&year=2026`)
          .set(as.auth),
      expect: {
        memberA1a: 404,
        memberB1: 404,
        secretaryA1: 200,
        secretaryB1: 404,
        leaderA: 200,
        leaderB: 404,
        leaderCity: 200,
        admin: 200,
      },
    },
    {
      name: 'GET /api/members/:id/conduct-checks/:year',
      call: (as) => t.http().get(`/api/members/${w.members.a1a.id}/conduct-checks/2026`).set(as.auth),
      expect: {
        memberA1a: 200,
        memberB1: 404,
        secretaryA1: 200,
        secretaryB1: 404,
        leaderA: 200,
        leaderB: 404,
        leaderCity: 200,
        admin: 200,
      },
    },
    {
      name: 'PUT /api/members/:id/conduct-checks/:year (conclusion)',
      call: (as) =>
        t
          .http()
          .put(`/api/members/${w.members.a1a.id}/conduct-checks/2026`)
          .set(as.auth)
          .send({ conclusion: [{ code: 1, status: 'none' }] }),
      expect: {
        memberA1a: 403,
        memberB1: 404,
        secretaryA1: 200,
        secretaryB1: 404,
        leaderA: 403,
        leaderB: 404, // a member too (of a cell outside ward A): passes the route, out of scope
        leaderCity: 403,
        admin: 200,
      },
    },
    {
      name: 'GET /api/conduct-checks/summary (ward A)',
      call: (as) =>
        t.http().get(`/api/conduct-checks/summary?organizationId=${w.orgs.wardA.id}&year=2026`).set(as.auth),
      expect: {
        memberA1a: 404,
        memberB1: 404,
        secretaryA1: 404,
        secretaryB1: 404,
        leaderA: 200,
        leaderB: 404,
        leaderCity: 200,
        admin: 200,
      },
    },
    {
      name: 'GET /api/members/:id/disciplinary-records',
      call: (as) => t.http().get(`/api/members/${w.members.a1a.id}/disciplinary-records`).set(as.auth),
      expect: {
        memberA1a: 200,
        memberB1: 404,
        secretaryA1: 200,
        secretaryB1: 404,
        leaderA: 200,
        leaderB: 404,
        leaderCity: 200,
        admin: 200,
      },
    },
    {
      name: 'POST /api/members/:id/disciplinary-records',
      call: (as) =>
        t
          .http()
          .post(`/api/members/${w.members.a1b.id}/disciplinary-records`)
          .set(as.auth)
          .send({
            decidedOn: '2026-05-02',
            form: 'reprimand',
            decisionNumber: `${n++}-QĐ/ĐU`,
            reason: 'Vi phạm quy định sinh hoạt',
          }),
      expect: {
        memberA1a: 403,
        memberB1: 403,
        secretaryA1: 403,
        secretaryB1: 403,
        leaderA: 201,
        leaderB: 404,
        leaderCity: 201,
        admin: 201,
      },
    },
  ];

  for (const route of routes) {
    it(`${route.name}: answers each role as the matrix says`, async () => {
      const got: Record<string, number> = {};
      for (const role of ROLES) got[role] = (await route.call(w[role])).status;
      expect(got).toEqual(route.expect);
    });
  }
});
