import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, createMember, createOrg, Org, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const UUID = '3f1c2b8e-5d7a-4c1e-9b2f-0a1b2c3d4e5f';

interface TreeNode {
  id: string;
  kind: string;
  children?: TreeNode[];
}

const flatten = (nodes: TreeNode[]): string[] => nodes.flatMap((n) => [n.id, ...flatten(n.children ?? [])]);

describe('organizations (e2e)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const get = (id: string, auth: Record<string, string>) =>
    t.http().get(`/api/organizations/${id}`).set(auth);
  const patch = (id: string, auth: Record<string, string>, body: Record<string, unknown>) =>
    t.http().patch(`/api/organizations/${id}`).set(auth).send(body);
  const fresh = async (id: string) =>
    (await get(id, w.admin.auth).expect(200)).body as Org & { parentId: string | null };

  describe('401 without a token', () => {
    it.each([
      ['GET', '/api/organizations'],
      ['POST', '/api/organizations'],
      ['GET', `/api/organizations/${UUID}`],
      ['PATCH', `/api/organizations/${UUID}`],
    ])('%s %s', async (method, path) => {
      const res = await (
        method === 'GET' ? t.http().get(path) : method === 'POST' ? t.http().post(path) : t.http().patch(path)
      ).send({});
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('GET /api/organizations (the tree in scope)', () => {
    it('gives the admin the whole tree from the city down', async () => {
      const res = await t.http().get('/api/organizations').set(w.admin.auth).expect(200);
      const city = res.body.find((n: TreeNode) => n.id === w.orgs.city.id);
      expect(city).toMatchObject({
        kind: 'committee',
        isGrassroots: false,
        parentId: null,
        name: 'Đảng bộ thành phố Vĩnh Yên',
      });
      expect(city.children.map((c: TreeNode) => c.id).sort()).toEqual(
        [w.orgs.wardA.id, w.orgs.wardB.id].sort(),
      );
      const wardA = city.children.find((c: TreeNode) => c.id === w.orgs.wardA.id);
      expect(wardA.children.map((c: TreeNode) => c.id).sort()).toEqual(
        [w.orgs.cellA1.id, w.orgs.cellA2.id].sort(),
      );
      expect(wardA.children[0].children).toBeUndefined();
    });

    it('roots a leader at their committee and hides siblings', async () => {
      const res = await t.http().get('/api/organizations').set(w.leaderA.auth).expect(200);
      // their committee, and the cell of their own member record (outside the city)
      expect(res.body.map((n: TreeNode) => n.id).sort()).toEqual(
        [w.orgs.wardA.id, w.leaderMembers.officeCellId].sort(),
      );
      const ids = flatten(res.body);
      expect(ids).toEqual(expect.arrayContaining([w.orgs.cellA1.id, w.orgs.cellA2.id]));
      expect(ids).not.toContain(w.orgs.wardB.id);
      expect(ids).not.toContain(w.orgs.cellB1.id);
      expect(ids).not.toContain(w.orgs.city.id);
    });

    it('shows a secretary and a member only their own cell', async () => {
      for (const login of [w.secretaryA1, w.memberA1a]) {
        const res = await t.http().get('/api/organizations').set(login.auth).expect(200);
        expect(flatten(res.body)).toEqual([w.orgs.cellA1.id]);
      }
    });
  });

  describe('GET /api/organizations/:id', () => {
    it('reads an organisation in scope with its version', async () => {
      const res = await get(w.orgs.cellA1.id, w.leaderA.auth).expect(200);
      expect(res.body).toMatchObject({
        id: w.orgs.cellA1.id,
        kind: 'cell',
        parentId: w.orgs.wardA.id,
        version: 1,
      });
      expect(res.body).not.toHaveProperty('path');
    });

    it('answers 404 out of scope exactly as for a missing id', async () => {
      const out = await get(w.orgs.cellA1.id, w.leaderB.auth).expect(404);
      const missing = await get(UUID, w.leaderB.auth).expect(404);
      expect(out.body).toEqual(missing.body);
    });

    it.each([
      ['city', 'leaderA', 404],
      ['cellA2', 'memberA1a', 404],
      ['wardA', 'secretaryA1', 404],
      ['cellA1', 'memberA1a', 200],
    ] as const)('answers %s to %s with %i (scope)', async (org, actor, status) => {
      await get(w.orgs[org].id, w[actor].auth).expect(status);
    });

    it('answers 400 for a malformed id', async () => {
      const res = await get('not-a-uuid', w.admin.auth).expect(400);
      expect(res.body.details[0].field).toBe('id');
    });
  });

  describe('POST /api/organizations', () => {
    it('lets an admin create a top-level committee', async () => {
      const res = await t
        .http()
        .post('/api/organizations')
        .set(w.admin.auth)
        .send({
          code: 'DB-PY',
          name: 'Đảng bộ thành phố Phúc Yên',
          kind: 'committee',
          isGrassroots: false,
          parentId: null,
        })
        .expect(201);
      expect(res.body).toMatchObject({ code: 'DB-PY', parentId: null, version: 1 });
      const audit = await t
        .http()
        .get(`/api/audit-log?entityId=${res.body.id}`)
        .set(w.admin.auth)
        .expect(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'organization.create',
        entityType: 'organization',
      });
    });

    it('refuses a top-level committee from a leader with 403', async () => {
      const res = await t
        .http()
        .post('/api/organizations')
        .set(w.leaderCity.auth)
        .send({ code: 'DB-X', name: 'Đảng bộ X', kind: 'committee', isGrassroots: false, parentId: null })
        .expect(403);
      expect(res.body.code).toBe('ORGANIZATION_OUT_OF_SCOPE');
    });

    it('lets a leader build under their committee', async () => {
      const sub = await createOrg(t, w.leaderA, {
        name: 'Đảng ủy khối cơ quan phường',
        kind: 'committee',
        isGrassroots: false,
        parentId: w.orgs.wardA.id,
      });
      const cell = await createOrg(t, w.leaderA, {
        name: 'Chi bộ Ủy ban nhân dân phường',
        kind: 'cell',
        isGrassroots: false,
        parentId: sub.id,
      });
      const tree = await t.http().get('/api/organizations').set(w.leaderA.auth).expect(200);
      expect(flatten(tree.body)).toEqual(expect.arrayContaining([sub.id, cell.id]));
      await get(cell.id, w.leaderB.auth).expect(404);
    });

    it('answers 404 when a leader builds under a sibling committee', async () => {
      const res = await t
        .http()
        .post('/api/organizations')
        .set(w.leaderB.auth)
        .send({
          code: 'CB-LAN',
          name: 'Chi bộ lấn sân',
          kind: 'cell',
          isGrassroots: false,
          parentId: w.orgs.wardA.id,
        })
        .expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });

    it('refuses it to members and secretaries with 403', async () => {
      for (const login of [w.memberA1a, w.secretaryA1]) {
        const res = await t
          .http()
          .post('/api/organizations')
          .set(login.auth)
          .send({
            code: 'CB-M',
            name: 'Chi bộ mới',
            kind: 'cell',
            isGrassroots: false,
            parentId: w.orgs.wardA.id,
          })
          .expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
    });

    it('refuses children under a cell with 409 naming the rule', async () => {
      const res = await t
        .http()
        .post('/api/organizations')
        .set(w.admin.auth)
        .send({
          code: 'CB-CON',
          name: 'Chi bộ con',
          kind: 'cell',
          isGrassroots: false,
          parentId: w.orgs.cellA1.id,
        })
        .expect(409);
      expect(res.body.code).toBe('ORGANIZATION_TREE_RULE');
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'parentId', rule: 'cell_has_no_children' }),
      ]);
    });

    it('refuses a top-level cell and nested grassroots organisations with 409', async () => {
      const a = await t
        .http()
        .post('/api/organizations')
        .set(w.admin.auth)
        .send({ code: 'CB-TOP', name: 'Chi bộ độc lập', kind: 'cell', isGrassroots: true, parentId: null })
        .expect(409);
      expect(a.body.details[0].rule).toBe('top_level_is_committee');
      const b = await t
        .http()
        .post('/api/organizations')
        .set(w.leaderA.auth)
        .send({
          code: 'CB-CS',
          name: 'Chi bộ cơ sở lồng',
          kind: 'cell',
          isGrassroots: true,
          parentId: w.orgs.wardA.id,
        })
        .expect(409);
      expect(b.body.details[0].rule).toBe('grassroots_not_nested');
    });

    it('refuses a duplicate code with 409 naming the field', async () => {
      const res = await t
        .http()
        .post('/api/organizations')
        .set(w.admin.auth)
        .send({
          code: w.orgs.cellA1.code,
          name: 'Trùng mã',
          kind: 'cell',
          isGrassroots: false,
          parentId: w.orgs.wardA.id,
        })
        .expect(409);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'code', rule: 'unique' })]);
    });

    it('answers 400 naming each bad field', async () => {
      const res = await t
        .http()
        .post('/api/organizations')
        .set(w.admin.auth)
        .send({ code: 'có dấu cách', name: '', kind: 'tổ', isGrassroots: 'yes', parentId: 'root' })
        .expect(400);
      const fields = res.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['code', 'name', 'kind', 'isGrassroots', 'parentId']));
      const missing = await t.http().post('/api/organizations').set(w.admin.auth).send({}).expect(400);
      expect(missing.body.details.map((d: { field: string }) => d.field)).toEqual(
        expect.arrayContaining(['code', 'name', 'kind', 'isGrassroots', 'parentId']),
      );
    });

    it('refuses a blank name with 400', async () => {
      const res = await t
        .http()
        .post('/api/organizations')
        .set(w.admin.auth)
        .send({ code: 'CB-BLANK', name: '   ', kind: 'cell', isGrassroots: false, parentId: w.orgs.wardA.id })
        .expect(400);
      expect(res.body.details[0].field).toBe('name');
    });
  });

  describe('PATCH /api/organizations/:id', () => {
    it('renames with the current version and answers 409 on a stale one', async () => {
      const cell = await createOrg(t, w.leaderA, {
        name: 'Chi bộ tổ dân phố số 3',
        kind: 'cell',
        isGrassroots: false,
        parentId: w.orgs.wardA.id,
      });
      const ok = await patch(cell.id, w.leaderA.auth, {
        version: 1,
        name: 'Chi bộ tổ dân phố số 3 (mới)',
      }).expect(200);
      expect(ok.body).toMatchObject({ name: 'Chi bộ tổ dân phố số 3 (mới)', version: 2 });
      const stale = await patch(cell.id, w.leaderA.auth, { version: 1, name: 'Ghi đè' }).expect(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      expect((await fresh(cell.id)).name).toBe('Chi bộ tổ dân phố số 3 (mới)');
      const audit = await t
        .http()
        .get(`/api/audit-log?entityId=${cell.id}&action=organization.update`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(audit.body.items[0].changes).toEqual({
        name: { from: 'Chi bộ tổ dân phố số 3', to: 'Chi bộ tổ dân phố số 3 (mới)' },
      });
    });

    it('answers 400 without a version and for unknown fields', async () => {
      const a = await patch(w.orgs.cellA1.id, w.admin.auth, { name: 'X' }).expect(400);
      expect(a.body.details.map((d: { field: string }) => d.field)).toContain('version');
      const b = await patch(w.orgs.cellA1.id, w.admin.auth, {
        version: 1,
        kind: 'committee',
        path: '/',
      }).expect(400);
      expect(b.body.details.map((d: { field: string }) => d.field)).toEqual(
        expect.arrayContaining(['kind', 'path']),
      );
    });

    it('answers 404 out of scope and 403 for members and secretaries', async () => {
      await patch(w.orgs.cellA1.id, w.leaderB.auth, { version: 1, name: 'Lấn sân' }).expect(404);
      await patch(w.orgs.cellA1.id, w.secretaryA1.auth, { version: 1, name: 'Tự sửa' }).expect(403);
      await patch(w.orgs.cellA1.id, w.memberA1a.auth, { version: 1, name: 'Tự sửa' }).expect(403);
    });

    it('refuses cycles with 409 naming the rule', async () => {
      const sub = await createOrg(t, w.admin, {
        name: 'Đảng bộ bộ phận khu 1',
        kind: 'committee',
        isGrassroots: false,
        parentId: w.orgs.wardA.id,
      });
      const wardA = await fresh(w.orgs.wardA.id);
      const under = await patch(wardA.id, w.admin.auth, { version: wardA.version, parentId: sub.id }).expect(
        409,
      );
      expect(under.body.details[0].rule).toBe('no_cycle');
      const self = await patch(wardA.id, w.admin.auth, { version: wardA.version, parentId: wardA.id }).expect(
        409,
      );
      expect(self.body.details[0].rule).toBe('no_cycle');
      const intoCell = await patch(sub.id, w.admin.auth, { version: 1, parentId: w.orgs.cellA1.id }).expect(
        409,
      );
      expect(intoCell.body.details[0].rule).toBe('cell_has_no_children');
      expect((await fresh(wardA.id)).version).toBe(wardA.version);
    });

    it('refuses a leader moving or reclassifying the committee they lead with 403', async () => {
      const wardA = await fresh(w.orgs.wardA.id);
      await patch(wardA.id, w.leaderA.auth, { version: wardA.version, parentId: w.orgs.wardB.id }).expect(
        403,
      );
      await patch(wardA.id, w.leaderA.auth, { version: wardA.version, isGrassroots: false }).expect(403);
    });

    it('refuses a leader moving a node outside their subtree with 404', async () => {
      const sub = await createOrg(t, w.leaderA, {
        name: 'Chi bộ khu phố 5',
        kind: 'cell',
        isGrassroots: false,
        parentId: w.orgs.wardA.id,
      });
      await patch(sub.id, w.leaderA.auth, { version: 1, parentId: w.orgs.wardB.id }).expect(404);
      await patch(sub.id, w.leaderA.auth, { version: 1, parentId: null }).expect(403);
    });

    it('moving a node re-scopes its whole subtree', async () => {
      const block = await createOrg(t, w.admin, {
        name: 'Đảng bộ bộ phận khu Đồi',
        kind: 'committee',
        isGrassroots: false,
        parentId: w.orgs.wardA.id,
      });
      const cell = await createOrg(t, w.admin, {
        name: 'Chi bộ khu Đồi 1',
        kind: 'cell',
        isGrassroots: false,
        parentId: block.id,
      });
      const member = await createMember(t, w.admin, cell.id, 'Ngô Thị Lành');
      await get(cell.id, w.leaderA.auth).expect(200);
      await get(cell.id, w.leaderB.auth).expect(404);

      const moved = await patch(block.id, w.admin.auth, { version: 1, parentId: w.orgs.wardB.id }).expect(
        200,
      );
      expect(moved.body).toMatchObject({ parentId: w.orgs.wardB.id, version: 2 });

      // the old parent's leader loses sight of the subtree, its members and its audit trail
      await get(block.id, w.leaderA.auth).expect(404);
      await get(cell.id, w.leaderA.auth).expect(404);
      await t.http().get(`/api/members/${member.id}`).set(w.leaderA.auth).expect(404);
      const treeA = await t.http().get('/api/organizations').set(w.leaderA.auth).expect(200);
      expect(flatten(treeA.body)).not.toContain(cell.id);
      const listA = await t.http().get('/api/members?q=ngo thi lanh').set(w.leaderA.auth).expect(200);
      expect(listA.body.total).toBe(0);

      // the new parent's leader gains it
      await get(cell.id, w.leaderB.auth).expect(200);
      await t.http().get(`/api/members/${member.id}`).set(w.leaderB.auth).expect(200);
      const treeB = await t.http().get('/api/organizations').set(w.leaderB.auth).expect(200);
      expect(flatten(treeB.body)).toEqual(expect.arrayContaining([block.id, cell.id]));
      const listB = await t
        .http()
        .get(`/api/members?organizationId=${w.orgs.wardB.id}&q=ngo thi lanh`)
        .set(w.leaderB.auth)
        .expect(200);
      expect(listB.body.items.map((m: { id: string }) => m.id)).toEqual([member.id]);
      // and can build under it
      await createOrg(t, w.leaderB, {
        name: 'Chi bộ khu Đồi 2',
        kind: 'cell',
        isGrassroots: false,
        parentId: block.id,
      });

      const audit = await t
        .http()
        .get(`/api/audit-log?entityId=${block.id}&action=organization.move`)
        .set(w.leaderB.auth)
        .expect(200);
      expect(audit.body.items[0].changes.parentId).toEqual({ from: w.orgs.wardA.id, to: w.orgs.wardB.id });
    });

    it('refuses to turn a committee with cells under it non-grassroots when that orphans a cell', async () => {
      const wardB = await fresh(w.orgs.wardB.id);
      const res = await patch(wardB.id, w.admin.auth, { version: wardB.version, isGrassroots: false }).expect(
        409,
      );
      expect(res.body.details[0].rule).toBe('cell_needs_grassroots');
    });

    it('sets the head member only from inside the subtree', async () => {
      const cellA1 = await fresh(w.orgs.cellA1.id);
      const bad = await patch(cellA1.id, w.leaderA.auth, {
        version: cellA1.version,
        headMemberId: w.members.b1.id,
      }).expect(400);
      expect(bad.body.details[0].field).toBe('headMemberId');
      const ok = await patch(cellA1.id, w.leaderA.auth, {
        version: cellA1.version,
        headMemberId: w.members.secA1.id,
      }).expect(200);
      expect(ok.body.headMemberId).toBe(w.members.secA1.id);
    });

    it('refuses a code already used with 409', async () => {
      const cellA2 = await fresh(w.orgs.cellA2.id);
      const res = await patch(cellA2.id, w.leaderA.auth, {
        version: cellA2.version,
        code: w.orgs.cellA1.code,
      }).expect(409);
      expect(res.body.code).toBe('ORGANIZATION_CODE_TAKEN');
    });
  });
});
