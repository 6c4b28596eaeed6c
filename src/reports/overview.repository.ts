import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { nextDay } from '../common/rates.js';
import { EvaluationCycle } from '../evaluations/evaluation-cycle.entity.js';
import { EvaluationRuleSet } from '../evaluations/evaluation-rule-set.entity.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { checkQuota, QuotaCheck } from '../evaluations/evaluation-quota.rules.js';
import { parseRuleSetDefinition } from '../evaluations/rule-sets.js';
import {
  REGISTERED,
  registeredParams,
  STUDIED,
  studiedParams,
} from '../meetings/cell-life-rates.repository.js';
import { onRollFromCellsSql, rollParams } from '../meetings/membership.repository.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { cellScope, EXPECTED, isoDay, num, PUBLISHED, sumWhen } from './report-sql.js';
import { ManifestationCount } from './reports.rules.js';
import {
  CommitmentCounts,
  commitmentCounts,
  commitmentRows,
  LevelCounts,
  levelCounts,
  levelRows,
  manifestationRows,
  MeetingCounts,
  meetingCounts,
  meetingRows,
  MemberCounts,
  memberCountsOf,
  PeriodRegistrations,
  periodsOf,
  ROLL_COUNTS,
} from './subtree-figures.repository.js';

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

/**
 * The overview's figures of one organisation's whole subtree (docs/REPORTS.md), one statement per
 * figure; none loads members to count them. The cell-life rates (attendance) come from CellLifeRates.
 */
@Injectable()
export class OverviewRepository {
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
    // The period commitments of the whole roll, the expected members counted by CASE. CROSS JOIN makes
    // SQLite read the roll first and each member's commitments through IDX_commitment_member_period_report
    // (an inner join walks every commitment of the year); PostgreSQL reorders it freely and, knowing the
    // roll's size (a filter on it, or IN over it, leaves it guessing 200 members), merges the roll with
    // the year's commitments read in member order instead of one look-up per member (307,000 buffers).
    const periods = `SELECT ${columns({
      part: `'periods'`,
      periodType: `"c"."periodType"`,
      periodKey: `"c"."periodKey"`,
      total: sumWhen(EXPECTED),
    }).join(', ')} FROM "roll" "m" CROSS JOIN "commitment" "c"
      WHERE "c"."memberId" = "m"."id" AND "c"."year" = :year AND "c"."periodType" IN ('quarterly', 'monthly')
        AND "c"."status" IN ${PUBLISHED}
      GROUP BY "c"."periodType", "c"."periodKey"`;
    // MATERIALIZED spelled out: TypeORM drops the hint on SQLite, which then inlines the CTE into
    // both parts (the roll tested twice); PostgreSQL (12+) and SQLite (3.35+) both read it.
    const [sql, params] = em.dataSource.driver.escapeQueryWithParameters(
      `WITH "roll" AS MATERIALIZED (${roll.getQuery()}) ${figures.getQuery()} UNION ALL ${periods}`,
      {
        ...roll.getParameters(),
        year,
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

  /**
   * Commitments made in the subtree's cells for the year (all period types): item outcomes of
   * reported or assessed commitments, the secretary's ratings, and late first submissions.
   */
  async commitmentCounts(em: EntityManager, path: string, year: number): Promise<CommitmentCounts> {
    return (await commitmentRows(em, cellScope(path), year)).get('') ?? commitmentCounts({});
  }

  /** Evaluations of the year's cycles whose cell lies in the subtree, by decided level. */
  async levelCounts(em: EntityManager, path: string, year: number): Promise<LevelCounts> {
    return (await levelRows(em, path, year, false)).get('') ?? levelCounts({});
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
    return (await manifestationRows(em, path, year, false)).get('') ?? [];
  }

  /** Meetings held in the subtree's cells in [from, to] by kind, and the issues raised at them. */
  async meetingCounts(em: EntityManager, path: string, from: string, to: string): Promise<MeetingCounts> {
    return (await meetingRows(em, cellScope(path), from, to)).get('') ?? meetingCounts({});
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
}
