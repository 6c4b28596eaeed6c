/**
 * The permission catalog: every route declares exactly one of these (or is explicitly public).
 * The role -> permission matrix is in role-permissions.ts; the record scope is checked by AccessService.
 */
export const PERMISSIONS = [
  'auth.self', // own account: me, logout, change password
  'organization.read',
  'organization.manage',
  'member.read',
  'member.manage',
  'member.import',
  'user.manage',
  'audit.read',
  'commitment.read',
  'commitment.write', // own commitments; a secretary on behalf of a member of their cell
  'commitment.review', // accept, return, assess, reopen, present
  // Where a reviewer reviews: the cells in reach (a secretary's cell) ...
  'commitment.review.cell',
  // ... or, in a committee's subtree, only the cell secretaries' own commitments and those entered
  // on a member's behalf (API.md: nobody reviews their own, nor what they entered).
  'commitment.review.committee',
  'commitment.feedback',
  'commitment.deadline.manage',
  'meeting.read',
  'meeting.manage',
  'study-theme.read',
  'study-theme.manage',
  'manifestation.read',
  'manifestation.manage',
  'conduct-check.read',
  'conduct-check.self',
  'conduct-check.conclude',
  'discipline.read',
  'discipline.manage',
  'evaluation.read',
  'evaluation.self-assess',
  'evaluation.propose',
  'evaluation.cycle.manage',
  'evaluation.decide',
  // Facts for the year-end evaluation: a breach of the duty to set an example, a state rating.
  'evaluation.input',
  'report.read',
  // Bản kiểm điểm cá nhân: a member their own; leaders and secretaries the members in their reach.
  'report.member-review',
  'notification.read',
  'system.admin',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['member', 'secretary', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];
