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
  object,
  oneOf,
  ref,
  type Static,
  str,
  text,
  uuid,
  version,
  year,
} from '../common/schema-kit.js';
import {
  COMMITMENT_ACTIONS,
  COMMITMENT_STATUSES,
  FEEDBACK_KINDS,
  ITEM_CATEGORIES,
  OUTCOMES,
  PERIOD_TYPES,
  RATINGS,
} from './commitments.rules.js';

/** The shapes commitments answers (common/schema-kit.ts: the schema and its type in one declaration). */

export const CommitmentSummary = component(
  'CommitmentSummary',
  object({
    id: uuid,
    memberId: uuid,
    memberName: str,
    cellId: uuid,
    year,
    periodType: oneOf(PERIOD_TYPES),
    periodIndex: nullable(integer({ minimum: 1, maximum: 12 })),
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
  }),
);
export type CommitmentSummary = Static<typeof CommitmentSummary>;

export const CommitmentItemView = component(
  'CommitmentItemView',
  object({
    id: uuid,
    position: count,
    category: oneOf(ITEM_CATEGORIES),
    content: text(),
    target: nullable(str),
    dueDate: nullable(date),
    manifestationCodes: arrayOf(integer({ minimum: 1, maximum: 27 })),
    parentItemId: nullable(uuid),
    sourceRef: nullable(str),
    outcome: nullable(oneOf(OUTCOMES)),
    exceeded: nullable(bool),
    note: nullable(str),
    /** When a done item was completed, as reported; null when not said. */
    completedOn: nullable(date),
  }),
);
export type CommitmentItemView = Static<typeof CommitmentItemView>;

export const TransitionView = object({
  action: oneOf([...COMMITMENT_ACTIONS, 'create']),
  from: nullable(oneOf(COMMITMENT_STATUSES)),
  to: oneOf(COMMITMENT_STATUSES),
  actorUserId: nullable(uuid),
  actorMemberId: nullable(uuid),
  actorUsername: nullable(str),
  onBehalf: bool,
  reason: nullable(str),
  at: dateTime,
});
export type TransitionView = Static<typeof TransitionView>;

export const CommitmentView = component(
  'CommitmentView',
  extend(CommitmentSummary, {
    reviewComment: nullable(str),
    assessmentComment: nullable(str),
    shortcomings: arrayOf(str),
    presentedAt: nullable(dateTime),
    enteredByUserId: nullable(uuid),
    allowedActions: arrayOf(oneOf(COMMITMENT_ACTIONS)),
    items: arrayOf(ref(CommitmentItemView)),
    history: arrayOf(TransitionView),
  }),
);
export type CommitmentView = Static<typeof CommitmentView>;

export const FeedbackView = component(
  'FeedbackView',
  object({
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
  }),
);
export type FeedbackView = Static<typeof FeedbackView>;

export const DeadlineView = object({
  periodType: oneOf(PERIOD_TYPES),
  monthOffset: int,
  day: integer({ minimum: 1, maximum: 31 }),
  /** The organisation that set the rule in force (itself or an ancestor); null for the default. */
  sourceOrganizationId: nullable(uuid),
});
export type DeadlineView = Static<typeof DeadlineView>;

export const DeadlinesView = component(
  'DeadlinesView',
  object({ organizationId: uuid, deadlines: arrayOf(DeadlineView) }),
);
export type DeadlinesView = Static<typeof DeadlinesView>;
