import { ADMIN_PASSWORD, PASSWORD, TestApp } from '../setup/test-app.js';

export interface Org {
  id: string;
  code: string;
  name: string;
  kind: 'committee' | 'cell';
  version: number;
}
export interface MemberRow {
  id: string;
  fullName: string;
  cellId: string;
  version: number;
}
export interface Login {
  token: string;
  refreshToken: string;
  userId: string;
  memberId: string | null;
  auth: { Authorization: string };
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function login(t: TestApp, username: string, password = PASSWORD): Promise<Login> {
  const res = await t.http().post('/api/auth/login').send({ username, password });
  if (res.status !== 200)
    throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    token: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    userId: res.body.user.id,
    memberId: res.body.user.memberId,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
}

export async function loginAdmin(t: TestApp): Promise<Login> {
  return login(t, 'admin', ADMIN_PASSWORD);
}

export async function createOrg(
  t: TestApp,
  as: Login,
  body: {
    name: string;
    kind: 'committee' | 'cell';
    isGrassroots: boolean;
    parentId: string | null;
    code?: string;
  },
): Promise<Org> {
  const res = await t
    .http()
    .post('/api/organizations')
    .set(as.auth)
    .send({ code: unique('ORG'), ...body });
  if (res.status !== 201) throw new Error(`create org failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createMember(
  t: TestApp,
  as: Login,
  cellId: string,
  fullName: string,
  extra: Record<string, unknown> = {},
): Promise<MemberRow> {
  const res = await t
    .http()
    .post('/api/members')
    .set(as.auth)
    .send({ fullName, cellId, status: 'official', ...extra });
  if (res.status !== 201) throw new Error(`create member failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createUser(
  t: TestApp,
  as: Login,
  body: {
    memberId?: string;
    roles: Array<{ role: string; organizationId?: string | null }>;
    username?: string;
  },
): Promise<{ id: string; username: string }> {
  const username = body.username ?? unique('u');
  const res = await t
    .http()
    .post('/api/users')
    .set(as.auth)
    .send({
      username,
      password: PASSWORD,
      roles: body.roles,
      ...(body.memberId ? { memberId: body.memberId } : {}),
    });
  if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * A small realistic world: a city committee with two grassroots ward committees (A and B), two cells
 * in ward A and one in ward B, members with Vietnamese names, and a login for every role:
 * - leaderCity (whole city), leaderA (ward A only), leaderB (ward B only), each linked to a member of
 *   the office cell of a separate committee (leaderMembers)
 * - secretaryA1 (member of cell A1 and its secretary), deputyA1 (a second secretary of A1), secretaryB1
 * - memberA1a, memberA1b (same cell A1), memberA2 (cell A2), memberB1 (ward B)
 */
export async function buildWorld(t: TestApp) {
  const admin = await loginAdmin(t);
  const city = await createOrg(t, admin, {
    name: 'Đảng bộ thành phố Vĩnh Yên',
    kind: 'committee',
    isGrassroots: false,
    parentId: null,
  });
  const wardA = await createOrg(t, admin, {
    name: 'Đảng bộ phường Ngô Quyền',
    kind: 'committee',
    isGrassroots: true,
    parentId: city.id,
  });
  const wardB = await createOrg(t, admin, {
    name: 'Đảng bộ phường Liên Bảo',
    kind: 'committee',
    isGrassroots: true,
    parentId: city.id,
  });
  const cellA1 = await createOrg(t, admin, {
    name: 'Chi bộ tổ dân phố số 1',
    kind: 'cell',
    isGrassroots: false,
    parentId: wardA.id,
  });
  const cellA2 = await createOrg(t, admin, {
    name: 'Chi bộ tổ dân phố số 2',
    kind: 'cell',
    isGrassroots: false,
    parentId: wardA.id,
  });
  const cellB1 = await createOrg(t, admin, {
    name: 'Chi bộ khu phố Đống Đa',
    kind: 'cell',
    isGrassroots: false,
    parentId: wardB.id,
  });

  const mSecA1 = await createMember(t, admin, cellA1.id, 'Nguyễn Văn An', { position: 'Bí thư chi bộ' });
  const mDepA1 = await createMember(t, admin, cellA1.id, 'Lê Thị Bích', { position: 'Phó bí thư chi bộ' });
  const mA1a = await createMember(t, admin, cellA1.id, 'Trần Thị Đào');
  const mA1b = await createMember(t, admin, cellA1.id, 'Phạm Văn Đức', { status: 'probationary' });
  const mA2 = await createMember(t, admin, cellA2.id, 'Hoàng Minh Châu');
  const mSecB1 = await createMember(t, admin, cellB1.id, 'Vũ Thị Hạnh');
  const mB1 = await createMember(t, admin, cellB1.id, 'Đặng Quốc Hùng');

  // Leaders are members too (an account with a leader role belongs to a member): theirs sit in a
  // cell of a separate provincial-agencies committee, so the city's counts stay those above.
  const agencies = await createOrg(t, admin, {
    name: 'Đảng bộ cơ quan Tỉnh ủy',
    kind: 'committee',
    isGrassroots: true,
    parentId: null,
  });
  const office = await createOrg(t, admin, {
    name: 'Chi bộ Văn phòng Tỉnh ủy',
    kind: 'cell',
    isGrassroots: false,
    parentId: agencies.id,
  });
  const mLeadCity = await createMember(t, admin, office.id, 'Tôn Thất Lộc');
  const mLeadA = await createMember(t, admin, office.id, 'Khổng Thị Mai');
  const mLeadB = await createMember(t, admin, office.id, 'Mạc Văn Tùng');

  const mk = async (roles: Array<{ role: string; organizationId?: string | null }>, memberId?: string) => {
    const u = await createUser(t, admin, { roles, memberId });
    return login(t, u.username);
  };
  return {
    admin,
    orgs: { city, wardA, wardB, cellA1, cellA2, cellB1 },
    members: { secA1: mSecA1, depA1: mDepA1, a1a: mA1a, a1b: mA1b, a2: mA2, secB1: mSecB1, b1: mB1 },
    /** The leaders' own member records (outside the city, in the provincial agencies' office cell). */
    leaderMembers: { city: mLeadCity, a: mLeadA, b: mLeadB, officeCellId: office.id },
    leaderCity: await mk([{ role: 'leader', organizationId: city.id }], mLeadCity.id),
    leaderA: await mk([{ role: 'leader', organizationId: wardA.id }], mLeadA.id),
    leaderB: await mk([{ role: 'leader', organizationId: wardB.id }], mLeadB.id),
    secretaryA1: await mk([{ role: 'secretary', organizationId: cellA1.id }], mSecA1.id),
    deputyA1: await mk([{ role: 'secretary', organizationId: cellA1.id }], mDepA1.id),
    secretaryB1: await mk([{ role: 'secretary', organizationId: cellB1.id }], mSecB1.id),
    memberA1a: await mk([], mA1a.id),
    memberA1b: await mk([], mA1b.id),
    memberA2: await mk([], mA2.id),
    memberB1: await mk([], mB1.id),
  };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;
