/**
 * Classification rule sets as versioned data. A cycle pins the rule set in force at its review date
 * when it opens, so a later rule set never rewrites an earlier year's results. A published rule set
 * is never edited: a change is a new `version` (or a new `code`) with its own effective date, loaded
 * by a new migration.
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

/**
 * QĐ 366-QĐ/TW of 30/8/2025 (Bộ Chính trị), replacing QĐ 124-QĐ/TW (2023): 100-point scale,
 * common criteria 30 + task results 70 (VERIFIED); levels at 90/70/50 (VERIFIED).
 */
export const QD366_2025: RuleSetDefinition = {
  code: 'QD366-2025',
  version: 1,
  regulation: '366-QĐ/TW',
  title: 'Quy định 366-QĐ/TW ngày 30/8/2025 về kiểm điểm và đánh giá, xếp loại chất lượng',
  effectiveFrom: '2025-08-30',
  thresholds: { excellent: 90, good: 70, complete: 50 },
  excellent: { requireAllItemsDone: true, minExceededShare: 0.3, requireRemedyDone: true },
  disqualifiers: {
    discipline: true,
    remediedDisciplineExcused: true,
    concludedManifestation: true,
    prohibitionBreach: true,
  },
  quota: {
    maxExcellentShareOfGood: 0.2,
    source:
      'HD 21-HD/BTCTW (2019) và QĐ 124-QĐ/TW (2023): số đảng viên Hoàn thành xuất sắc nhiệm vụ không vượt quá 20% số Hoàn thành tốt nhiệm vụ trong tổ chức cơ sở đảng; chưa đối chiếu được với QĐ 366-QĐ/TW.',
  },
  notClassified: { exempt: true, suspended: true, minMonthsSinceAdmission: 6 },
  scoring: {
    common: [
      {
        code: 'ethics',
        name: 'Phẩm chất chính trị, đạo đức, lối sống; không có biểu hiện suy thoái',
        points: 10,
      },
      {
        code: 'discipline',
        name: 'Ý thức tổ chức kỷ luật; không vi phạm những điều đảng viên không được làm',
        points: 10,
      },
      { code: 'cell_life', name: 'Tham gia sinh hoạt chi bộ và học tập chuyên đề', points: 10 },
    ],
    tasks: [
      { code: 'registration', name: 'Đăng ký, cam kết tu dưỡng, rèn luyện, phấn đấu đầu năm', points: 10 },
      { code: 'item_outcomes', name: 'Kết quả thực hiện các nội dung đã cam kết', points: 40 },
      { code: 'cell_assessment', name: 'Chi bộ đánh giá kết quả thực hiện cam kết', points: 20 },
    ],
    outcomeWeights: { done: 1, partly: 0.5, notDone: 0 },
    ratingWeights: { achieved: 1, partlyAchieved: 0.5, notAchieved: 0 },
    excusedWeight: 0.5,
    lateRegistrationPenalty: 0.3,
  },
  unverified: [
    'disqualifiers',
    'quota.maxExcellentShareOfGood',
    'notClassified.suspended',
    'notClassified.minMonthsSinceAdmission',
    'excellent.requireRemedyDone',
    'scoring.common',
    'scoring.tasks',
  ],
};

/** Every rule set the service knows, loaded into `evaluation_rule_set` by migration. */
export const RULE_SETS: readonly RuleSetDefinition[] = [QD366_2025];
