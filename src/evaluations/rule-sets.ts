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

import { SOURCE_KINDS, SourceKind } from '../common/source-kinds.js';

/** Bodies that conclude on a manifestation (the same codes as conduct_check_item.concludingBody). */
export type ConcludingBodyCode = 'cell_meeting' | 'committee' | 'inspection_commission';

/** Vietnamese names of the concluding bodies, for the reasons. */
export const CONCLUDING_BODY_NAMES: Record<ConcludingBodyCode, string> = {
  cell_meeting: 'Nghị quyết chi bộ',
  committee: 'Kết luận của cấp ủy',
  inspection_commission: 'Kết luận của ủy ban kiểm tra',
};

/**
 * The bodies whose recorded conclusion (with document number and date) forces a level, or null when
 * the rule set predates the field (versions 1 and 2): then every `present` the cell recorded counts,
 * as those versions always applied it, so their cycles keep their results.
 */
export function competentBodiesOf(rules: RuleSetDefinition): readonly ConcludingBodyCode[] | null {
  return rules.disqualifiers.competentBodies ?? null;
}

export { SOURCE_KINDS, type SourceKind };

/**
 * What one rule rests on: `verified` only when the wording was compared with the official text;
 * `source` says where the wording comes from; `text` names the document (shown to committees).
 */
export interface RuleBasis {
  text: string;
  source: SourceKind;
  verified: boolean;
}

/** Recorded facts that zero an all-or-nothing input (and, as disqualifiers, force `incomplete`). */
export const CONDUCT_CONDITIONS = [
  'concluded_manifestation',
  'discipline',
  'prohibition_breach',
  'exemplary_duty_breach',
] as const;
export type ConductCondition = (typeof CONDUCT_CONDITIONS)[number];

/**
 * One input of a criterion, a value 0..1 computed by a generic formula from the year's metrics.
 * Which inputs feed which criterion, with what share and settings, is rule-set data.
 */
export type InputSpec =
  /** 1 unless one of the conditions is recorded (a conclusion, a decision, a breach), then 0. */
  | { kind: 'clear_of'; conditions: ConductCondition[]; clearNote: string }
  /** Attendance at regular/thematic cell meetings or study sessions; none held = 1 (no deduction). */
  | { kind: 'attendance'; of: 'meetings' | 'study'; excusedWeight: number }
  /** A yearly commitment accepted: 1, late: 1 - latePenalty, none: 0. */
  | { kind: 'registration'; latePenalty: number }
  /** Weighted share of the year's commitment items by outcome (unreported = not done). */
  | { kind: 'item_outcomes'; weights: { done: number; partly: number; notDone: number } }
  /** Weighted share of the cell's ratings of the year's commitments; none = 0. */
  | { kind: 'cell_ratings'; weights: { achieved: number; partlyAchieved: number; notAchieved: number } }
  /** Share of items done beyond their target, full at `fullAt` (0..1), proportional below. */
  | { kind: 'exceeded_share'; fullAt: number }
  /** Share of remedy items (last year's shortcomings) done; none to remedy = 1. */
  | { kind: 'remedies_done' };

export interface WeightedInput {
  /** Share of the criterion's points, 0..1; a criterion's shares add up to 1. */
  share: number;
  input: InputSpec;
}

export interface CriterionDefinition {
  code: string;
  /** Vietnamese label read out at the cell meeting. */
  name: string;
  points: number;
  inputs: WeightedInput[];
}

export type QuotaRounding = 'floor' | 'round' | 'ceil';

/**
 * A rule set as the service applies it. Version 1 (stored before inputs and bases were data) is
 * read through `normalizeRuleSet`, which spells out the formulas it used, so its cycles give the
 * same scores and levels they always did.
 */
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
    /** ...and none done after its due date. */
    requireOnTime: boolean;
    /** Share of items that exceeded their target, 0..1. */
    minExceededShare: number;
    /** Last year's shortcomings remedied: every `remedy` item done. */
    requireRemedyDone: boolean;
  };
  good: {
    requireAllItemsDone: boolean;
    requireOnTime: boolean;
  };
  disqualifiers: {
    /** A disciplinary decision in the year forces `incomplete`... */
    discipline: boolean;
    /** ...unless recorded as self-detected and remedied. */
    remediedDisciplineExcused: boolean;
    /** A conclusion of `present` on any of the 27 manifestations by a competent body. */
    concludedManifestation: boolean;
    /**
     * The bodies whose recorded conclusion (document number and date) counts (version 3 on); absent
     * in versions 1 and 2, where the cell's `present` alone counts (competentBodiesOf).
     */
    competentBodies?: ConcludingBodyCode[];
    /** A recorded breach of the things members must not do (QĐ 37-QĐ/TW). */
    prohibitionBreach: boolean;
    /** Whether "self-detected and remedied" also excuses a QĐ 37 breach (version 1 only). */
    remediedBreachExcused: boolean;
    /** A recorded breach of the duty to set an example (trách nhiệm nêu gương). */
    exemplaryDutyBreach: boolean;
    /** Fewer than this share of the year's items done forces `incomplete`; null: off. */
    minDoneShare: number | null;
    /** A civil servant rated "không hoàn thành nhiệm vụ" at work, as the cell recorded it. */
    stateRatingIncomplete: boolean;
  };
  quota: {
    /** At most rounding(good * share) members decided `excellent` per grassroots organisation. */
    maxExcellentShareOfGood: number;
    rounding: QuotaRounding;
    /** A recorded approval of the higher committee lets an outstanding unit exceed the quota. */
    exceptionByHigherCommittee: boolean;
    source: string;
  };
  notClassified: {
    exempt: boolean;
    /**
     * Version 4 on: exemption periods decide. Exempt for at least this share of the review year (1 =
     * the whole year): not classified; for less: evaluated on the rest. Absent (versions 1-3): the
     * member's exempt flag at generation decides.
     */
    exemptShareOfYear?: number;
    suspended: boolean;
    /** Members admitted fewer months than this before the review date are not classified; null: off. */
    minMonthsSinceAdmission: number | null;
  };
  scoring: {
    /** The 30 points (QĐ 366's topics in version 2) and the 70 points, each with its inputs. */
    common: CriterionDefinition[];
    tasks: CriterionDefinition[];
  };
  /** What each rule rests on, by rule key (`disqualifiers.discipline`, `scoring.common`, ...). */
  basis: Record<string, RuleBasis>;
  /** Rule keys whose wording is not verified against the official text. */
  unverified: string[];
}

/** The rule keys of version 2 that the reasons and the documentation refer to. */
export const RULE_KEYS = [
  'thresholds',
  'excellent.requireAllItemsDone',
  'excellent.requireOnTime',
  'excellent.minExceededShare',
  'excellent.requireRemedyDone',
  'good.requireAllItemsDone',
  'good.requireOnTime',
  'disqualifiers.discipline',
  'disqualifiers.remediedDisciplineExcused',
  'disqualifiers.concludedManifestation',
  'disqualifiers.prohibitionBreach',
  'disqualifiers.exemplaryDutyBreach',
  'disqualifiers.minDoneShare',
  'disqualifiers.stateRatingIncomplete',
  'quota.maxExcellentShareOfGood',
  'quota.exceptionByHigherCommittee',
  'notClassified.exempt',
  'notClassified.suspended',
  'notClassified.minMonthsSinceAdmission',
  'scoring.common',
  'scoring.tasks',
] as const;
/** Rule keys added after version 2, each described by the versions that carry it. */
export const LATER_RULE_KEYS = ['disqualifiers.competentBodies', 'notClassified.exemptShareOfYear'] as const;
export type RuleKey = (typeof RULE_KEYS)[number] | (typeof LATER_RULE_KEYS)[number];

/** The basis of one rule; a rule the set does not describe counts as unverified with no source. */
export function basisOf(rules: RuleSetDefinition, key: RuleKey): RuleBasis {
  return rules.basis[key] ?? { text: 'Chưa ghi nguồn', source: 'missing', verified: false };
}

// ---------------------------------------------------------------------------------------------------
// Version 1 as stored (QD366-2025 v1), read without changing what it computes.

interface StoredV1 {
  code: string;
  version: number;
  regulation: string;
  title: string;
  effectiveFrom: string;
  thresholds: RuleSetDefinition['thresholds'];
  excellent: { requireAllItemsDone: boolean; minExceededShare: number; requireRemedyDone: boolean };
  disqualifiers: {
    discipline: boolean;
    remediedDisciplineExcused: boolean;
    concludedManifestation: boolean;
    prohibitionBreach: boolean;
  };
  quota: { maxExcellentShareOfGood: number; source: string };
  notClassified: RuleSetDefinition['notClassified'];
  scoring: {
    common: { code: string; name: string; points: number }[];
    tasks: { code: string; name: string; points: number }[];
    outcomeWeights: { done: number; partly: number; notDone: number };
    ratingWeights: { achieved: number; partlyAchieved: number; notAchieved: number };
    excusedWeight: number;
    lateRegistrationPenalty: number;
  };
  unverified: string[];
}

/** The formulas version 1 applied to its criterion codes, spelled out as inputs. */
function v1Inputs(code: string, s: StoredV1['scoring']): WeightedInput[] {
  const one = (input: InputSpec): WeightedInput[] => [{ share: 1, input }];
  switch (code) {
    case 'ethics':
      return one({
        kind: 'clear_of',
        conditions: ['concluded_manifestation'],
        clearNote: 'Không bị kết luận có biểu hiện suy thoái, "tự diễn biến", "tự chuyển hóa".',
      });
    case 'discipline':
      return one({
        kind: 'clear_of',
        conditions: ['discipline', 'prohibition_breach'],
        clearNote: 'Chấp hành nghiêm kỷ luật, không vi phạm những điều đảng viên không được làm.',
      });
    case 'cell_life':
      return [
        { share: 0.5, input: { kind: 'attendance', of: 'meetings', excusedWeight: s.excusedWeight } },
        { share: 0.5, input: { kind: 'attendance', of: 'study', excusedWeight: s.excusedWeight } },
      ];
    case 'registration':
      return one({ kind: 'registration', latePenalty: s.lateRegistrationPenalty });
    case 'item_outcomes':
      return one({ kind: 'item_outcomes', weights: s.outcomeWeights });
    case 'cell_assessment':
      return one({ kind: 'cell_ratings', weights: s.ratingWeights });
    default:
      throw new Error(`rule set v1: unknown criterion ${code}`);
  }
}

/** Every rule key of version 1 with the status it declared (nothing was compared with the official text). */
function v1Basis(unverified: string[]): Record<string, RuleBasis> {
  const out: Record<string, RuleBasis> = {};
  for (const key of RULE_KEYS) {
    const listed = unverified.some((u) => key === u || key.startsWith(`${u}.`));
    out[key] = {
      text: listed
        ? 'Ghi nhận theo văn bản trước QĐ 366-QĐ/TW hoặc thực tiễn địa phương; chưa thấy trong QĐ 366-QĐ/TW.'
        : 'QĐ 366-QĐ/TW theo trích dẫn của báo chí.',
      source: listed ? 'missing' : 'secondary_quotation',
      verified: false,
    };
  }
  out['notClassified.exempt'] = {
    text: 'QĐ 294-QĐ/TW, mục 7.2.3 (bản PDF của văn bản).',
    source: 'official',
    verified: true,
  };
  return out;
}

function isStoredV1(d: unknown): d is StoredV1 {
  const common = (d as StoredV1).scoring?.common;
  return Array.isArray(common) && common.length > 0 && !('inputs' in common[0]);
}

/** A stored definition (any version) as the service applies it. */
export function normalizeRuleSet(stored: unknown): RuleSetDefinition {
  if (!isStoredV1(stored)) return stored as RuleSetDefinition;
  const d = stored;
  return {
    code: d.code,
    version: d.version,
    regulation: d.regulation,
    title: d.title,
    effectiveFrom: d.effectiveFrom,
    thresholds: d.thresholds,
    excellent: { ...d.excellent, requireOnTime: false },
    good: { requireAllItemsDone: false, requireOnTime: false },
    disqualifiers: {
      ...d.disqualifiers,
      remediedBreachExcused: true,
      exemplaryDutyBreach: false,
      minDoneShare: null,
      stateRatingIncomplete: false,
    },
    quota: { ...d.quota, rounding: 'floor', exceptionByHigherCommittee: false },
    notClassified: d.notClassified,
    scoring: {
      common: d.scoring.common.map((c) => ({ ...c, inputs: v1Inputs(c.code, d.scoring) })),
      tasks: d.scoring.tasks.map((c) => ({ ...c, inputs: v1Inputs(c.code, d.scoring) })),
    },
    basis: v1Basis(d.unverified),
    unverified: d.unverified,
  };
}

/** The `definition` column of a rule set row, parsed and normalized. */
export function parseRuleSetDefinition(json: string): RuleSetDefinition {
  return normalizeRuleSet(JSON.parse(json));
}
