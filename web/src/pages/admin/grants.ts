import type { SessionUser } from '../../api/client';
import type { FlatOrg } from './tree';

export type GrantableRole = 'secretary' | 'leader' | 'admin';

export const ROLE_LABELS: Record<string, string> = {
  member: 'Đảng viên',
  secretary: 'Bí thư chi bộ',
  leader: 'Cấp ủy',
  admin: 'Quản trị hệ thống',
};

export interface RoleOption {
  role: GrantableRole;
  /** Why it cannot be granted, or null when it can. */
  blocked: string | null;
}

export interface OrgOption {
  id: string;
  label: string;
  blocked: string | null;
}

const isAdmin = (user: SessionUser) => user.roles.some((r) => r.role === 'admin');

/** The committees the person leads (a leader's scope roots). */
function ledCommittees(user: SessionUser): string[] {
  return user.roles.filter((r) => r.role === 'leader' && r.organizationId).map((r) => r.organizationId!);
}

/**
 * The roles the person may grant to an account (the API's trust rules, issue 14): only an admin
 * grants the admin role; a bí thư or cấp ủy role belongs to an account linked to a member.
 */
export function roleOptions(user: SessionUser, accountHasMember: boolean): RoleOption[] {
  const needsMember = accountHasMember
    ? null
    : 'Tài khoản chưa gắn với đảng viên nào; vai trò này chỉ cấp cho tài khoản của một đảng viên.';
  return [
    { role: 'secretary', blocked: needsMember },
    { role: 'leader', blocked: needsMember },
    {
      role: 'admin',
      blocked: isAdmin(user) ? null : 'Chỉ quản trị hệ thống mới cấp vai trò quản trị hệ thống.',
    },
  ];
}

/**
 * Where a role may be scoped: a bí thư to a cell, a cấp ủy to a committee; an admin grants anywhere,
 * a leader only strictly below the committee they lead (a role at their own level comes from the
 * committee above). The leader's own committee is listed, blocked, so the reason can be read.
 */
export function organizationOptions(user: SessionUser, role: GrantableRole, flat: FlatOrg[]): OrgOption[] {
  if (role === 'admin') return [];
  const kind = role === 'secretary' ? 'cell' : 'committee';
  const admin = isAdmin(user);
  const led = ledCommittees(user);
  return flat
    .filter((f) => f.node.kind === kind && !f.node.closedOn)
    .map((f) => {
      const label = `${'\u00a0\u00a0'.repeat(f.depth)}${f.node.name} (${f.node.code})`;
      if (admin || f.ancestors.some((a) => led.includes(a))) return { id: f.node.id, label, blocked: null };
      const own = led.includes(f.node.id);
      return {
        id: f.node.id,
        label,
        blocked: own
          ? 'Vai trò ở cấp của chính đồng chí do cấp ủy cấp trên hoặc quản trị hệ thống cấp.'
          : 'Ngoài phạm vi đồng chí phụ trách.',
      };
    });
}

/** Who may open the administration pages: an admin, or a leader (within their subtree). */
export function canAdminister(user: SessionUser): boolean {
  return user.roles.some((r) => r.role === 'admin' || r.role === 'leader');
}

export { isAdmin };
