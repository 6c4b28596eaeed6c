import { EntityManager } from 'typeorm';
import { hydrate, param, selectColumns } from '../common/raw-rows.js';
import { SqlCondition } from '../common/scope.js';
import { Organization } from '../organizations/organization.entity.js';
import { MemberCellHistory } from './member-cell-history.entity.js';
import { MemberExemption } from './member-exemption.entity.js';
import { Member } from './member.entity.js';

/**
 * A member with their current cell's path and name, or null. Runs on most member-facing requests: a
 * prepared statement, not the QueryBuilder (raw-rows.ts).
 */
export async function memberWithCell(
  em: EntityManager,
  id: string,
): Promise<{ member: Member; cellPath: string; cellName: string } | null> {
  const rows: Array<Record<string, unknown> & { cellPath: string; cellName: string }> = await em.query(
    `SELECT ${selectColumns(em, Member, 'm')}, "o"."path" AS "cellPath", "o"."name" AS "cellName" ` +
      `FROM "member" "m" INNER JOIN "organization" "o" ON "o"."id" = "m"."cellId" WHERE "m"."id" = ${param(em, 1)}`,
    [id],
  );
  if (!rows[0]) return null;
  return {
    member: hydrate(em, Member, rows[0], 'm'),
    cellPath: rows[0].cellPath,
    cellName: rows[0].cellName,
  };
}

/** Whether the member ever belonged to a cell "o" matching `cond` (member_cell_history). */
export async function everInCellWhere(
  em: EntityManager,
  memberId: string,
  cond: SqlCondition,
): Promise<boolean> {
  const found = await em
    .createQueryBuilder()
    .from(MemberCellHistory, 'h')
    .innerJoin(Organization, 'o', '"o"."id" = "h"."cellId"')
    .select('1', 'one')
    .where('"h"."memberId" = :memberId', { memberId })
    .andWhere(cond.sql, cond.params)
    .limit(1)
    .getRawOne<{ one: number }>();
  return Boolean(found);
}

/** Members of a cell not expelled. */
export function countOnRoll(em: EntityManager, cellId: string): Promise<number> {
  return em
    .createQueryBuilder(Member, 'm')
    .where('m.cellId = :cellId', { cellId })
    .andWhere(
      `NOT EXISTS (SELECT 1 FROM "disciplinary_record" "x" WHERE "x"."memberId" = "m"."id" AND "x"."form" = 'expulsion')`,
    )
    .getCount();
}

/** Whether the member's current cell lies under `path`. */
export function memberInSubtree(em: EntityManager, memberId: string, path: string): Promise<boolean> {
  return em
    .createQueryBuilder(Member, 'm')
    .innerJoin(Organization, 'c', 'c.id = m.cellId')
    .where('m.id = :memberId AND c.path LIKE :p', { memberId, p: `${path}%` })
    .getExists();
}

/** Sets a member's `isExempt` flag and bumps their version. */
export async function writeExemptFlag(em: EntityManager, memberId: string, isExempt: boolean): Promise<void> {
  await em
    .createQueryBuilder()
    .update(Member)
    .set({ isExempt, version: () => '"version" + 1' })
    .where('id = :id', { id: memberId })
    .execute();
}

/** Ends an exemption period on `toDate` and bumps its version. */
export async function endExemption(em: EntityManager, id: string, toDate: string): Promise<void> {
  await em
    .createQueryBuilder()
    .update(MemberExemption)
    .set({ toDate, version: () => '"version" + 1' })
    .where('id = :id', { id })
    .execute();
}
