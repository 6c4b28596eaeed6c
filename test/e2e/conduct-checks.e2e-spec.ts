import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf } from '../factories/cell-life.js';
import { buildWorld, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

describe('conduct checks (e2e)', () => {
  let t: TestApp;
  let w: World;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    url = `/api/members/${w.members.a1a.id}/conduct-checks/2026`;
  });
  afterAll(() => t.close());

  const self = [
    { code: 4, status: 'at_risk', note: 'Đôi khi còn làm việc qua loa, chưa đúng hạn' },
    { code: 19, status: 'none' },
  ];

  it('answers 401 without a token on every route', async () => {
    await t.http().get(url).expect(401);
    await t.http().put(url).send({ self }).expect(401);
    await t.http().get(`/api/conduct-checks/summary?organizationId=${w.orgs.wardA.id}&year=2026`).expect(401);
    await t.http().get(`/api/conduct-checks?organizationId=${w.orgs.wardA.id}&year=2026`).expect(401);
  });

  it('serves an empty check against the current catalog before any entry', async () => {
    const res = await t.http().get(url).set(w.memberA1a.auth).expect(200);
    // version 2 of the catalog (migration 1764960000000) is the current one
    expect(res.body).toMatchObject({ id: null, year: 2026, quarter: 0, catalogVersion: 2, version: 0 });
    expect(res.body.items).toHaveLength(27);
    expect(res.body.items[6]).toMatchObject({ code: 7, verified: false, self: null, conclusion: null });
  });

  it('lets the member self-check, remembering the catalog version', async () => {
    const res = await t.http().put(url).set(w.memberA1a.auth).send({ self }).expect(200);
    expect(res.body).toMatchObject({ catalogVersion: 2, version: 1 });
    expect(res.body.items[3].self).toEqual({
      status: 'at_risk',
      note: 'Đôi khi còn làm việc qua loa, chưa đúng hạn',
    });
    expect(res.body.items[18].self).toEqual({ status: 'none', note: null });
    expect(res.body.items[0].self).toBeNull();
    // a later catalog version does not rewrite the check
    await t
      .http()
      .put('/api/manifestations/4')
      .set(w.admin.auth)
      .send({ text: 'Văn bản đã đối chiếu của biểu hiện số 4', verified: true, reason: 'Đối chiếu' })
      .expect(200);
    const again = await t.http().get(url).set(w.memberA1a.auth).expect(200);
    expect(again.body.catalogVersion).toBe(2);
    expect(again.body.items[3].text).not.toBe('Văn bản đã đối chiếu của biểu hiện số 4');
  });

  it('validates the body, naming each field', async () => {
    const r1 = await t
      .http()
      .put(url)
      .set(w.memberA1a.auth)
      .send({ self: [{ code: 28, status: 'maybe' }] })
      .expect(400);
    expect(fieldsOf(r1.body)).toEqual(expect.arrayContaining(['self.0.code', 'self.0.status']));
    const r2 = await t.http().put(url).set(w.memberA1a.auth).send({}).expect(400);
    expect(fieldsOf(r2.body)).toEqual(['self']);
    const r3 = await t.http().put(url).set(w.memberA1a.auth).send({ self, conclusion: self }).expect(400);
    expect(fieldsOf(r3.body)).toEqual(['conclusion']);
    const r4 = await t
      .http()
      .put(url)
      .set(w.memberA1a.auth)
      .send({
        self: [
          { code: 2, status: 'none' },
          { code: 2, status: 'present' },
        ],
      })
      .expect(400);
    expect(fieldsOf(r4.body)).toEqual(['self[1].code']);
    const r5 = await t
      .http()
      .put(`/api/members/${w.members.a1a.id}/conduct-checks/1800`)
      .set(w.memberA1a.auth)
      .send({ self })
      .expect(400);
    expect(fieldsOf(r5.body)).toEqual(['year']);
    const r6 = await t.http().put(url).set(w.memberA1a.auth).send({ self, quarter: 5 }).expect(400);
    expect(fieldsOf(r6.body)).toEqual(['quarter']);
    await t.http().put(url).set(w.memberA1a.auth).send({ self, version: 99 }).expect(409);
  });

  it('refuses a self-check on someone else and a conclusion by the wrong people', async () => {
    const conclusion = [{ code: 4, status: 'at_risk', note: 'Chi bộ nhắc nhở' }];
    // another member of the cell cannot even see the check
    await t.http().put(url).set(w.memberA1b.auth).send({ self }).expect(404);
    await t.http().get(url).set(w.memberA1b.auth).expect(404);
    // the secretary sees it but does not fill in the member's self-check
    const notOwn = await t.http().put(url).set(w.secretaryA1.auth).send({ self }).expect(403);
    expect(notOwn.body.code).toBe('CONDUCT_CHECK_NOT_OWN');
    // the member cannot conclude; a secretary of another cell gets 404; a leader lacks the route permission
    await t.http().put(url).set(w.memberA1a.auth).send({ conclusion }).expect(403);
    await t.http().put(url).set(w.secretaryB1.auth).send({ conclusion }).expect(404);
    await t.http().put(url).set(w.leaderA.auth).send({ conclusion }).expect(403);
    // a secretary does not conclude on their own check
    const own = `/api/members/${w.members.secA1.id}/conduct-checks/2026`;
    const selfReview = await t.http().put(own).set(w.secretaryA1.auth).send({ conclusion }).expect(403);
    expect(selfReview.body.code).toBe('SELF_REVIEW');
    await t.http().put(own).set(w.deputyA1.auth).send({ conclusion }).expect(200);
  });

  it('records the cell conclusion and audits reading someone else’s notes', async () => {
    const res = await t
      .http()
      .put(url)
      .set(w.secretaryA1.auth)
      .send({
        conclusion: [{ code: 4, status: 'present', note: 'Chi bộ kết luận có biểu hiện, yêu cầu khắc phục' }],
      })
      .expect(200);
    expect(res.body.items[3].conclusion).toMatchObject({
      status: 'present',
      note: 'Chi bộ kết luận có biểu hiện, yêu cầu khắc phục',
    });
    expect(res.body.items[3].self.status).toBe('at_risk');

    const before = (
      await t.http().get('/api/audit-log?action=conduct-check.read_notes').set(w.admin.auth).expect(200)
    ).body.total;
    await t.http().get(url).set(w.memberA1a.auth).expect(200); // own notes: not audited
    expect(
      (await t.http().get('/api/audit-log?action=conduct-check.read_notes').set(w.admin.auth)).body.total,
    ).toBe(before);
    await t.http().get(url).set(w.leaderA.auth).expect(200);
    const after = await t
      .http()
      .get('/api/audit-log?action=conduct-check.read_notes')
      .set(w.admin.auth)
      .expect(200);
    expect(after.body.total).toBe(before + 1);
    expect(after.body.items[0].actorUsername).toBeTruthy();
    await t.http().get(url).set(w.leaderB.auth).expect(404);
  });

  it('keeps quarterly checks apart from the yearly one', async () => {
    const q = await t
      .http()
      .put(url)
      .set(w.memberA1a.auth)
      .send({ quarter: 2, self: [{ code: 10, status: 'none' }] })
      .expect(200);
    expect(q.body).toMatchObject({ quarter: 2, version: 1 });
    const yearly = await t.http().get(url).set(w.memberA1a.auth).expect(200);
    expect(yearly.body.items[9].self).toBeNull();
    const read = await t.http().get(`${url}?quarter=2`).set(w.memberA1a.auth).expect(200);
    expect(read.body.items[9].self.status).toBe('none');
  });

  it('summarises counts per manifestation without names, only for leaders and secretaries over it', async () => {
    const res = await t
      .http()
      .get(`/api/conduct-checks/summary?organizationId=${w.orgs.wardA.id}&year=2026`)
      .set(w.leaderA.auth)
      .expect(200);
    expect(res.body.checkedMembers).toBe(2);
    expect(res.body.items).toHaveLength(27);
    expect(res.body.items[3]).toEqual({
      code: 4,
      selfAtRisk: 1,
      selfPresent: 0,
      concludedAtRisk: 1,
      concludedPresent: 1,
    });
    expect(JSON.stringify(res.body)).not.toContain('Trần Thị Đào');
    await t
      .http()
      .get(`/api/conduct-checks/summary?organizationId=${w.orgs.cellA1.id}&year=2026`)
      .set(w.secretaryA1.auth)
      .expect(200);
    await t
      .http()
      .get(`/api/conduct-checks/summary?organizationId=${w.orgs.cellA1.id}&year=2026`)
      .set(w.memberA1a.auth)
      .expect(404);
    await t
      .http()
      .get(`/api/conduct-checks/summary?organizationId=${w.orgs.wardA.id}&year=2026`)
      .set(w.leaderB.auth)
      .expect(404);
    const bad = await t
      .http()
      .get(`/api/conduct-checks/summary?organizationId=x&year=20`)
      .set(w.leaderA.auth)
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(expect.arrayContaining(['organizationId', 'year']));
  });

  it('lists the checks of a subtree per member, without notes, to leaders and secretaries only', async () => {
    const res = await t
      .http()
      .get(`/api/conduct-checks?organizationId=${w.orgs.cellA1.id}&year=2026`)
      .set(w.secretaryA1.auth)
      .expect(200);
    expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    expect(res.body.items.map((r: { fullName: string }) => r.fullName)).toEqual([
      'Nguyễn Văn An',
      'Trần Thị Đào',
    ]);
    expect(res.body.items[1]).toMatchObject({
      selfAnswered: 2,
      selfAtRisk: 1,
      selfPresent: 0,
      concluded: 1,
      concludedPresent: 1,
      catalogVersion: 2,
    });
    expect(JSON.stringify(res.body)).not.toContain('qua loa');
    const q2 = await t
      .http()
      .get(`/api/conduct-checks?organizationId=${w.orgs.wardA.id}&year=2026&quarter=2`)
      .set(w.leaderA.auth)
      .expect(200);
    expect(q2.body.total).toBe(1);
    await t
      .http()
      .get(`/api/conduct-checks?organizationId=${w.orgs.cellA1.id}&year=2026`)
      .set(w.memberA1a.auth)
      .expect(404);
    await t
      .http()
      .get(`/api/conduct-checks?organizationId=${w.orgs.cellA1.id}&year=2026`)
      .set(w.secretaryB1.auth)
      .expect(404);
    const bad = await t
      .http()
      .get(`/api/conduct-checks?organizationId=${w.orgs.cellA1.id}&year=2026&quarter=9`)
      .set(w.leaderA.auth)
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['quarter']);
  });

  it('records the document a conclusion rests on, and refuses a bad one naming the field', async () => {
    const document = { body: 'cell_meeting', number: '05-NQ/CB', date: '2026-03-12' };
    const conclusion = [{ code: 6, status: 'present', note: 'Nghị quyết chi bộ kỳ họp tháng 3' }];
    await t.http().put(url).send({ conclusion, document }).expect(401);
    // out of scope: the ward B secretary does not reach a member of cell A1
    await t.http().put(url).set(w.secretaryB1.auth).send({ conclusion, document }).expect(404);
    const before = (await t.http().get(url).set(w.secretaryA1.auth).expect(200)).body;

    const bad = [
      [{ ...document, body: 'secretary' }, 'document.body'],
      [{ ...document, number: '' }, 'document.number'],
      [{ ...document, number: 'x'.repeat(65) }, 'document.number'],
      [{ ...document, date: '12/03/2026' }, 'document.date'],
      [{ ...document, date: '2026-02-30' }, 'document.date'],
      [{ body: 'committee' }, 'document.number'],
    ] as const;
    for (const [doc, field] of bad) {
      const r = await t
        .http()
        .put(url)
        .set(w.secretaryA1.auth)
        .send({ conclusion, document: doc })
        .expect(400);
      expect(fieldsOf(r.body)).toContain(field);
    }
    const withSelf = await t
      .http()
      .put(url)
      .set(w.memberA1a.auth)
      .send({ self: [{ code: 6, status: 'none' }], document })
      .expect(400);
    expect(withSelf.body.details).toEqual([
      expect.objectContaining({ field: 'document', rule: 'conclusionOnly' }),
    ]);
    const unchanged = (await t.http().get(url).set(w.secretaryA1.auth).expect(200)).body;
    expect(unchanged.version).toBe(before.version);
    expect(unchanged.items[5]).toEqual(before.items[5]);

    const res = await t
      .http()
      .put(url)
      .set(w.secretaryA1.auth)
      .send({ conclusion, document: { ...document, number: ' 05-NQ/CB ' } })
      .expect(200);
    expect(res.body.items[5].conclusion).toMatchObject({ status: 'present', document });
    const read = await t.http().get(url).set(w.leaderA.auth).expect(200);
    expect(read.body.items[5].conclusion.document).toEqual(document);

    // The secretary's entry alone carries no document: a proposal.
    const alone = await t
      .http()
      .put(url)
      .set(w.secretaryA1.auth)
      .send({ conclusion: [{ code: 7, status: 'present' }] })
      .expect(200);
    expect(alone.body.items[6].conclusion).toMatchObject({ status: 'present', document: null });
    expect(alone.body.items[5].conclusion.document).toEqual(document);
  });
});
