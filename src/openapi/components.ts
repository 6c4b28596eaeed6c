import type { SchemaObject } from '@nestjs/swagger';
import { PERMISSIONS, ROLES } from '../common/permissions.js';
import {
  COMMITMENT_ACTIONS,
  COMMITMENT_STATUSES,
  FEEDBACK_KINDS,
  ITEM_CATEGORIES,
  OUTCOMES,
  PERIOD_TYPES,
  RATINGS,
} from '../commitments/commitments.rules.js';
import { CHECK_STATUSES, CONCLUDING_BODIES } from '../conduct-checks/conduct-check.entity.js';
import { EXEMPTION_GROUNDS } from '../members/member-exemption.entity.js';
import { DISCIPLINE_FORMS } from '../discipline/disciplinary-record.entity.js';
import { EVALUATION_STATUSES } from '../evaluations/evaluation.entity.js';
import { CONDUCT_CONDITIONS, LEVELS, SOURCE_KINDS } from '../evaluations/rule-sets.js';
import { MANIFESTATION_GROUPS, VERIFICATIONS } from '../manifestations/manifestations.rules.js';
import { ATTENDANCE_STATUSES, ISSUE_STATUSES, MEETING_KINDS } from '../meetings/meeting.entity.js';
import { NOTIFICATION_KINDS } from '../notifications/notifications.rules.js';
import {
  arrayOf,
  bool,
  count,
  date,
  dateTime,
  extend,
  int,
  nullable,
  num,
  object,
  omit,
  oneOf,
  ref,
  str,
  text,
  uuid,
  version,
  year,
} from './schema-kit.js';

/**
 * Shapes shared by several responses, published under `components.schemas` of the OpenAPI document.
 * Enums come from the modules' own constants, so a new status reaches the document by itself; a new
 * field does not (closed objects), on purpose: the response test then fails until it is described
 * here, which is where a leaked field gets noticed.
 */

/**
 * API.md: `{ statusCode, code, message, details? }` for every 4xx; details name each failing field
 * (or carry the context of a conflict, e.g. the organisations that block a finalize).
 */
const ErrorEnvelope = object(
  {
    statusCode: { type: 'integer', minimum: 400, maximum: 499 },
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
    message: str,
    details: {
      oneOf: [
        arrayOf({
          type: 'object',
          required: ['message'],
          properties: { field: str, rule: str, message: str },
        }),
        { type: 'object' },
      ],
    },
  },
  ['details'],
);

const roleAssignment = object({ role: oneOf(ROLES), organizationId: nullable(uuid) });

const Me = object({
  id: uuid,
  username: text(),
  memberId: nullable(uuid),
  /** The linked member's full name and current cell; null for an account without a member. */
  fullName: nullable(text()),
  cellId: nullable(uuid),
  roles: arrayOf(roleAssignment),
  permissions: arrayOf(oneOf(PERMISSIONS), { uniqueItems: true }),
});

const TokenPair = object({
  accessToken: text(),
  refreshToken: text(),
  expiresIn: { type: 'integer', minimum: 1 },
  user: ref('Me'),
});

/**
 * The answer of a browser session (login with `session: "cookie"`, refresh without a body token): the
 * refresh token is only in the `camket_refresh` cookie (httpOnly, SameSite=Strict, Path=/api/auth).
 */
const BrowserSession: SchemaObject = {
  ...omit(TokenPair, ['refreshToken']),
  description:
    'Set-Cookie: camket_refresh=<refresh token>; HttpOnly; SameSite=Strict; Path=/api/auth; Max-Age=<refresh TTL> (Secure over HTTPS)',
};

const OrganizationView = object({
  id: uuid,
  code: text(),
  name: text(),
  kind: oneOf(['committee', 'cell']),
  isGrassroots: bool,
  parentId: nullable(uuid),
  headMemberId: nullable(uuid),
  closedOn: nullable(date),
  closure: nullable(oneOf(['merged', 'split'])),
  successorIds: nullable(arrayOf(uuid)),
  version,
  createdAt: dateTime,
  updatedAt: dateTime,
});

/** The tree of GET /api/organizations: a node's children, when it has any visible. */
const OrganizationNode = extend(OrganizationView, { children: arrayOf(ref('OrganizationNode')) }, [
  'children',
]);

const MemberView = object({
  id: uuid,
  createdAt: dateTime,
  updatedAt: dateTime,
  fullName: text(),
  partyCardNumber: nullable(str),
  dateOfBirth: nullable(date),
  gender: nullable(oneOf(['male', 'female', 'other'])),
  cellId: uuid,
  status: oneOf(['official', 'probationary']),
  joinedPartyOn: nullable(date),
  position: nullable(str),
  isExempt: bool,
  isSuspended: bool,
  version,
  /** The day of an expulsion decision (khai trừ), null when none. */
  expelledOn: nullable(date),
});

/** An exemption period from party work and activities (docs/MEMBERS.md, "Exemptions"). */
const ExemptionView = object({
  id: uuid,
  memberId: uuid,
  from: date,
  to: nullable(date),
  ground: oneOf(EXEMPTION_GROUNDS),
  note: nullable(str),
  reviewDueOn: nullable(date),
  version,
  createdAt: dateTime,
});

const UserView = object({
  id: uuid,
  username: text(),
  memberId: nullable(uuid),
  memberName: nullable(str),
  isActive: bool,
  roles: arrayOf(roleAssignment),
  lastLoginAt: nullable(dateTime),
  version,
  createdAt: dateTime,
  updatedAt: dateTime,
});

const CommitmentSummary = object({
  id: uuid,
  memberId: uuid,
  memberName: str,
  cellId: uuid,
  year,
  periodType: oneOf(PERIOD_TYPES),
  periodIndex: nullable({ type: 'integer', minimum: 1, maximum: 12 }),
  status: oneOf(COMMITMENT_STATUSES),
  late: bool,
  deadlineOn: nullable(date),
  firstSubmittedAt: nullable(dateTime),
  submittedAt: nullable(dateTime),
  acceptedAt: nullable(dateTime),
  reportedAt: nullable(dateTime),
  assessedAt: nullable(dateTime),
  rating: nullable(oneOf(RATINGS)),
  presentedAtMeetingId: nullable(uuid),
  enteredOnBehalf: bool,
  version,
  createdAt: dateTime,
  updatedAt: dateTime,
});

const CommitmentItemView = object({
  id: uuid,
  position: count,
  category: oneOf(ITEM_CATEGORIES),
  content: text(),
  target: nullable(str),
  dueDate: nullable(date),
  manifestationCodes: arrayOf({ type: 'integer', minimum: 1, maximum: 27 }),
  parentItemId: nullable(uuid),
  sourceRef: nullable(str),
  outcome: nullable(oneOf(OUTCOMES)),
  exceeded: nullable(bool),
  note: nullable(str),
  completedOn: nullable(date),
});

const CommitmentView = extend(CommitmentSummary, {
  reviewComment: nullable(str),
  assessmentComment: nullable(str),
  shortcomings: arrayOf(str),
  presentedAt: nullable(dateTime),
  enteredByUserId: nullable(uuid),
  allowedActions: arrayOf(oneOf(COMMITMENT_ACTIONS)),
  items: arrayOf(ref('CommitmentItemView')),
  history: arrayOf(
    object({
      action: oneOf([...COMMITMENT_ACTIONS, 'create']),
      from: nullable(oneOf(COMMITMENT_STATUSES)),
      to: oneOf(COMMITMENT_STATUSES),
      actorUserId: nullable(uuid),
      actorMemberId: nullable(uuid),
      actorUsername: nullable(str),
      onBehalf: bool,
      reason: nullable(str),
      at: dateTime,
    }),
  ),
});

const FeedbackView = object({
  id: uuid,
  commitmentId: uuid,
  itemId: nullable(uuid),
  parentId: nullable(uuid),
  kind: oneOf(FEEDBACK_KINDS),
  content: text(),
  authorUserId: nullable(uuid),
  authorMemberId: nullable(uuid),
  authorName: str,
  createdAt: dateTime,
});

const DeadlinesView = object({
  organizationId: uuid,
  deadlines: arrayOf(
    object({
      periodType: oneOf(PERIOD_TYPES),
      monthOffset: int,
      day: { type: 'integer', minimum: 1, maximum: 31 },
      sourceOrganizationId: nullable(uuid),
    }),
  ),
});

const CatalogItemView = object({
  code: { type: 'integer', minimum: 1 },
  /** The manifestation's group; null for the prohibitions. */
  group: nullable(oneOf(MANIFESTATION_GROUPS)),
  text: nullable(str),
  displayText: text(),
  verified: bool,
  verification: oneOf(VERIFICATIONS),
  summaryEn: nullable(str),
  draftUnverified: nullable(str),
  topicHint: nullable(str),
  source: nullable(str),
  sourceKind: nullable(oneOf(SOURCE_KINDS)),
  note: nullable(str),
  catalogVersion: version,
});

const CatalogVersionView = object({
  catalog: oneOf(['manifestation', 'prohibition']),
  version,
  reason: nullable(str),
  createdAt: dateTime,
  current: bool,
});

const StudyThemeView = object(
  {
    id: uuid,
    organizationId: uuid,
    organizationName: str,
    year,
    title: text(),
    description: nullable(str),
    effective: bool,
    version,
    createdAt: dateTime,
  },
  ['effective'],
);

const IssueView = object({
  id: uuid,
  meetingId: uuid,
  cellId: uuid,
  title: text(),
  ownerMemberId: nullable(uuid),
  ownerName: nullable(str),
  status: oneOf(ISSUE_STATUSES),
  resolution: nullable(str),
  resolvedAt: nullable(dateTime),
  version,
  createdAt: dateTime,
});

const MeetingSummary = object({
  id: uuid,
  cellId: uuid,
  cellName: str,
  heldOn: date,
  kind: oneOf(MEETING_KINDS),
  topic: text(),
  studyThemeId: nullable(uuid),
  present: count,
  expected: count,
  version,
  createdAt: dateTime,
});

const MeetingView = extend(omit(MeetingSummary, ['present', 'expected']), {
  guests: arrayOf(object({ fullName: text(), position: nullable(str) })),
  minutes: nullable(str),
  attendance: arrayOf(
    object({
      memberId: uuid,
      fullName: str,
      status: oneOf(ATTENDANCE_STATUSES),
      expected: bool,
      note: nullable(str),
    }),
  ),
  presentedCommitmentIds: arrayOf(uuid),
  issues: arrayOf(ref('IssueView')),
});

const levelCounts = object({ excellent: count, good: count, complete: count, incomplete: count });
const criterion = (codes: readonly string[]) => object({ code: oneOf(codes), name: text(), points: num });

const ruleBasis = object({ text: text(), source: oneOf(SOURCE_KINDS), verified: bool });
const weights3 = (a: string, b: string, c: string) => object({ [a]: num, [b]: num, [c]: num });
const inputSpec: SchemaObject = {
  oneOf: [
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
  ],
};
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
  basis: { type: 'object', additionalProperties: ruleBasis },
  unverified: arrayOf(str),
});

const RuleSetView = object({
  id: uuid,
  code: text(),
  version,
  regulation: text(),
  title: text(),
  effectiveFrom: date,
  definition: { oneOf: [RuleSetDefinitionV1, RuleSetDefinitionV2] },
  basis: { type: 'object', additionalProperties: ruleBasis },
});

const CycleView = object({
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
      maxExcellentShareOfGood: { type: 'number', minimum: 0, maximum: 1 },
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
});

const quota = object({ excellent: count, good: count, maxExcellent: count, ok: bool });

const levelView = { level: oneOf(LEVELS), levelName: text() };
const scoredCriterion = object({ code: str, name: text(), points: num, max: num, note: str });
const criteriaGroup = object({ points: num, max: num, criteria: arrayOf(scoredCriterion) });
const attendanceCounts = object({ expected: count, present: count, excused: count, absent: count });

const EvaluationView = object({
  id: uuid,
  cycleId: uuid,
  memberId: uuid,
  memberName: str,
  cellId: uuid,
  grassrootsOrganizationId: nullable(uuid),
  status: oneOf(EVALUATION_STATUSES),
  locked: bool,
  notClassifiedReason: nullable(oneOf(['expelled', 'exempt', 'suspended', 'joined_recently'])),
  suggestedScore: nullable({ type: 'number', minimum: 0, maximum: 100 }),
  suggestedLevel: nullable(oneOf(LEVELS)),
  suggestedLevelName: nullable(text()),
  scoreBreakdown: nullable(
    object({
      total: { type: 'number', minimum: 0, maximum: 100 },
      max: { type: 'integer', enum: [100] },
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
      concludedPresentCodes: arrayOf({ type: 'integer', minimum: 1, maximum: 27 }),
      conclusions: arrayOf(
        object({
          code: { type: 'integer', minimum: 1, maximum: 27 },
          body: oneOf(CONCLUDING_BODIES),
          documentNumber: str,
          documentDate: date,
        }),
      ),
      proposedPresentCodes: arrayOf({ type: 'integer', minimum: 1, maximum: 27 }),
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
});

/** One evaluation with its history (single reads and the answers of the steps). */
const EvaluationDetail = extend(EvaluationView, {
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
});

const ConductCheckView = object({
  id: nullable(uuid),
  memberId: uuid,
  cellId: uuid,
  cellName: text(),
  year,
  quarter: { type: 'integer', minimum: 0, maximum: 4 },
  catalogVersion: version,
  version: count,
  checks: arrayOf(object({ id: uuid, cellId: uuid, cellName: text() })),
  items: arrayOf(
    object({
      code: { type: 'integer', minimum: 1, maximum: 27 },
      group: nullable(oneOf(MANIFESTATION_GROUPS)),
      text: nullable(str),
      displayText: text(),
      verified: bool,
      self: nullable(object({ status: oneOf(CHECK_STATUSES), note: nullable(str) })),
      conclusion: nullable(
        object({
          status: oneOf(CHECK_STATUSES),
          note: nullable(str),
          concludedAt: nullable(dateTime),
          document: nullable(object({ body: oneOf(CONCLUDING_BODIES), number: str, date })),
        }),
      ),
    }),
  ),
});

const DisciplinaryRecordView = object({
  id: uuid,
  memberId: uuid,
  cellId: uuid,
  decidedOn: date,
  form: oneOf(DISCIPLINE_FORMS),
  decisionNumber: text(),
  reason: text(),
  prohibitionCodes: arrayOf({ type: 'integer', minimum: 1 }),
  prohibitionCatalogVersion: version,
  selfDetectedAndRemedied: bool,
  createdAt: dateTime,
});

const NotificationView = object({
  id: uuid,
  kind: oneOf(NOTIFICATION_KINDS),
  title: text(),
  body: str,
  entityType: nullable(str),
  entityId: nullable(uuid),
  readAt: nullable(dateTime),
  createdAt: dateTime,
});

const reminderSettings = {
  registrationLeadDays: count,
  resultsLeadDays: count,
  queueStaleDays: count,
  cellBehindPercent: { type: 'integer', minimum: 0, maximum: 100 },
};
const NotificationSettingsView = object({
  organizationId: uuid,
  /** Only what this organisation set itself. */
  own: object(reminderSettings, Object.keys(reminderSettings)),
  effective: object(reminderSettings),
});

export const RESPONSE_COMPONENTS: Record<string, SchemaObject> = {
  ErrorEnvelope,
  Me,
  TokenPair,
  BrowserSession,
  OrganizationView,
  OrganizationNode,
  MemberView,
  ExemptionView,
  UserView,
  CommitmentSummary,
  CommitmentItemView,
  CommitmentView,
  FeedbackView,
  DeadlinesView,
  CatalogItemView,
  CatalogVersionView,
  StudyThemeView,
  IssueView,
  MeetingSummary,
  MeetingView,
  RuleSetView,
  CycleView,
  EvaluationView,
  EvaluationDetail,
  ConductCheckView,
  DisciplinaryRecordView,
  NotificationView,
  NotificationSettingsView,
};

/** Shared pieces the operation catalogue reuses inline. */
export const PIECES = { levelCounts, quota };
