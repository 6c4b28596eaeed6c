import { EntityManager } from 'typeorm';
import { SqlCondition } from '../common/scope.js';
import { queryNamed } from '../common/raw-rows.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import {
  CELL_SECRETARY_SQL,
  onBehalfStepSql,
  QUEUE_ITEM_SELECT,
  QueueItemRow,
} from './commitments.repository.js';
import type { MissingMember } from './commitments.responses.js';

/**
 * The work lists' SQL (commitment-worklists.service.ts): raw SQL with named parameters (queryNamed),
 * since building these queries with the QueryBuilder cost more than running them.
 */

/** A position in a review list: the ordering time and id of the last item already seen. */
export interface QueueCursor {
  at: Date;
  id: string;
}

/** A member's row with, left-joined, one of their commitments due (id null when none is). */
export type DuesRow = Omit<QueueItemRow, 'id'> & {
  id: string | null;
  cellPath: string;
  isExempt: boolean | number;
};

/**
 * The commitments a reviewer decides (commitment alias "c"): those of `cell` (the secretary's cells),
 * and those of `lead` (a leader's subtrees) that a cell's own secretary made or that were entered on a
 * member's behalf; never the reviewer's own (`selfMemberId`) nor one their account (`userId`) entered
 * or carried for the member. Only the terms given: an always-false OR branch keeps SQLite from using
 * the indexes.
 */
export function reviewCondition(
  cell: SqlCondition | null,
  lead: SqlCondition | null,
  selfMemberId: string | null,
  userId: string,
): SqlCondition {
  const terms: string[] = [];
  const params: Record<string, string> = {};
  if (cell) {
    terms.push(cell.sql);
    Object.assign(params, cell.params);
  }
  if (lead) {
    terms.push(`(${lead.sql} AND (${CELL_SECRETARY_SQL} OR ${onBehalfStepSql()}))`);
    Object.assign(params, lead.params);
  }
  let sql = terms.length ? `(${terms.join(' OR ')})` : '1=0';
  if (selfMemberId) {
    sql += ' AND "c"."memberId" <> :self';
    params.self = selfMemberId;
  }
  // Nor what they entered or carried on the member's behalf (separation of duties).
  sql += ` AND NOT ${onBehalfStepSql('reviewerUserId')}`;
  params.reviewerUserId = userId;
  return { sql, params };
}

/** How many commitments of `scope` wait as submitted and as reported, one grouped count. */
export function reviewTotals(
  em: EntityManager,
  scope: SqlCondition,
): Promise<Array<{ status: string; n: number | string }>> {
  return queryNamed<{ status: string; n: number | string }>(
    em,
    `SELECT "c"."status" AS "status", COUNT(*) AS "n" FROM "commitment" "c" ` +
      `WHERE ${scope.sql} AND "c"."status" IN ('submitted', 'reported') GROUP BY "c"."status"`,
    scope.params,
  );
}

/** Up to `take` commitments of `scope` in `status`, in (`since`, id) order after the cursor. */
export function reviewListRows(
  em: EntityManager,
  scope: SqlCondition,
  status: 'submitted' | 'reported',
  since: 'submittedAt' | 'reportedAt',
  after: QueueCursor | null,
  take: number,
): Promise<QueueItemRow[]> {
  const params: Record<string, unknown> = { ...scope.params, status, limit: take };
  let sql =
    `SELECT ${QUEUE_ITEM_SELECT}, "m"."fullName" AS "memberName" FROM "commitment" "c" ` +
    `INNER JOIN "member" "m" ON "m"."id" = "c"."memberId" WHERE ${scope.sql} AND "c"."status" = :status`;
  if (after) {
    sql += ` AND ("c"."${since}" > :afterAt OR ("c"."${since}" = :afterAt AND "c"."id" > :afterId))`;
    Object.assign(params, { afterAt: after.at, afterId: after.id });
  }
  sql += ` ORDER BY "c"."${since}" ASC, "c"."id" ASC LIMIT :limit`;
  return queryNamed<QueueItemRow>(em, sql, params);
}

/**
 * The member's own dues in one query: the member (name, exemption, cell) with, left-joined, the
 * commitments that are drafts, returned, accepted and started by the current `year`, `quarter` and
 * `month`, or of a current period; at most `limit` rows.
 */
export function memberDuesRows(
  em: EntityManager,
  memberId: string,
  current: { year: number; quarter: number; month: number },
  limit: number,
): Promise<DuesRow[]> {
  return queryNamed<DuesRow>(
    em,
    `SELECT ${QUEUE_ITEM_SELECT}, "m"."fullName" AS "memberName", "o"."path" AS "cellPath", "m"."isExempt" AS "isExempt" ` +
      `FROM "member" "m" INNER JOIN "organization" "o" ON "o"."id" = "m"."cellId" ` +
      `LEFT JOIN "commitment" "c" ON "c"."memberId" = "m"."id" AND ("c"."status" IN ('draft', 'returned') ` +
      `OR ("c"."status" = 'accepted' AND ("c"."year" < :year OR ("c"."year" = :year AND ("c"."periodType" = 'yearly' ` +
      `OR ("c"."periodType" = 'quarterly' AND "c"."periodKey" <= :quarter) OR ("c"."periodType" = 'monthly' AND "c"."periodKey" <= :month))))) ` +
      `OR ("c"."year" = :year AND (("c"."periodType" = 'yearly' AND "c"."periodKey" = 0) ` +
      `OR ("c"."periodType" = 'quarterly' AND "c"."periodKey" = :quarter) OR ("c"."periodType" = 'monthly' AND "c"."periodKey" = :month)))) ` +
      `WHERE "m"."id" = :memberId ORDER BY "c"."year" ASC, "c"."periodType" ASC, "c"."periodKey" ASC LIMIT :limit`,
    { memberId, ...current, limit },
  );
}

/**
 * One page of the members of `scope` ("m", cell "o"), below `subtreePath` when given, neither exempt
 * nor suspended, without a commitment for the period, by name; with the total.
 */
export async function membersWithoutCommitment(
  em: EntityManager,
  scope: SqlCondition,
  period: { year: number; periodType: string; periodKey: number },
  subtreePath: string | null,
  page: { page: number; pageSize: number },
): Promise<{ items: MissingMember[]; total: number }> {
  const qb = em
    .createQueryBuilder(Member, 'm')
    .innerJoin(Organization, 'o', 'o.id = m.cellId')
    .select([
      'm.id AS "memberId"',
      'm.fullName AS "fullName"',
      'm.cellId AS "cellId"',
      'o.name AS "cellName"',
      'm.status AS "status"',
    ])
    .where(scope.sql, scope.params)
    .andWhere('m.isExempt = :no AND m.isSuspended = :no', { no: false })
    .andWhere(
      `NOT EXISTS (SELECT 1 FROM "commitment" "x" WHERE "x"."memberId" = "m"."id" AND "x"."year" = :year AND "x"."periodType" = :periodType AND "x"."periodKey" = :periodKey)`,
      period,
    );
  if (subtreePath !== null) qb.andWhere('o.path LIKE :orgPath', { orgPath: `${subtreePath}%` });
  const total = await qb.getCount();
  const items = await qb
    .orderBy('m.searchName')
    .addOrderBy('m.id')
    .offset((page.page - 1) * page.pageSize)
    .limit(page.pageSize)
    .getRawMany<MissingMember>();
  return { items, total };
}
