/**
 * What year-end classification reads of a member (QĐ 366-QĐ/TW): the year's metrics the generation
 * queries count, the facts that decide whether the member is classified at all, and the counts of
 * discipline and QĐ 37 breaches that the rule set lets weigh. Pure: no Nest, no I/O.
 */
import { RuleSetDefinition, ConcludingBodyCode } from './rule-sets.js';

/** One year of a member's records, as counted by the generation queries. */
export interface MemberMetrics {
  commitments: {
    /** A yearly commitment accepted (or later in the workflow). */
    yearlyRegistered: boolean;
    /** The yearly commitment was submitted by its deadline; null when unknown. */
    yearlyOnTime: boolean | null;
    quarterlyRegistered: number;
    monthlyRegistered: number;
    /** Commitments of the year submitted after their deadline. */
    late: number;
  };
  items: {
    total: number;
    /** Reported done, including the exceeded ones. */
    done: number;
    exceeded: number;
    partly: number;
    notDone: number;
    /** Items with no reported outcome. */
    unreported: number;
    remedyTotal: number;
    remedyDone: number;
    /** Done items whose reported completion date falls after their due date (done, not on time). */
    late: number;
  };
  ratings: { achieved: number; partlyAchieved: number; notAchieved: number };
  feedback: { received: number; commendations: number; criticisms: number };
  meetings: { expected: number; present: number; excused: number; absent: number };
  study: { expected: number; present: number; excused: number; absent: number };
  conduct: {
    selfAtRisk: number;
    selfPresent: number;
    /** Manifestation codes (1-27) concluded `present` by a competent body with a recorded document. */
    concludedPresentCodes: number[];
    /** The documents of those conclusions, one per code (the earliest). */
    conclusions: Array<{
      code: number;
      body: ConcludingBodyCode;
      documentNumber: string;
      documentDate: string;
    }>;
    /** Codes the secretary entered `present` without a competent body's conclusion: shown, not forcing. */
    proposedPresentCodes: number[];
  };
  discipline: {
    /** Disciplinary decisions dated in the year. */
    records: number;
    /** Of those, recorded as self-detected and remedied. */
    remedied: number;
    /** Recorded breaches of QĐ 37-QĐ/TW (19 prohibitions), not marked self-detected and remedied. */
    prohibitionBreaches: number;
    /** Breaches of QĐ 37-QĐ/TW on decisions marked self-detected and remedied (that excuses discipline only). */
    prohibitionBreachesRemedied: number;
  };
  /** What the cell or committee recorded for the year (evaluation inputs). */
  findings: {
    /** Recorded breaches of the duty to set an example. */
    exemplaryDutyBreaches: number;
    /** Rated "không hoàn thành nhiệm vụ" in the state evaluation of civil servants. */
    stateRatingIncomplete: boolean;
  };
}

export function emptyMetrics(): MemberMetrics {
  return {
    commitments: {
      yearlyRegistered: false,
      yearlyOnTime: null,
      quarterlyRegistered: 0,
      monthlyRegistered: 0,
      late: 0,
    },
    items: {
      total: 0,
      done: 0,
      exceeded: 0,
      partly: 0,
      notDone: 0,
      unreported: 0,
      remedyTotal: 0,
      remedyDone: 0,
      late: 0,
    },
    ratings: { achieved: 0, partlyAchieved: 0, notAchieved: 0 },
    feedback: { received: 0, commendations: 0, criticisms: 0 },
    meetings: { expected: 0, present: 0, excused: 0, absent: 0 },
    study: { expected: 0, present: 0, excused: 0, absent: 0 },
    conduct: {
      selfAtRisk: 0,
      selfPresent: 0,
      concludedPresentCodes: [],
      conclusions: [],
      proposedPresentCodes: [],
    },
    discipline: { records: 0, remedied: 0, prohibitionBreaches: 0, prohibitionBreachesRemedied: 0 },
    findings: { exemplaryDutyBreaches: 0, stateRatingIncomplete: false },
  };
}

/** Stored metrics of any age with the fields added since filled with their empty values. */
export function withMetricDefaults(stored: Partial<MemberMetrics>): MemberMetrics {
  const base = emptyMetrics();
  const out: MemberMetrics = { ...base, ...stored };
  for (const k of Object.keys(base) as (keyof MemberMetrics)[]) {
    const b = base[k];
    if (b && typeof b === 'object' && !Array.isArray(b))
      (out as unknown as Record<string, unknown>)[k] = { ...b, ...(stored[k] as object | undefined) };
  }
  return out;
}

/** Grounds of an exemption, as the reasons name them. */
export const EXEMPTION_GROUND_NAMES: Record<string, string> = {
  age: 'tuổi cao',
  long_illness: 'ốm đau dài ngày',
  maternity: 'thai sản',
  other: 'lý do khác',
};

/** One exemption period (both ends inclusive, `to` null while open). */
export interface ExemptionFact {
  from: string;
  to: string | null;
  ground: string;
}

/** Facts about the member that decide whether they are classified at all. */
export interface MemberFacts {
  /** The exempt flag at generation (rule sets before version 4). */
  isExempt: boolean;
  /** Exemption periods touching the review year, in date order (version 4 on). */
  exemptions?: ExemptionFact[];
  isSuspended: boolean;
  /** YYYY-MM-DD, or null when unknown (then treated as long-standing). */
  joinedPartyOn: string | null;
  /** Date of an expulsion decision (khai trừ), or null. */
  expelledOn?: string | null;
}

/** Disciplinary decisions of the year that count (self-detected and remedied ones excused when the rule says so). */
export function unexcusedDiscipline(rules: RuleSetDefinition, m: MemberMetrics): number {
  return m.discipline.records - (rules.disqualifiers.remediedDisciplineExcused ? m.discipline.remedied : 0);
}

/** QĐ 37 breaches that count: "self-detected and remedied" excuses discipline only, unless the rule set says otherwise. */
export function countedBreaches(rules: RuleSetDefinition, m: MemberMetrics): number {
  return (
    m.discipline.prohibitionBreaches +
    (rules.disqualifiers.remediedBreachExcused ? 0 : m.discipline.prohibitionBreachesRemedied)
  );
}
