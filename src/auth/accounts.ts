import { EntityManager, IsNull } from 'typeorm';
import { Role } from '../common/permissions.js';
import { updateVersioned } from '../common/versioned-update.js';
import { RoleAssignment } from './role-assignment.entity.js';
import { Session } from './session.entity.js';
import { User } from './user.entity.js';

/**
 * The writes to accounts, role assignments and sessions that account administration (src/users)
 * makes, in the caller's transaction. auth/ owns these tables; users/ decides who may change what.
 */

export interface StoredRole {
  role: Role;
  organizationId: string | null;
}

/** A new active account with its roles; `passwordHash` is already hashed (PasswordHasher). */
export async function createAccount(
  em: EntityManager,
  account: { username: string; passwordHash: string; memberId: string | null },
  roles: readonly StoredRole[],
): Promise<User> {
  const user = await em.save(em.create(User, { ...account, isActive: true, version: 1 }));
  await insertRoles(em, user.id, roles);
  return user;
}

/** Changes activity or password at `version` (409 when stale). */
export function updateAccount(
  em: EntityManager,
  userId: string,
  version: number,
  changes: { isActive?: boolean; passwordHash?: string },
): Promise<number> {
  return updateVersioned(em, User, userId, version, changes);
}

/** Replaces every stored role of the account. */
export async function replaceRoles(
  em: EntityManager,
  userId: string,
  roles: readonly StoredRole[],
): Promise<void> {
  await em.delete(RoleAssignment, { userId });
  await insertRoles(em, userId, roles);
}

/** Ends every open session of the account (`reason` goes into revokedReason). */
export async function revokeSessions(em: EntityManager, userId: string, reason: string): Promise<void> {
  await em.update(Session, { userId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
}

async function insertRoles(em: EntityManager, userId: string, roles: readonly StoredRole[]): Promise<void> {
  for (const r of roles)
    await em.insert(RoleAssignment, { userId, role: r.role, organizationId: r.organizationId });
}
