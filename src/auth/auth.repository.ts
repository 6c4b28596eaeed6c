import { EntityManager } from 'typeorm';
import { ActorRole } from '../common/actor.js';
import { param } from '../common/raw-rows.js';
import { membershipEndedOnSql } from './membership.js';
import { RoleAssignment } from './role-assignment.entity.js';
import { Session } from './session.entity.js';
import { User } from './user.entity.js';

/** auth/ sits below organizations/ and members/: their tables by name. */
const ORGANIZATION = 'organization';
const MEMBER = 'member';

/** An account with its password hash (a column not selected by default), by username or by id. */
export function accountWithHash(
  em: EntityManager,
  by: { username: string } | { id: string },
): Promise<User | null> {
  const qb = em.createQueryBuilder(User, 'u').addSelect('u.passwordHash');
  return (
    'username' in by
      ? qb.where('u.username = :username', { username: by.username })
      : qb.where('u.id = :id', { id: by.id })
  ).getOne();
}

/** The active account of a live (not revoked) session, with the day its member's membership ended. */
export function liveSessionAccount(
  em: EntityManager,
  sessionId: string,
  userId: string,
): Promise<
  { id: string; username: string; memberId: string | null; membershipEndedOn: string | null } | undefined
> {
  return (
    em
      .createQueryBuilder(Session, 's')
      .innerJoin(User, 'u', 'u.id = s.userId')
      // Aliases through select(expr, alias) are quoted, so camelCase keys survive PostgreSQL.
      .select('u.id', 'id')
      .addSelect('u.username', 'username')
      .addSelect('u.memberId', 'memberId')
      .addSelect(membershipEndedOnSql('"u"."memberId"'), 'membershipEndedOn')
      .where('s.id = :sid AND s.userId = :sub', { sid: sessionId, sub: userId })
      .andWhere('s.revokedAt IS NULL AND u.isActive = :active', { active: true })
      .getRawOne<{
        id: string;
        username: string;
        memberId: string | null;
        membershipEndedOn: string | null;
      }>()
  );
}

/** An account's stored role assignments with their organisation's path, oldest first. */
export function storedRoles(em: EntityManager, userId: string): Promise<ActorRole[]> {
  return em
    .createQueryBuilder(RoleAssignment, 'r')
    .leftJoin(ORGANIZATION, 'o', 'o.id = r.organizationId')
    .select('r.role', 'role')
    .addSelect('r.organizationId', 'organizationId')
    .addSelect('o.path', 'organizationPath')
    .where('r.userId = :userId', { userId })
    .orderBy('r.createdAt')
    .getRawMany<ActorRole>();
}

/** The id and path of a member's current cell. */
export function memberCell(
  em: EntityManager,
  memberId: string,
): Promise<{ id: string; path: string } | undefined> {
  return em
    .createQueryBuilder(MEMBER, 'm')
    .innerJoin(ORGANIZATION, 'o', 'o.id = m.cellId')
    .select(['o.id AS id', 'o.path AS path'])
    .where('m.id = :memberId', { memberId })
    .getRawOne<{ id: string; path: string }>();
}

/** The first day the member is no longer a member (YYYY-MM-DD), or null (membership.ts). */
export async function membershipEndedOn(em: EntityManager, memberId: string): Promise<string | null> {
  const rows: Array<{ endedOn: string | null }> = await em.query(
    `SELECT ${membershipEndedOnSql(param(em, 1))} AS "endedOn"`,
    [memberId],
  );
  return rows[0]?.endedOn ?? null;
}
