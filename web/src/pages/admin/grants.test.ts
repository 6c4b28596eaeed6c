import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../api/client';
import { canAdminister, organizationOptions, roleOptions } from './grants';
import { flattenTree, OrgNode } from './tree';

const base = {
  headMemberId: null,
  closedOn: null,
  closure: null,
  successorIds: null,
  version: 1,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
} as const;

const tree: OrgNode[] = [
  {
    ...base,
    id: 'ward',
    code: 'P-LB',
    name: 'Đảng bộ phường Liên Bảo',
    kind: 'committee',
    isGrassroots: true,
    parentId: null,
    children: [
      {
        ...base,
        id: 'cq',
        code: 'P-LB.CQ',
        name: 'Chi bộ Cơ quan',
        kind: 'cell',
        isGrassroots: false,
        parentId: 'ward',
      },
      {
        ...base,
        id: 'khoi',
        code: 'P-LB.K',
        name: 'Đảng bộ bộ phận Khối phố',
        kind: 'committee',
        isGrassroots: false,
        parentId: 'ward',
      },
    ],
  },
];
const flat = flattenTree(tree);

function user(roles: SessionUser['roles']): SessionUser {
  return {
    id: 'u',
    username: 'x',
    memberId: 'm',
    fullName: 'Trần Văn Bình',
    cellId: null,
    roles,
    permissions: [],
  };
}

const admin = user([{ role: 'admin', organizationId: null }]);
const wardLeader = user([{ role: 'leader', organizationId: 'ward' }]);

describe('who may grant what (the API trust rules, offered before asking)', () => {
  it('only an admin offers the admin role', () => {
    expect(roleOptions(admin, true).every((r) => r.blocked === null)).toBe(true);
    const leaderView = roleOptions(wardLeader, true);
    expect(leaderView.find((r) => r.role === 'admin')?.blocked).toMatch(/Chỉ quản trị hệ thống/);
    expect(leaderView.find((r) => r.role === 'secretary')?.blocked).toBeNull();
  });

  it('a bí thư or cấp ủy role needs an account linked to a member', () => {
    const options = roleOptions(admin, false);
    expect(options.find((r) => r.role === 'secretary')?.blocked).toMatch(/đảng viên/);
    expect(options.find((r) => r.role === 'leader')?.blocked).toMatch(/đảng viên/);
    expect(options.find((r) => r.role === 'admin')?.blocked).toBeNull();
  });

  it('a secretary is scoped to cells, a leader to committees', () => {
    expect(organizationOptions(admin, 'secretary', flat).map((o) => o.id)).toEqual(['cq']);
    expect(organizationOptions(admin, 'leader', flat).map((o) => o.id)).toEqual(['ward', 'khoi']);
    expect(organizationOptions(admin, 'admin', flat)).toEqual([]);
  });

  it('a leader grants strictly below their committee; their own committee is listed, blocked, with the reason', () => {
    const options = organizationOptions(wardLeader, 'leader', flat);
    expect(options.find((o) => o.id === 'khoi')?.blocked).toBeNull();
    expect(options.find((o) => o.id === 'ward')?.blocked).toMatch(/cấp ủy cấp trên/);
    expect(organizationOptions(wardLeader, 'secretary', flat)[0].blocked).toBeNull();
  });

  it('an organisation outside the leader’s subtree is blocked', () => {
    const other = user([{ role: 'leader', organizationId: 'khoi' }]);
    expect(organizationOptions(other, 'secretary', flat)[0].blocked).toMatch(/Ngoài phạm vi/);
  });

  it('administration is for admins and leaders', () => {
    expect(canAdminister(admin)).toBe(true);
    expect(canAdminister(wardLeader)).toBe(true);
    expect(canAdminister(user([{ role: 'secretary', organizationId: 'cq' }]))).toBe(false);
  });
});
