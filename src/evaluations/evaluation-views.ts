import { EvaluationCycle } from './evaluation-cycle.entity.js';
import { EvaluationEvent } from './evaluation-event.entity.js';
import { EvaluationRuleSet } from './evaluation-rule-set.entity.js';
import { Evaluation } from './evaluation.entity.js';
import { QuotaException } from './quota-exception.entity.js';
import { MemberMetrics, withMetricDefaults } from './evaluation-metrics.rules.js';
import { Reason, reasonFlags } from './evaluation-reasons.rules.js';
import { scoreMember } from './evaluation-scoring.rules.js';
import type {
  CycleView,
  EvaluationDetail,
  EvaluationView,
  QuotaExceptionView,
  RuleSetView,
} from './evaluations.responses.js';
import { Level, LEVEL_NAMES, parseRuleSetDefinition, RuleSetDefinition } from './rule-sets.js';

export interface LevelView {
  level: Level;
  /** The official Vietnamese name shown to users. */
  levelName: string;
}

function levelView(level: Level): LevelView {
  return { level, levelName: LEVEL_NAMES[level] };
}

export function parseRuleSet(row: EvaluationRuleSet): RuleSetDefinition {
  return parseRuleSetDefinition(row.definition);
}

export function toRuleSetView(row: EvaluationRuleSet): RuleSetView {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    regulation: row.regulation,
    title: row.title,
    effectiveFrom: row.effectiveFrom,
    // As published (version 1 in its original shape); trust-responses holds it to the schema.
    definition: JSON.parse(row.definition) as RuleSetView['definition'],
    basis: parseRuleSet(row).basis,
  };
}

export function toQuotaExceptionView(x: QuotaException): QuotaExceptionView {
  return {
    id: x.id,
    cycleId: x.cycleId,
    organizationId: x.grassrootsId,
    approvedByOrganizationId: x.approvedByOrganizationId,
    decisionNumber: x.decisionNumber,
    decidedOn: x.decidedOn,
    maxExcellent: x.maxExcellent,
    recordedByUserId: x.recordedByUserId,
    createdAt: x.createdAt,
  };
}

export function toCycleView(c: EvaluationCycle, ruleSet: EvaluationRuleSet): CycleView {
  const { quota } = parseRuleSet(ruleSet);
  return {
    id: c.id,
    organizationId: c.organizationId,
    year: c.year,
    reviewDate: c.reviewDate,
    status: c.status,
    locked: c.status === 'finalized',
    ruleSet: {
      id: ruleSet.id,
      code: ruleSet.code,
      version: ruleSet.version,
      regulation: ruleSet.regulation,
      title: ruleSet.title,
      /** The quota as this rule set applies it (version 1 read as the rounding it always used). */
      quota: {
        maxExcellentShareOfGood: quota.maxExcellentShareOfGood,
        rounding: quota.rounding,
        exceptionByHigherCommittee: quota.exceptionByHigherCommittee,
      },
    },
    generatedAt: c.generatedAt,
    finalizedAt: c.finalizedAt,
    finalizedByUserId: c.finalizedByUserId,
    reopenedAt: c.reopenedAt,
    reopenReason: c.reopenReason,
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export type EvaluationRow = Evaluation & { memberName: string; cycleStatus: string; ruleSetId: string };

/**
 * `rules` is the cycle's pinned rule set: the per-criterion breakdown is recomputed from the stored
 * metrics (pure and deterministic) rather than stored, which keeps each row small.
 */
export function toEvaluationView(e: EvaluationRow, rules: RuleSetDefinition): EvaluationView;
export function toEvaluationView(
  e: EvaluationRow,
  rules: RuleSetDefinition,
  history: EvaluationEvent[] | undefined,
): EvaluationView | EvaluationDetail;
export function toEvaluationView(
  e: EvaluationRow,
  rules: RuleSetDefinition,
  history?: EvaluationEvent[],
): EvaluationView | EvaluationDetail {
  const metrics = withMetricDefaults(JSON.parse(e.metrics) as Partial<MemberMetrics>);
  return {
    id: e.id,
    cycleId: e.cycleId,
    memberId: e.memberId,
    memberName: e.memberName,
    cellId: e.cellId,
    grassrootsOrganizationId: e.grassrootsId,
    status: e.status,
    locked: e.cycleStatus === 'finalized',
    notClassifiedReason: e.notClassifiedReason,
    suggestedScore: e.suggestedScore === null ? null : Number(e.suggestedScore),
    suggestedLevel: e.suggestedLevel,
    suggestedLevelName: e.suggestedLevel ? LEVEL_NAMES[e.suggestedLevel] : null,
    scoreBreakdown: e.notClassifiedReason ? null : scoreMember(rules, metrics),
    reasons: (JSON.parse(e.reasons) as Reason[]).map((r) => reasonFlags(rules, r)),
    disqualifiers: JSON.parse(e.disqualifiers) as string[],
    metrics,
    generatedAt: e.generatedAt,
    selfAssessment: e.selfLevel
      ? {
          ...levelView(e.selfLevel),
          summary: e.selfSummary,
          strengths: e.selfStrengths,
          shortcomings: e.selfShortcomings,
          at: e.selfAssessedAt,
          byUserId: e.selfAssessedByUserId,
        }
      : null,
    proposal: e.proposedLevel
      ? {
          ...levelView(e.proposedLevel),
          comment: e.proposalComment,
          meetingId: e.proposalMeetingId,
          at: e.proposedAt,
          byUserId: e.proposedByUserId,
        }
      : null,
    decision: e.decidedLevel
      ? {
          ...levelView(e.decidedLevel),
          comment: e.decisionComment,
          at: e.decidedAt,
          byUserId: e.decidedByUserId,
        }
      : null,
    version: e.version,
    ...(history
      ? {
          history: history.map((h) => ({
            action: h.action,
            level: h.level,
            levelName: h.level ? LEVEL_NAMES[h.level as Level] : null,
            comment: h.comment,
            actorUserId: h.actorUserId,
            actorUsername: h.actorUsername,
            at: h.at,
          })),
        }
      : {}),
  };
}
