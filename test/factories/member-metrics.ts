import { emptyMetrics, MemberFacts, MemberMetrics } from '../../src/evaluations/evaluation-metrics.rules.js';

/**
 * Metrics for the unit specs of the year-end rules (src/evaluations/*.rules.spec.ts): pure data, no
 * database. Each spec changes the parts its rule reads.
 */

/** The review date of the specs' cycles. */
export const REVIEW = '2026-12-31';

/** A member admitted long ago, neither exempt nor suspended. */
export const LONG_STANDING: MemberFacts = {
  isExempt: false,
  isSuspended: false,
  joinedPartyOn: '2010-05-19',
};

/**
 * A perfect year: every item of 10 done on time, 4 exceeded, last year's one shortcoming remedied,
 * every rating achieved, every meeting and study session attended: 100 points, excellent.
 */
export function perfectYear(): MemberMetrics {
  const m = emptyMetrics();
  m.commitments = {
    yearlyRegistered: true,
    yearlyOnTime: true,
    quarterlyRegistered: 4,
    monthlyRegistered: 12,
    late: 0,
  };
  m.items = { ...m.items, total: 10, done: 10, exceeded: 4, remedyTotal: 1, remedyDone: 1 };
  m.ratings = { achieved: 5, partlyAchieved: 0, notAchieved: 0 };
  m.meetings = { expected: 12, present: 12, excused: 0, absent: 0 };
  m.study = { expected: 2, present: 2, excused: 0, absent: 0 };
  return m;
}
