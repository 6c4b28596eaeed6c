import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CommitmentItem } from '../commitments/commitment-item.entity.js';
import { Commitment } from '../commitments/commitment.entity.js';
import { DomainError } from '../common/domain-error.js';
import { ConductCheck, ConductCheckItem } from '../conduct-checks/conduct-check.entity.js';
import { DisciplinaryRecord } from '../discipline/disciplinary-record.entity.js';
import { EvaluationCycle } from '../evaluations/evaluation-cycle.entity.js';
import { EvaluationRuleSet } from '../evaluations/evaluation-rule-set.entity.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { Reason, reasonFlags } from '../evaluations/evaluation-reasons.rules.js';
import { Level, parseRuleSetDefinition } from '../evaluations/rule-sets.js';
import { MemberCellHistory } from '../members/member-cell-history.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { num } from './report-sql.js';

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

/** One member's records for the individual review document (bản kiểm điểm, docs/REPORTS.md). */
@Injectable()
export class MemberReviewRepository {
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
