import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/common/database.service.js';
import { buildWorld, createMember, createUser, login, Login, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const UUID = '3f1c2b8e-5d7a-4c1e-9b2f-0a1b2c3d4e5f';

interface Item {
  id: string;
  fullName: string;
}

describe('members (e2e)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const list = (query: string, auth: Record<string, string>) =>
    t.http().get(`/api/members${query}`).set(auth);
  const names = (body: { items: Item[] }) => body.items.map((m) => m.fullName);
  const fields = (body: { details: Array<{ field: string }> }) => body.details.map((d) => d.field);

  describe('401 without a token', () => {
    it.each([
      ['GET', '/api/members'],
      ['POST', '/api/members'],
      ['GET', `/api/members/${UUID}`],
      ['PATCH', `/api/members/${UUID}`],
    ])('%s %s', async (method, path) => {
      const res = await (
        method === 'GET' ? t.http().get(path) : method === 'POST' ? t.http().post(path) : t.http().patch(path)
      ).send({});
      expect(res.status).toBe(401);
    });
  });

  describe('GET /api/members', () => {
    it('finds names ignoring diacritics and case', async () => {
      const a = await list('?q=nguyen van an', w.admin.auth).expect(200);
      expect(names(a.body)).toEqual(['Nguyễn Văn An']);
      const b = await list('?q=DUC', w.admin.auth).expect(200);
      expect(names(b.body)).toEqual(['Phạm Văn Đức']);
      const c = await list(`?q=${encodeURIComponent('ĐỨC')}`, w.admin.auth).expect(200);
      expect(names(c.body)).toEqual(['Phạm Văn Đức']);
      // decomposed input (NFD, as some keyboards send it) finds the precomposed name
      const d = await list(`?q=${encodeURIComponent('Nguye\u0302\u0303n')}`, w.admin.auth).expect(200);
      expect(names(d.body)).toEqual(['Nguyễn Văn An']);
      const e = await list(`?q=${encodeURIComponent('  hoàng   MINH ')}`, w.admin.auth).expect(200);
      expect(names(e.body)).toEqual(['Hoàng Minh Châu']);
    });

    it('treats LIKE wildcards in q literally', async () => {
      for (const q of ['%', '_', '\\']) {
        const res = await list(`?q=${encodeURIComponent(q)}`, w.admin.auth).expect(200);
        expect(res.body.total, q).toBe(0);
      }
    });

    it('filters by organisation including its subtree, and by status', async () => {
      const ward = await list(`?organizationId=${w.orgs.wardA.id}`, w.admin.auth).expect(200);
      expect(names(ward.body).sort()).toEqual(
        ['Hoàng Minh Châu', 'Lê Thị Bích', 'Nguyễn Văn An', 'Phạm Văn Đức', 'Trần Thị Đào'].sort(),
      );
      const city = await list(`?organizationId=${w.orgs.city.id}`, w.admin.auth).expect(200);
      expect(city.body.total).toBe(7);
      const cell = await list(`?organizationId=${w.orgs.cellA1.id}`, w.leaderA.auth).expect(200);
      expect(cell.body.total).toBe(4);
      const prob = await list(
        `?organizationId=${w.orgs.wardA.id}&status=probationary`,
        w.leaderA.auth,
      ).expect(200);
      expect(names(prob.body)).toEqual(['Phạm Văn Đức']);
    });

    it('pages with { items, total, page, pageSize } and no overlap', async () => {
      const q = `?organizationId=${w.orgs.wardA.id}&pageSize=2`;
      const p1 = await list(`${q}&page=1`, w.leaderA.auth).expect(200);
      const p2 = await list(`${q}&page=2`, w.leaderA.auth).expect(200);
      const p3 = await list(`${q}&page=3`, w.leaderA.auth).expect(200);
      const p4 = await list(`${q}&page=4`, w.leaderA.auth).expect(200);
      expect(Object.keys(p1.body).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
      expect(p1.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
      expect(p2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
      expect([p1, p2, p3].map((p) => p.body.items.length)).toEqual([2, 2, 1]);
      expect(p4.body.items).toEqual([]);
      const ids = [p1, p2, p3].flatMap((p) => p.body.items.map((m: Item) => m.id));
      expect(new Set(ids).size).toBe(5);
      const dflt = await list('', w.admin.auth).expect(200);
      expect(dflt.body).toMatchObject({ page: 1, pageSize: 50 });
    });

    it('scopes the list: leader to the subtree, secretary to the cell, member to self', async () => {
      const leaderB = await list('', w.leaderB.auth).expect(200);
      // the ward's members and the leader's own record (a member of a cell outside the ward)
      expect(names(leaderB.body).sort()).toEqual(['Mạc Văn Tùng', 'Vũ Thị Hạnh', 'Đặng Quốc Hùng'].sort());
      const sec = await list('', w.secretaryA1.auth).expect(200);
      expect(sec.body.total).toBe(4);
      const self = await list('', w.memberA1a.auth).expect(200);
      expect(self.body.items.map((m: Item) => m.id)).toEqual([w.members.a1a.id]);
      const selfSearch = await list('?q=nguyen', w.memberA1a.auth).expect(200);
      expect(selfSearch.body.total).toBe(0);
    });

    it('answers 404 for an organisationId out of scope', async () => {
      await list(`?organizationId=${w.orgs.wardA.id}`, w.leaderB.auth).expect(404);
      await list(`?organizationId=${w.orgs.cellA2.id}`, w.secretaryA1.auth).expect(404);
    });

    it('answers 400 naming bad filters', async () => {
      const res = await list('?organizationId=abc&status=dead&pageSize=0', w.admin.auth).expect(400);
      expect(fields(res.body)).toEqual(expect.arrayContaining(['organizationId', 'status', 'pageSize']));
    });

    it('never carries internal or secret fields', async () => {
      const res = await list('', w.admin.auth).expect(200);
      for (const m of res.body.items) {
        expect(m).not.toHaveProperty('searchName');
        expect(Object.keys(m).join()).not.toMatch(/password|hash|token/i);
      }
    });
  });

  describe('GET /api/members/:id', () => {
    it('reads a member in scope', async () => {
      const res = await t.http().get(`/api/members/${w.members.a1b.id}`).set(w.leaderCity.auth).expect(200);
      expect(res.body).toMatchObject({
        fullName: 'Phạm Văn Đức',
        status: 'probationary',
        cellId: w.orgs.cellA1.id,
        version: 1,
      });
    });

    it('lets a member read only their own record', async () => {
      await t.http().get(`/api/members/${w.members.a1a.id}`).set(w.memberA1a.auth).expect(200);
      await t.http().get(`/api/members/${w.members.a1b.id}`).set(w.memberA1a.auth).expect(404);
      await t.http().get(`/api/members/${w.members.a2.id}`).set(w.memberA1a.auth).expect(404);
    });

    it('answers 404 to a leader of a sibling committee, as for a missing id', async () => {
      const out = await t.http().get(`/api/members/${w.members.a1a.id}`).set(w.leaderB.auth).expect(404);
      const missing = await t.http().get(`/api/members/${UUID}`).set(w.leaderB.auth).expect(404);
      expect(out.body).toEqual(missing.body);
      await t.http().get(`/api/members/${w.members.a2.id}`).set(w.secretaryA1.auth).expect(404);
    });
  });

  describe('POST /api/members', () => {
    it('lets a leader register a member in a cell of their subtree', async () => {
      const res = await t
        .http()
        .post('/api/members')
        .set(w.leaderA.auth)
        .send({
          fullName: '  Bùi Thị Thu Hà ',
          partyCardNumber: '09123456',
          dateOfBirth: '1985-02-28',
          gender: 'female',
          cellId: w.orgs.cellA2.id,
          status: 'official',
          joinedPartyOn: '2010-05-19',
          position: 'Tổ trưởng tổ dân phố',
          isExempt: false,
        })
        .expect(201);
      expect(res.body).toMatchObject({
        fullName: 'Bùi Thị Thu Hà',
        partyCardNumber: '09123456',
        dateOfBirth: '1985-02-28',
        cellId: w.orgs.cellA2.id,
        isSuspended: false,
        version: 1,
      });
      const found = await list('?q=thu ha', w.leaderA.auth).expect(200);
      expect(found.body.items.map((m: Item) => m.id)).toEqual([res.body.id]);
      const audit = await t
        .http()
        .get(`/api/audit-log?entityId=${res.body.id}`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(audit.body.items[0]).toMatchObject({ action: 'member.create', entityType: 'member' });
    });

    it('stores names in any script whose folded search form would be longer (Hangul, dotted İ) on both engines', async () => {
      for (const fullName of ['한'.repeat(150), 'İ'.repeat(200)]) {
        const res = await t
          .http()
          .post('/api/members')
          .set(w.admin.auth)
          .send({ fullName, cellId: w.orgs.cellB1.id, status: 'official' })
          .expect(201);
        expect(res.body.fullName).toBe(fullName);
      }
      const found = await list(`?q=${encodeURIComponent('한한한')}`, w.admin.auth).expect(200);
      expect(found.body.items.some((m: Item) => m.fullName === '한'.repeat(150))).toBe(true);
    });

    it('refuses a duplicate partyCardNumber with 409 naming the field', async () => {
      await createMember(t, w.admin, w.orgs.cellB1.id, 'Đỗ Văn Khoa', { partyCardNumber: '11112222' });
      const res = await t
        .http()
        .post('/api/members')
        .set(w.admin.auth)
        .send({
          fullName: 'Đỗ Văn Khoa',
          partyCardNumber: '11112222',
          cellId: w.orgs.cellB1.id,
          status: 'official',
        })
        .expect(409);
      expect(res.body).toMatchObject({
        code: 'MEMBER_CARD_NUMBER_TAKEN',
        details: [{ field: 'partyCardNumber', rule: 'unique' }],
      });
    });

    it('answers 400 for a cell outside the subtree or a committee', async () => {
      const out = await t
        .http()
        .post('/api/members')
        .set(w.leaderB.auth)
        .send({ fullName: 'Lấn Sân', cellId: w.orgs.cellA1.id, status: 'official' })
        .expect(400);
      expect(out.body.details[0]).toMatchObject({ field: 'cellId', rule: 'inScope' });
      const committee = await t
        .http()
        .post('/api/members')
        .set(w.admin.auth)
        .send({ fullName: 'Sai Chỗ', cellId: w.orgs.wardA.id, status: 'official' })
        .expect(400);
      expect(committee.body.details[0]).toMatchObject({ field: 'cellId', rule: 'isCell' });
      const missing = await t
        .http()
        .post('/api/members')
        .set(w.admin.auth)
        .send({ fullName: 'Không Có', cellId: UUID, status: 'official' })
        .expect(400);
      expect(missing.body.details[0].field).toBe('cellId');
    });

    it('answers 400 naming each bad field', async () => {
      const res = await t
        .http()
        .post('/api/members')
        .set(w.admin.auth)
        .send({
          fullName: ' X ',
          partyCardNumber: 'AB-12',
          dateOfBirth: '2026-02-30',
          gender: 'nam',
          cellId: w.orgs.cellA1.id,
          status: 'chính thức',
          joinedPartyOn: '19/05/2010',
          isExempt: 'không',
        })
        .expect(400);
      expect(fields(res.body)).toEqual(
        expect.arrayContaining([
          'fullName',
          'partyCardNumber',
          'dateOfBirth',
          'gender',
          'status',
          'joinedPartyOn',
          'isExempt',
        ]),
      );
      const impossible = await t
        .http()
        .post('/api/members')
        .set(w.admin.auth)
        .send({
          fullName: 'Ngày Sai',
          cellId: w.orgs.cellA1.id,
          status: 'official',
          dateOfBirth: '2023-02-29',
        })
        .expect(400);
      expect(fields(impossible.body)).toContain('dateOfBirth');
    });

    it('refuses members and secretaries with 403', async () => {
      for (const login of [w.memberA1a, w.secretaryA1]) {
        await t
          .http()
          .post('/api/members')
          .set(login.auth)
          .send({ fullName: 'Tự Thêm', cellId: w.orgs.cellA1.id, status: 'official' })
          .expect(403);
      }
    });
  });

  describe('PATCH /api/members/:id', () => {
    it('updates with the current version, re-indexes the name, and answers 409 on a stale version', async () => {
      const m = await createMember(t, w.leaderA, w.orgs.cellA2.id, 'Lý Văn Tám');
      const ok = await t
        .http()
        .patch(`/api/members/${m.id}`)
        .set(w.leaderA.auth)
        .send({ version: 1, fullName: 'Lý Văn Tâm', status: 'probationary' })
        .expect(200);
      expect(ok.body).toMatchObject({ fullName: 'Lý Văn Tâm', status: 'probationary', version: 2 });
      const found = await list('?q=ly van tam', w.leaderA.auth).expect(200);
      expect(found.body.items.map((x: Item) => x.id)).toEqual([m.id]);
      const stale = await t
        .http()
        .patch(`/api/members/${m.id}`)
        .set(w.leaderA.auth)
        .send({ version: 1, position: 'Ghi đè' })
        .expect(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    });

    it('refuses another member’s partyCardNumber with 409', async () => {
      const a = await createMember(t, w.admin, w.orgs.cellB1.id, 'Mai Văn Một', {
        partyCardNumber: '22223333',
      });
      const b = await createMember(t, w.admin, w.orgs.cellB1.id, 'Mai Văn Hai', {
        partyCardNumber: '22224444',
      });
      await t
        .http()
        .patch(`/api/members/${b.id}`)
        .set(w.leaderB.auth)
        .send({ version: 1, partyCardNumber: '22223333' })
        .expect(409);
      // keeping one's own number is not a conflict
      await t
        .http()
        .patch(`/api/members/${a.id}`)
        .set(w.leaderB.auth)
        .send({ version: 1, partyCardNumber: '22223333' })
        .expect(200);
    });

    it('answers 404 out of scope, 403 for a member on their own record and for a secretary', async () => {
      await t
        .http()
        .patch(`/api/members/${w.members.a1a.id}`)
        .set(w.leaderB.auth)
        .send({ version: 1, position: 'x' })
        .expect(404);
      await t
        .http()
        .patch(`/api/members/${w.members.a1a.id}`)
        .set(w.memberA1a.auth)
        .send({ version: 1, isExempt: true })
        .expect(403);
      await t
        .http()
        .patch(`/api/members/${w.members.a1a.id}`)
        .set(w.secretaryA1.auth)
        .send({ version: 1, position: 'x' })
        .expect(403);
    });

    it('answers 400 for null in fields that have no null', async () => {
      for (const field of ['fullName', 'position', 'status', 'cellId', 'isExempt', 'dateOfBirth']) {
        const res = await t
          .http()
          .patch(`/api/members/${w.members.a1a.id}`)
          .set(w.admin.auth)
          .send({ version: 1, [field]: null })
          .expect(400);
        expect(fields(res.body), field).toContain(field);
      }
    });

    it('answers 400 for a missing version and for unknown fields', async () => {
      const res = await t
        .http()
        .patch(`/api/members/${w.members.a1a.id}`)
        .set(w.admin.auth)
        .send({ searchName: 'x', id: UUID })
        .expect(400);
      expect(fields(res.body)).toEqual(expect.arrayContaining(['version', 'searchName', 'id']));
    });

    it('transfers a member, keeps the history, and re-scopes who sees them', async () => {
      const m = await createMember(t, w.admin, w.orgs.cellA1.id, 'Tạ Văn Chuyển');
      await t.http().get(`/api/members/${m.id}`).set(w.secretaryA1.auth).expect(200);
      // a leader cannot send a member outside their subtree
      const out = await t
        .http()
        .patch(`/api/members/${m.id}`)
        .set(w.leaderA.auth)
        .send({ version: 1, cellId: w.orgs.cellB1.id })
        .expect(400);
      expect(out.body.details[0].field).toBe('cellId');

      const moved = await t
        .http()
        .patch(`/api/members/${m.id}`)
        .set(w.admin.auth)
        .send({ version: 1, cellId: w.orgs.cellB1.id, transferReason: 'Chuyển sinh hoạt về nơi cư trú' })
        .expect(200);
      expect(moved.body).toMatchObject({ cellId: w.orgs.cellB1.id, version: 2 });

      await t.http().get(`/api/members/${m.id}`).set(w.secretaryA1.auth).expect(404);
      await t.http().get(`/api/members/${m.id}`).set(w.leaderA.auth).expect(404);
      await t.http().get(`/api/members/${m.id}`).set(w.leaderB.auth).expect(200);

      const history = await t.app
        .get(Database)
        .read((em) =>
          em.query(
            `SELECT "cellId", "toAt", reason FROM member_cell_history WHERE "memberId" = ${t.config.database.type === 'postgres' ? '$1' : '?'} ORDER BY "fromAt", "createdAt"`,
            [m.id],
          ),
        );
      expect(history).toHaveLength(2);
      expect(history[0]).toMatchObject({ cellId: w.orgs.cellA1.id, reason: 'registered' });
      expect(history[0].toAt).not.toBeNull();
      expect(history[1]).toMatchObject({
        cellId: w.orgs.cellB1.id,
        toAt: null,
        reason: 'Chuyển sinh hoạt về nơi cư trú',
      });

      const audit = await t
        .http()
        .get(`/api/audit-log?entityId=${m.id}&action=member.transfer`)
        .set(w.leaderB.auth)
        .expect(200);
      expect(audit.body.items[0]).toMatchObject({ reason: 'Chuyển sinh hoạt về nơi cư trú' });
      expect(audit.body.items[0].changes.cellId).toEqual({ from: w.orgs.cellA1.id, to: w.orgs.cellB1.id });
    });

    it('moves the member role of a transferred member’s account with them', async () => {
      const me = await t.http().get('/api/auth/me').set(w.memberA2.auth).expect(200);
      expect(me.body.roles).toEqual([{ role: 'member', organizationId: w.orgs.cellA2.id }]);
      const m = (await t.http().get(`/api/members/${w.members.a2.id}`).set(w.admin.auth).expect(200)).body;
      await t
        .http()
        .patch(`/api/members/${m.id}`)
        .set(w.leaderA.auth)
        .send({ version: m.version, cellId: w.orgs.cellA1.id })
        .expect(200);
      const after = await t.http().get('/api/auth/me').set(w.memberA2.auth).expect(200);
      expect(after.body.roles).toEqual([{ role: 'member', organizationId: w.orgs.cellA1.id }]);
      const tree = await t.http().get('/api/organizations').set(w.memberA2.auth).expect(200);
      expect(tree.body.map((o: { id: string }) => o.id)).toEqual([w.orgs.cellA1.id]);
    });
  });

  describe('scope and expulsion in the list and the record', () => {
    it('lists a leader’s subtree and, besides it, their own record as a member of another cell', async () => {
      const own = await createMember(t, w.admin, w.orgs.cellA2.id, 'Ngô Thị Lan');
      const u = await createUser(t, w.admin, {
        roles: [{ role: 'leader', organizationId: w.orgs.wardB.id }],
        memberId: own.id,
      });
      const leader = await login(t, u.username);
      const all = await list('?pageSize=200', leader.auth).expect(200);
      const before = await list('?pageSize=200', w.leaderB.auth).expect(200);
      // leaderB's list holds ward B and leaderB's own record; this leader's, ward B and theirs
      expect(all.body.total).toBe(before.body.total);
      expect(all.body.items.map((m: Item) => m.id)).not.toContain(w.leaderMembers.b.id);
      expect(all.body.items.map((m: Item) => m.id)).toContain(own.id);
      // one name order, whichever way a row came in: pages of one row follow the full page
      for (let page = 1; page <= all.body.total; page++) {
        const one = await list(`?pageSize=1&page=${page}`, leader.auth).expect(200);
        expect(one.body.items[0].id).toBe(all.body.items[page - 1].id);
      }
    });

    it('gives the same name order whether a page is sorted or walked from the name index', async () => {
      // Small pages over most of the members walk the name-ordered index; a large page sorts.
      for (const [who, query] of [
        [w.leaderCity, ''],
        [w.leaderCity, `&organizationId=${w.orgs.wardA.id}`],
        [w.admin, '&status=official'],
        [w.secretaryA1, ''],
      ] as const) {
        const all = await list(`?pageSize=200${query}`, who.auth).expect(200);
        expect(all.body.total).toBeGreaterThan(1);
        const paged: string[] = [];
        for (let page = 1; page <= all.body.total; page++) {
          const one = await list(`?pageSize=1&page=${page}${query}`, who.auth).expect(200);
          expect(one.body.total).toBe(all.body.total);
          paged.push(one.body.items[0].id);
        }
        expect(paged).toEqual(all.body.items.map((m: Item) => m.id));
      }
    });

    it('shows the day of an expulsion recorded in the disciplinary records, null otherwise', async () => {
      const m = await createMember(t, w.admin, w.orgs.cellA2.id, 'Đinh Văn Khải');
      expect(m).toMatchObject({ expelledOn: null });
      await t
        .http()
        .post(`/api/members/${m.id}/disciplinary-records`)
        .set(w.leaderA.auth)
        .send({
          decidedOn: '2026-06-01',
          form: 'expulsion',
          decisionNumber: '31-QĐ/ĐU',
          reason: 'Vi phạm nghiêm trọng quy định về những điều đảng viên không được làm',
          prohibitionCodes: [1],
        })
        .expect(201);
      const one = await t.http().get(`/api/members/${m.id}`).set(w.leaderA.auth).expect(200);
      expect(one.body.expelledOn).toBe('2026-06-01');
      const page = await list(`?organizationId=${w.orgs.cellA2.id}&pageSize=200`, w.leaderA.auth).expect(200);
      const byId = new Map(page.body.items.map((i: Item & { expelledOn: string | null }) => [i.id, i]));
      expect(byId.get(m.id)).toMatchObject({ expelledOn: '2026-06-01' });
      for (const [id, item] of byId) if (id !== m.id) expect(item).toMatchObject({ expelledOn: null });
      const updated = await t
        .http()
        .patch(`/api/members/${m.id}`)
        .set(w.leaderA.auth)
        .send({ version: one.body.version, position: 'Đảng viên' })
        .expect(200);
      expect(updated.body.expelledOn).toBe('2026-06-01');
    });
  });
  describe('cached reads (ReadCache)', () => {
    const record = (id: string, auth: Record<string, string>) => t.http().get(`/api/members/${id}`).set(auth);
    const ids = (body: { items: Item[] }) => body.items.map((m) => m.id);

    it('shows a renamed member at once in the list and the record', async () => {
      const m = await createMember(t, w.admin, w.orgs.cellB1.id, 'Tô Văn Cũ');
      const query = `?organizationId=${w.orgs.cellB1.id}&pageSize=200`;
      const before = await list(query, w.leaderB.auth).expect(200);
      expect(names(before.body)).toContain('Tô Văn Cũ');
      const first = await record(m.id, w.leaderB.auth).expect(200);
      expect(first.body.fullName).toBe('Tô Văn Cũ');
      // asked twice, so the second answer is the cached one
      expect((await record(m.id, w.leaderB.auth).expect(200)).body).toEqual(first.body);
      await t
        .http()
        .patch(`/api/members/${m.id}`)
        .set(w.leaderB.auth)
        .send({ version: first.body.version, fullName: 'Tô Văn Mới' })
        .expect(200);
      const after = await list(query, w.leaderB.auth).expect(200);
      expect(names(after.body)).toContain('Tô Văn Mới');
      expect(names(after.body)).not.toContain('Tô Văn Cũ');
      const again = await record(m.id, w.leaderB.auth).expect(200);
      expect(again.body).toMatchObject({ fullName: 'Tô Văn Mới', version: first.body.version + 1 });
      expect(typeof again.body.createdAt).toBe('string');
      expect(new Date(again.body.updatedAt).toISOString()).toBe(again.body.updatedAt);
      const searched = await list('?q=to van moi', w.leaderB.auth).expect(200);
      expect(ids(searched.body)).toEqual([m.id]);
      expect((await list('?q=to van cu', w.leaderB.auth).expect(200)).body.total).toBe(0);
    });

    it('follows a transfer at once: both cells’ lists, the record, and who may read it', async () => {
      const m = await createMember(t, w.admin, w.orgs.cellA2.id, 'Quách Văn Chuyển');
      const a1 = `?organizationId=${w.orgs.cellA1.id}&pageSize=200`;
      const a2 = `?organizationId=${w.orgs.cellA2.id}&pageSize=200`;
      expect(ids((await list(a2, w.leaderA.auth).expect(200)).body)).toContain(m.id);
      expect(ids((await list(a1, w.leaderA.auth).expect(200)).body)).not.toContain(m.id);
      expect(ids((await list('?pageSize=200', w.secretaryA1.auth).expect(200)).body)).not.toContain(m.id);
      const before = await record(m.id, w.leaderA.auth).expect(200);
      await record(m.id, w.secretaryA1.auth).expect(404);
      await t
        .http()
        .patch(`/api/members/${m.id}`)
        .set(w.leaderA.auth)
        .send({ version: before.body.version, cellId: w.orgs.cellA1.id })
        .expect(200);
      expect(ids((await list(a2, w.leaderA.auth).expect(200)).body)).not.toContain(m.id);
      expect(ids((await list(a1, w.leaderA.auth).expect(200)).body)).toContain(m.id);
      expect(ids((await list('?pageSize=200', w.secretaryA1.auth).expect(200)).body)).toContain(m.id);
      expect((await record(m.id, w.leaderA.auth).expect(200)).body.cellId).toBe(w.orgs.cellA1.id);
      expect((await record(m.id, w.secretaryA1.auth).expect(200)).body.cellId).toBe(w.orgs.cellA1.id);
    });

    it('shows an expulsion at once after the record and the list were read', async () => {
      const m = await createMember(t, w.admin, w.orgs.cellB1.id, 'Lò Văn Khai');
      const query = `?organizationId=${w.orgs.cellB1.id}&pageSize=200`;
      const byId = async () =>
        new Map(
          (await list(query, w.leaderB.auth).expect(200)).body.items.map(
            (i: Item & { expelledOn: string | null }) => [i.id, i.expelledOn],
          ),
        );
      expect((await byId()).get(m.id)).toBeNull();
      expect((await record(m.id, w.leaderB.auth).expect(200)).body.expelledOn).toBeNull();
      await t
        .http()
        .post(`/api/members/${m.id}/disciplinary-records`)
        .set(w.leaderB.auth)
        .send({
          decidedOn: '2026-07-01',
          form: 'expulsion',
          decisionNumber: '32-QĐ/ĐU',
          reason: 'Vi phạm nghiêm trọng quy định về những điều đảng viên không được làm',
          prohibitionCodes: [1],
        })
        .expect(201);
      expect((await byId()).get(m.id)).toBe('2026-07-01');
      expect((await record(m.id, w.leaderB.auth).expect(200)).body.expelledOn).toBe('2026-07-01');
    });

    it('gives two actors with different scopes their own answer to the same query', async () => {
      const query = '?pageSize=200';
      const a = await list(query, w.leaderA.auth).expect(200);
      const b = await list(query, w.leaderB.auth).expect(200);
      const own = await list(query, w.memberA1a.auth).expect(200);
      const sec = await list(query, w.secretaryA1.auth).expect(200);
      const all = await list(query, w.leaderCity.auth).expect(200);
      const inCells = async (who: Login, orgId: string) =>
        ids((await list(`?organizationId=${orgId}&pageSize=200`, who.auth).expect(200)).body);
      // each leader's subtree plus their own record (in a cell outside the city)
      expect(new Set(ids(a.body))).toEqual(
        new Set([...(await inCells(w.leaderCity, w.orgs.wardA.id)), w.leaderMembers.a.id]),
      );
      expect(new Set(ids(b.body))).toEqual(
        new Set([...(await inCells(w.leaderCity, w.orgs.wardB.id)), w.leaderMembers.b.id]),
      );
      expect(ids(own.body)).toEqual([w.members.a1a.id]);
      expect(new Set(ids(sec.body))).toEqual(new Set(await inCells(w.leaderCity, w.orgs.cellA1.id)));
      // the city's members are the two wards'; each of the three leaders adds their own record
      expect(all.body.total).toBe(a.body.total - 1 + b.body.total - 1 + 1);
      for (const id of ids(a.body)) expect(ids(b.body)).not.toContain(id);
      // asked again in another order, each still gets their own
      expect((await list(query, w.leaderB.auth).expect(200)).body).toEqual(b.body);
      expect((await list(query, w.memberA1a.auth).expect(200)).body).toEqual(own.body);
      expect((await list(query, w.leaderA.auth).expect(200)).body).toEqual(a.body);
      // an organisation filter outside one's scope stays a 404 after someone in scope asked it
      const filtered = `?organizationId=${w.orgs.cellA1.id}`;
      await list(filtered, w.leaderA.auth).expect(200);
      await list(filtered, w.leaderB.auth).expect(404);
    });

    it('answers 404 out of scope after someone in scope read the record', async () => {
      const missing = await record(UUID, w.leaderB.auth).expect(404);
      for (const [reader, outsider, id] of [
        [w.leaderA, w.leaderB, w.members.a1a.id],
        [w.leaderCity, w.memberA1a, w.members.a1b.id],
        // a member of the same cell reads only their own record
        [w.memberA1b, w.memberA1a, w.members.a1b.id],
        // (a2 was transferred to cell A1 above)
        [w.memberA2, w.leaderB, w.members.a2.id],
        [w.secretaryB1, w.leaderA, w.members.b1.id],
      ] as const) {
        await record(id, reader.auth).expect(200);
        await record(id, reader.auth).expect(200);
        const out = await record(id, outsider.auth);
        expect(out.status, `${id}`).toBe(404);
        expect(out.body).toEqual(missing.body);
      }
      // and a missing id stays missing after it was asked (a cached "none")
      await record(UUID, w.leaderCity.auth).expect(404);
    });
  });
});
