import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSourceOf, GOOD_YEAR, ruleSetIdOf, seedYear } from '../factories/evaluations.js';
import { buildWorld, createMember, createOrg, createUser, login, Org, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const YEAR = 2026;

interface EvaluationBody {
  id: string;
  memberId: string;
  cellId: string;
  grassrootsOrganizationId: string | null;
  suggestedLevel: string | null;
  status: string;
  version: number;
}

/**
 * `organization.move` (PATCH /api/organizations/:id with a new parentId) keeps every stored copy of
 * the tree true: descendants' paths and depths, and the evaluations and cycles of the moved subtree
 * (docs/EVALUATION.md, "When an organisation moves"). Refused with 409 when it would carry
 * evaluations out of an open cycle, or a cycle under another of the same year.
 */
describe('organization move (e2e)', () => {
  let t: TestApp;
  let w: World;
  let cityCycleId: string;
  let a2Evaluations: EvaluationBody[];

  const sql = (text: string, params: unknown[] = []) => {
    const ds = dataSourceOf(t);
    let n = 0;
    return ds.query<Array<Record<string, unknown>>>(
      ds.options.type === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text,
      params,
    );
  };
  const fresh = async (id: string) =>
    (await t.http().get(`/api/organizations/${id}`).set(w.admin.auth).expect(200)).body as Org & {
      parentId: string | null;
    };
  const move = async (id: string, parentId: string | null) => {
    const org = await fresh(id);
    return t
      .http()
      .patch(`/api/organizations/${id}`)
      .set(w.admin.auth)
      .send({ version: org.version, parentId });
  };
  const overview = async (orgId: string, as = w.admin) =>
    (
      await t
        .http()
        .get(`/api/reports/overview?organizationId=${orgId}&year=${YEAR}`)
        .set(as.auth)
        .expect(200)
    ).body.evaluation as { total: number; good: number; undecided: number };
  /** Rows whose stored copy of the tree disagrees with the tree (must always be none). */
  const staleCopies = async () => [
    ...(await sql(
      `SELECT e."id" FROM "evaluation" e JOIN "organization" c ON c."id" = e."cellId" WHERE e."cellPath" <> c."path"`,
    )),
    ...(await sql(
      `SELECT y."id" FROM "evaluation_cycle" y JOIN "organization" o ON o."id" = y."organizationId"
        WHERE y."organizationPath" <> o."path"`,
    )),
  ];

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    // Cell A2 (ward A) gets four more members with a good year; the city evaluates both wards in 2026.
    const a2 = [w.members.a2];
    for (const name of ['Ngô Thị Lan', 'Bùi Văn Minh', 'Đỗ Thị Ngọc', 'Lý Văn Phúc'])
      a2.push(await createMember(t, w.leaderA, w.orgs.cellA2.id, name, { joinedPartyOn: '2015-03-26' }));
    for (const m of a2) await seedYear(t, m, YEAR, GOOD_YEAR);
    const cycle = await t
      .http()
      .post('/api/evaluation-cycles')
      .set(w.leaderCity.auth)
      // A "good year" (8 of 10 items done) is `good` under version 1, the version this spec was written for.
      .send({ organizationId: w.orgs.city.id, year: YEAR, ruleSetId: await ruleSetIdOf(t, w.leaderCity, 1) })
      .expect(201);
    cityCycleId = cycle.body.id;
    await t.http().post(`/api/evaluation-cycles/${cityCycleId}/generate`).set(w.leaderCity.auth).expect(200);
    const list = await t
      .http()
      .get(`/api/evaluations?cycleId=${cityCycleId}&organizationId=${w.orgs.cellA2.id}&pageSize=100`)
      .set(w.leaderA.auth)
      .expect(200);
    a2Evaluations = list.body.items;
  });
  afterAll(() => t.close());

  it('moves a cell with its evaluations from ward A to ward B: the new leader sees and decides them', async () => {
    expect(a2Evaluations).toHaveLength(5);
    const goodOne = a2Evaluations.find((e) => e.suggestedLevel === 'good')!;
    expect(goodOne.grassrootsOrganizationId).toBe(w.orgs.wardA.id);
    await t.http().get(`/api/evaluations/${goodOne.id}`).set(w.leaderB.auth).expect(404);
    const wardABefore = await overview(w.orgs.wardA.id);
    const wardBBefore = await overview(w.orgs.wardB.id);
    const cityBefore = await overview(w.orgs.city.id);
    expect(wardABefore.total).toBe(9); // cell A1 (4) and cell A2 (5)
    expect(wardBBefore.total).toBe(2);

    const res = await move(w.orgs.cellA2.id, w.orgs.wardB.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ parentId: w.orgs.wardB.id, name: 'Chi bộ tổ dân phố số 2' });

    // The old ward's leader no longer reaches them, for reading or deciding.
    await t.http().get(`/api/evaluations/${goodOne.id}`).set(w.leaderA.auth).expect(404);
    await t
      .http()
      .post(`/api/evaluations/${goodOne.id}/decision`)
      .set(w.leaderA.auth)
      .send({ level: 'good' })
      .expect(404);
    const listA = await t
      .http()
      .get(`/api/evaluations?cycleId=${cityCycleId}&pageSize=100`)
      .set(w.leaderA.auth)
      .expect(200);
    expect(listA.body.items.map((e: EvaluationBody) => e.memberId)).not.toContain(goodOne.memberId);

    // The new ward's leader sees all five, counted under ward B's quota, and decides one.
    const listB = await t
      .http()
      .get(`/api/evaluations?cycleId=${cityCycleId}&organizationId=${w.orgs.cellA2.id}&pageSize=100`)
      .set(w.leaderB.auth)
      .expect(200);
    expect(listB.body.total).toBe(5);
    for (const e of listB.body.items as EvaluationBody[])
      expect(e).toMatchObject({ cellId: w.orgs.cellA2.id, grassrootsOrganizationId: w.orgs.wardB.id });
    const decided = await t
      .http()
      .post(`/api/evaluations/${goodOne.id}/decision`)
      .set(w.leaderB.auth)
      .send({ level: 'good', comment: 'Đồng ý với đề xuất của chi bộ, hoàn thành tốt nhiệm vụ' })
      .expect(200);
    expect(decided.body).toMatchObject({ status: 'decided', decision: { level: 'good' } });
    const cycle = await t.http().get(`/api/evaluation-cycles/${cityCycleId}`).set(w.leaderB.auth).expect(200);
    const wardBSummary = cycle.body.summary.find(
      (s: { organizationId: string }) => s.organizationId === w.orgs.wardB.id,
    );
    expect(wardBSummary).toBeDefined();
    expect(cycle.body.summary.map((s: { organizationId: string }) => s.organizationId)).not.toContain(
      w.orgs.wardA.id,
    );

    // The reports' level counts follow the cell; the city's total is unchanged.
    const wardAAfter = await overview(w.orgs.wardA.id);
    const wardBAfter = await overview(w.orgs.wardB.id);
    expect(wardAAfter.total).toBe(4);
    expect(wardBAfter).toMatchObject({ total: 7, good: wardBBefore.good + 1 });
    expect((await overview(w.orgs.city.id)).total).toBe(cityBefore.total);
    expect(await staleCopies()).toEqual([]);

    const audit = await t
      .http()
      .get(`/api/audit-log?entityId=${w.orgs.cellA2.id}&action=organization.move`)
      .set(w.leaderB.auth)
      .expect(200);
    expect(audit.body.items[0].changes.parentId).toEqual({ from: w.orgs.wardA.id, to: w.orgs.wardB.id });
  });

  it('refuses to carry evaluations out of an open cycle with 409 naming the rule, and changes nothing', async () => {
    // Ward B evaluates 2025 too, with cell A2 now inside it.
    const cycle = await t
      .http()
      .post('/api/evaluation-cycles')
      .set(w.leaderB.auth)
      .send({ organizationId: w.orgs.wardB.id, year: YEAR - 1 })
      .expect(201);
    await t.http().post(`/api/evaluation-cycles/${cycle.body.id}/generate`).set(w.leaderB.auth).expect(200);
    const before = await fresh(w.orgs.cellA2.id);

    const res = await move(w.orgs.cellA2.id, w.orgs.wardA.id);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ORGANIZATION_MOVE_BLOCKED');
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: 'parentId', rule: 'open_evaluation_cycle' }),
    ]);
    expect(res.body.message).toContain('Đảng bộ phường Liên Bảo');

    expect(await fresh(w.orgs.cellA2.id)).toMatchObject({
      parentId: w.orgs.wardB.id,
      version: before.version,
    });
    await t.http().get(`/api/evaluations/${a2Evaluations[0].id}`).set(w.leaderB.auth).expect(200);
    await t.http().get(`/api/evaluations/${a2Evaluations[0].id}`).set(w.leaderA.auth).expect(404);
    expect(await staleCopies()).toEqual([]);

    // Moving inside the cycle's organisation is fine: the evaluations keep ward B as their quota unit.
    const block = await createOrg(t, w.leaderB, {
      name: 'Đảng bộ bộ phận khu Hùng Vương',
      kind: 'committee',
      isGrassroots: false,
      parentId: w.orgs.wardB.id,
    });
    expect((await move(w.orgs.cellA2.id, block.id)).status).toBe(200);
    const e = await t.http().get(`/api/evaluations/${a2Evaluations[0].id}`).set(w.leaderB.auth).expect(200);
    expect(e.body.grassrootsOrganizationId).toBe(w.orgs.wardB.id);
    expect(await staleCopies()).toEqual([]);
  });

  it('refuses to carry a cycle under another cycle of the same year with 409', async () => {
    const province = await createOrg(t, w.admin, {
      name: 'Đảng bộ Khối các cơ quan tỉnh',
      kind: 'committee',
      isGrassroots: false,
      parentId: null,
    });
    const health = await createOrg(t, w.admin, {
      name: 'Đảng bộ Sở Y tế',
      kind: 'committee',
      isGrassroots: true,
      parentId: province.id,
    });
    const leader = await createUser(t, w.admin, {
      roles: [{ role: 'leader', organizationId: health.id }],
      memberId: (await createMember(t, w.admin, w.leaderMembers.officeCellId, 'Phan Thị Y')).id,
    });
    const leaderHealth = await login(t, leader.username);
    await t
      .http()
      .post('/api/evaluation-cycles')
      .set(leaderHealth.auth)
      .send({ organizationId: health.id, year: YEAR })
      .expect(201);

    const res = await move(health.id, w.orgs.city.id);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ORGANIZATION_MOVE_BLOCKED');
    expect(res.body.details[0]).toMatchObject({ field: 'parentId', rule: 'evaluation_cycle_overlap' });
    expect((await fresh(health.id)).parentId).toBe(province.id);
    await t.http().get(`/api/organizations/${health.id}`).set(w.leaderCity.auth).expect(404);
  });

  it('moves a subtree three levels deep in one go, every path and depth rewritten', async () => {
    const bloc = await createOrg(t, w.admin, {
      name: 'Đảng bộ Khối doanh nghiệp',
      kind: 'committee',
      isGrassroots: false,
      parentId: null,
    });
    const company = await createOrg(t, w.admin, {
      name: 'Đảng bộ Công ty Điện lực Vĩnh Phúc',
      kind: 'committee',
      isGrassroots: true,
      parentId: bloc.id,
    });
    const branch = await createOrg(t, w.admin, {
      name: 'Đảng bộ bộ phận Chi nhánh Phúc Yên',
      kind: 'committee',
      isGrassroots: false,
      parentId: company.id,
    });
    const team = await createOrg(t, w.admin, {
      name: 'Đảng bộ bộ phận Đội Quản lý vận hành',
      kind: 'committee',
      isGrassroots: false,
      parentId: branch.id,
    });
    const cell = await createOrg(t, w.admin, {
      name: 'Chi bộ Tổ Đường dây số 1',
      kind: 'cell',
      isGrassroots: false,
      parentId: team.id,
    });
    const member = await createMember(t, w.admin, cell.id, 'Quách Thị Yến');
    const sector = await createOrg(t, w.admin, {
      name: 'Đảng bộ khối Kinh tế thành phố',
      kind: 'committee',
      isGrassroots: false,
      parentId: w.orgs.city.id,
    });
    await t.http().get(`/api/members/${member.id}`).set(w.leaderCity.auth).expect(404);

    expect((await move(company.id, sector.id)).status).toBe(200);

    const rows = await sql(`SELECT "id", "path", "depth" FROM "organization" WHERE "path" LIKE ?`, [
      `%/${company.id}/%`,
    ]);
    const byId = new Map(rows.map((r) => [String(r.id), { path: String(r.path), depth: Number(r.depth) }]));
    const base = `/${w.orgs.city.id}/${sector.id}/${company.id}/`;
    expect(byId.get(company.id)).toEqual({ path: base, depth: 2 });
    expect(byId.get(branch.id)).toEqual({ path: `${base}${branch.id}/`, depth: 3 });
    expect(byId.get(team.id)).toEqual({ path: `${base}${branch.id}/${team.id}/`, depth: 4 });
    expect(byId.get(cell.id)).toEqual({ path: `${base}${branch.id}/${team.id}/${cell.id}/`, depth: 5 });
    expect(byId.size).toBe(4);

    // Scope follows: the city's leader reaches the member, nothing under the old bloc remains.
    await t.http().get(`/api/members/${member.id}`).set(w.leaderCity.auth).expect(200);
    await t.http().get(`/api/organizations/${cell.id}`).set(w.leaderCity.auth).expect(200);
    const left = await sql(`SELECT "id" FROM "organization" WHERE "path" LIKE ?`, [`/${bloc.id}/%`]);
    expect(left.map((r) => String(r.id))).toEqual([bloc.id]);
    expect(await staleCopies()).toEqual([]);
  });
});
