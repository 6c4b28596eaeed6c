import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordMeeting, fieldsOf } from '../factories/cell-life.js';
import { dataSourceOf } from '../factories/evaluations.js';
import { buildWorld, createOrg, Org, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

interface OrgBody extends Org {
  parentId: string | null;
  version: number;
  closedOn: string | null;
  closure: string | null;
  successorIds: string[] | null;
  children?: OrgBody[];
}

/**
 * The 2025 reform: organisations merged into one successor or split among several
 * (POST /api/organizations/:id/close, docs/ORGANIZATIONS.md). The world's city has wards A (cells A1,
 * A2) and B (cell B1); a new ward takes ward A's place, then is split in two, then A2 is merged into A1.
 */
describe('organization closure (e2e)', () => {
  let t: TestApp;
  let w: World;
  let newWard: OrgBody;

  const fresh = async (id: string) =>
    (await t.http().get(`/api/organizations/${id}`).set(w.admin.auth).expect(200)).body as OrgBody;
  const close = (id: string, body: Record<string, unknown>, as = w.admin) =>
    t.http().post(`/api/organizations/${id}/close`).set(as.auth).send(body);
  const overview = async (orgId: string, year = 2026) =>
    (
      await t
        .http()
        .get(`/api/reports/overview?organizationId=${orgId}&year=${year}`)
        .set(w.admin.auth)
        .expect(200)
    ).body;
  const tree = async (as = w.admin, query = '') =>
    (await t.http().get(`/api/organizations${query}`).set(as.auth).expect(200)).body as OrgBody[];
  const flat = (nodes: OrgBody[]): OrgBody[] => nodes.flatMap((n) => [n, ...flat(n.children ?? [])]);
  /** Rows whose stored copy of the tree disagrees with the tree (must always be none). */
  const staleCopies = () =>
    dataSourceOf(t).query(
      `SELECT e."id" FROM "evaluation" e JOIN "organization" c ON c."id" = e."cellId" WHERE e."cellPath" <> c."path"
       UNION ALL
       SELECT y."id" FROM "evaluation_cycle" y JOIN "organization" o ON o."id" = y."organizationId"
        WHERE y."organizationPath" <> o."path"`,
    );

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    // 2026's records before the reform: a study meeting in A1 and a regular one in A2.
    await recordMeeting(t, w.secretaryA1, {
      cellId: w.orgs.cellA1.id,
      heldOn: '2026-03-10',
      kind: 'study',
      topic: 'Học tập chuyên đề năm 2026',
      attendance: [{ memberId: w.members.secA1.id, status: 'present' }],
    });
    await recordMeeting(t, w.admin, {
      cellId: w.orgs.cellA2.id,
      heldOn: '2026-04-08',
      kind: 'regular',
      topic: 'Sinh hoạt chi bộ tháng 4',
      attendance: [{ memberId: w.members.a2.id, status: 'present' }],
    });
    newWard = (await createOrg(t, w.leaderCity, {
      name: 'Đảng bộ phường Vĩnh Phúc',
      kind: 'committee',
      isGrassroots: true,
      parentId: w.orgs.city.id,
    })) as OrgBody;
  });
  afterAll(() => t.close());

  it('answers 401 without a token, 403 to a member, 404 out of scope and 403 on the own committee', async () => {
    const ward = await fresh(w.orgs.wardA.id);
    const body = { version: ward.version, mode: 'merge', closedOn: '2025-06-30', successorIds: [newWard.id] };
    await t.http().post(`/api/organizations/${w.orgs.wardA.id}/close`).send(body).expect(401);
    await close(w.orgs.wardA.id, body, w.memberA1a).expect(403);
    await close(w.orgs.wardA.id, body, w.leaderB).expect(404);
    await close(w.orgs.wardA.id, body, w.secretaryA1).expect(403);
    // the committee a leader leads is closed by the level above
    const own = await close(w.orgs.wardA.id, body, w.leaderA).expect(403);
    expect(own.body.code).toBe('ORGANIZATION_OUT_OF_SCOPE');
    // a successor outside the caller's subtree looks missing
    const a2 = await fresh(w.orgs.cellA2.id);
    await close(
      w.orgs.cellA2.id,
      { version: a2.version, mode: 'merge', closedOn: '2025-06-30', successorIds: [w.orgs.cellB1.id] },
      w.leaderA,
    ).expect(404);
    expect((await fresh(w.orgs.wardA.id)).closedOn).toBeNull();
  });

  it('answers 400 naming the field and the rule for bad input, changing nothing', async () => {
    const ward = await fresh(w.orgs.wardA.id);
    const missing = await close(w.orgs.wardA.id, {}).expect(400);
    expect([...new Set(fieldsOf(missing.body))].sort()).toEqual([
      'closedOn',
      'mode',
      'successorIds',
      'version',
    ]);
    const shape = await close(w.orgs.wardA.id, {
      version: ward.version,
      mode: 'absorb',
      closedOn: '30/06/2025',
      successorIds: ['x'],
    }).expect(400);
    expect([...new Set(fieldsOf(shape.body))].sort()).toEqual(['closedOn', 'mode', 'successorIds']);
    const base = { version: ward.version, closedOn: '2025-06-30' };
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [
        { ...base, mode: 'merge', closedOn: '2099-01-01', successorIds: [newWard.id] },
        'closedOn',
        'not_in_future',
      ],
      [
        { ...base, mode: 'merge', successorIds: [newWard.id, w.orgs.wardB.id] },
        'successorIds',
        'merge_one_successor',
      ],
      [{ ...base, mode: 'split', successorIds: [newWard.id] }, 'successorIds', 'split_two_successors'],
      [{ ...base, mode: 'split', successorIds: [newWard.id, newWard.id] }, 'successorIds', 'unique'],
      [{ ...base, mode: 'merge', successorIds: [newWard.id], moves: [] }, 'moves', 'moves_only_for_split'],
      [
        {
          ...base,
          mode: 'split',
          successorIds: [newWard.id, w.orgs.wardB.id],
          moves: [{ childId: w.orgs.cellA1.id, toId: newWard.id }],
        },
        'moves',
        'moves_cover_children',
      ],
      [
        {
          ...base,
          mode: 'split',
          successorIds: [newWard.id, w.orgs.wardB.id],
          moves: [
            { childId: w.orgs.cellA1.id, toId: newWard.id },
            { childId: w.orgs.cellA2.id, toId: w.orgs.city.id },
          ],
        },
        'moves',
        'move_to_successor',
      ],
    ];
    for (const [body, field, rule] of cases) {
      const res = await close(w.orgs.wardA.id, body).expect(400);
      expect(res.body.details, JSON.stringify(body)).toEqual([expect.objectContaining({ field, rule })]);
      // organizations.errors.ts: ORGANIZATION_CLOSURE_INVALID answers 400 under the rule's code
      expect(res.body.code, JSON.stringify(body)).toBe('ORGANIZATION_CLOSURE_RULE');
    }
    expect(await fresh(w.orgs.wardA.id)).toEqual(ward);
  });

  it('answers 409 for a stale version, a successor inside, of another kind, a cell with members, an open cycle', async () => {
    const ward = await fresh(w.orgs.wardA.id);
    const stale = await close(w.orgs.wardA.id, {
      version: ward.version + 5,
      mode: 'merge',
      closedOn: '2025-06-30',
      successorIds: [newWard.id],
    }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const city = await fresh(w.orgs.city.id);
    const inside = await close(w.orgs.city.id, {
      version: city.version,
      mode: 'merge',
      closedOn: '2025-06-30',
      successorIds: [w.orgs.wardA.id],
    }).expect(409);
    expect(inside.body.details[0]).toMatchObject({ field: 'successorIds', rule: 'successor_inside' });
    const a2 = await fresh(w.orgs.cellA2.id);
    const kind = await close(w.orgs.cellA2.id, {
      version: a2.version,
      mode: 'merge',
      closedOn: '2025-06-30',
      successorIds: [w.orgs.wardB.id],
    }).expect(409);
    expect(kind.body.details[0]).toMatchObject({ field: 'successorIds', rule: 'successor_kind' });
    // Hoàng Minh Châu is still in A2
    const members = await close(w.orgs.cellA2.id, {
      version: a2.version,
      mode: 'merge',
      closedOn: '2025-06-30',
      successorIds: [w.orgs.cellA1.id],
    }).expect(409);
    expect(members.body.details[0]).toMatchObject({ field: 'id', rule: 'cell_has_members' });
    // Ward B evaluates 2026 in an open cycle: its cell may not be carried out of it.
    const cycle = await t
      .http()
      .post('/api/evaluation-cycles')
      .set(w.leaderB.auth)
      .send({ organizationId: w.orgs.wardB.id, year: 2026 })
      .expect(201);
    await t.http().post(`/api/evaluation-cycles/${cycle.body.id}/generate`).set(w.leaderB.auth).expect(200);
    const wardB = await fresh(w.orgs.wardB.id);
    const blocked = await close(w.orgs.wardB.id, {
      version: wardB.version,
      mode: 'merge',
      closedOn: '2025-06-30',
      successorIds: [newWard.id],
    }).expect(409);
    expect(blocked.body.code).toBe('ORGANIZATION_MOVE_BLOCKED');
    expect(blocked.body.details[0]).toMatchObject({ field: 'moves', rule: 'open_evaluation_cycle' });
    expect(await fresh(w.orgs.wardB.id)).toEqual(wardB);
    expect((await fresh(w.orgs.cellB1.id)).parentId).toBe(w.orgs.wardB.id);
  });

  it('merges ward A into the new ward: its cells move, it stays readable, leaves the tree, keeps its history', async () => {
    const before = await overview(w.orgs.city.id);
    const ward = await fresh(w.orgs.wardA.id);
    const res = await close(
      w.orgs.wardA.id,
      {
        version: ward.version,
        mode: 'merge',
        closedOn: '2025-06-30',
        successorIds: [newWard.id],
        reason: 'Nghị quyết sáp nhập phường Ngô Quyền và phường Liên Bảo',
      },
      w.leaderCity,
    ).expect(200);
    expect(res.body).toMatchObject({
      id: w.orgs.wardA.id,
      closedOn: '2025-06-30',
      closure: 'merged',
      successorIds: [newWard.id],
      version: ward.version + 1,
    });
    for (const cell of [w.orgs.cellA1.id, w.orgs.cellA2.id])
      expect((await fresh(cell)).parentId).toBe(newWard.id);
    // readable, with its closure; out of the tree unless asked for
    expect(await fresh(w.orgs.wardA.id)).toMatchObject({ closedOn: '2025-06-30', parentId: w.orgs.city.id });
    expect(flat(await tree(w.leaderCity)).map((o) => o.id)).not.toContain(w.orgs.wardA.id);
    const all = flat(await tree(w.leaderCity, '?includeClosed=true'));
    expect(all.find((o) => o.id === w.orgs.wardA.id)).toMatchObject({ closure: 'merged' });
    const bad = await t.http().get('/api/organizations?includeClosed=maybe').set(w.admin.auth).expect(400);
    expect(fieldsOf(bad.body)).toEqual(['includeClosed']);
    // the city's 2026 figures are the same records; the new ward now counts them
    const after = await overview(w.orgs.city.id);
    expect(after.members).toEqual(before.members);
    expect(after.meetings).toEqual(before.meetings);
    const ward2026 = await overview(newWard.id);
    expect(ward2026.members.total).toBe(5);
    expect(ward2026.meetings).toEqual({ regular: 1, thematic: 0, study: 1 });
    expect(ward2026.studyCoverage).toEqual({ rate: 0.5, held: 1, organizations: 2 });
    // the audit names the moves
    const audit = await t
      .http()
      .get(`/api/audit-log?entityType=organization&entityId=${w.orgs.wardA.id}`)
      .set(w.admin.auth)
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('organization.close');
    // a closed organisation takes no children and cannot be moved or closed again
    const child = await t
      .http()
      .post('/api/organizations')
      .set(w.admin.auth)
      .send({
        code: 'CB-MOI',
        name: 'Chi bộ mới',
        kind: 'cell',
        isGrassroots: false,
        parentId: w.orgs.wardA.id,
      })
      .expect(409);
    expect(child.body).toMatchObject({ code: 'ORGANIZATION_CLOSED' });
    const closed = await fresh(w.orgs.wardA.id);
    await t
      .http()
      .patch(`/api/organizations/${w.orgs.wardA.id}`)
      .set(w.admin.auth)
      .send({ version: closed.version, parentId: newWard.id })
      .expect(409);
    const again = await close(w.orgs.wardA.id, {
      version: closed.version,
      mode: 'merge',
      closedOn: '2025-06-30',
      successorIds: [newWard.id],
    }).expect(409);
    expect(again.body.details[0]).toMatchObject({ rule: 'already_closed' });
    // nothing merged into a closed organisation
    const b = await fresh(w.orgs.wardB.id);
    const intoClosed = await close(w.orgs.wardB.id, {
      version: b.version,
      mode: 'merge',
      closedOn: '2025-06-30',
      successorIds: [w.orgs.wardA.id],
    }).expect(409);
    expect(intoClosed.body.details[0]).toMatchObject({ rule: 'successor_closed' });
    expect(await staleCopies()).toEqual([]);
  });

  it('splits the new ward in two, each cell where the moves say', async () => {
    const north = await createOrg(t, w.admin, {
      name: 'Đảng bộ phường Vĩnh Phúc Bắc',
      kind: 'committee',
      isGrassroots: true,
      parentId: w.orgs.city.id,
    });
    const south = await createOrg(t, w.admin, {
      name: 'Đảng bộ phường Vĩnh Phúc Nam',
      kind: 'committee',
      isGrassroots: true,
      parentId: w.orgs.city.id,
    });
    const ward = await fresh(newWard.id);
    const res = await close(newWard.id, {
      version: ward.version,
      mode: 'split',
      closedOn: '2026-11-30',
      successorIds: [north.id, south.id],
      moves: [
        { childId: w.orgs.cellA1.id, toId: north.id },
        { childId: w.orgs.cellA2.id, toId: south.id },
      ],
    }).expect(200);
    expect(res.body).toMatchObject({ closure: 'split', successorIds: [north.id, south.id] });
    expect((await fresh(w.orgs.cellA1.id)).parentId).toBe(north.id);
    expect((await fresh(w.orgs.cellA2.id)).parentId).toBe(south.id);
    expect((await overview(north.id)).meetings.study).toBe(1);
    expect((await overview(south.id)).meetings.regular).toBe(1);
    // a closed child keeps counting in the year it closed, not in the next
    const city = await t
      .http()
      .get(`/api/reports/organizations?organizationId=${w.orgs.city.id}&year=2026`)
      .set(w.admin.auth)
      .expect(200);
    expect(city.body.items.map((r: { name: string }) => r.name)).toContain('Đảng bộ phường Vĩnh Phúc');
    const next = await t
      .http()
      .get(`/api/reports/organizations?organizationId=${w.orgs.city.id}&year=2027`)
      .set(w.admin.auth)
      .expect(200);
    expect(next.body.items.map((r: { name: string }) => r.name)).not.toContain('Đảng bộ phường Vĩnh Phúc');
    expect(await staleCopies()).toEqual([]);
  });

  it('merges cell A2 into A1 once its member moved; A2 takes no members and drops out of the next year', async () => {
    const chau = (await t.http().get(`/api/members/${w.members.a2.id}`).set(w.admin.auth).expect(200)).body;
    await t
      .http()
      .patch(`/api/members/${w.members.a2.id}`)
      .set(w.admin.auth)
      .send({ version: chau.version, cellId: w.orgs.cellA1.id })
      .expect(200);
    const a2 = await fresh(w.orgs.cellA2.id);
    await close(w.orgs.cellA2.id, {
      version: a2.version,
      mode: 'merge',
      closedOn: '2026-12-01',
      successorIds: [w.orgs.cellA1.id],
    }).expect(200);
    const add = await t
      .http()
      .post('/api/members')
      .set(w.admin.auth)
      .send({ fullName: 'Phan Thị Hoa', cellId: w.orgs.cellA2.id, status: 'official' })
      .expect(400);
    expect(add.body.details).toEqual([expect.objectContaining({ field: 'cellId', rule: 'open' })]);
    // its 2026 meeting still counts in 2026; the closed cell is not a cell of 2027
    const south = (await fresh(w.orgs.cellA2.id)).parentId!;
    const y2026 = await overview(south);
    expect(y2026.meetings.regular).toBe(1);
    expect(y2026.studyCoverage).toEqual({ rate: 0, held: 0, organizations: 1 });
    expect((await overview(south, 2027)).studyCoverage).toEqual({ rate: null, held: 0, organizations: 0 });
    expect(flat(await tree()).map((o) => o.id)).not.toContain(w.orgs.cellA2.id);

    // A meeting held after the closing day belongs to the successor: 400, nothing stored; one held
    // before it may still be recorded late.
    const meetingsBefore = (
      await t.http().get('/api/meetings').query({ organizationId: w.orgs.cellA2.id }).set(w.admin.auth).expect(200)
    ).body.total;
    const late = await t
      .http()
      .post('/api/meetings')
      .set(w.admin.auth)
      .send({
        cellId: w.orgs.cellA2.id,
        heldOn: '2026-12-03',
        kind: 'regular',
        topic: 'Sinh hoạt sau khi hợp nhất',
        attendance: [],
      })
      .expect(400);
    expect(late.body.details).toEqual([expect.objectContaining({ field: 'cellId', rule: 'open' })]);
    await recordMeeting(t, w.admin, {
      cellId: w.orgs.cellA2.id,
      heldOn: '2026-11-20',
      kind: 'regular',
      topic: 'Sinh hoạt chi bộ tháng 11, ghi muộn',
      attendance: [{ memberId: w.members.a2.id, status: 'present' }],
    });
    expect(
      (await t.http().get('/api/meetings').query({ organizationId: w.orgs.cellA2.id }).set(w.admin.auth).expect(200))
        .body.total,
    ).toBe(meetingsBefore + 1);
  });
});
