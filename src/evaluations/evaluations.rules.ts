/**
 * Pure year-end classification rules (QĐ 366-QĐ/TW, 2025): the suggested level of one member and the
 * check of the level decided. No Nest, no I/O: the service feeds the metrics it read from the other
 * modules. Every rule that fires leaves a reason in plain Vietnamese that a secretary can read out.
 * The parts: evaluation-metrics (what is read), evaluation-reasons (reasons, formatting),
 * not-classified, evaluation-scoring (points, level by score), level-conditions (disqualifiers, the
 * top levels' conditions), evaluation-quota.
 */
import { Level, LEVEL_NAMES, LEVEL_RANK, RuleSetDefinition } from './rule-sets.js';
import { MemberFacts, MemberMetrics } from './evaluation-metrics.rules.js';
import { formatPoints, Reason, ruled } from './evaluation-reasons.rules.js';
import { NotClassifiedReason, notClassifiedReason, partialExemptionReason } from './not-classified.rules.js';
import { levelByScore, scoreBandText, ScoreBreakdown, scoreMember } from './evaluation-scoring.rules.js';
import {
  disqualifiersOf,
  excellentShortfalls,
  goodShortfalls,
  proposalReason,
} from './level-conditions.rules.js';

export interface Suggestion {
  notClassifiedReason: NotClassifiedReason | null;
  score: number | null;
  breakdown: ScoreBreakdown | null;
  level: Level | null;
  /** Disqualifier codes that fired; a decision above `incomplete` is refused while any is set. */
  disqualifiers: string[];
  reasons: Reason[];
}

/** The suggested classification of one member, with every rule that fired. */
export function suggest(
  rules: RuleSetDefinition,
  facts: MemberFacts,
  m: MemberMetrics,
  reviewDate: string,
): Suggestion {
  const excluded = notClassifiedReason(rules, facts, reviewDate);
  if (excluded) {
    const reason: Omit<Reason, 'unverified' | 'source'> = {
      code: `not_classified_${excluded.reason}`,
      effect: 'not_classified',
      text: excluded.text,
    };
    return {
      notClassifiedReason: excluded.reason,
      score: null,
      breakdown: null,
      level: null,
      disqualifiers: [],
      reasons: [excluded.rule ? ruled(rules, excluded.rule, reason) : { ...reason, unverified: false }],
    };
  }
  const breakdown = scoreMember(rules, m);
  const reasons: Reason[] = [
    ruled(rules, 'scoring.common', {
      code: 'score',
      effect: 'info',
      text: `Tổng điểm gợi ý ${formatPoints(breakdown.total)}/100: tiêu chí chung ${formatPoints(breakdown.commonCriteria.points)}/${breakdown.commonCriteria.max}, kết quả thực hiện nhiệm vụ ${formatPoints(breakdown.taskResults.points)}/${breakdown.taskResults.max}.`,
    }),
  ];
  let level = levelByScore(rules, breakdown.total);
  reasons.push(
    ruled(rules, 'thresholds', {
      code: 'level_by_score',
      effect: 'level',
      text: scoreBandText(rules, level, breakdown.total),
    }),
  );

  const partial = partialExemptionReason(rules, facts, reviewDate);
  if (partial) reasons.push(partial);
  const disqualifiers = disqualifiersOf(rules, m);
  const proposal = proposalReason(rules, m);
  if (proposal) reasons.push(proposal);
  if (m.discipline.remedied > 0 && rules.disqualifiers.remediedDisciplineExcused) {
    reasons.push(
      ruled(rules, 'disqualifiers.remediedDisciplineExcused', {
        code: 'discipline_remedied',
        effect: 'info',
        text: `Có ${m.discipline.remedied} quyết định kỷ luật được ghi nhận tự phát hiện và khắc phục xong hậu quả: không tính là căn cứ xếp ${LEVEL_NAMES.incomplete}${rules.disqualifiers.remediedBreachExcused ? '' : ' vì kỷ luật (vi phạm những điều đảng viên không được làm vẫn tính)'}.`,
      }),
    );
  }
  if (disqualifiers.length > 0) {
    level = 'incomplete';
    reasons.push(...disqualifiers);
  } else {
    const capped: Reason[] = [];
    if (level === 'excellent') {
      const shortfalls = excellentShortfalls(rules, m);
      if (shortfalls.length > 0) {
        level = 'good';
        capped.push(...shortfalls);
      }
    }
    if (level === 'good') {
      const shortfalls = goodShortfalls(rules, m);
      if (shortfalls.length > 0) {
        level = 'complete';
        capped.push(...shortfalls);
      }
    }
    if (capped.length > 0) {
      reasons.push(...capped, {
        code: level === 'good' ? 'capped_at_good' : 'capped_at_complete',
        effect: 'level',
        text: `Mức gợi ý: ${LEVEL_NAMES[level]}.`,
        unverified: capped.some((r) => r.unverified),
      });
    }
  }
  return {
    notClassifiedReason: null,
    score: breakdown.total,
    breakdown,
    level,
    disqualifiers: disqualifiers.map((d) => d.code),
    reasons,
  };
}

/** True when `level` is better than `than`. */
export function isAbove(level: Level, than: Level): boolean {
  return LEVEL_RANK[level] < LEVEL_RANK[than];
}

export type DecisionProblem =
  | { rule: 'not_classified'; message: string }
  | { rule: 'above_disqualifier'; message: string }
  | { rule: 'comment_required'; message: string };

/**
 * A decision is refused above a disqualifier, and needs a comment when it differs from the
 * suggested level (the committee says why it departs from the figures).
 */
export function checkDecision(
  suggestion: { level: Level | null; disqualifiers: string[] },
  decided: Level,
  comment: string | null | undefined,
): DecisionProblem | null {
  if (suggestion.level === null) {
    return { rule: 'not_classified', message: 'This member is not classified in this cycle' };
  }
  if (suggestion.disqualifiers.length > 0 && decided !== 'incomplete') {
    return {
      rule: 'above_disqualifier',
      message: `A disqualifier (${suggestion.disqualifiers.join(', ')}) forces ${LEVEL_NAMES.incomplete}`,
    };
  }
  if (decided !== suggestion.level && !comment?.trim()) {
    return {
      rule: 'comment_required',
      message: 'comment is required when the decision differs from the suggested level',
    };
  }
  return null;
}
