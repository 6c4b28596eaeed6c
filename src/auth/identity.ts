import { EntityManager } from 'typeorm';
import { Actor, ActorRole } from '../common/actor.js';
import { Permission } from '../common/permissions.js';
import { permissionsOf } from '../common/role-permissions.js';
import { CachedActor } from './actor-cache.js';
import type { Me } from './auth.responses.js';
import { memberCell, storedRoles } from './auth.repository.js';

/** Who an account is: its roles, its permissions, the `Me` it is shown (for AuthService and TokenIssuer). */

/** An account as identity needs it. */
export interface Account {
  id: string;
  username: string;
  memberId: string | null;
}

/**
 * Who a session is depends on the organisation tree (a role's path) and the member's current cell and
 * name. auth/ sits below organizations/ and members/, so it reads their tables by name, read-only,
 * as membership.ts reads disciplinary records; they keep owning them.
 */
const MEMBER = 'member';
interface MemberProfile {
  id: string;
  fullName: string;
  cellId: string;
}

/** One request's actor, a literal of fixed shape (spreading the cached one was the guard's largest cost). */
export function forRequest(cached: CachedActor, requestId: string, ip: string): Actor {
  return {
    userId: cached.userId,
    username: cached.username,
    sessionId: cached.sessionId,
    memberId: cached.memberId,
    roles: cached.roles,
    permissions: cached.permissions,
    requestId,
    ip,
  };
}

/** Who a user is in a session: stored roles plus the implicit member role, and their permissions. */
export async function whoIs(em: EntityManager, user: Account, sessionId: string): Promise<CachedActor> {
  const roles = await rolesOf(em, user.id, user.memberId);
  return {
    userId: user.id,
    username: user.username,
    sessionId,
    memberId: user.memberId,
    roles,
    permissions: new Set(permissionsOf(roles.map((r) => r.role))),
  };
}

/** Stored roles plus the implicit `member` role of an account linked to a member (scoped to their cell). */
export async function rolesOf(
  em: EntityManager,
  userId: string,
  memberId: string | null,
): Promise<ActorRole[]> {
  const stored = await storedRoles(em, userId);
  const roles = stored.filter((r) => r.role !== 'member');
  if (memberId) {
    const cell = await memberCell(em, memberId);
    if (cell) roles.unshift({ role: 'member', organizationId: cell.id, organizationPath: cell.path });
  }
  return roles;
}

/** The `Me` of an account with these roles and permissions, its name and cell read with `em`. */
export async function meOf(
  em: EntityManager,
  user: Account,
  roles: readonly ActorRole[],
  permissions: Iterable<Permission>,
): Promise<Me> {
  return {
    id: user.id,
    username: user.username,
    memberId: user.memberId,
    ...(await profileOf(em, user.memberId)),
    roles: roles.map((r) => ({ role: r.role, organizationId: r.organizationId })),
    permissions: [...permissions],
  };
}

/** The name and cell the web client shows for the person signed in. */
async function profileOf(
  em: EntityManager,
  memberId: string | null,
): Promise<{ fullName: string | null; cellId: string | null }> {
  const member = memberId
    ? await em.findOne<MemberProfile>(MEMBER, {
        where: { id: memberId },
        select: { fullName: true, cellId: true },
      })
    : null;
  return { fullName: member?.fullName ?? null, cellId: member?.cellId ?? null };
}
