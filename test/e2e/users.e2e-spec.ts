import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, createMember, createUser, login, World } from '../factories/world.js';
import { ADMIN_PASSWORD, createTestApp, PASSWORD, TestApp } from '../setup/test-app.js';
import { dbFingerprint } from '../trust/db-fingerprint.js';
import { Database } from '../../src/common/database.service.js';
import { User } from '../../src/auth/user.entity.js';

const UUID = '3f1c2b8e-5d7a-4c1e-9b2f-0a1b2c3d4e5f';
const NEW_PASSWORD = 'Mật khẩu mới của chi bộ 2026';

describe('users (e2e)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const post = (auth: Record<string, string>, body: Record<string, unknown>) =>
    t.http().post('/api/users').set(auth).send(body);
  const patch = (id: string, auth: Record<string, string>, body: Record<string, unknown>) =>
    t.http().patch(`/api/users/${id}`).set(auth).send(body);
  const read = async (id: string) =>
    (await t.http().get(`/api/users/${id}`).set(w.admin.auth).expect(200)).body;
  const fields = (body: { details: Array<{ field: string }> }) => body.details.map((d) => d.field);
  let seq = 0;
  const name = (p: string) => `${p}-${++seq}`;

  describe('401 without a token', () => {
    it.each([
      ['GET', '/api/users'],
      ['POST', '/api/users'],
      ['GET', `/api/users/${UUID}`],
      ['PATCH', `/api/users/${UUID}`],
    ])('%s %s', async (method, path) => {
      const res = await (
        method === 'GET' ? t.http().get(path) : method === 'POST' ? t.http().post(path) : t.http().patch(path)
      ).send({});
      expect(res.status).toBe(401);
    });
  });

  describe('role matrix', () => {
    it('refuses members and secretaries on every users route with 403', async () => {
      const someone = w.leaderA.userId;
      for (const as of [w.memberA1a, w.secretaryA1]) {
        await t.http().get('/api/users').set(as.auth).expect(403);
        await t.http().get(`/api/users/${someone}`).set(as.auth).expect(403);
        await post(as.auth, { username: name('x'), password: PASSWORD, roles: [] }).expect(403);
        await patch(someone, as.auth, { version: 1, isActive: false }).expect(403);
      }
    });

    it('lists for a leader only the accounts of their subtree', async () => {
      const a = await t.http().get('/api/users?pageSize=200').set(w.leaderA.auth).expect(200);
      const ids = a.body.items.map((u: { id: string }) => u.id);
      expect(ids).toEqual(
        expect.arrayContaining([
          w.leaderA.userId,
          w.secretaryA1.userId,
          w.memberA1a.userId,
          w.memberA2.userId,
        ]),
      );
      expect(ids).not.toContain(w.leaderB.userId);
      expect(ids).not.toContain(w.memberB1.userId);
      expect(ids).not.toContain(w.leaderCity.userId);
      expect(ids).not.toContain(w.admin.userId);
      expect(a.body).toMatchObject({ page: 1, pageSize: 200, total: ids.length });
      const all = await t.http().get('/api/users?pageSize=200').set(w.admin.auth).expect(200);
      expect(all.body.total).toBeGreaterThan(a.body.total);
    });

    it('answers 404 for an account outside the leader’s subtree', async () => {
      await t.http().get(`/api/users/${w.memberB1.userId}`).set(w.leaderA.auth).expect(404);
      await t.http().get(`/api/users/${w.admin.userId}`).set(w.leaderA.auth).expect(404);
      await patch(w.memberB1.userId, w.leaderA.auth, { version: 1, isActive: false }).expect(404);
      await t.http().get(`/api/users/${w.memberB1.userId}`).set(w.leaderB.auth).expect(200);
      await t.http().get(`/api/users/${w.memberB1.userId}`).set(w.leaderCity.auth).expect(200);
    });
  });

  describe('GET /api/users: the member’s name, and a search by it', () => {
    it('carries the linked member’s name, and null for an account without a member', async () => {
      const page = await t.http().get('/api/users?pageSize=200').set(w.admin.auth).expect(200);
      const byId = new Map(page.body.items.map((u: { id: string }) => [u.id, u]));
      expect(byId.get(w.memberA1a.userId)).toMatchObject({ memberName: 'Trần Thị Đào' });
      expect(byId.get(w.admin.userId)).toMatchObject({ memberId: null, memberName: null });
      expect((await read(w.memberB1.userId)).memberName).toBe('Đặng Quốc Hùng');
    });

    it('finds an account by its member’s name with or without diacritics, and still by username', async () => {
      const ids = async (q: string, as = w.admin) =>
        (
          await t.http().get('/api/users').query({ q, pageSize: 200 }).set(as.auth).expect(200)
        ).body.items.map((u: { id: string }) => u.id);
      expect(await ids('tran thi dao')).toEqual([w.memberA1a.userId]);
      expect(await ids('Trần Thị Đào')).toEqual([w.memberA1a.userId]);
      expect(await ids('DANG QUOC')).toEqual([w.memberB1.userId]);
      const username = (await read(w.memberB1.userId)).username as string;
      expect(await ids(username)).toContain(w.memberB1.userId);
      // In scope only: ward A's leader does not find ward B's member by name.
      expect(await ids('dang quoc hung', w.leaderA)).toEqual([]);
      expect(await ids('tran thi dao', w.leaderA)).toEqual([w.memberA1a.userId]);
      // LIKE wildcards are matched literally.
      expect(await ids('%')).toEqual([]);
    });

    it('answers 400 naming q when it is too long', async () => {
      const res = await t
        .http()
        .get('/api/users')
        .query({ q: 'a'.repeat(65) })
        .set(w.admin.auth)
        .expect(400);
      expect(fields(res.body)).toEqual(['q']);
    });
  });

  describe('POST /api/users', () => {
    it('lets a leader create a secretary account for a member of their subtree', async () => {
      const m = await createMember(t, w.leaderA, w.orgs.cellA2.id, 'Kiều Thị Ngân');
      const res = await post(w.leaderA.auth, {
        username: '  Ngan.KT ',
        password: PASSWORD,
        memberId: m.id,
        roles: [{ role: 'secretary', organizationId: w.orgs.cellA2.id }],
      }).expect(201);
      expect(res.body).toMatchObject({
        username: 'ngan.kt',
        memberId: m.id,
        isActive: true,
        roles: [{ role: 'secretary', organizationId: w.orgs.cellA2.id }],
        version: 1,
      });
      expect(Object.keys(res.body).join()).not.toMatch(/password|hash/i);
      const s = await login(t, 'ngan.kt');
      const me = await t.http().get('/api/auth/me').set(s.auth).expect(200);
      expect(me.body.roles).toEqual(
        expect.arrayContaining([
          { role: 'member', organizationId: w.orgs.cellA2.id },
          { role: 'secretary', organizationId: w.orgs.cellA2.id },
        ]),
      );
    });

    it('never lets a leader grant a role above or beside their committee', async () => {
      const above = await post(w.leaderA.auth, {
        username: name('len'),
        password: PASSWORD,
        roles: [{ role: 'leader', organizationId: w.orgs.city.id }],
      }).expect(400);
      expect(above.body.details[0]).toMatchObject({ field: 'roles.0.organizationId', rule: 'inScope' });
      const beside = await post(w.leaderA.auth, {
        username: name('ben'),
        password: PASSWORD,
        roles: [
          { role: 'secretary', organizationId: w.orgs.cellA1.id },
          { role: 'secretary', organizationId: w.orgs.cellB1.id },
        ],
      }).expect(400);
      expect(beside.body.details[0].field).toBe('roles.1.organizationId');
      await post(w.leaderA.auth, {
        username: name('ma'),
        password: PASSWORD,
        roles: [{ role: 'leader', organizationId: UUID }],
      }).expect(400);
    });

    it('never lets a leader create an admin', async () => {
      const res = await post(w.leaderCity.auth, {
        username: name('qt'),
        password: PASSWORD,
        roles: [{ role: 'admin' }],
      }).expect(403);
      expect(res.body).toMatchObject({
        code: 'ROLE_OUT_OF_SCOPE',
        details: [{ field: 'roles.0.role', rule: 'adminOnly' }],
      });
    });

    it('lets an admin create an admin and a leader anywhere', async () => {
      const admin2 = await post(w.admin.auth, {
        username: name('admin'),
        password: PASSWORD,
        roles: [{ role: 'admin', organizationId: null }],
      }).expect(201);
      expect(admin2.body.roles).toEqual([{ role: 'admin', organizationId: null }]);
      const m = await createMember(t, w.admin, w.leaderMembers.officeCellId, 'Lương Văn Tỉnh');
      await post(w.admin.auth, {
        username: name('ld'),
        password: PASSWORD,
        memberId: m.id,
        roles: [{ role: 'leader', organizationId: w.orgs.city.id }],
      }).expect(201);
    });

    describe('secretaries and leaders are members; a leader grants only below their committee (issue 14)', () => {
      const accounts = async () =>
        (await t.http().get('/api/users?pageSize=200').set(w.admin.auth)).body.total;

      it('refuses a secretary or leader account without a member with 400 memberId, storing nothing', async () => {
        const before = await accounts();
        for (const [auth, role] of [
          [w.leaderCity.auth, { role: 'leader', organizationId: w.orgs.wardA.id }],
          [w.leaderA.auth, { role: 'secretary', organizationId: w.orgs.cellA2.id }],
          [w.admin.auth, { role: 'leader', organizationId: w.orgs.city.id }],
          [w.admin.auth, { role: 'secretary', organizationId: w.orgs.cellB1.id }],
        ] as const) {
          const res = await post(auth, {
            username: name('khong-dv'),
            password: PASSWORD,
            roles: [role],
          }).expect(400);
          expect(res.body).toMatchObject({
            code: 'VALIDATION_FAILED',
            details: [{ field: 'memberId', rule: 'required' }],
          });
        }
        expect(await accounts()).toBe(before);
      });

      it('refuses a leader role on the leader’s own committee (403 ROLE_OUT_OF_SCOPE) and stores nothing', async () => {
        const m = await createMember(t, w.leaderA, w.orgs.cellA2.id, 'Tạ Văn Ngang');
        const before = await accounts();
        const res = await post(w.leaderA.auth, {
          username: name('ngang'),
          password: PASSWORD,
          memberId: m.id,
          roles: [{ role: 'leader', organizationId: w.orgs.wardA.id }],
        }).expect(403);
        expect(res.body).toMatchObject({
          code: 'ROLE_OUT_OF_SCOPE',
          details: [{ field: 'roles.0.organizationId', rule: 'strictlyBelow' }],
        });
        expect(await accounts()).toBe(before);
        // Nor by giving an existing account of the subtree that role.
        const target = await read(w.memberA2.userId);
        const up = await patch(w.memberA2.userId, w.leaderA.auth, {
          version: target.version,
          roles: [{ role: 'leader', organizationId: w.orgs.wardA.id }],
        }).expect(403);
        expect(up.body.code).toBe('ROLE_OUT_OF_SCOPE');
        expect(await read(w.memberA2.userId)).toEqual(target);
        // The committee above grants it; the ward's leader still grants the cells below.
        await post(w.leaderCity.auth, {
          username: name('ngang'),
          password: PASSWORD,
          memberId: m.id,
          roles: [{ role: 'leader', organizationId: w.orgs.wardA.id }],
        }).expect(201);
      });
    });

    it('scopes each role to the right kind of organisation', async () => {
      const a = await post(w.admin.auth, {
        username: name('r'),
        password: PASSWORD,
        roles: [{ role: 'leader', organizationId: w.orgs.cellA1.id }],
      }).expect(400);
      expect(a.body.details[0]).toMatchObject({ field: 'roles.0.organizationId', rule: 'roleScope' });
      const b = await post(w.admin.auth, {
        username: name('r'),
        password: PASSWORD,
        roles: [{ role: 'secretary', organizationId: w.orgs.wardA.id }],
      }).expect(400);
      expect(b.body.details[0].rule).toBe('roleScope');
      const c = await post(w.admin.auth, {
        username: name('r'),
        password: PASSWORD,
        roles: [{ role: 'admin', organizationId: w.orgs.city.id }],
      }).expect(400);
      expect(c.body.details[0].rule).toBe('roleScope');
      const d = await post(w.admin.auth, {
        username: name('r'),
        password: PASSWORD,
        roles: [{ role: 'member' }],
      }).expect(400);
      expect(d.body.details[0].field).toBe('memberId');
      const e = await post(w.admin.auth, {
        username: name('r'),
        password: PASSWORD,
        roles: [{ role: 'chairman' }],
      }).expect(400);
      expect(e.body.details[0].field).toBe('roles.0.role');
      const nested = await post(w.admin.auth, {
        username: name('r'),
        password: PASSWORD,
        roles: [[{ role: 'admin' }]],
      }).expect(400);
      expect(nested.body.details.map((d: { field: string }) => d.field)).toContain('roles');
    });

    it('refuses an account with neither a member nor a role with 400', async () => {
      const res = await post(w.leaderA.auth, { username: name('ma'), password: PASSWORD, roles: [] }).expect(
        400,
      );
      expect(res.body.details[0].field).toBe('roles');
    });

    it('links a member to one account only', async () => {
      const res = await post(w.admin.auth, {
        username: name('hai'),
        password: PASSWORD,
        memberId: w.members.a1a.id,
        roles: [],
      }).expect(409);
      expect(res.body).toMatchObject({
        code: 'MEMBER_HAS_ACCOUNT',
        details: [{ field: 'memberId', rule: 'unique' }],
      });
      const out = await post(w.leaderB.auth, {
        username: name('ngoai'),
        password: PASSWORD,
        memberId: w.members.a2.id,
        roles: [],
      }).expect(400);
      expect(out.body.details[0]).toMatchObject({ field: 'memberId', rule: 'inScope' });
      await post(w.admin.auth, {
        username: name('ma'),
        password: PASSWORD,
        memberId: UUID,
        roles: [],
      }).expect(400);
    });

    it('refuses a taken username with 409', async () => {
      const res = await post(w.admin.auth, {
        username: 'ADMIN',
        password: PASSWORD,
        roles: [{ role: 'admin' }],
      }).expect(409);
      expect(res.body).toMatchObject({
        code: 'USERNAME_TAKEN',
        details: [{ field: 'username', rule: 'unique' }],
      });
    });

    it('answers 400 naming each bad field, and checks password length in characters', async () => {
      const res = await post(w.admin.auth, {
        username: 'a b',
        password: 'ngắn',
        roles: 'admin',
        extra: 1,
      }).expect(400);
      expect(fields(res.body)).toEqual(expect.arrayContaining(['username', 'password', 'roles', 'extra']));
      // 12 Vietnamese characters are 12, whatever their byte length
      await post(w.admin.auth, {
        username: name('uni'),
        password: 'Đảng-bộ-vữn',
        roles: [{ role: 'admin' }],
      }).expect(400);
      await post(w.admin.auth, {
        username: name('uni'),
        password: 'Đảng-bộ-vững',
        roles: [{ role: 'admin' }],
      }).expect(201);
      const long = 'ệ'.repeat(129);
      const tooLong = await post(w.admin.auth, {
        username: name('long'),
        password: long,
        roles: [{ role: 'admin' }],
      }).expect(400);
      expect(fields(tooLong.body)).toContain('password');
      const max = await post(w.admin.auth, {
        username: name('max'),
        password: 'ệ'.repeat(128),
        roles: [{ role: 'admin' }],
      }).expect(201);
      await login(t, max.body.username, 'ệ'.repeat(128));
      // never truncated: the first 127 characters are not the password
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: max.body.username, password: 'ệ'.repeat(127) })
        .expect(401);
    });
  });

  describe('PATCH /api/users/:id', () => {
    it('deactivating an account revokes its sessions; reactivating lets it log in again', async () => {
      const m = await createMember(t, w.leaderA, w.orgs.cellA1.id, 'Chu Văn Nghỉ');
      const u = await createUser(t, w.leaderA, { memberId: m.id, roles: [] });
      const s = await login(t, u.username);
      const off = await patch(u.id, w.leaderA.auth, { version: 1, isActive: false }).expect(200);
      expect(off.body).toMatchObject({ isActive: false, version: 2 });
      await t.http().get('/api/auth/me').set(s.auth).expect(401);
      await t.http().post('/api/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
      await t.http().post('/api/auth/login').send({ username: u.username, password: PASSWORD }).expect(401);
      await patch(u.id, w.leaderA.auth, { version: 2, isActive: true }).expect(200);
      await login(t, u.username);
      const audit = await t
        .http()
        .get(`/api/audit-log?entityId=${u.id}&action=user.update`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(audit.body.total).toBe(2);
    });

    it('resets a password, revoking the sessions, without the password in the audit log', async () => {
      const m = await createMember(t, w.leaderA, w.orgs.cellA1.id, 'Chu Thị Quên');
      const u = await createUser(t, w.leaderA, { memberId: m.id, roles: [] });
      const s = await login(t, u.username);
      await patch(u.id, w.leaderA.auth, { version: 1, password: NEW_PASSWORD }).expect(200);
      await t.http().get('/api/auth/me').set(s.auth).expect(401);
      await login(t, u.username, NEW_PASSWORD);
      const audit = await t.http().get(`/api/audit-log?entityId=${u.id}`).set(w.admin.auth).expect(200);
      expect(JSON.stringify(audit.body)).not.toContain(NEW_PASSWORD);
    });

    it('replaces roles inside the subtree and answers 409 on a stale version', async () => {
      const m = await createMember(t, w.leaderA, w.orgs.cellA1.id, 'Chu Văn Đổi');
      const u = await createUser(t, w.leaderA, { memberId: m.id, roles: [] });
      const ok = await patch(u.id, w.leaderA.auth, {
        version: 1,
        roles: [{ role: 'secretary', organizationId: w.orgs.cellA1.id }],
      }).expect(200);
      expect(ok.body.roles).toEqual([{ role: 'secretary', organizationId: w.orgs.cellA1.id }]);
      const stale = await patch(u.id, w.leaderA.auth, { version: 1, isActive: false }).expect(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      const out = await patch(u.id, w.leaderA.auth, {
        version: 2,
        roles: [{ role: 'leader', organizationId: w.orgs.city.id }],
      }).expect(400);
      expect(out.body.details[0].field).toBe('roles.0.organizationId');
      expect((await read(u.id)).roles).toEqual([{ role: 'secretary', organizationId: w.orgs.cellA1.id }]);
    });

    it('never lets a leader take over an account that holds a role above their subtree', async () => {
      // A city leader and an admin who are also members of a cell in ward A.
      const mCity = await createMember(t, w.admin, w.orgs.cellA2.id, 'Trịnh Văn Thành');
      const cityLeader = await createUser(t, w.admin, {
        memberId: mCity.id,
        roles: [{ role: 'leader', organizationId: w.orgs.city.id }],
      });
      const mAdmin = await createMember(t, w.admin, w.orgs.cellA2.id, 'Quách Thị Quản');
      const admin = await createUser(t, w.admin, { memberId: mAdmin.id, roles: [{ role: 'admin' }] });
      for (const u of [cityLeader, admin]) {
        const pw = await patch(u.id, w.leaderA.auth, {
          version: 1,
          password: 'Chiếm quyền tài khoản 1',
        }).expect(403);
        expect(pw.body.code).toBe('ROLE_OUT_OF_SCOPE');
        await patch(u.id, w.leaderA.auth, { version: 1, isActive: false }).expect(403);
        await patch(u.id, w.leaderA.auth, { version: 1, roles: [] }).expect(403);
        await login(t, u.username);
        expect((await read(u.id)).version).toBe(1);
      }
    });

    it('files changes to an account without a member where its role is, so the leader reads them', async () => {
      // An account made before secretaries needed a member (issue 14): made with one, then unlinked.
      const m = await createMember(t, w.leaderA, w.orgs.cellA2.id, 'Lã Văn Cũ');
      const u = await createUser(t, w.leaderA, {
        memberId: m.id,
        roles: [{ role: 'secretary', organizationId: w.orgs.cellA2.id }],
      });
      await t.app.get(Database).transaction((em) => em.update(User, { id: u.id }, { memberId: null }));
      await patch(u.id, w.leaderA.auth, { version: 1, isActive: false }).expect(200);
      const audit = await t.http().get(`/api/audit-log?entityId=${u.id}`).set(w.leaderA.auth).expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
        'user.create',
        'user.update',
      ]);
      await t
        .http()
        .get(`/api/audit-log?entityId=${u.id}`)
        .set(w.leaderB.auth)
        .expect(200)
        .expect((r) => expect(r.body.total).toBe(0));
    });

    it('does not let anyone deactivate themselves or change their own roles', async () => {
      const me = await read(w.leaderA.userId);
      const res = await patch(w.leaderA.userId, w.leaderA.auth, {
        version: me.version,
        roles: [{ role: 'leader', organizationId: w.orgs.wardA.id }],
      }).expect(403);
      expect(res.body.code).toBe('SELF_REVIEW');
      const admin = await read(w.admin.userId);
      await patch(w.admin.userId, w.admin.auth, { version: admin.version, isActive: false }).expect(403);
    });

    it('refuses to set one’s own password without the current one, for a leader and an admin (403, nothing stored)', async () => {
      for (const [who, password] of [
        [w.leaderA, PASSWORD],
        [w.admin, ADMIN_PASSWORD],
      ] as const) {
        const me = await read(who.userId);
        const before = await dbFingerprint(t.app);
        const res = await patch(who.userId, who.auth, { version: me.version, password: NEW_PASSWORD }).expect(
          403,
        );
        expect(res.body.code).toBe('OWN_PASSWORD_NEEDS_CURRENT');
        expect(fields(res.body)).toEqual(['password']);
        expect(await dbFingerprint(t.app)).toEqual(before);
        // the token that tried goes on, the old password still opens the account, the new one does not
        await t.http().get('/api/auth/me').set(who.auth).expect(200);
        await t
          .http()
          .post('/api/auth/login')
          .send({ username: me.username, password: NEW_PASSWORD })
          .expect(401);
        await login(t, me.username, password);
      }
    });

    it('lets only the committee above or an admin set a co-leader’s password', async () => {
      const m = await createMember(t, w.admin, w.orgs.cellA2.id, 'Lương Thị Đồng Cấp');
      const coLeader = await createUser(t, w.admin, {
        memberId: m.id,
        roles: [{ role: 'leader', organizationId: w.orgs.wardA.id }],
      });
      const s = await login(t, coLeader.username);
      const before = await dbFingerprint(t.app);
      const res = await patch(coLeader.id, w.leaderA.auth, {
        version: 1,
        password: 'Chiếm quyền đồng cấp 2026',
      }).expect(403);
      expect(res.body.code).toBe('PEER_PASSWORD_RESET');
      expect(await dbFingerprint(t.app)).toEqual(before);
      await t.http().get('/api/auth/me').set(s.auth).expect(200);
      // the same leader still resets an account strictly below the committee (a cell's secretary)
      const mSec = await createMember(t, w.admin, w.orgs.cellA2.id, 'Đinh Văn Chi Bộ');
      const secretary = await createUser(t, w.admin, {
        memberId: mSec.id,
        roles: [{ role: 'secretary', organizationId: w.orgs.cellA2.id }],
      });
      await patch(secretary.id, w.leaderA.auth, { version: 1, password: NEW_PASSWORD }).expect(200);
      await login(t, secretary.username, NEW_PASSWORD);
      // the city committee above and an admin may
      await patch(coLeader.id, w.leaderCity.auth, { version: 1, password: NEW_PASSWORD }).expect(200);
      await t.http().get('/api/auth/me').set(s.auth).expect(401);
      await login(t, coLeader.username, NEW_PASSWORD);
      await patch(coLeader.id, w.admin.auth, { version: 2, password: PASSWORD }).expect(200);
      await login(t, coLeader.username, PASSWORD);
    });

    it('lets only the committee above or an admin deactivate a co-leader or change their roles', async () => {
      const m = await createMember(t, w.admin, w.orgs.cellA2.id, 'Trịnh Văn Đồng Cấp');
      const coLeader = await createUser(t, w.admin, {
        memberId: m.id,
        roles: [{ role: 'leader', organizationId: w.orgs.wardA.id }],
      });
      const s = await login(t, coLeader.username);
      for (const [body, field] of [
        [{ isActive: false }, 'isActive'],
        [{ roles: [] }, 'roles'],
        [{ roles: [{ role: 'secretary', organizationId: w.orgs.cellA2.id }] }, 'roles'],
      ] as const) {
        const before = await dbFingerprint(t.app);
        const res = await patch(coLeader.id, w.leaderA.auth, { version: 1, ...body }).expect(403);
        expect(res.body.code).toBe('PEER_ACCOUNT_CHANGE');
        expect(fields(res.body)).toEqual([field]);
        expect(await dbFingerprint(t.app)).toEqual(before);
      }
      await t.http().get('/api/auth/me').set(s.auth).expect(200);
      // the same leader still deactivates an account strictly below the committee (a cell's secretary)
      const mSec = await createMember(t, w.admin, w.orgs.cellA2.id, 'Đỗ Thị Bí Thư');
      const secretary = await createUser(t, w.admin, {
        memberId: mSec.id,
        roles: [{ role: 'secretary', organizationId: w.orgs.cellA2.id }],
      });
      await patch(secretary.id, w.leaderA.auth, { version: 1, isActive: false }).expect(200);
      // the city committee above may, and so may an admin
      await patch(coLeader.id, w.leaderCity.auth, { version: 1, isActive: false }).expect(200);
      await t.http().get('/api/auth/me').set(s.auth).expect(401);
      await patch(coLeader.id, w.admin.auth, { version: 2, isActive: true }).expect(200);
      await login(t, coLeader.username);
    });

    it('answers 400 for a missing version and unknown fields', async () => {
      const res = await patch(w.memberA1a.userId, w.admin.auth, {
        username: 'doi-ten',
        passwordHash: 'x',
      }).expect(400);
      expect(fields(res.body)).toEqual(expect.arrayContaining(['version', 'username', 'passwordHash']));
    });
  });
});
