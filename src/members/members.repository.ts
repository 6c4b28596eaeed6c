import { EntityManager, ObjectLiteral } from 'typeorm';
import { hydrate, param, queryNamed, selectColumns } from '../common/raw-rows.js';
import { coversPath, pathCondition, Scope, SqlCondition } from '../common/scope.js';
import { escapeLike, foldVietnamese } from '../common/text.js';
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

/**
 * The earliest expulsion of member "m" (read-only, from the discipline module's table): one lookup
 * on the (memberId, decidedOn) index per member shown.
 */
const EXPELLED_ON =
  `(SELECT MIN("x"."decidedOn") FROM "disciplinary_record" "x" ` +
  `WHERE "x"."memberId" = "m"."id" AND "x"."form" = 'expulsion') AS "expelledOn"`;

/** Whether member "m" has an exemption period covering :today (the list's `isExempt`). */
const EXEMPT_TODAY =
  `(CASE WHEN EXISTS (SELECT 1 FROM "member_exemption" "e" WHERE "e"."memberId" = "m"."id" ` +
  `AND "e"."fromDate" <= :today AND ("e"."toDate" IS NULL OR "e"."toDate" >= :today)) THEN 1 ELSE 0 END) AS "exemptToday"`;

/**
 * A date from EXPELLED_ON as YYYY-MM-DD, with TypeORM's own conversion for a date column (every
 * `date` column converts alike; this module's own `joinedPartyOn` stands in for `decidedOn`).
 */
function expelledOnDate(em: EntityManager, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const column = em.dataSource.getMetadata(Member).findColumnWithPropertyName('joinedPartyOn')!;
  return em.dataSource.driver.prepareHydratedValue(value, column) as string;
}

/**
 * The member list's conditions on member "m". The scope is cell ids from the subtree (an index range
 * on organization.path, then one on member.cellId) rather than a join, so the member's own row ORs in
 * by primary key without SQLite falling back to a scan of every member; it is left out when the
 * subtree already holds it (a secretary in their own cell). `walk` (SQLite only) writes the cell
 * tests as `+cellId`, which no index serves, so the planner reads the name-ordered index instead.
 */
export function memberListCondition(
  scope: Scope,
  q: { q?: string; status?: Member['status'] },
  orgPath: string | null,
  walk: boolean,
): SqlCondition {
  const cell = walk ? '+"m"."cellId"' : '"m"."cellId"';
  const where: string[] = [];
  const params: Record<string, string> = {};
  if (!scope.all) {
    const reach: string[] = [];
    if (scope.paths.length) {
      const paths = pathCondition(scope, '"c"."path"');
      reach.push(`${cell} IN (SELECT "c"."id" FROM "organization" "c" WHERE ${paths.sql})`);
      Object.assign(params, paths.params);
    }
    if (scope.selfMemberId && !coversPath(scope, scope.selfCellPath)) {
      reach.push('"m"."id" = :selfId');
      params.selfId = scope.selfMemberId;
    }
    where.push(reach.length ? `(${reach.join(' OR ')})` : '1=0');
  }
  if (orgPath) {
    where.push(`${cell} IN (SELECT "o"."id" FROM "organization" "o" WHERE "o"."path" LIKE :orgPath)`);
    params.orgPath = `${orgPath}%`;
  }
  const folded = q.q ? foldVietnamese(q.q) : '';
  if (folded) {
    where.push(`"m"."searchName" LIKE :q ESCAPE '\\'`);
    params.q = `%${escapeLike(folded)}%`;
  }
  if (q.status) {
    where.push('"m"."status" = :status');
    params.status = q.status;
  }
  return { sql: where.length ? where.join(' AND ') : '1=1', params };
}

/** How many members "m" match `cond`. */
export async function countMembersWhere(em: EntityManager, cond: SqlCondition): Promise<number> {
  const [counted] = await queryNamed<{ total: number | string }>(
    em,
    `SELECT COUNT(*) AS "total" FROM "member" "m" WHERE ${cond.sql}`,
    cond.params,
  );
  return Number(counted.total);
}

/**
 * One page of the members matching `cond`, in name order: the page's ids from the indexes alone,
 * joined to their rows by primary key; each with their expulsion day and whether an exemption
 * period covers `today`.
 */
export async function memberPageWhere(
  em: EntityManager,
  cond: SqlCondition,
  limit: number,
  offset: number,
  today: string,
): Promise<Array<{ member: Member; expelledOn: string | null; exemptToday: boolean }>> {
  const rows = await queryNamed<Record<string, unknown>>(
    em,
    `SELECT ${selectColumns(em, Member, 'm')}, ${EXPELLED_ON}, ${EXEMPT_TODAY} FROM (` +
      `SELECT "m"."id" AS "id" FROM "member" "m" WHERE ${cond.sql} ` +
      `ORDER BY "m"."searchName", "m"."id" LIMIT :limit OFFSET :offset) "p" ` +
      `INNER JOIN "member" "m" ON "m"."id" = "p"."id" ORDER BY "m"."searchName", "m"."id"`,
    { ...cond.params, limit, offset, today },
  );
  return rows.map((r) => ({
    member: hydrate(em, Member, r, 'm'),
    expelledOn: expelledOnDate(em, r.expelledOn),
    exemptToday: Number(r.exemptToday) === 1,
  }));
}

/**
 * At least the number of members, in O(log n): SQLite's largest rowid (rows ever inserted). Only
 * steers the page's plan, so an overestimate after deletions merely prefers sorting.
 */
export async function memberRowsBound(em: EntityManager): Promise<number> {
  const [row] = await em.query<Array<{ n: number | null }>>(`SELECT MAX(rowid) AS "n" FROM "member"`);
  return Number(row?.n ?? 0);
}

/** A member with their cell's path and their expulsion day, or null (one prepared statement). */
export async function memberRecordRow(
  em: EntityManager,
  id: string,
): Promise<{ member: Member; cellPath: string; expelledOn: string | null } | null> {
  const rows: Array<Record<string, unknown> & { cellPath: string }> = await em.query(
    `SELECT ${selectColumns(em, Member, 'm')}, "o"."path" AS "cellPath", ${EXPELLED_ON} FROM "member" "m" ` +
      `INNER JOIN "organization" "o" ON "o"."id" = "m"."cellId" WHERE "m"."id" = ${param(em, 1)}`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    member: hydrate(em, Member, row, 'm'),
    cellPath: row.cellPath,
    expelledOn: expelledOnDate(em, row.expelledOn),
  };
}

/** The member's expulsion day (the earliest expulsion decided), or null. */
export async function expelledOn(em: EntityManager, memberId: string): Promise<string | null> {
  const rows: Array<{ expelledOn: unknown }> = await em.query(
    `SELECT ${EXPELLED_ON} FROM "member" "m" WHERE "m"."id" = ${param(em, 1)}`,
    [memberId],
  );
  return expelledOnDate(em, rows[0]?.expelledOn);
}

/** Ends the member's open cell-history row at `at` (a transfer). */
export async function closeCellHistory(em: EntityManager, memberId: string, at: Date): Promise<void> {
  await em
    .createQueryBuilder()
    .update(MemberCellHistory)
    .set({ toAt: at })
    .where('memberId = :id AND toAt IS NULL', { id: memberId })
    .execute();
}

/** One multi-row INSERT of prepared rows, nothing read back (the import's chunks). */
export async function insertRows(
  em: EntityManager,
  target: typeof Member | typeof MemberCellHistory,
  rows: ObjectLiteral[],
): Promise<void> {
  await em.createQueryBuilder().insert().into(target).values(rows).updateEntity(false).execute();
}
