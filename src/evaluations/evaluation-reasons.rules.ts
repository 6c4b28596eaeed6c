/**
 * The reasons a suggestion gives (each resting on a rule of the rule set, flagged when that rule was
 * not compared with the official text) and the Vietnamese formatting of the figures they quote.
 * Pure: no Nest, no I/O.
 */
import { basisOf, RuleKey, RuleSetDefinition, SourceKind } from './rule-sets.js';

export type ReasonEffect = 'info' | 'not_classified' | 'forces_incomplete' | 'caps_level' | 'level';

export interface Reason {
  code: string;
  effect: ReasonEffect;
  text: string;
  /** True when the rule behind the reason was not compared with the official text. */
  unverified?: boolean;
  /** Where the rule's wording comes from. */
  source?: SourceKind;
}

/** The rule each reason code rests on, for reasons stored before they carried their flag. */
const REASON_RULES: Record<string, RuleKey> = {
  score: 'scoring.common',
  level_by_score: 'thresholds',
  disciplined_in_year: 'disqualifiers.discipline',
  discipline_remedied: 'disqualifiers.remediedDisciplineExcused',
  concluded_manifestation: 'disqualifiers.concludedManifestation',
  proposed_manifestation: 'disqualifiers.competentBodies',
  prohibition_breach: 'disqualifiers.prohibitionBreach',
  excellent_items_not_all_done: 'excellent.requireAllItemsDone',
  excellent_exceeded_share: 'excellent.minExceededShare',
  excellent_remedy_not_done: 'excellent.requireRemedyDone',
  capped_at_good: 'excellent.requireAllItemsDone',
  not_classified_exempt: 'notClassified.exempt',
  exempt_part_of_year: 'notClassified.exemptShareOfYear',
  not_classified_suspended: 'notClassified.suspended',
  not_classified_joined_recently: 'notClassified.minMonthsSinceAdmission',
};

/** A stored reason with its flag and source; older rows get them from the rule they rest on. */
export function reasonFlags(rules: RuleSetDefinition, r: Reason): Reason & { unverified: boolean } {
  if (r.unverified !== undefined) return { ...r, unverified: r.unverified };
  const rule = REASON_RULES[r.code];
  if (!rule) return { ...r, unverified: false };
  const b = basisOf(rules, rule);
  return { ...r, unverified: !b.verified, source: b.source };
}

/** A reason resting on `rule`, flagged as the rule set's basis says. */
export function ruled(
  rules: RuleSetDefinition,
  rule: RuleKey,
  r: Omit<Reason, 'unverified' | 'source'>,
): Reason {
  const b = basisOf(rules, rule);
  return { ...r, unverified: !b.verified, source: b.source };
}

/** 92.5 -> "92,5" (Vietnamese decimal comma), at most two decimals. */
export function formatPoints(n: number): string {
  return String(round2(n)).replace('.', ',');
}

/** 2026-09-01 -> "01/09/2026". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export function round2(n: number): number {
  return Math.round((n + Number.EPSILON) * 100) / 100;
}

export function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : 0;
}

/** Adds whole calendar months to a YYYY-MM-DD date, clamping to the month's last day. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
