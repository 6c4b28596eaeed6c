/**
 * The quota of "Hoàn thành xuất sắc nhiệm vụ" per grassroots organisation. Pure: no Nest, no I/O;
 * the web client's leader page runs the same arithmetic.
 */
import { RuleSetDefinition } from './rule-sets.js';

/**
 * QĐ 124 / HD 21: excellent may not exceed share x good in a grassroots organisation, rounded as the
 * rule set says (down in QĐ 366 versions 1 and 2).
 */
export function maxExcellent(rules: RuleSetDefinition, goodCount: number): number {
  const exact = goodCount * rules.quota.maxExcellentShareOfGood;
  // The epsilons keep 0.2 * 15 = 3.0000000000000004 and 0.2 * 35 from drifting across an integer.
  switch (rules.quota.rounding) {
    case 'ceil':
      return Math.ceil(exact - 1e-9);
    case 'round':
      return Math.round(exact + 1e-9);
    case 'floor':
      return Math.floor(exact + 1e-9);
  }
}

export interface QuotaCheck {
  excellent: number;
  good: number;
  maxExcellent: number;
  ok: boolean;
}

/**
 * The quota of one grassroots organisation; `exceptionMax` is the number of excellent the higher
 * committee approved for it (counted instead of the quota where the rule set allows an exception).
 */
export function checkQuota(
  rules: RuleSetDefinition,
  counts: { excellent: number; good: number },
  exceptionMax: number | null = null,
): QuotaCheck {
  const max =
    exceptionMax !== null && rules.quota.exceptionByHigherCommittee
      ? Math.max(exceptionMax, maxExcellent(rules, counts.good))
      : maxExcellent(rules, counts.good);
  return { excellent: counts.excellent, good: counts.good, maxExcellent: max, ok: counts.excellent <= max };
}
