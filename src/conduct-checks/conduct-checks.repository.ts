import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { PageQuery } from '../common/pagination.js';
import { hydrate, param, selectColumns } from '../common/raw-rows.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { ConductCheck, ConductCheckItem } from './conduct-check.entity.js';

/** A member's check with the cell it was made in. */
export interface CheckInCell {
  check: ConductCheck;
  cellId: string;
  cellPath: string;
  cellName: string;
}

/** The member's checks of a period with the cell each was made in, the latest written first. */
export async function memberChecksOfPeriod(
  em: EntityManager,
  memberId: string,
  year: number,
  quarter: number,
): Promise<CheckInCell[]> {
  const rows: Array<Record<string, unknown> & { cellPath: string; cellName: string }> = await em.query(
    `SELECT ${selectColumns(em, ConductCheck, 'k')}, "o"."path" AS "cellPath", "o"."name" AS "cellName" ` +
      `FROM "conduct_check" "k" INNER JOIN "organization" "o" ON "o"."id" = "k"."cellId" ` +
      `WHERE "k"."memberId" = ${param(em, 1)} AND "k"."year" = ${param(em, 2)} AND "k"."quarter" = ${param(em, 3)} ` +
      `ORDER BY "k"."updatedAt" DESC, "k"."id"`,
    [memberId, year, quarter],
  );
  return rows.map((r) => {
    const check = hydrate(em, ConductCheck, r, 'k');
    return { check, cellId: check.cellId, cellPath: r.cellPath, cellName: r.cellName };
  });
}

/** Bumps a check's version if it is still `version`; false when another write came first. */
export async function bumpCheckVersion(em: EntityManager, id: string, version: number): Promise<boolean> {
  const res = await em
    .createQueryBuilder()
    .update(ConductCheck)
    .set({ version: () => '"version" + 1' })
    .where('id = :id AND version = :v', { id, v: version })
    .execute();
  return res.affected === 1;
}

/** Codes the cell concluded `present` for a member in a year (any period), ascending. */
export async function concludedPresentCodes(
  em: EntityManager,
  memberId: string,
  year: number,
): Promise<number[]> {
  const rows = await em
    .createQueryBuilder()
    .from(ConductCheckItem, 'i')
    .innerJoin(ConductCheck, 'k', 'k.id = i.checkId')
    .select('DISTINCT "i"."code"', 'code')
    .where('k.memberId = :memberId AND k.year = :year', { memberId, year })
    .andWhere(`"i"."conclusionStatus" = 'present'`)
    .orderBy('code')
    .getRawMany<{ code: number }>();
  return rows.map((r) => Number(r.code));
}

/**
 * One page of the period's checks of a subtree, by member name, with per-check counts (raw rows:
 * id, memberId, fullName, cellId, catalogVersion, version, selfAnswered, selfAtRisk, selfPresent,
 * concluded, concludedPresent), and the number of checks.
 */
export async function subtreeChecksPage(
  em: EntityManager,
  path: string,
  year: number,
  quarter: number,
  page: PageQuery,
): Promise<{ total: number; rows: Record<string, string | number>[] }> {
  const qb = em
    .createQueryBuilder(ConductCheck, 'k')
    .innerJoin(Organization, 'c', 'c.id = k.cellId')
    .innerJoin(Member, 'm', 'm.id = k.memberId')
    .where('k.year = :year AND k.quarter = :quarter', { year, quarter })
    .andWhere('c.path LIKE :p', { p: `${path}%` });
  const total = await qb.getCount();
  const count = (column: string, status: string) =>
    `(SELECT COUNT(*) FROM "conduct_check_item" "ci" WHERE "ci"."checkId" = "k"."id" AND "ci"."${column}" = '${status}')`;
  const rows = await qb
    .select('k.id', 'id')
    .addSelect('k.memberId', 'memberId')
    .addSelect('m.fullName', 'fullName')
    .addSelect('k.cellId', 'cellId')
    .addSelect('k.catalogVersion', 'catalogVersion')
    .addSelect('k.version', 'version')
    .addSelect(
      `(SELECT COUNT(*) FROM "conduct_check_item" "ci" WHERE "ci"."checkId" = "k"."id" AND "ci"."selfStatus" IS NOT NULL)`,
      'selfAnswered',
    )
    .addSelect(count('selfStatus', 'at_risk'), 'selfAtRisk')
    .addSelect(count('selfStatus', 'present'), 'selfPresent')
    .addSelect(
      `(SELECT COUNT(*) FROM "conduct_check_item" "ci" WHERE "ci"."checkId" = "k"."id" AND "ci"."conclusionStatus" IS NOT NULL)`,
      'concluded',
    )
    .addSelect(count('conclusionStatus', 'present'), 'concludedPresent')
    .orderBy('m.searchName')
    .addOrderBy('k.id')
    .offset((page.page - 1) * page.pageSize)
    .limit(page.pageSize)
    .getRawMany<Record<string, string | number>>();
  return { total, rows };
}

/**
 * Over the period's checks of a subtree: the members checked, and per manifestation code the self
 * and concluded counts (raw rows: code, selfAtRisk, selfPresent, concludedAtRisk, concludedPresent).
 */
export async function subtreeCodeCounts(
  em: EntityManager,
  path: string,
  year: number,
  quarter: number,
): Promise<{ checkedMembers: number; rows: Record<string, number>[] }> {
  const where = <T extends object>(qb: SelectQueryBuilder<T>) =>
    qb
      .innerJoin(Organization, 'c', 'c.id = k.cellId')
      .where('k.year = :year AND k.quarter = :quarter', { year, quarter })
      .andWhere('c.path LIKE :p', { p: `${path}%` });
  const checked = await where(em.createQueryBuilder().from(ConductCheck, 'k'))
    .select('COUNT(DISTINCT "k"."memberId")', 'n')
    .getRawOne<{ n: number }>();
  const rows = await where(
    em.createQueryBuilder().from(ConductCheckItem, 'i').innerJoin(ConductCheck, 'k', 'k.id = i.checkId'),
  )
    .select('i.code', 'code')
    .addSelect(`SUM(CASE WHEN "i"."selfStatus" = 'at_risk' THEN 1 ELSE 0 END)`, 'selfAtRisk')
    .addSelect(`SUM(CASE WHEN "i"."selfStatus" = 'present' THEN 1 ELSE 0 END)`, 'selfPresent')
    .addSelect(`SUM(CASE WHEN "i"."conclusionStatus" = 'at_risk' THEN 1 ELSE 0 END)`, 'concludedAtRisk')
    .addSelect(`SUM(CASE WHEN "i"."conclusionStatus" = 'present' THEN 1 ELSE 0 END)`, 'concludedPresent')
    .groupBy('i.code')
    .getRawMany<Record<string, number>>();
  return { checkedMembers: Number(checked?.n ?? 0), rows };
}
