import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { RoleAssignment } from '../auth/role-assignment.entity.js';
import { User } from '../auth/user.entity.js';
import { PageQuery } from '../common/pagination.js';
import { SqlCondition } from '../common/scope.js';
import { escapeLike, foldVietnamese } from '../common/text.js';
import { Member, SEARCH_NAME_LENGTH } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';

/**
 * A leader's reach over accounts: `member` on the linked member's cell "mc", `role` on the organisation
 * "ro" of a role the account holds (AccessService.pathCondition on 'mc.path' and 'ro.path'); null: all.
 */
export type AccountReach = { member: SqlCondition; role: SqlCondition } | null;

/** Accounts linked to a member of the reach, or holding a role inside it. */
function whereReached(qb: SelectQueryBuilder<User>, reach: AccountReach): SelectQueryBuilder<User> {
  if (!reach) return qb;
  return qb.andWhere(
    `(EXISTS (SELECT 1 FROM member m2 INNER JOIN organization mc ON mc.id = m2."cellId" WHERE m2.id = u."memberId" AND ${reach.member.sql})
        OR EXISTS (SELECT 1 FROM role_assignment r2 INNER JOIN organization ro ON ro.id = r2."organizationId" WHERE r2."userId" = u.id AND ${reach.role.sql}))`,
    { ...reach.member.params, ...reach.role.params },
  );
}

/**
 * One page of the accounts in reach by username, and their number; `search` matches the username, or
 * the linked member's name with diacritics ignored ("nguyen" finds "Nguyễn").
 */
export function accountsPage(
  em: EntityManager,
  reach: AccountReach,
  search: string | undefined,
  page: PageQuery,
): Promise<[User[], number]> {
  const qb = whereReached(em.createQueryBuilder(User, 'u'), reach);
  if (search) {
    qb.andWhere(
      `(u.username LIKE :q ESCAPE '\\' OR EXISTS (SELECT 1 FROM member mq WHERE mq.id = u."memberId" AND mq."searchName" LIKE :folded ESCAPE '\\'))`,
      {
        q: `%${escapeLike(search.toLowerCase())}%`,
        folded: `%${escapeLike(foldVietnamese(search, SEARCH_NAME_LENGTH))}%`,
      },
    );
  }
  return qb
    .orderBy('u.username')
    .skip((page.page - 1) * page.pageSize)
    .take(page.pageSize)
    .getManyAndCount();
}

/** The account with this id if it is in reach, else null. */
export function accountInReach(em: EntityManager, id: string, reach: AccountReach): Promise<User | null> {
  return whereReached(em.createQueryBuilder(User, 'u').where('u.id = :id', { id }), reach).getOne();
}

/** The roles an account holds with their organisation's path (null for a role without one). */
export function rolesWithPaths(
  em: EntityManager,
  userId: string,
): Promise<Array<{ role: string; path: string | null }>> {
  return em
    .createQueryBuilder(RoleAssignment, 'r')
    .leftJoin(Organization, 'o', 'o.id = r.organizationId')
    .select(['r.role AS role', 'o.path AS path'])
    .where('r.userId = :userId', { userId })
    .getRawMany<{ role: string; path: string | null }>();
}

/** The path of the organisation of the account's first role, or null. */
export async function firstRolePath(em: EntityManager, userId: string): Promise<string | null> {
  const row = await em
    .createQueryBuilder(RoleAssignment, 'r')
    .innerJoin(Organization, 'o', 'o.id = r.organizationId')
    .select('o.path', 'path')
    .where('r.userId = :userId', { userId })
    .orderBy('r.createdAt')
    .getRawOne<{ path: string }>();
  return row?.path ?? null;
}

/** The path of the member's current cell, or null. */
export async function memberCellPath(em: EntityManager, memberId: string): Promise<string | null> {
  const row = await em
    .createQueryBuilder(Member, 'm')
    .innerJoin(Organization, 'o', 'o.id = m.cellId')
    .select('o.path', 'path')
    .where('m.id = :memberId', { memberId })
    .getRawOne<{ path: string }>();
  return row?.path ?? null;
}
