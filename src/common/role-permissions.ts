import { PERMISSIONS, Permission, Role } from './permissions.js';

/**
 * Who may do what, in one readable table. Scope is separate: a `member` acts on their own records
 * (and reads what is published in their cell), a `secretary` within one cell, a `leader` within one
 * committee's subtree, an `admin` everywhere. See AccessService.
 */
const MEMBER: Permission[] = [
  'auth.self',
  'organization.read',
  'member.read',
  'commitment.read',
  'commitment.write',
  'commitment.feedback',
  'meeting.read',
  'study-theme.read',
  'manifestation.read',
  'conduct-check.read',
  'conduct-check.self',
  'discipline.read',
  'evaluation.read',
  'evaluation.self-assess',
  // Only their own individual review (scope: own member record); never the reports of a subtree.
  'report.member-review',
  'notification.read',
];

const SECRETARY: Permission[] = [
  ...MEMBER,
  'commitment.review',
  'commitment.review.cell',
  'meeting.manage',
  'conduct-check.conclude',
  'evaluation.propose',
  'evaluation.input',
  'report.read',
];

const LEADER: Permission[] = [
  'auth.self',
  'organization.read',
  'organization.manage',
  'member.read',
  'member.manage',
  'member.import',
  'user.manage',
  'audit.read',
  'commitment.read',
  // Only the cell secretaries' own commitments and those entered on a member's behalf (API.md:
  // nobody reviews their own): commitment.review.committee, never commitment.review.cell.
  'commitment.review',
  'commitment.review.committee',
  'commitment.feedback',
  'commitment.deadline.manage',
  'meeting.read',
  'study-theme.read',
  'study-theme.manage',
  'manifestation.read',
  'conduct-check.read',
  'discipline.read',
  'discipline.manage',
  'evaluation.read',
  'evaluation.cycle.manage',
  'evaluation.decide',
  'evaluation.input',
  'report.read',
  'report.member-review',
  'notification.read',
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  member: new Set(MEMBER),
  secretary: new Set(SECRETARY),
  leader: new Set(LEADER),
  admin: new Set(PERMISSIONS),
};

export function roleGrants(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function permissionsOf(roles: Iterable<Role>): Permission[] {
  const out = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role]) out.add(p);
  return PERMISSIONS.filter((p) => out.has(p));
}
