import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, recordMeeting } from '../factories/cell-life.js';
import { buildWorld, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

describe('discipline (e2e)', () => {
  let t: TestApp;
  let w: World;
  const path = (memberId: string) => `/api/members/${memberId}/disciplinary-records`;
  const warning = {
    decidedOn: '2026-04-15',
    form: 'warning',
    decisionNumber: '125-QĐ/ĐU',
    reason: 'Vi phạm quy định về những điều đảng viên không được làm trong quản lý đất đai',
    prohibitionCodes: [14, 1],
  };
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('answers 401 without a token', async () => {
    await t.http().get(path(w.members.a1a.id)).expect(401);
    await t.http().post(path(w.members.a1a.id)).send(warning).expect(401);
  });

  it('lets a leader record a decision in their subtree, with QĐ 37 codes and the catalog version', async () => {
    const res = await t.http().post(path(w.members.a1a.id)).set(w.leaderA.auth).send(warning).expect(201);
    expect(res.body).toMatchObject({
      form: 'warning',
      decisionNumber: '125-QĐ/ĐU',
      prohibitionCodes: [1, 14],
      // version 2 of the catalog (migration 1764960000000) is the current one
      prohibitionCatalogVersion: 2,
      selfDetectedAndRemedied: false,
      cellId: w.orgs.cellA1.id,
    });
    const remedied = await t
      .http()
      .post(path(w.members.a1b.id))
      .set(w.leaderCity.auth)
      .send({
        decidedOn: '2026-05-02',
        form: 'reprimand',
        decisionNumber: '07-QĐ/ĐU',
        reason: 'Chậm nộp đảng phí nhiều tháng',
        selfDetectedAndRemedied: true,
      })
      .expect(201);
    expect(remedied.body).toMatchObject({ prohibitionCodes: [], selfDetectedAndRemedied: true });
    const audit = await t
      .http()
      .get(`/api/audit-log?entityId=${res.body.id}`)
      .set(w.leaderA.auth)
      .expect(200);
    expect(audit.body.items[0].action).toBe('discipline.create');
  });

  it('scopes reading: the member, their secretary and leaders above; 404 elsewhere', async () => {
    for (const who of [w.memberA1a, w.secretaryA1, w.leaderA, w.leaderCity, w.admin]) {
      const res = await t.http().get(path(w.members.a1a.id)).set(who.auth).expect(200);
      expect(res.body).toMatchObject({ total: 1, page: 1, pageSize: 50, expelledOn: null });
      expect(res.body.items).toHaveLength(1);
    }
    for (const who of [w.memberA1b, w.secretaryB1, w.leaderB, w.memberA2]) {
      await t.http().get(path(w.members.a1a.id)).set(who.auth).expect(404);
    }
    await t.http().get('/api/members/not-a-uuid/disciplinary-records').set(w.leaderA.auth).expect(400);
  });

  it('refuses roles without discipline.manage and members outside the subtree', async () => {
    for (const who of [w.memberA1a, w.secretaryA1])
      await t.http().post(path(w.members.a1b.id)).set(who.auth).send(warning).expect(403);
    await t
      .http()
      .post(path(w.members.b1.id))
      .set(w.leaderA.auth)
      .send({ ...warning, decisionNumber: '1-QĐ' })
      .expect(404);
  });

  it('validates the decision, naming each field; 409 for a decision number already recorded', async () => {
    const r1 = await t
      .http()
      .post(path(w.members.a2.id))
      .set(w.leaderA.auth)
      .send({
        decidedOn: '15/04/2026',
        form: 'fine',
        decisionNumber: '',
        reason: 'x',
        prohibitionCodes: [20],
        extra: true,
      })
      .expect(400);
    expect(fieldsOf(r1.body)).toEqual(
      expect.arrayContaining(['decidedOn', 'form', 'decisionNumber', 'reason', 'prohibitionCodes', 'extra']),
    );
    const r2 = await t
      .http()
      .post(path(w.members.a2.id))
      .set(w.leaderA.auth)
      .send({ ...warning, prohibitionCodes: [3, 3] })
      .expect(400);
    expect(fieldsOf(r2.body)).toEqual(['prohibitionCodes']);
    const r3 = await t
      .http()
      .post(path(w.members.a2.id))
      .set(w.leaderA.auth)
      .send({ ...warning, decidedOn: '2099-01-01' })
      .expect(400);
    expect(fieldsOf(r3.body)).toEqual(['decidedOn']);
    const dup = await t.http().post(path(w.members.a1a.id)).set(w.leaderA.auth).send(warning).expect(409);
    expect(dup.body.code).toBe('DISCIPLINE_DUPLICATE_DECISION');
  });

  it('expulsion ends the member’s active status from its date', async () => {
    await t
      .http()
      .post(path(w.members.a2.id))
      .set(w.leaderA.auth)
      .send({
        decidedOn: '2026-06-10',
        form: 'expulsion',
        decisionNumber: '210-QĐ/ĐU',
        reason: 'Vi phạm đặc biệt nghiêm trọng, gây hậu quả lớn',
        prohibitionCodes: [14],
      })
      .expect(201);
    const list = await t.http().get(path(w.members.a2.id)).set(w.leaderA.auth).expect(200);
    expect(list.body.expelledOn).toBe('2026-06-10');
    const again = await t
      .http()
      .post(path(w.members.a2.id))
      .set(w.leaderA.auth)
      .send({
        decidedOn: '2026-07-01',
        form: 'warning',
        decisionNumber: '211-QĐ/ĐU',
        reason: 'Thử lại sau khai trừ',
      })
      .expect(409);
    expect(again.body.code).toBe('DISCIPLINE_MEMBER_EXPELLED');
    // before the expulsion the member is on the roll of the cell; after it, not any more
    const may = await recordMeeting(t, w.admin, {
      cellId: w.orgs.cellA2.id,
      heldOn: '2026-05-05',
      kind: 'regular',
      topic: 'Sinh hoạt tháng 5',
      attendance: [],
    });
    expect(may.attendance.map((a: { memberId: string }) => a.memberId)).toEqual([w.members.a2.id]);
    const july = await recordMeeting(t, w.admin, {
      cellId: w.orgs.cellA2.id,
      heldOn: '2026-07-07',
      kind: 'regular',
      topic: 'Sinh hoạt tháng 7',
      attendance: [],
    });
    expect(july.attendance).toEqual([]);
  });
});
