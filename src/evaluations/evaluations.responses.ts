import { SOURCE_KINDS } from '../common/source-kinds.js';
import {
  arrayOf,
  bool,
  component,
  count,
  date,
  dateTime,
  extend,
  int,
  integer,
  nullable,
  num,
  number,
  object,
  oneOf,
  record,
  type Static,
  str,
  text,
  union,
  uuid,
  version,
  year,
} from '../common/schema-kit.js';
import { CONCLUDING_BODIES } from '../conduct-checks/conduct-check.entity.js';
import { EVALUATION_INPUT_KINDS } from './evaluation-input.entity.js';
import { EVALUATION_STATUSES } from './evaluation.entity.js';
import { CONDUCT_CONDITIONS, LEVELS } from './rule-sets.js';

/** The shapes evaluations answers (common/schema-kit.ts: the schema and its type in one declaration). */

export const levelCounts = object({ excellent: count, good: count, complete: count, incomplete: count });
const criterion = <const C extends readonly string[]>(codes: C) =>
  object({ code: oneOf(codes), name: text(), points: num });

const ruleBasis = object({ text: text(), source: oneOf(SOURCE_KINDS), verified: bool });
const weights3 = <A extends string, B extends string, C extends string>(a: A, b: B, c: C) =>
  object({ [a]: num, [b]: num, [c]: num } as Record<A | B | C, typeof num>);
const inputSpec = union(
  object({ kind: oneOf(['clear_of']), conditions: arrayOf(oneOf(CONDUCT_CONDITIONS)), clearNote: text() }),
  object({ kind: oneOf(['attendance']), of: oneOf(['meetings', 'study']), excusedWeight: num }),
  object({ kind: oneOf(['registration']), latePenalty: num }),
  object({ kind: oneOf(['item_outcomes']), weights: weights3('done', 'partly', 'notDone') }),
  object({
    kind: oneOf(['cell_ratings']),
    weights: weights3('achieved', 'partlyAchieved', 'notAchieved'),
  }),
  object({ kind: oneOf(['exceeded_share']), fullAt: num }),
  object({ kind: oneOf(['remedies_done']) }),
);
const weightedCriterion = object({
  code: text(),
  name: text(),
  points: num,
  inputs: arrayOf(object({ share: num, input: inputSpec })),
});

/** Version 1 as published (before inputs and bases were data). */
const RuleSetDefinitionV1 = object({
  code: text(),
  version,
  regulation: text(),
  title: text(),
  effectiveFrom: date,
  thresholds: object({ excellent: num, good: num, complete: num }),
  excellent: object({ requireAllItemsDone: bool, minExceededShare: num, requireRemedyDone: bool }),
  disqualifiers: object({
    discipline: bool,
    remediedDisciplineExcused: bool,
    concludedManifestation: bool,
    prohibitionBreach: bool,
  }),
  quota: object({ maxExcellentShareOfGood: num, source: str }),
  notClassified: object({ exempt: bool, suspended: bool, minMonthsSinceAdmission: nullable(int) }),
  scoring: object({
    common: arrayOf(criterion(['ethics', 'discipline', 'cell_life'])),
    tasks: arrayOf(criterion(['registration', 'item_outcomes', 'cell_assessment'])),
    outcomeWeights: object({ done: num, partly: num, notDone: num }),
    ratingWeights: object({ achieved: num, partlyAchieved: num, notAchieved: num }),
    excusedWeight: num,
    lateRegistrationPenalty: num,
  }),
  unverified: arrayOf(str),
});

/** Version 2 on (version 3 adds `disqualifiers.competentBodies`, version 4 `notClassified.exemptShareOfYear`): every criterion's inputs, the completion conditions and each rule's basis as data. */
const RuleSetDefinitionV2 = object({
  code: text(),
  version,
  regulation: text(),
  title: text(),
  effectiveFrom: date,
  thresholds: object({ excellent: num, good: num, complete: num }),
  excellent: object({
    requireAllItemsDone: bool,
    requireOnTime: bool,
    minExceededShare: num,
    requireRemedyDone: bool,
  }),
  good: object({ requireAllItemsDone: bool, requireOnTime: bool }),
  disqualifiers: object(
    {
      discipline: bool,
      remediedDisciplineExcused: bool,
      concludedManifestation: bool,
      // Version 3 on: whose recorded conclusion forces a level.
      competentBodies: arrayOf(oneOf(CONCLUDING_BODIES)),
      prohibitionBreach: bool,
      remediedBreachExcused: bool,
      exemplaryDutyBreach: bool,
      minDoneShare: nullable(num),
      stateRatingIncomplete: bool,
    },
    ['competentBodies'],
  ),
  quota: object({
    maxExcellentShareOfGood: num,
    rounding: oneOf(['floor', 'round', 'ceil']),
    exceptionByHigherCommittee: bool,
    source: str,
  }),
  notClassified: object(
    // Version 4 on: exemptShareOfYear.
    { exempt: bool, exemptShareOfYear: num, suspended: bool, minMonthsSinceAdmission: nullable(int) },
    ['exemptShareOfYear'],
  ),
  scoring: object({ common: arrayOf(weightedCriterion), tasks: arrayOf(weightedCriterion) }),
  basis: record(ruleBasis),
  unverified: arrayOf(str),
});

export const RuleSetView = component(
  'RuleSetView',
  object({
    id: uuid,
    code: text(),
    version,
    regulation: text(),
    title: text(),
    effectiveFrom: date,
    definition: union(RuleSetDefinitionV1, RuleSetDefinitionV2),
    basis: record(ruleBasis),
  }),
);

export const CycleView = component(
  'CycleView',
  object({
    id: uuid,
    organizationId: uuid,
    year,
    reviewDate: date,
    status: oneOf(['open', 'finalized']),
    locked: bool,
    ruleSet: object({
      id: uuid,
      code: text(),
      version,
      regulation: text(),
      title: text(),
      quota: object({
        maxExcellentShareOfGood: number({ minimum: 0, maximum: 1 }),
        rounding: oneOf(['floor', 'round', 'ceil']),
        exceptionByHigherCommittee: bool,
      }),
    }),
    generatedAt: nullable(dateTime),
    finalizedAt: nullable(dateTime),
    finalizedByUserId: nullable(uuid),
    reopenedAt: nullable(dateTime),
    reopenReason: nullable(str),
    version,
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
);

const quota = object({ excellent: count, good: count, maxExcellent: count, ok: bool });

const levelView = { level: oneOf(LEVELS), levelName: text() };
const scoredCriterion = object({ code: str, name: text(), points: num, max: num, note: str });
const criteriaGroup = object({ points: num, max: num, criteria: arrayOf(scoredCriterion) });
const attendanceCounts = object({ expected: count, present: count, excused: count, absent: count });

export const EvaluationView = component(
  'EvaluationView',
  object({
    id: uuid,
    cycleId: uuid,
    memberId: uuid,
    memberName: str,
    cellId: uuid,
    grassrootsOrganizationId: nullable(uuid),
    status: oneOf(EVALUATION_STATUSES),
    locked: bool,
    notClassifiedReason: nullable(oneOf(['expelled', 'exempt', 'suspended', 'joined_recently'])),
    suggestedScore: nullable(number({ minimum: 0, maximum: 100 })),
    suggestedLevel: nullable(oneOf(LEVELS)),
    suggestedLevelName: nullable(text()),
    scoreBreakdown: nullable(
      object({
        total: number({ minimum: 0, maximum: 100 }),
        max: oneOf([100]),
        commonCriteria: criteriaGroup,
        taskResults: criteriaGroup,
      }),
    ),
    reasons: arrayOf(
      object(
        {
          code: text(),
          effect: oneOf(['info', 'not_classified', 'forces_incomplete', 'caps_level', 'level']),
          text: text(),
          unverified: bool,
          source: oneOf(SOURCE_KINDS),
        },
        ['source'],
      ),
    ),
    disqualifiers: arrayOf(text()),
    metrics: object({
      commitments: object({
        yearlyRegistered: bool,
        yearlyOnTime: nullable(bool),
        quarterlyRegistered: count,
        monthlyRegistered: count,
        late: count,
      }),
      items: object({
        total: count,
        done: count,
        exceeded: count,
        partly: count,
        notDone: count,
        unreported: count,
        remedyTotal: count,
        remedyDone: count,
        late: count,
      }),
      ratings: object({ achieved: count, partlyAchieved: count, notAchieved: count }),
      feedback: object({ received: count, commendations: count, criticisms: count }),
      meetings: attendanceCounts,
      study: attendanceCounts,
      conduct: object({
        selfAtRisk: count,
        selfPresent: count,
        concludedPresentCodes: arrayOf(integer({ minimum: 1, maximum: 27 })),
        conclusions: arrayOf(
          object({
            code: integer({ minimum: 1, maximum: 27 }),
            body: oneOf(CONCLUDING_BODIES),
            documentNumber: str,
            documentDate: date,
          }),
        ),
        proposedPresentCodes: arrayOf(integer({ minimum: 1, maximum: 27 })),
      }),
      discipline: object({
        records: count,
        remedied: count,
        prohibitionBreaches: count,
        prohibitionBreachesRemedied: count,
      }),
      findings: object({ exemplaryDutyBreaches: count, stateRatingIncomplete: bool }),
    }),
    generatedAt: dateTime,
    selfAssessment: nullable(
      object({
        ...levelView,
        summary: nullable(str),
        strengths: nullable(str),
        shortcomings: nullable(str),
        at: nullable(dateTime),
        byUserId: nullable(uuid),
      }),
    ),
    proposal: nullable(
      object({
        ...levelView,
        comment: nullable(str),
        meetingId: nullable(uuid),
        at: nullable(dateTime),
        byUserId: nullable(uuid),
      }),
    ),
    decision: nullable(
      object({ ...levelView, comment: nullable(str), at: nullable(dateTime), byUserId: nullable(uuid) }),
    ),
    version,
  }),
);

/** One evaluation with its history (single reads and the answers of the steps). */
export const EvaluationDetail = component(
  'EvaluationDetail',
  extend(EvaluationView, {
    history: arrayOf(
      object({
        action: oneOf(['self_assess', 'propose', 'decide']),
        level: nullable(oneOf(LEVELS)),
        levelName: nullable(text()),
        comment: nullable(str),
        actorUserId: nullable(uuid),
        actorUsername: nullable(str),
        at: dateTime,
      }),
    ),
  }),
);

export type RuleSetView = Static<typeof RuleSetView>;
export type CycleView = Static<typeof CycleView>;
export type EvaluationView = Static<typeof EvaluationView>;
export type EvaluationDetail = Static<typeof EvaluationDetail>;

/** A grassroots organisation's figures in a cycle (GET /api/evaluation-cycles/{id}). */
export const GrassrootsSummary = object({
  organizationId: nullable(uuid),
  organizationName: nullable(str),
  members: count,
  notClassified: count,
  undecided: count,
  suggested: levelCounts,
  decided: levelCounts,
  quota,
  /** The higher committee's approval to exceed the quota, when recorded. */
  quotaException: nullable(
    object({ decisionNumber: text(), decidedOn: date, approvedByOrganizationId: uuid, maxExcellent: count }),
  ),
});

export const EvaluationInputView = object({
  id: uuid,
  memberId: uuid,
  year,
  kind: oneOf(EVALUATION_INPUT_KINDS),
  basis: text(),
  documentNumber: nullable(str),
  documentDate: nullable(date),
  recordedByUserId: nullable(uuid),
  createdAt: dateTime,
  withdrawn: nullable(object({ at: dateTime, reason: nullable(str), byUserId: nullable(uuid) })),
});

export const QuotaExceptionView = object({
  id: uuid,
  cycleId: uuid,
  organizationId: uuid,
  approvedByOrganizationId: uuid,
  decisionNumber: text(),
  decidedOn: date,
  maxExcellent: count,
  recordedByUserId: nullable(uuid),
  createdAt: dateTime,
});

/** One cycle with its grassroots organisations' figures. */
export const CycleDetail = extend(CycleView, { summary: arrayOf(GrassrootsSummary) });

export type GrassrootsSummary = Static<typeof GrassrootsSummary>;
export type EvaluationInputView = Static<typeof EvaluationInputView>;
export type QuotaExceptionView = Static<typeof QuotaExceptionView>;
export type CycleDetail = Static<typeof CycleDetail>;

/** What generating a cycle's evaluations did (POST /api/evaluation-cycles/{id}/generate). */
export const GenerateResult = object({
  members: count,
  created: count,
  refreshed: count,
  notClassified: count,
  suggested: levelCounts,
});
export type GenerateResult = Static<typeof GenerateResult>;

/** The cycle after generation, with what it did. */
export const GeneratedCycle = extend(CycleView, { result: GenerateResult });
export type GeneratedCycle = Static<typeof GeneratedCycle>;
