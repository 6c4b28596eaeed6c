import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { nextDay } from '../common/rates.js';
import { EntityManager, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CommitmentItem } from '../commitments/commitment-item.entity.js';
import { Commitment } from '../commitments/commitment.entity.js';
import { ConductCheck, ConductCheckItem } from '../conduct-checks/conduct-check.entity.js';
import { EvaluationCycle } from '../evaluations/evaluation-cycle.entity.js';
import { EvaluationRuleSet } from '../evaluations/evaluation-rule-set.entity.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { checkQuota, QuotaCheck, Reason, reasonFlags } from '../evaluations/evaluations.rules.js';
import { Level, parseRuleSetDefinition } from '../evaluations/rule-sets.js';
import {
  RateRow,
  REGISTERED,
  registeredParams,
  rollByChild,
  STUDIED,
  studiedParams,
} from '../meetings/cell-life-rates.repository.js';
import { AttendanceCounts, attendanceRate } from '../meetings/meetings.rules.js';
import { Meeting, MeetingIssue } from '../meetings/meeting.entity.js';
import { expectedFromCellsSql, onRollFromCellsSql, rollParams } from '../meetings/membership.sql.js';
import { DisciplinaryRecord } from '../discipline/disciplinary-record.entity.js';
import { MemberCellHistory } from '../members/member-cell-history.entity.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { CONCLUSION_SEVERITY, isoTimestamp, ManifestationCount } from './reports.rules.js';

/** Accepted or later: the commitment was made public before the cell. */
const PUBLISHED = `('accepted', 'reported', 'assessed')`;

/** Ids of the organisations of the subtree (param :p = path + '%'), to reach rows by their cellId index. */
const SUBTREE_CELLS = `(SELECT "so"."id" FROM "organization" "so" WHERE "so"."path" LIKE :p)`;

const num = (v: unknown): number => Number(v ?? 0);

/** A member "m" on the roll is expected to take part unless exempt or suspended (`expectedSql`). */
const EXPECTED = `NOT "m"."isExempt" AND NOT "m"."isSuspended"`;

const memberCountsOf = (r: Record<string, unknown> | undefined): MemberCounts => ({
  total: num(r?.total),
  official: num(r?.official),
  probationary: num(r?.probationary),
  exempt: num(r?.exempt),
  suspended: num(r?.suspended),
  expected: num(r?.expected),
});
const sumWhen = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

/** `MemberCounts` over the members "m" on the roll, as SQL per column. */
const ROLL_COUNTS: Record<keyof MemberCounts, string> = {
  total: 'COUNT(*)',
  official: sumWhen(`"m"."status" = 'official'`),
  probationary: sumWhen(`"m"."status" = 'probationary'`),
  exempt: sumWhen(`"m"."isExempt"`),
  suspended: sumWhen(`"m"."isSuspended"`),
  expected: sumWhen(EXPECTED),
};

/** The columns of `memberFigures`' statement: its member row and its period rows (`total` = registered). */
const FIGURE_COLUMNS = [
  'part',
  'periodType',
  'periodKey',
  ...(Object.keys(ROLL_COUNTS) as Array<keyof MemberCounts>),
  'registered',
  'participated',
  'studiedRegistered',
] as const;

/** Rows of `periodRows` (periodType, periodKey, total) as `periodType -> periodKey -> registered`. */
function periodsOf(rows: Array<Record<string, unknown>>): PeriodRegistrations {
  const out = { quarterly: new Map<number, number>(), monthly: new Map<number, number>() };
  for (const r of rows) out[r.periodType as 'quarterly' | 'monthly'].set(num(r.periodKey), num(r.total));
  return out;
}

/**
 * The id of the direct child of the organisation at `parentPath` that a path below it lies in: the
 * path segment right after the parent's (ids are 36-character uuids); '' for the parent itself.
 */
const childOf = (pathColumn: string, parentPath: string) =>
  `SUBSTR(${pathColumn}, ${Number(parentPath.length) + 1}, 36)`;

/**
 * Rows bound to a cell (`<alias>."cellId"`) in the subtree at `path`, reached from the subtree's cells
 * (`cellId IN (...)`) through the rows' cellId indexes: as one group '' or one group per cell (`grp` =
 * the cell's id). Grouping per direct child through a join on the cell's path instead lets SQLite
 * start from the rows (100,000 members: every commitment item of every year, 27 s); per cell keeps the
 * plan of the whole-subtree figure, and `sumByChild` adds the cells up.
 */
interface CellScope {
  rows(qb: SelectQueryBuilder<ObjectLiteral>, alias: string): SelectQueryBuilder<ObjectLiteral>;
}

function cellScope(path: string, groupBy?: (alias: string) => string): CellScope {
  return {
    rows(qb, alias) {
      const scoped = qb.where(`"${alias}"."cellId" IN ${SUBTREE_CELLS}`, { p: `${path}%` });
      if (!groupBy) return scoped.select(`''`, 'grp');
      return scoped.select(groupBy(alias), 'grp').groupBy(groupBy(alias));
    },
  };
}

/** Group rows per cell. */
const BY_CELL = (alias: string) => `"${alias}"."cellId"`;

/**
 * Group meetings (alias "mt") per month 1-12 of the year they were held in. The bounds are literals
 * made from the integer year (the same text in SELECT and GROUP BY, as PostgreSQL requires).
 */
const byMonthOf = (year: number) => () =>
  `CASE ${Array.from({ length: 11 }, (_, i) => {
    const next = String(i + 2).padStart(2, '0');
    return `WHEN "mt"."heldOn" < '${Number(year)}-${next}-01' THEN ${i + 1}`;
  }).join(' ')} ELSE 12 END`;

/** A group key as the engines answer it (text, or an integer for months). */
const groupKey = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : '';

/** Additive counts per cell added up per direct child (`cellToChild` from `childrenOfCells`). */
function sumByChild<T extends object>(
  perCell: ReadonlyMap<string, T>,
  cellToChild: ReadonlyMap<string, string>,
): Map<string, T> {
  const out = new Map<string, T>();
  for (const [cell, counts] of perCell) {
    const child = cellToChild.get(cell);
    if (!child) continue;
    const sum = out.get(child);
    if (!sum) {
      out.set(child, { ...counts });
      continue;
    }
    for (const k of Object.keys(counts) as Array<keyof T>)
      (sum[k] as unknown as number) = (sum[k] as unknown as number) + (counts[k] as unknown as number);
  }
  return out;
}

/**
 * Rows of several grouped statements (column `grp`) merged into one figure set per group; a group
 * missing from a statement counts 0 there.
 */
function mergeByGroup<T>(
  statements: Array<Array<Record<string, unknown>>>,
  make: (r: Record<string, unknown>) => T,
): Map<string, T> {
  const merged = new Map<string, Record<string, unknown>>();
  for (const rows of statements)
    for (const r of rows) {
      const grp = groupKey(r.grp);
      merged.set(grp, { ...merged.get(grp), ...r });
    }
  return new Map([...merged].map(([grp, r]) => [grp, make(r)]));
}

const pick =
  <K extends string>(keys: readonly K[]) =>
  (r: Record<string, unknown>) =>
    Object.fromEntries(keys.map((k) => [k, num(r[k])])) as Record<K, number>;

const commitmentCounts: (r: Record<string, unknown>) => CommitmentCounts = pick([
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
const levelCounts: (r: Record<string, unknown>) => LevelCounts = pick([
  'total',
  'excellent',
  'good',
  'complete',
  'incomplete',
  'unclassified',
  'undecided',
]);
const meetingCounts: (r: Record<string, unknown>) => MeetingCounts = pick([
  'regular',
  'thematic',
  'study',
  'issuesRaised',
  'issuesOpen',
]);

export interface MemberCounts {
  total: number;
  official: number;
  probationary: number;
  exempt: number;
  suspended: number;
  expected: number;
}

/**
 * `MemberCounts` and, of the expected members, those registered (yearly), those who studied and those
 * who did both (the article's "of those who studied, who registered to follow").
 */
export interface MemberFigures extends MemberCounts {
  registered: number;
  participated: number;
  studiedRegistered: number;
  /** `periodRegistrations` on the same day. */
  periods: PeriodRegistrations;
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

export interface QuotaRow extends QuotaCheck {
  organizationId: string;
  organizationName: string;
  /** The higher committee's recorded approval to exceed the quota, when one is recorded. */
  exception?: {
    decisionNumber: string;
    decidedOn: string;
    approvedByOrganizationId: string;
    maxExcellent: number;
    counted: boolean;
  };
}

export interface MeetingCounts {
  regular: number;
  thematic: number;
  study: number;
  issuesRaised: number;
  issuesOpen: number;
}

export interface LeaderRow {
  organizationId: string;
  organizationName: string;
  kind: string;
  headMemberId: string;
  headName: string;
  headFirstSubmittedAt: string | null;
  firstMemberSubmittedAt: string | null;
  membersSubmitted: number;
  membersBeforeHead: number;
}

export interface ClassificationRow {
  memberId: string;
  fullName: string;
  cellName: string;
  status: string;
  suggestedLevel: Level | null;
  selfLevel: Level | null;
  proposedLevel: Level | null;
  decidedLevel: Level | null;
  notClassifiedReason: string | null;
  decisionComment: string | null;
}

export interface ReviewItem {
  category: string;
  content: string;
  target: string | null;
  outcome: string | null;
  exceeded: boolean | number | null;
}

export interface ReviewCommitment {
  id: string;
  year: number;
  /** The cell the commitment was made in. */
  cellName: string;
  status: string;
  rating: string | null;
  reviewComment: string | null;
  assessmentComment: string | null;
  items: ReviewItem[];
}

export interface ReviewEvaluation {
  /** The cell the evaluation was made in. */
  cellName: string;
  /**
   * Made in a cell the caller does not read: only the formal record (the decided level of a finalized
   * cycle) follows the member, the rest is left out (null).
   */
  formalOnly: boolean;
  status: string;
  selfLevel: Level | null;
  selfSummary: string | null;
  selfStrengths: string | null;
  selfShortcomings: string | null;
  proposedLevel: Level | null;
  proposalComment: string | null;
  decidedLevel: Level | null;
  decisionComment: string | null;
  suggestedLevel: Level | null;
  /** The suggestion's reasons, each flagged when its rule was not compared with the official text. */
  reasons: Array<{ text: string; unverified: boolean }>;
}

export interface ReviewDecision {
  decidedOn: string;
  form: string;
  decisionNumber: string;
  /** The cell the member was in when the decision was recorded. */
  cellName: string;
}

export interface MemberReviewData {
  commitment: ReviewCommitment | null;
  nextCommitment: ReviewCommitment | null;
  /** Flagged self-check items of the yearly checks, each with the cell its check belongs to. */
  selfCheck: Array<{ code: number; status: string; cellName: string }>;
  evaluation: ReviewEvaluation | null;
  /** Disciplinary decisions dated in the year: the formal record, wherever they were taken. */
  discipline: ReviewDecision[];
}

/**
 * Which of a member's records the review document reads, as conditions on the record's cell path
 * ("o"."path"): `made`, the records kept where they were made; `formal`, the formal record (every cell
 * for a caller who reaches the member where they are now: it follows them; else the same as `made`).
 */
export interface ReviewReach {
  made: { sql: string; params: Record<string, string> };
  formal: { sql: string; params: Record<string, string> };
}

/**
 * Read-only SQL aggregates over other modules' tables for the reports (docs/REPORTS.md). Every
 * method takes an organisation's materialised path and counts its whole subtree in one statement;
 * none loads members to count them. The rates of cell life (attendance, study participation, yearly
 * registration) are not here: they come from CellLifeRates, so there is one definition of each.
 */
/** A `date` column read raw as YYYY-MM-DD (SQLite answers text; node-postgres a Date at local midnight). */
function isoDay(v: unknown): string {
  if (v instanceof Date)
    return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v).slice(0, 10);
}

@Injectable()
export class ReportsRepository {
  /** Members on the roll of the subtree on `day` (membership.sql.ts), by status and flags. */
  async memberCounts(em: EntityManager, path: string, day: string): Promise<MemberCounts> {
    return memberCountsOf(await this.rollCounts(em, path, day).getRawOne<Record<string, unknown>>());
  }

  /**
   * `memberCounts`, how many of the expected members are registered for the year and took part in
   * its study (the REGISTERED and STUDIED conditions of CellLifeRates, so each figure equals
   * `registration` / `participation` there) and `periodRegistrations`, in one statement that tests
   * the roll once: a CTE of the members on the roll (read by both parts, so both engines materialise
   * it) feeds one row of member figures and one row per period, told apart by "part".
   */
  async memberFigures(em: EntityManager, path: string, year: number, day: string): Promise<MemberFigures> {
    // Each expected member's REGISTERED and STUDIED tested once, in the materialised roll (the
    // conditions are only evaluated for expected members: CASE stops at the first false branch); the
    // figures add the flags up, so "studied and registered" costs no third test.
    const expectedAnd = (condition: string) =>
      `CASE WHEN ${EXPECTED} THEN CASE WHEN ${condition} THEN 1 ELSE 0 END ELSE 0 END`;
    const roll = em
      .createQueryBuilder()
      .from(Member, 'm')
      .select(`"m"."id"`, 'id')
      .addSelect(`"m"."status"`, 'status')
      .addSelect(`"m"."isExempt"`, 'isExempt')
      .addSelect(`"m"."isSuspended"`, 'isSuspended')
      .addSelect(expectedAnd(REGISTERED), 'reg')
      .addSelect(expectedAnd(STUDIED), 'studied')
      .where(onRollFromCellsSql('r'), rollParams('r', path, day, nextDay(day)));
    // Both parts select the same columns in the same order (UNION ALL), NULL where they do not apply.
    const columns = (values: Record<string, string>) =>
      FIGURE_COLUMNS.map((c) => `${values[c] ?? 'NULL'} AS "${c}"`);
    const figures = em
      .createQueryBuilder()
      .from('roll', 'm')
      .select(
        columns({
          part: `'members'`,
          ...ROLL_COUNTS,
          registered: `SUM("m"."reg")`,
          participated: `SUM("m"."studied")`,
          studiedRegistered: `SUM("m"."reg" * "m"."studied")`,
        }),
      );
    const periods = this.periodRows(
      em,
      `SELECT "m"."id" FROM "roll" "m" WHERE ${EXPECTED}`,
      year,
      columns({
        part: `'periods'`,
        periodType: `"c"."periodType"`,
        periodKey: `"c"."periodKey"`,
        total: 'COUNT(*)',
      }),
    );
    // MATERIALIZED spelled out: TypeORM drops the hint on SQLite, which then inlines the CTE into
    // both parts (the roll tested twice); PostgreSQL (12+) and SQLite (3.35+) both read it.
    const [sql, params] = em.dataSource.driver.escapeQueryWithParameters(
      `WITH "roll" AS MATERIALIZED (${roll.getQuery()}) ${figures.getQuery()} UNION ALL ${periods.getQuery()}`,
      {
        ...roll.getParameters(),
        ...periods.getParameters(),
        ...registeredParams(year),
        ...studiedParams(year),
      },
    );
    const rows = await em.query<Array<Record<string, unknown>>>(sql, params);
    const r = rows.find((x) => x.part === 'members');
    return {
      ...memberCountsOf(r),
      registered: num(r?.registered),
      participated: num(r?.participated),
      studiedRegistered: num(r?.studiedRegistered),
      periods: periodsOf(rows.filter((x) => x.part === 'periods')),
    };
  }

  /** Members on the roll of the subtree on `day` (membership.sql.ts), counted by status and flags. */
  private rollCounts(em: EntityManager, path: string, day: string): SelectQueryBuilder<ObjectLiteral> {
    return (
      em
        .createQueryBuilder()
        .from(Member, 'm')
        .select(Object.entries(ROLL_COUNTS).map(([c, value]) => `${value} AS "${c}"`))
        // The roll reached from the subtree's cells (onRollFromCellsSql), not member by member.
        .where(onRollFromCellsSql('r'), rollParams('r', path, day, nextDay(day)))
    );
  }

  /** `memberCounts` of every direct child of the organisation at `parentPath`, in one statement. */
  async memberCountsByChild(
    em: EntityManager,
    parentPath: string,
    day: string,
  ): Promise<Map<string, MemberCounts>> {
    const distinctWhen = (condition: string) => `COUNT(DISTINCT CASE WHEN ${condition} THEN "m"."id" END)`;
    const rows = await rollByChild(em, parentPath, day, false)
      .select(`"o"."id"`, 'organizationId')
      .addSelect(`COUNT(DISTINCT "m"."id")`, 'total')
      .addSelect(distinctWhen(`"m"."status" = 'official'`), 'official')
      .addSelect(distinctWhen(`"m"."status" = 'probationary'`), 'probationary')
      .addSelect(distinctWhen(`"m"."isExempt"`), 'exempt')
      .addSelect(distinctWhen(`"m"."isSuspended"`), 'suspended')
      .addSelect(distinctWhen(EXPECTED), 'expected')
      .groupBy(`"o"."id"`)
      .getRawMany<Record<string, unknown>>();
    return new Map(
      rows.map((r) => [
        String(r.organizationId),
        {
          total: num(r.total),
          official: num(r.official),
          probationary: num(r.probationary),
          exempt: num(r.exempt),
          suspended: num(r.suspended),
          expected: num(r.expected),
        },
      ]),
    );
  }

  /**
   * Members expected on `day` with a quarterly or monthly commitment of the year that is accepted or
   * later, per period: `periodType -> periodKey -> registered`.
   */
  async periodRegistrations(
    em: EntityManager,
    path: string,
    year: number,
    day: string,
  ): Promise<PeriodRegistrations> {
    const rows = await this.periodRows(
      em,
      `SELECT "m"."id" FROM "member" "m" WHERE ${expectedFromCellsSql('e')}`,
      year,
      [`"c"."periodType" AS "periodType"`, `"c"."periodKey" AS "periodKey"`, `COUNT(*) AS "total"`],
    )
      .setParameters(rollParams('e', path, day, nextDay(day)))
      .getRawMany<Record<string, unknown>>();
    return periodsOf(rows);
  }

  /**
   * The quarterly and monthly commitments of the year, accepted or later, of the members whose ids
   * `memberIds` (a subquery) selects, grouped by period with the `columns` given.
   */
  private periodRows(
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
   * Commitments made in the subtree's cells for the year (all period types): item outcomes of
   * reported or assessed commitments, the secretary's ratings, and late first submissions.
   */
  async commitmentCounts(em: EntityManager, path: string, year: number): Promise<CommitmentCounts> {
    return (await this.commitmentRows(em, cellScope(path), year)).get('') ?? commitmentCounts({});
  }

  /** `commitmentCounts` of every direct child of the organisation at `parentPath` (per cell, added up). */
  async commitmentCountsByChild(
    em: EntityManager,
    parentPath: string,
    year: number,
  ): Promise<Map<string, CommitmentCounts>> {
    const perCell = await this.commitmentRows(em, cellScope(parentPath, BY_CELL), year);
    return sumByChild(perCell, await this.childrenOfCells(em, parentPath));
  }

  /**
   * One pass over the commitments of the subtree's cells: the item outcomes come from the counts kept
   * on each commitment row (`itemCount`, `itemsDone`, ... kept at every item write), read together
   * with the status, rating and submission from the covering index IDX_commitment_cell_year_report;
   * the items themselves are not visited.
   */
  private async commitmentRows(
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

  /** Evaluations of the year's cycles whose cell lies in the subtree, by decided level. */
  async levelCounts(em: EntityManager, path: string, year: number): Promise<LevelCounts> {
    return (await this.levelRows(em, path, year, false)).get('') ?? levelCounts({});
  }

  /** `levelCounts` of every direct child of the organisation at `parentPath`, in one statement. */
  async levelCountsByChild(
    em: EntityManager,
    parentPath: string,
    year: number,
  ): Promise<Map<string, LevelCounts>> {
    return this.levelRows(em, parentPath, year, true);
  }

  private async levelRows(
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

  /**
   * Quota (excellent <= rounding(share x good), decided levels) of every grassroots organisation at or
   * below the path, counted over all its evaluations of the year, with the rule set its cycle pinned,
   * and the recorded approval to exceed it where that rule set allows one (as finalize counts it).
   */
  async quotaStatus(em: EntityManager, path: string, year: number): Promise<QuotaRow[]> {
    const rows = await em
      .createQueryBuilder()
      .from(Evaluation, 'e')
      .innerJoin(EvaluationCycle, 'y', `"y"."id" = "e"."cycleId"`)
      .innerJoin(Organization, 'g', `"g"."id" = "e"."grassrootsId"`)
      .select(`"g"."id"`, 'organizationId')
      .addSelect(`"g"."name"`, 'organizationName')
      .addSelect(`"y"."ruleSetId"`, 'ruleSetId')
      .addSelect(sumWhen(`"e"."status" = 'decided' AND "e"."decidedLevel" = 'excellent'`), 'excellent')
      .addSelect(sumWhen(`"e"."status" = 'decided' AND "e"."decidedLevel" = 'good'`), 'good')
      .where(`"y"."year" = :year AND "g"."path" LIKE :p`, { year, p: `${path}%` })
      .groupBy(`"g"."id"`)
      .addGroupBy(`"g"."name"`)
      .addGroupBy(`"y"."ruleSetId"`)
      .orderBy(`"g"."name"`)
      .getRawMany<Record<string, unknown>>();
    if (rows.length === 0) return [];
    const ruleSets = await em.findBy(EvaluationRuleSet, {
      id: In([...new Set(rows.map((r) => String(r.ruleSetId)))]),
    });
    const rules = new Map(ruleSets.map((s) => [s.id, parseRuleSetDefinition(s.definition)]));
    // The higher committee's recorded approvals to exceed the quota (one per cycle and organisation).
    const approvals = await em
      .createQueryBuilder()
      // By table name: the repository's unit tests run on the report tables alone.
      .from('evaluation_quota_exception', 'x')
      .innerJoin(EvaluationCycle, 'c', `"c"."id" = "x"."cycleId"`)
      .select(`"x"."grassrootsId"`, 'grassrootsId')
      .addSelect(`"c"."ruleSetId"`, 'ruleSetId')
      .addSelect(`"x"."decisionNumber"`, 'decisionNumber')
      .addSelect(`"x"."decidedOn"`, 'decidedOn')
      .addSelect(`"x"."approvedByOrganizationId"`, 'approvedByOrganizationId')
      .addSelect(`"x"."maxExcellent"`, 'maxExcellent')
      .where(`"c"."year" = :year AND "x"."grassrootsId" IN (:...ids)`, {
        year,
        ids: [...new Set(rows.map((r) => String(r.organizationId)))],
      })
      .getRawMany<Record<string, unknown>>();
    const approvalOf = new Map(approvals.map((x) => [`${String(x.grassrootsId)} ${String(x.ruleSetId)}`, x]));
    return rows.map((r) => {
      const x = approvalOf.get(`${String(r.organizationId)} ${String(r.ruleSetId)}`);
      const ruleSet = rules.get(String(r.ruleSetId))!;
      return {
        organizationId: String(r.organizationId),
        organizationName: String(r.organizationName),
        ...checkQuota(
          ruleSet,
          { excellent: num(r.excellent), good: num(r.good) },
          x ? num(x.maxExcellent) : null,
        ),
        // Only where one is recorded; `counted`: whether the cycle's rule set allows it (as finalize).
        ...(x
          ? {
              exception: {
                decisionNumber: String(x.decisionNumber),
                decidedOn: isoDay(x.decidedOn),
                approvedByOrganizationId: String(x.approvedByOrganizationId),
                maxExcellent: num(x.maxExcellent),
                counted: ruleSet.quota.exceptionByHigherCommittee,
              },
            }
          : {}),
      };
    });
  }

  /**
   * Per manifestation code, members of the subtree's cells whose cell concluded `at_risk` or `present`
   * in any check of the year (yearly or quarterly); a member counts once per code, at their worst
   * conclusion. Counts only, never names.
   */
  async manifestations(em: EntityManager, path: string, year: number): Promise<ManifestationCount[]> {
    return (await this.manifestationRows(em, path, year, false)).get('') ?? [];
  }

  /**
   * `manifestations` of every direct child of the organisation at `parentPath`, in one statement: the
   * worst conclusion per cell, member and code, then per child (a member who moved between two cells
   * of one child counts once there, at their worst).
   */
  async manifestationsByChild(
    em: EntityManager,
    parentPath: string,
    year: number,
  ): Promise<Map<string, ManifestationCount[]>> {
    return this.manifestationRows(em, parentPath, year, true);
  }

  private async manifestationRows(
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

  /** Meetings held in the subtree's cells in [from, to] by kind, and the issues raised at them. */
  async meetingCounts(em: EntityManager, path: string, from: string, to: string): Promise<MeetingCounts> {
    return (await this.meetingRows(em, cellScope(path), from, to)).get('') ?? meetingCounts({});
  }

  /**
   * Cells of the subtree, and how many of them held at least one study meeting in [from, to]: one
   * statement over the subtree's cells, each tested through the meetings' (cellId, heldOn) index.
   */
  async studyCoverage(
    em: EntityManager,
    path: string,
    from: string,
    to: string,
  ): Promise<{ held: number; organizations: number }> {
    const r = await em
      .createQueryBuilder()
      .from(Organization, 'o')
      .select('COUNT(*)', 'organizations')
      .addSelect(
        sumWhen(`EXISTS (SELECT 1 FROM "meeting" "mt" WHERE "mt"."cellId" = "o"."id"
          AND "mt"."heldOn" >= :from AND "mt"."heldOn" <= :to AND "mt"."kind" = 'study')`),
        'held',
      )
      // A cell closed before the range began (merged or split) no longer counts; one closed during it does.
      .where(`"o"."path" LIKE :p AND "o"."kind" = 'cell'`, { p: `${path}%`, from, to })
      .andWhere(`("o"."closedOn" IS NULL OR "o"."closedOn" >= :from)`)
      .getRawOne<Record<string, unknown>>();
    return { held: num(r?.held), organizations: num(r?.organizations) };
  }

  /** `meetingCounts` of every direct child of the organisation at `parentPath` (per cell, added up). */
  async meetingCountsByChild(
    em: EntityManager,
    parentPath: string,
    from: string,
    to: string,
  ): Promise<Map<string, MeetingCounts>> {
    const perCell = await this.meetingRows(em, cellScope(parentPath, BY_CELL), from, to);
    return sumByChild(perCell, await this.childrenOfCells(em, parentPath));
  }

  /** `meetingCounts` of each month 1-12 of the year (a month without meetings is missing), in two statements. */
  async meetingCountsByMonth(
    em: EntityManager,
    path: string,
    year: number,
  ): Promise<Map<number, MeetingCounts>> {
    const rows = await this.meetingRows(
      em,
      cellScope(path, byMonthOf(year)),
      `${year}-01-01`,
      `${year}-12-31`,
    );
    return new Map([...rows].map(([month, counts]) => [Number(month), counts]));
  }

  private async meetingRows(
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

  /**
   * Organisations of the subtree with a head (headMemberId): the head's yearly commitment's first
   * submission, the earliest first submission of a yearly commitment made in the organisation's cells by
   * anyone else, how many others submitted and how many of them before the head.
   */
  async leaders(em: EntityManager, path: string, year: number): Promise<LeaderRow[]> {
    const others = (extra: string) =>
      `(SELECT %AGG% FROM "commitment" "lc" INNER JOIN "organization" "lo" ON "lo"."id" = "lc"."cellId"
        WHERE "lo"."path" LIKE "o"."path" || '%' AND "lc"."year" = :year AND "lc"."periodType" = 'yearly'
          AND "lc"."memberId" <> "o"."headMemberId" AND "lc"."firstSubmittedAt" IS NOT NULL${extra})`;
    const rows = await em
      .createQueryBuilder()
      .from(Organization, 'o')
      .innerJoin(Member, 'hm', `"hm"."id" = "o"."headMemberId"`)
      .leftJoin(
        Commitment,
        'h',
        `"h"."memberId" = "o"."headMemberId" AND "h"."year" = :year AND "h"."periodType" = 'yearly'`,
        { year },
      )
      .select(`"o"."id"`, 'organizationId')
      .addSelect(`"o"."name"`, 'organizationName')
      .addSelect(`"o"."kind"`, 'kind')
      .addSelect(`"o"."headMemberId"`, 'headMemberId')
      .addSelect(`"hm"."fullName"`, 'headName')
      .addSelect(`"h"."firstSubmittedAt"`, 'headAt')
      .addSelect(others('').replace('%AGG%', `MIN("lc"."firstSubmittedAt")`), 'firstMemberAt')
      .addSelect(others('').replace('%AGG%', 'COUNT(*)'), 'membersSubmitted')
      .addSelect(
        others(` AND "lc"."firstSubmittedAt" < "h"."firstSubmittedAt"`).replace('%AGG%', 'COUNT(*)'),
        'membersBefore',
      )
      .where(`"o"."path" LIKE :p`, { p: `${path}%` })
      .orderBy(`"o"."depth"`)
      .addOrderBy(`"o"."name"`)
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      organizationId: String(r.organizationId),
      organizationName: String(r.organizationName),
      kind: String(r.kind),
      headMemberId: String(r.headMemberId),
      headName: String(r.headName),
      headFirstSubmittedAt: isoTimestamp(r.headAt),
      firstMemberSubmittedAt: isoTimestamp(r.firstMemberAt),
      membersSubmitted: num(r.membersSubmitted),
      membersBeforeHead: num(r.membersBefore),
    }));
  }

  /** The year's evaluations of the subtree, one row per member, ordered by cell then name. */
  async classification(em: EntityManager, path: string, year: number): Promise<ClassificationRow[]> {
    const rows = await em
      .createQueryBuilder()
      .from(Evaluation, 'e')
      .innerJoin(EvaluationCycle, 'y', `"y"."id" = "e"."cycleId"`)
      .innerJoin(Member, 'm', `"m"."id" = "e"."memberId"`)
      .innerJoin(Organization, 'c', `"c"."id" = "e"."cellId"`)
      .select(`"e"."memberId"`, 'memberId')
      .addSelect(`"m"."fullName"`, 'fullName')
      .addSelect(`"c"."name"`, 'cellName')
      .addSelect(`"e"."status"`, 'status')
      .addSelect(`"e"."suggestedLevel"`, 'suggestedLevel')
      .addSelect(`"e"."selfLevel"`, 'selfLevel')
      .addSelect(`"e"."proposedLevel"`, 'proposedLevel')
      .addSelect(`"e"."decidedLevel"`, 'decidedLevel')
      .addSelect(`"e"."notClassifiedReason"`, 'notClassifiedReason')
      .addSelect(`"e"."decisionComment"`, 'decisionComment')
      .where(`"y"."year" = :year AND "e"."cellPath" LIKE :p`, { year, p: `${path}%` })
      .orderBy(`"c"."name"`)
      .addOrderBy(`"m"."searchName"`)
      .addOrderBy(`"e"."memberId"`)
      .getRawMany<ClassificationRow>();
    return rows.map((r) => ({
      ...r,
      decidedLevel: r.status === 'decided' ? r.decidedLevel : null,
    }));
  }

  /**
   * One member's records for the individual review: the yearly commitments of the year and the next
   * (live items in order), the yearly self-checks' non-`none` codes and the year's evaluation, each
   * with the cell it was made in, of the cells `reach.made` admits; the formal record follows the
   * member whatever the cell: the year's disciplinary decisions and a finalized cycle's decided level.
   */
  async memberReview(
    em: EntityManager,
    memberId: string,
    year: number,
    reach: ReviewReach,
  ): Promise<MemberReviewData> {
    const { made, formal } = reach;
    const commitments = await em
      .createQueryBuilder()
      .from(Commitment, 'c')
      .innerJoin(Organization, 'o', `"o"."id" = "c"."cellId"`)
      .select([
        '"c"."id" AS "id"',
        '"c"."year" AS "year"',
        '"o"."name" AS "cellName"',
        '"c"."status" AS "status"',
        '"c"."rating" AS "rating"',
      ])
      .addSelect(['"c"."reviewComment" AS "reviewComment"', '"c"."assessmentComment" AS "assessmentComment"'])
      .where(`"c"."memberId" = :memberId AND "c"."periodType" = 'yearly' AND "c"."year" IN (:y0, :y1)`, {
        memberId,
        y0: year,
        y1: year + 1,
      })
      .andWhere(made.sql, made.params)
      .getRawMany<{
        id: string;
        year: number;
        cellName: string;
        status: string;
        rating: string | null;
        reviewComment: string | null;
        assessmentComment: string | null;
      }>();
    const items = commitments.length
      ? await em
          .createQueryBuilder()
          .from(CommitmentItem, 'i')
          .select([
            '"i"."commitmentId" AS "commitmentId"',
            '"i"."category" AS "category"',
            '"i"."content" AS "content"',
          ])
          .addSelect([
            '"i"."target" AS "target"',
            '"i"."outcome" AS "outcome"',
            '"i"."exceeded" AS "exceeded"',
          ])
          .where(`"i"."commitmentId" IN (:...ids) AND "i"."removedAt" IS NULL`, {
            ids: commitments.map((c) => c.id),
          })
          .orderBy(`"i"."commitmentId"`)
          .addOrderBy(`"i"."position"`)
          .getRawMany<ReviewItem & { commitmentId: string }>()
      : [];
    const withItems = (y: number): ReviewCommitment | null => {
      const c = commitments.find((x) => num(x.year) === y);
      if (!c) return null;
      return { ...c, year: y, items: items.filter((i) => i.commitmentId === c.id) };
    };
    const selfCheck = await em
      .createQueryBuilder()
      .from(ConductCheckItem, 'i')
      .innerJoin(ConductCheck, 'k', `"k"."id" = "i"."checkId"`)
      .innerJoin(Organization, 'o', `"o"."id" = "k"."cellId"`)
      .select(`"i"."code"`, 'code')
      .addSelect(`"i"."selfStatus"`, 'status')
      .addSelect(`"o"."name"`, 'cellName')
      .where(`"k"."memberId" = :memberId AND "k"."year" = :year AND "k"."quarter" = 0`, { memberId, year })
      .andWhere(`"i"."selfStatus" IN ('at_risk', 'present')`)
      .andWhere(made.sql, made.params)
      .orderBy(`"k"."createdAt"`)
      .addOrderBy(`"i"."code"`)
      .getRawMany<{ code: number; status: string; cellName: string }>();
    const evaluation = await em
      .createQueryBuilder()
      .from(Evaluation, 'e')
      .innerJoin(EvaluationCycle, 'y', `"y"."id" = "e"."cycleId"`)
      .innerJoin(Organization, 'o', `"o"."id" = "e"."cellId"`)
      .select([
        '"o"."name" AS "cellName"',
        `CASE WHEN ${made.sql} THEN 0 ELSE 1 END AS "formalOnly"`,
        '"y"."status" AS "cycleStatus"',
        '"e"."status" AS "status"',
        '"e"."selfLevel" AS "selfLevel"',
        '"e"."selfSummary" AS "selfSummary"',
      ])
      .addSelect(['"e"."selfStrengths" AS "selfStrengths"', '"e"."selfShortcomings" AS "selfShortcomings"'])
      .addSelect(['"e"."proposedLevel" AS "proposedLevel"', '"e"."proposalComment" AS "proposalComment"'])
      .addSelect(['"e"."decidedLevel" AS "decidedLevel"', '"e"."decisionComment" AS "decisionComment"'])
      .addSelect(['"e"."suggestedLevel" AS "suggestedLevel"', '"e"."reasons" AS "reasons"'])
      .addSelect('"r"."definition"', 'definition')
      .innerJoin(EvaluationRuleSet, 'r', `"r"."id" = "y"."ruleSetId"`)
      .where(`"e"."memberId" = :memberId AND "y"."year" = :year`, { memberId, year })
      .andWhere(formal.sql, formal.params)
      .setParameters(made.params)
      .getRawOne<StoredReviewEvaluation>();
    const discipline = await em
      .createQueryBuilder()
      .from(DisciplinaryRecord, 'd')
      .innerJoin(Organization, 'o', `"o"."id" = "d"."cellId"`)
      // As text on both engines (PostgreSQL's driver would answer a date as a Date).
      .select(['CAST("d"."decidedOn" AS VARCHAR(10)) AS "decidedOn"', '"d"."form" AS "form"'])
      .addSelect(['"d"."decisionNumber" AS "decisionNumber"', '"o"."name" AS "cellName"'])
      .where(`"d"."memberId" = :memberId AND "d"."decidedOn" >= :from AND "d"."decidedOn" <= :to`, {
        memberId,
        from: `${year}-01-01`,
        to: `${year}-12-31`,
      })
      .andWhere(formal.sql, formal.params)
      .orderBy(`"d"."decidedOn"`)
      .addOrderBy(`"d"."decisionNumber"`)
      .getRawMany<ReviewDecision>();
    return {
      commitment: withItems(year),
      nextCommitment: withItems(year + 1),
      selfCheck: selfCheck.map((r) => ({ code: num(r.code), status: r.status, cellName: r.cellName })),
      evaluation: evaluation ? reviewEvaluation(evaluation) : null,
      discipline,
    };
  }

  /** The latest cell of the member's history that `made` admits (a cell they left, for its secretary). */
  async lastCellOf(em: EntityManager, memberId: string, made: ReviewReach['made']): Promise<string> {
    const row = await em
      .createQueryBuilder()
      .from(MemberCellHistory, 'h')
      .innerJoin(Organization, 'o', `"o"."id" = "h"."cellId"`)
      .select(`"h"."cellId"`, 'cellId')
      .where(`"h"."memberId" = :memberId`, { memberId })
      .andWhere(made.sql, made.params)
      .orderBy(`"h"."fromAt"`, 'DESC')
      .limit(1)
      .getRawOne<{ cellId: string }>();
    if (!row) throw DomainError.notFound('Member');
    return row.cellId;
  }

  /**
   * Attendance counts per cell (CellLifeRates, grouped by cell) added up per direct child of the
   * organisation at `parentPath`: the attendance rows of a child's subtree are those of its cells.
   */
  async attendanceByChild(
    em: EntityManager,
    parentPath: string,
    cells: ReadonlyArray<RateRow>,
  ): Promise<Map<string, RateRow>> {
    const perCell = new Map<string, AttendanceCounts>(
      cells.map((c) => [
        String(c.cellId),
        { present: c.present, excused: c.excused, absent: c.absent, expected: c.expected },
      ]),
    );
    const sums = sumByChild(perCell, await this.childrenOfCells(em, parentPath));
    return new Map([...sums].map(([child, s]) => [child, attendanceRate(s)]));
  }

  /** Each organisation below `parentPath` -> the direct child of the parent it lies under. */
  private async childrenOfCells(em: EntityManager, parentPath: string): Promise<Map<string, string>> {
    const rows = await em
      .createQueryBuilder()
      .from(Organization, 'o')
      .select(`"o"."id"`, 'id')
      .addSelect(childOf(`"o"."path"`, parentPath), 'child')
      .where(`"o"."path" LIKE :p AND "o"."path" <> :parent`, { p: `${parentPath}%`, parent: parentPath })
      .getRawMany<{ id: string; child: string }>();
    return new Map(rows.map((r) => [r.id, r.child]));
  }

  /** The organisation's direct children that still existed on `from` (not closed before it), in name order. */
  async children(em: EntityManager, organizationId: string, from: string): Promise<Organization[]> {
    return em
      .createQueryBuilder(Organization, 'o')
      .where('o.parentId = :organizationId', { organizationId })
      .andWhere('(o.closedOn IS NULL OR o.closedOn >= :from)', { from })
      .orderBy('o.name', 'ASC')
      .getMany();
  }
}

/**
 * The year's evaluation as the review document shows it: whole when made in a cell the caller reads;
 * otherwise only the formal record, the level decided in a finalized cycle, or nothing at all.
 */
type StoredReviewEvaluation = Omit<ReviewEvaluation, 'formalOnly' | 'reasons'> & {
  cycleStatus: string;
  formalOnly: number | string;
  /** The stored reasons (JSON) and the cycle's rule set, which flags those stored before the flag. */
  reasons: string;
  definition: string;
};

function reviewEvaluation(r: StoredReviewEvaluation): ReviewEvaluation | null {
  const { cycleStatus, formalOnly, reasons, definition, ...e } = r;
  if (!num(formalOnly)) {
    const rules = parseRuleSetDefinition(definition);
    const flagged = (JSON.parse(reasons) as Reason[]).map((x) => reasonFlags(rules, x));
    return {
      ...e,
      formalOnly: false,
      reasons: flagged.map((x) => ({ text: x.text, unverified: x.unverified })),
    };
  }
  if (cycleStatus !== 'finalized' || e.status !== 'decided') return null;
  return {
    cellName: e.cellName,
    formalOnly: true,
    status: e.status,
    selfLevel: null,
    selfSummary: null,
    selfStrengths: null,
    selfShortcomings: null,
    proposedLevel: null,
    proposalComment: null,
    decidedLevel: e.decidedLevel,
    decisionComment: null,
    suggestedLevel: null,
    reasons: [],
  };
}
