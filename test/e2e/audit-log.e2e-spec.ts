import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, createMember, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

interface Entry {
  id: string;
  at: string;
  action: string;
  entityType: string;
  entityId: string | null;
  actorUserId: string | null;
  actorUsername: string | null;
  changes: Record<string, unknown> | null;
  requestId: string | null;
}

describe('audit log (e2e)', () => {
  let t: TestApp;
  let w: World;
  let inA: string;
  let inB: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    inA = (await createMember(t, w.leaderA, w.orgs.cellA1.id, 'Đinh Văn Ghi')).id;
    inB = (await createMember(t, w.leaderB, w.orgs.cellB1.id, 'Đinh Thị Chép')).id;
  });
  afterAll(() => t.close());

  const log = (query: string, auth: Record<string, string>) =>
    t.http().get(`/api/audit-log${query}`).set(auth);
  const entityIds = (body: { items: Entry[] }) => body.items.map((e) => e.entityId);

  it('answers 401 without a token', async () => {
    await t.http().get('/api/audit-log').expect(401);
  });

  it('refuses members and secretaries with 403', async () => {
    await log('', w.memberA1a.auth).expect(403);
    await log('', w.secretaryA1.auth).expect(403);
  });

  it('shows a leader only the entries of their subtree', async () => {
    const a = await log('?pageSize=200', w.leaderA.auth).expect(200);
    expect(entityIds(a.body)).toContain(inA);
    expect(entityIds(a.body)).not.toContain(inB);
    expect(entityIds(a.body)).not.toContain(w.orgs.wardB.id);
    expect(entityIds(a.body)).not.toContain(w.orgs.city.id);
    // auth events carry no organisation and belong to the admin's view
    expect(a.body.items.some((e: Entry) => e.action.startsWith('auth.'))).toBe(false);
    const b = await log('?pageSize=200', w.leaderB.auth).expect(200);
    expect(entityIds(b.body)).toContain(inB);
    expect(entityIds(b.body)).not.toContain(inA);
    const city = await log('?pageSize=200', w.leaderCity.auth).expect(200);
    expect(entityIds(city.body)).toEqual(expect.arrayContaining([inA, inB, w.orgs.city.id]));
  });

  it('shows the admin everything, auth events included', async () => {
    const res = await log('?pageSize=200', w.admin.auth).expect(200);
    expect(entityIds(res.body)).toEqual(expect.arrayContaining([inA, inB]));
    const logins = await log('?action=auth.login', w.admin.auth).expect(200);
    expect(logins.body.total).toBeGreaterThanOrEqual(11);
  });

  it('answers an entity filter out of scope with an empty page, not the entries', async () => {
    const res = await log(`?entityId=${inB}`, w.leaderA.auth).expect(200);
    expect(res.body).toMatchObject({ items: [], total: 0 });
  });

  it('records actor, action, entity, request id and the created fields', async () => {
    const res = await log(`?entityId=${inA}`, w.leaderA.auth).expect(200);
    expect(res.body.total).toBe(1);
    const entry: Entry = res.body.items[0];
    expect(entry).toMatchObject({
      action: 'member.create',
      entityType: 'member',
      entityId: inA,
      actorUserId: w.leaderA.userId,
    });
    expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
    expect(entry.changes).toMatchObject({ fullName: 'Đinh Văn Ghi', cellId: w.orgs.cellA1.id });
  });

  it('records the request id the response carried in X-Request-Id', async () => {
    const res = await t
      .http()
      .post('/api/members')
      .set(w.leaderA.auth)
      .send({ fullName: 'Lưu Văn Vết', cellId: w.orgs.cellA2.id, status: 'official' })
      .expect(201);
    const requestId = res.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const entry = (await log(`?entityId=${res.body.id}`, w.leaderA.auth).expect(200)).body.items[0];
    expect(entry.requestId).toBe(requestId);
  });

  it('records before and after of the changed fields only', async () => {
    await t
      .http()
      .patch(`/api/members/${inA}`)
      .set(w.leaderA.auth)
      .send({ version: 1, position: 'Tổ phó', fullName: 'Đinh Văn Ghi' })
      .expect(200);
    const res = await log(`?entityId=${inA}&action=member.update`, w.leaderA.auth).expect(200);
    expect(res.body.items[0].changes).toEqual({ position: { from: null, to: 'Tổ phó' } });
  });

  it('filters by action, entity type, actor and time, newest first', async () => {
    const byActor = await log(`?actorUserId=${w.leaderB.userId}&entityType=member`, w.admin.auth).expect(200);
    expect(byActor.body.items.map((e: Entry) => e.actorUserId)).toEqual(
      byActor.body.items.map(() => w.leaderB.userId),
    );
    expect(entityIds(byActor.body)).toContain(inB);
    const all = await log('?pageSize=200', w.admin.auth).expect(200);
    const times = all.body.items.map((e: Entry) => Date.parse(e.at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const future = await log(
      `?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
      w.admin.auth,
    ).expect(200);
    expect(future.body.total).toBe(0);
    const past = await log('?to=2000-01-01T00:00:00Z', w.admin.auth).expect(200);
    expect(past.body.total).toBe(0);
    const window = await log(
      `?from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&entityId=${inB}`,
      w.admin.auth,
    ).expect(200);
    expect(window.body.total).toBe(1);
  });

  it('pages with { items, total, page, pageSize }', async () => {
    const p1 = await log('?pageSize=3&page=1', w.admin.auth).expect(200);
    const p2 = await log('?pageSize=3&page=2', w.admin.auth).expect(200);
    expect(p1.body).toMatchObject({ page: 1, pageSize: 3 });
    expect(p1.body.items).toHaveLength(3);
    expect(p2.body.total).toBe(p1.body.total);
    const overlap = p1.body.items.filter((e: Entry) => p2.body.items.some((x: Entry) => x.id === e.id));
    expect(overlap).toEqual([]);
  });

  it('answers 400 naming bad filters', async () => {
    const res = await log(
      '?action=DROP TABLE&entityId=x&from=hôm-qua&actorUserId=1&pageSize=201',
      w.admin.auth,
    ).expect(400);
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['action', 'entityId', 'from', 'actorUserId', 'pageSize']));
  });

  it('is append-only: no route writes or deletes entries', async () => {
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const res = await t.http()[method]('/api/audit-log').set(w.admin.auth).send({});
      expect(res.status, method).toBe(404);
    }
  });
});
