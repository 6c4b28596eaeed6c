import type { SessionUser } from '../api/client';

export type Role = 'member' | 'secretary' | 'leader' | 'admin';

export function hasRole(user: SessionUser, role: Role): boolean {
  return user.roles.some((r) => r.role === role);
}

/** Everyone whose account is linked to a member keeps their own commitments (API.md: member role). */
export function isMember(user: SessionUser): boolean {
  return user.memberId !== null;
}

/** The organisations where the person holds a role, e.g. the cells a secretary reviews. */
export function organizationsOf(user: SessionUser, role: Role): string[] {
  return user.roles.filter((r) => r.role === role && r.organizationId).map((r) => r.organizationId!);
}

export function displayName(user: SessionUser): string {
  return user.fullName || user.username;
}
