import type { Role } from '../common/permissions.js';

export interface RoleTarget {
  role: Role;
  organization: { kind: 'committee' | 'cell' } | null;
}

/**
 * What a role may be scoped to: a secretary (bí thư chi bộ) to a cell, a leader (cấp ủy) to a
 * committee, an admin to nothing (the whole system); the member role comes from the linked member.
 * Returns the problem, or null when the role fits.
 */
export function roleScopeProblem(target: RoleTarget, hasMember: boolean): string | null {
  switch (target.role) {
    case 'admin':
      return target.organization ? 'an admin role has no organizationId' : null;
    case 'leader':
      if (!target.organization) return 'a leader role needs the organizationId of a committee';
      return target.organization.kind === 'committee' ? null : 'a leader role must be scoped to a committee';
    case 'secretary':
      if (!target.organization) return 'a secretary role needs the organizationId of a cell';
      return target.organization.kind === 'cell' ? null : 'a secretary role must be scoped to a cell';
    case 'member':
      return hasMember
        ? null
        : 'the member role needs memberId (it is scoped to the member\u2019s own records)';
    default: {
      const never: never = target.role;
      return `unknown role ${String(never)}`;
    }
  }
}

/**
 * True when every path lies strictly below one of the scope's roots: a leader of a committee
 * reaches the cells and committees under it, not the committee itself. Setting another account's
 * password needs this for every organisation the account holds a role on, so a co-leader of the
 * same committee is reset only by the committee above or an admin (issue 14: one leader taking
 * over another's account).
 */
export function strictlyBelow(scopePaths: readonly string[], paths: readonly string[]): boolean {
  return paths.every((p) => scopePaths.some((root) => p !== root && p.startsWith(root)));
}

/**
 * A secretary or a leader is a person: the account that holds the role belongs to a real member
 * (memberId), so the rule "nobody reviews or decides about themselves" (SELF_REVIEW) always knows
 * whose records are the holder's own. Returns the problem, or null when the account may hold it.
 */
export function roleHolderProblem(role: Role, hasMember: boolean): string | null {
  if ((role === 'secretary' || role === 'leader') && !hasMember)
    return `a ${role} role belongs to a member: memberId is required`;
  return null;
}
