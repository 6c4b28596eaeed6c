import { EntityManager, In } from 'typeorm';
import { RoleAssignment } from '../auth/role-assignment.entity.js';
import { User } from '../auth/user.entity.js';
import { Commitment } from '../commitments/commitment.entity.js';
import { PageQuery } from '../common/pagination.js';
import { param, queryNamed } from '../common/raw-rows.js';
import { Member } from '../members/member.entity.js';
import { NotificationOutbox } from './notification-outbox.entity.js';
import { Notification } from './notification.entity.js';

/** Which of these notification ids are stored already. */
export async function storedNotificationIds(em: EntityManager, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set<string>();
  return new Set(
    ids.length === 1
      ? // The usual case (one recipient): a prepared statement, not the find-options QueryBuilder.
        (
          await em.query<Array<{ id: string }>>(
            `SELECT "n"."id" AS "id" FROM "notification" "n" WHERE "n"."id" = ${param(em, 1)}`,
            ids,
          )
        ).map((n) => n.id)
      : (await em.find(Notification, { where: { id: In(ids) }, select: { id: true } })).map((n) => n.id),
  );
}

/** Inserts notifications and their outbox rows, skipping any already there (another instance won). */
export async function insertNotificationsIgnoring(
  em: EntityManager,
  notifications: Partial<Notification>[],
  outbox: Partial<NotificationOutbox>[],
): Promise<void> {
  await em
    .createQueryBuilder()
    .insert()
    .into(Notification)
    .values(notifications)
    .orIgnore()
    .updateEntity(false)
    .execute();
  await em
    .createQueryBuilder()
    .insert()
    .into(NotificationOutbox)
    .values(outbox)
    .orIgnore()
    .updateEntity(false)
    .execute();
}

/** One page of a user's notifications, unread first then newest, and the number of them. */
export function notificationsPage(
  em: EntityManager,
  userId: string,
  unreadOnly: boolean,
  page: PageQuery,
): Promise<[Notification[], number]> {
  const qb = em.createQueryBuilder(Notification, 'n').where('n.recipientUserId = :me', { me: userId });
  if (unreadOnly) qb.andWhere('n.readAt IS NULL');
  return qb
    .orderBy('CASE WHEN "n"."readAt" IS NULL THEN 0 ELSE 1 END', 'ASC')
    .addOrderBy('n.createdAt', 'DESC')
    .addOrderBy('n.id', 'DESC')
    .skip((page.page - 1) * page.pageSize)
    .take(page.pageSize)
    .getManyAndCount();
}

/** The active account linked to a member, if any. */
export async function activeAccountOfMember(em: EntityManager, memberId: string): Promise<string | null> {
  // On every feedback write: a prepared statement, not the find-options QueryBuilder.
  const rows = await queryNamed<{ id: string }>(
    em,
    'SELECT "u"."id" AS "id" FROM "user_account" "u" WHERE "u"."memberId" = :memberId AND "u"."isActive" = :active LIMIT 1',
    { memberId, active: true },
  );
  return rows[0]?.id ?? null;
}

/** Active accounts holding `role` on any of the organisations (one row per assignment). */
export function roleHolders(
  em: EntityManager,
  role: string,
  organizationIds: string[],
): Promise<{ userId: string; organizationId: string }[]> {
  return em
    .createQueryBuilder(RoleAssignment, 'r')
    .innerJoin(User, 'u', 'u.id = r.userId')
    .select('r.userId', 'userId')
    .addSelect('r.organizationId', 'organizationId')
    .where('r.role = :role AND r.organizationId IN (:...ids) AND u.isActive = :active', {
      role,
      ids: organizationIds,
      active: true,
    })
    .getRawMany<{ userId: string; organizationId: string }>();
}

/** The active accounts of the members decided in an evaluation cycle, with the level decided. */
export function decidedLevelsOfAccounts<L extends string>(
  em: EntityManager,
  cycleId: string,
): Promise<{ userId: string; level: L }[]> {
  return em
    .createQueryBuilder()
    .select(['u.id AS "userId"', 'e."decidedLevel" AS "level"'])
    .from('evaluation', 'e')
    .innerJoin('user_account', 'u', 'u."memberId" = e."memberId" AND u."isActive"')
    .where('e."cycleId" = :cycleId AND e."status" = :decided', { cycleId, decided: 'decided' })
    .getRawMany<{ userId: string; level: L }>();
}

/** Commitments submitted at or before `cutoff` and still waiting for review. */
export function submittedBefore(em: EntityManager, cutoff: Date): Promise<Commitment[]> {
  return em
    .createQueryBuilder(Commitment, 'c')
    .select(['c.id', 'c.memberId', 'c.cellId', 'c.submittedAt'])
    .where('c.status = :status AND c.submittedAt <= :cutoff', { status: 'submitted', cutoff })
    .getMany();
}

/** A commitment period: year, type and key (the period index, 0 for a year). */
export interface PeriodRef {
  year: number;
  periodType: string;
  periodKey: number;
}

/** Active (not exempt, not suspended) members of the cells without a commitment in `statuses` for the period. */
export function activeMembersWithout(
  em: EntityManager,
  cellIds: string[],
  p: PeriodRef,
  statuses: readonly string[],
): Promise<Array<{ id: string; cellId: string }>> {
  return em
    .createQueryBuilder(Member, 'm')
    .select('m.id', 'id')
    .addSelect('m.cellId', 'cellId')
    .where('m.cellId IN (:...part) AND m.isExempt = :no AND m.isSuspended = :no', {
      part: cellIds,
      no: false,
    })
    .andWhere(
      `NOT EXISTS (SELECT 1 FROM commitment c WHERE c."memberId" = m.id AND c.year = :year AND c."periodType" = :type
         AND c."periodKey" = :key AND c.status IN (:...statuses))`,
      { year: p.year, type: p.periodType, key: p.periodKey, statuses },
    )
    .getRawMany<{ id: string; cellId: string }>();
}

/** Active (not exempt, not suspended) members per cell. */
export function activeMembersPerCell(
  em: EntityManager,
  cellIds: string[],
): Promise<{ cellId: string; n: string | number }[]> {
  return em
    .createQueryBuilder(Member, 'm')
    .select('m.cellId', 'cellId')
    .addSelect('COUNT(*)', 'n')
    .where('m.cellId IN (:...part) AND m.isExempt = :no AND m.isSuspended = :no', {
      part: cellIds,
      no: false,
    })
    .groupBy('m.cellId')
    .getRawMany<{ cellId: string; n: string | number }>();
}

/**
 * Active members per cell with a commitment for the period in `statuses`; a yearly one counts only
 * with at least one `follow` item (API.md, Chỉ thị 05).
 */
export function registeredPerCell(
  em: EntityManager,
  cellIds: string[],
  p: PeriodRef,
  statuses: readonly string[],
): Promise<{ cellId: string; n: string | number }[]> {
  return em
    .createQueryBuilder(Member, 'm')
    .innerJoin(Commitment, 'c', 'c.memberId = m.id')
    .select('m.cellId', 'cellId')
    .addSelect('COUNT(DISTINCT m.id)', 'n')
    .where('m.cellId IN (:...part) AND m.isExempt = :no AND m.isSuspended = :no', {
      part: cellIds,
      no: false,
    })
    .andWhere(
      'c.year = :year AND c.periodType = :type AND c.periodKey = :key AND c.status IN (:...statuses)',
      {
        year: p.year,
        type: p.periodType,
        key: p.periodKey,
        statuses,
      },
    )
    .andWhere(
      p.periodType === 'yearly'
        ? `EXISTS (SELECT 1 FROM commitment_item i WHERE i."commitmentId" = c.id AND i.category = 'follow' AND i."removedAt" IS NULL)`
        : '1=1',
    )
    .groupBy('m.cellId')
    .getRawMany<{ cellId: string; n: string | number }>();
}
