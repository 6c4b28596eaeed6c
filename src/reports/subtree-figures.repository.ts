import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { nextDay } from '../common/rates.js';
import { Commitment } from '../commitments/commitment.entity.js';
import { ConductCheck, ConductCheckItem } from '../conduct-checks/conduct-check.entity.js';
import { EvaluationCycle } from '../evaluations/evaluation-cycle.entity.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { Level } from '../evaluations/rule-sets.js';
import { Meeting, MeetingIssue } from '../meetings/meeting.entity.js';
import { onRollFromCellsSql, rollParams } from '../meetings/membership.repository.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import {
  BY_CELL,
  CellScope,
  cellScope,
  childOf,
  EXPECTED,
  groupKey,
  mergeByGroup,
  num,
  pick,
  PUBLISHED,
  sumWhen,
} from './report-sql.js';
import { CONCLUSION_SEVERITY, ManifestationCount } from './reports.rules.js';

/**
 * The figure statements the overview, the per-child table and the trend share: each counts a subtree
 * as one group or grouped (per cell, child or month) through a `CellScope` (report-sql.ts).
 */

export interface MemberCounts {
  total: number;
  official: number;
  probationary: number;
  exempt: number;
  suspended: number;
  expected: number;
}

/** Expected members with a commitment of the period accepted or later: `periodKey -> registered`. */
export interface PeriodRegistrations {
  quarterly: Map<number, number>;
  monthly: Map<number, number>;
}

export interface CommitmentCounts {
  items: number;
  done: number;
  exceeded: number;
  partly: number;
  notDone: number;
  unreported: number;
  assessed: number;
  achieved: number;
  partlyAchieved: number;
  notAchieved: number;
  submitted: number;
  late: number;
}

export interface LevelCounts {
  total: number;
  excellent: number;
  good: number;
  complete: number;
  incomplete: number;
  unclassified: number;
  undecided: number;
}

export interface MeetingCounts {
  regular: number;
  thematic: number;
  study: number;
  issuesRaised: number;
  issuesOpen: number;
}

export const memberCountsOf = (r: Record<string, unknown> | undefined): MemberCounts => ({
  total: num(r?.total),
  official: num(r?.official),
  probationary: num(r?.probationary),
  exempt: num(r?.exempt),
  suspended: num(r?.suspended),
  expected: num(r?.expected),
});

/** `MemberCounts` over the members "m" on the roll, as SQL per column. */
export const ROLL_COUNTS: Record<keyof MemberCounts, string> = {
  total: 'COUNT(*)',
  official: sumWhen(`"m"."status" = 'official'`),
  probationary: sumWhen(`"m"."status" = 'probationary'`),
  exempt: sumWhen(`"m"."isExempt"`),
  suspended: sumWhen(`"m"."isSuspended"`),
  expected: sumWhen(EXPECTED),
};

/** Rows of `periodRows` (periodType, periodKey, total) as `periodType -> periodKey -> registered`. */
export function periodsOf(rows: Array<Record<string, unknown>>): PeriodRegistrations {
  const out = { quarterly: new Map<number, number>(), monthly: new Map<number, number>() };
  for (const r of rows) out[r.periodType as 'quarterly' | 'monthly'].set(num(r.periodKey), num(r.total));
  return out;
}

/**
 * Group meetings (alias "mt") per month 1-12 of the year they were held in. The bounds are literals
 * made from the integer year (the same text in SELECT and GROUP BY, as PostgreSQL requires).
 */
export const byMonthOf = (year: number) => () =>
  `CASE ${Array.from({ length: 11 }, (_, i) => {
    const next = String(i + 2).padStart(2, '0');
    return `WHEN "mt"."heldOn" < '${Number(year)}-${next}-01' THEN ${i + 1}`;
  }).join(' ')} ELSE 12 END`;

export const commitmentCounts: (r: Record<string, unknown>) => CommitmentCounts = pick([
  'items',
  'done',
  'exceeded',
  'partly',
  'notDone',
  'unreported',
  'assessed',
  'achieved',
  'partlyAchieved',
  'notAchieved',
  'submitted',
  'late',
]);
export const levelCounts: (r: Record<string, unknown>) => LevelCounts = pick([
  'total',
  'excellent',
  'good',
  'complete',
  'incomplete',
  'unclassified',
  'undecided',
]);
export const meetingCounts: (r: Record<string, unknown>) => MeetingCounts = pick([
  'regular',
  'thematic',
  'study',
  'issuesRaised',
  'issuesOpen',
]);

/** Members on the roll of the subtree on `day` (membership.repository.ts), counted by status and flags. */
export function rollCounts(em: EntityManager, path: string, day: string): SelectQueryBuilder<ObjectLiteral> {
  return (
    em
      .createQueryBuilder()
      .from(Member, 'm')
      .select(Object.entries(ROLL_COUNTS).map(([c, value]) => `${value} AS "${c}"`))
      // The roll reached from the subtree's cells (onRollFromCellsSql), not member by member.
      .where(onRollFromCellsSql('r'), rollParams('r', path, day, nextDay(day)))
  );
}

/**
 * The quarterly and monthly commitments of the year, accepted or later, of the members whose ids
 * `memberIds` (a subquery) selects, grouped by period with the `columns` given.
 */
export function periodRows(
  em: EntityManager,
  memberIds: string,
  year: number,
  columns: string[],
): SelectQueryBuilder<ObjectLiteral> {
  return (
    em
      .createQueryBuilder()
      .from(Commitment, 'c')
      // A member has at most one commitment per period (unique index on memberId, year, periodType,
      // periodKey), so the rows of a group are distinct members: COUNT(*) without a DISTINCT sort.
      .select(columns)
      // The members first (each membership test once), then their commitments through the unique
      // index on memberId; the unary plus keeps SQLite from walking every commitment of the year
      // instead and re-testing membership for each (10,000 members: ward 120 -> 20 ms).
      .where(`"c"."memberId" IN (${memberIds})`)
      .andWhere(`+"c"."year" = :year AND "c"."periodType" IN ('quarterly', 'monthly')`, { year })
      .andWhere(`"c"."status" IN ${PUBLISHED}`)
      .groupBy(`"c"."periodType"`)
      .addGroupBy(`"c"."periodKey"`)
  );
}

/**
 * One pass over the commitments of the subtree's cells: the item outcomes come from the counts kept
 * on each commitment row (`itemCount`, `itemsDone`, ... kept at every item write), read together
 * with the status, rating and submission from the covering index IDX_commitment_cell_year_report;
 * the items themselves are not visited.
 */
export async function commitmentRows(
  em: EntityManager,
  scope: CellScope,
  year: number,
): Promise<Map<string, CommitmentCounts>> {
  const reported = `"c"."status" IN ('reported', 'assessed')`;
  const sumOf = (column: string) => `SUM(CASE WHEN ${reported} THEN "c"."${column}" ELSE 0 END)`;
  const rows = await scope
    .rows(em.createQueryBuilder().from(Commitment, 'c'), 'c')
    .addSelect(sumOf('itemCount'), 'items')
    .addSelect(sumOf('itemsDone'), 'done')
    .addSelect(sumOf('itemsExceeded'), 'exceeded')
    .addSelect(sumOf('itemsPartly'), 'partly')
    .addSelect(sumOf('itemsNotDone'), 'notDone')
    .addSelect(sumOf('itemsUnreported'), 'unreported')
    .addSelect(sumWhen(`"c"."status" = 'assessed'`), 'assessed')
    .addSelect(sumWhen(`"c"."status" = 'assessed' AND "c"."rating" = 'achieved'`), 'achieved')
    .addSelect(sumWhen(`"c"."status" = 'assessed' AND "c"."rating" = 'partly_achieved'`), 'partlyAchieved')
    .addSelect(sumWhen(`"c"."status" = 'assessed' AND "c"."rating" = 'not_achieved'`), 'notAchieved')
    .addSelect(sumWhen(`"c"."firstSubmittedAt" IS NOT NULL`), 'submitted')
    .addSelect(sumWhen(`"c"."firstSubmittedAt" IS NOT NULL AND "c"."late"`), 'late')
    // The unary plus keeps SQLite from scanning the whole year's commitments by the year index
    // instead of reaching them from the subtree's cells (10x on a ward of a 10,000-member city).
    // Both engines read `+"c"."year"` as the plain integer.
    .andWhere(`+"c"."year" = :year`, { year })
    .getRawMany<Record<string, unknown>>();
  return mergeByGroup([rows], commitmentCounts);
}

export async function levelRows(
  em: EntityManager,
  path: string,
  year: number,
  byChild: boolean,
): Promise<Map<string, LevelCounts>> {
  const decided = (l: Level) => sumWhen(`"e"."status" = 'decided' AND "e"."decidedLevel" = '${l}'`);
  const qb = em
    .createQueryBuilder()
    .from(Evaluation, 'e')
    .innerJoin(EvaluationCycle, 'y', `"y"."id" = "e"."cycleId"`)
    .select(byChild ? childOf(`"e"."cellPath"`, path) : `''`, 'grp')
    .addSelect('COUNT(*)', 'total')
    .addSelect(decided('excellent'), 'excellent')
    .addSelect(decided('good'), 'good')
    .addSelect(decided('complete'), 'complete')
    .addSelect(decided('incomplete'), 'incomplete')
    .addSelect(sumWhen(`"e"."status" = 'not_classified'`), 'unclassified')
    .addSelect(sumWhen(`"e"."status" NOT IN ('decided', 'not_classified')`), 'undecided')
    .where(`"y"."year" = :year AND "e"."cellPath" LIKE :p`, { year, p: `${path}%` });
  if (byChild) qb.groupBy(childOf(`"e"."cellPath"`, path));
  return mergeByGroup([await qb.getRawMany<Record<string, unknown>>()], levelCounts);
}

export async function manifestationRows(
  em: EntityManager,
  path: string,
  year: number,
  byChild: boolean,
): Promise<Map<string, ManifestationCount[]>> {
  const perCell = cellScope(path, byChild ? BY_CELL : undefined)
    .rows(
      em
        .createQueryBuilder()
        .from(ConductCheckItem, 'i')
        .innerJoin(ConductCheck, 'k', `"k"."id" = "i"."checkId"`),
      'k',
    )
    .addSelect(`"k"."memberId"`, 'memberId')
    .addSelect(`"i"."code"`, 'code')
    .addSelect(
      `MAX(CASE "i"."conclusionStatus" WHEN 'present' THEN ${CONCLUSION_SEVERITY.present} WHEN 'at_risk' THEN ${CONCLUSION_SEVERITY.at_risk} ELSE 0 END)`,
      'worst',
    )
    // The subtree's cells first, then their checks through the (cellId, year) index, then each
    // check's flagged items through the partial IDX_conduct_item_flagged_report: this condition is
    // its WHERE word for word (SQLite uses a partial index only when the query repeats it).
    .andWhere(`"k"."year" = :year`, { year })
    .andWhere(`"i"."conclusionStatus" IN ('at_risk', 'present')`)
    .addGroupBy(`"k"."memberId"`)
    .addGroupBy(`"i"."code"`);
  // Per child: the cells' rows (few) joined to their organisation, worst again per member and code.
  const worst = byChild
    ? em
        .createQueryBuilder()
        .from(`(${perCell.getQuery()})`, 'wc')
        .innerJoin(Organization, 'so', `"so"."id" = "wc"."grp"`)
        .select(childOf(`"so"."path"`, path), 'grp')
        .addSelect(`"wc"."memberId"`, 'memberId')
        .addSelect(`"wc"."code"`, 'code')
        .addSelect(`MAX("wc"."worst")`, 'worst')
        .groupBy(childOf(`"so"."path"`, path))
        .addGroupBy(`"wc"."memberId"`)
        .addGroupBy(`"wc"."code"`)
    : perCell;
  const rows = await em
    .createQueryBuilder()
    .select(`"w"."grp"`, 'grp')
    .addSelect(`"w"."code"`, 'code')
    .addSelect(sumWhen(`"w"."worst" = ${CONCLUSION_SEVERITY.at_risk}`), 'atRisk')
    .addSelect(sumWhen(`"w"."worst" = ${CONCLUSION_SEVERITY.present}`), 'present')
    .from(`(${worst.getQuery()})`, 'w')
    .setParameters(perCell.getParameters())
    .groupBy(`"w"."grp"`)
    .addGroupBy(`"w"."code"`)
    .orderBy(`"w"."code"`)
    .getRawMany<Record<string, unknown>>();
  const out = new Map<string, ManifestationCount[]>();
  for (const r of rows) {
    const grp = groupKey(r.grp);
    out.set(grp, [
      ...(out.get(grp) ?? []),
      { code: num(r.code), atRisk: num(r.atRisk), present: num(r.present) },
    ]);
  }
  return out;
}

export async function meetingRows(
  em: EntityManager,
  scope: CellScope,
  from: string,
  to: string,
): Promise<Map<string, MeetingCounts>> {
  // The subtree's cells first, then their meetings through the (cellId, heldOn) index.
  const meetings = await scope
    .rows(em.createQueryBuilder().from(Meeting, 'mt'), 'mt')
    .addSelect(sumWhen(`"mt"."kind" = 'regular'`), 'regular')
    .addSelect(sumWhen(`"mt"."kind" = 'thematic'`), 'thematic')
    .addSelect(sumWhen(`"mt"."kind" = 'study'`), 'study')
    .andWhere(`"mt"."heldOn" >= :from AND "mt"."heldOn" <= :to`, { from, to })
    .getRawMany<Record<string, unknown>>();
  const issues = await scope
    .rows(
      em
        .createQueryBuilder()
        .from(MeetingIssue, 'mi')
        .innerJoin(Meeting, 'mt', `"mt"."id" = "mi"."meetingId"`),
      'mi',
    )
    .addSelect('COUNT(*)', 'issuesRaised')
    .addSelect(sumWhen(`"mi"."status" = 'open'`), 'issuesOpen')
    .andWhere(`"mt"."heldOn" >= :from AND "mt"."heldOn" <= :to`, { from, to })
    .getRawMany<Record<string, unknown>>();
  return mergeByGroup([meetings, issues], meetingCounts);
}
