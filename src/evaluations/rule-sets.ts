/**
 * Classification rule sets as versioned data. A cycle pins the rule set in force at its review date
 * when it opens, so a later rule set never rewrites an earlier year's results. The published rule
 * sets are frozen JSON files in database/reference/rule-sets/ that their migrations read (never this
 * code); a change is a new file with a new `version` (or a new `code`) and its own effective date,
 * loaded by a new migration, never an edit of a published one. This file holds their types.
 *
 * Status of each setting against the official texts: see ../../../shared/domain/evaluation-levels.json
 * and docs/EVALUATION.md. Settings whose party wording under QĐ 366 is UNVERIFIED are listed in
 * `unverified` so that the API can show it.
 */

export const LEVELS = ['excellent', 'good', 'complete', 'incomplete'] as const;
export type Level = (typeof LEVELS)[number];

/** Official Vietnamese names, the only names shown to users. */
export const LEVEL_NAMES: Record<Level, string> = {
  excellent: 'Hoàn thành xuất sắc nhiệm vụ',
  good: 'Hoàn thành tốt nhiệm vụ',
  complete: 'Hoàn thành nhiệm vụ',
  incomplete: 'Không hoàn thành nhiệm vụ',
};

/** Rank 1 is the best level. */
export const LEVEL_RANK: Record<Level, number> = { excellent: 1, good: 2, complete: 3, incomplete: 4 };

/** Codes of the scoring criteria; the formula of each lives in evaluations.rules.ts. */
export type CommonCriterionCode = 'ethics' | 'discipline' | 'cell_life';
export type TaskCriterionCode = 'registration' | 'item_outcomes' | 'cell_assessment';

export interface CriterionDefinition<C extends string> {
  code: C;
  /** Vietnamese label read out at the cell meeting. */
  name: string;
  points: number;
}

export interface RuleSetDefinition {
  /** Stable identifier of the rule set family, e.g. "QD366-2025". */
  code: string;
  version: number;
  regulation: string;
  title: string;
  /** First review date (YYYY-MM-DD) the rule set applies to. */
  effectiveFrom: string;
  /** Minimum total score per level; below `complete` is `incomplete`. */
  thresholds: { excellent: number; good: number; complete: number };
  excellent: {
    /** Every commitment item of the year reported done (or exceeded). */
    requireAllItemsDone: boolean;
    /** Share of items that exceeded their target, 0..1. */
    minExceededShare: number;
    /** Last year's shortcomings remedied: every `remedy` item done. */
    requireRemedyDone: boolean;
  };
  disqualifiers: {
    /** A disciplinary decision in the year forces `incomplete`... */
    discipline: boolean;
    /** ...unless recorded as self-detected and remedied. */
    remediedDisciplineExcused: boolean;
    /** A conclusion of `present` on any of the 27 manifestations by the cell or committee. */
    concludedManifestation: boolean;
    /** A recorded breach of the things members must not do (QĐ 37-QĐ/TW). */
    prohibitionBreach: boolean;
  };
  quota: {
    /** At most floor(good * share) members decided `excellent` per grassroots organisation. */
    maxExcellentShareOfGood: number;
    source: string;
  };
  notClassified: {
    exempt: boolean;
    suspended: boolean;
    /** Members admitted fewer months than this before the review date are not classified; null: off. */
    minMonthsSinceAdmission: number | null;
  };
  scoring: {
    common: CriterionDefinition<CommonCriterionCode>[];
    tasks: CriterionDefinition<TaskCriterionCode>[];
    /** Points per item outcome and per cell rating, 0..1. */
    outcomeWeights: { done: number; partly: number; notDone: number };
    ratingWeights: { achieved: number; partlyAchieved: number; notAchieved: number };
    /** Weight of an excused absence from a meeting or study session, 0..1 (present = 1, absent = 0). */
    excusedWeight: number;
    /** Share of the registration points lost when the yearly commitment was submitted late, 0..1. */
    lateRegistrationPenalty: number;
  };
  /** Settings whose wording under this regulation is not verified against the official text. */
  unverified: string[];
}
