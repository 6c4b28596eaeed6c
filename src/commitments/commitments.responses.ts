import {
  arrayOf,
  bool,
  component,
  count,
  date,
  dateTime,
  dateTimeString,
  extend,
  int,
  integer,
  nullable,
  object,
  oneOf,
  pageFields,
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

const periodIndex = nullable(integer({ minimum: 1, maximum: 12 }));

/**
 * One line of a work list (the queue): what a secretary or member needs to pick the commitment and
 * act on it (`version` for the step), without the dates and links of a full summary.
 */
export const QueueItem = object({
  id: uuid,
  memberId: uuid,
  memberName: str,
  cellId: uuid,
  year,
  periodType: oneOf(PERIOD_TYPES),
  periodIndex,
  status: oneOf(COMMITMENT_STATUSES),
  late: bool,
  deadlineOn: nullable(date),
  /** ISO 8601 strings, made once when the list is read: a cached queue is serialized many times. */
  submittedAt: nullable(dateTimeString),
  reportedAt: nullable(dateTimeString),
  version,
});
export type QueueItem = Static<typeof QueueItem>;

const queueItems = arrayOf(QueueItem);

/** GET /api/commitments/queue: what waits for the caller. */
export const QueueView = object({
  today: date,
  /** Most items in each of toReview and toAssess (the `limit` asked for). */
  limit: integer({ minimum: 1 }),
  /** Secretary: submitted commitments waiting for review, oldest submission first. */
  toReview: queueItems,
  /** Secretary: reported results waiting for assessment, oldest report first. */
  toAssess: queueItems,
  /** Member: current periods without a commitment, with their deadline. */
  toRegister: arrayOf(object({ year, periodType: oneOf(PERIOD_TYPES), periodIndex, deadlineOn: date })),
  /** Member: accepted commitments whose period has started and whose results are due. */
  toReport: queueItems,
  /** Member: returned commitments to edit and submit again. */
  toResubmit: queueItems,
  /** Member: drafts not yet submitted. */
  drafts: queueItems,
  /** The full totals of toReview and toAssess. */
  counts: object({ toReview: count, toAssess: count }),
  /** Pass as `toReviewAfter` / `toAssessAfter` for the next page; null when the list is complete. */
  next: object({ toReview: nullable(text()), toAssess: nullable(text()) }),
});
export type QueueView = Static<typeof QueueView>;

/** A member expected to register for the period who has not. */
export const MissingMember = object({
  memberId: uuid,
  fullName: str,
  cellId: uuid,
  cellName: str,
  status: oneOf(['official', 'probationary']),
});
export type MissingMember = Static<typeof MissingMember>;

/** GET /api/commitments/missing: the period, then a page of the members missing it. */
export const MissingPage = object({
  year,
  periodType: oneOf(PERIOD_TYPES),
  periodIndex,
  ...pageFields(MissingMember),
});
export type MissingPage = Static<typeof MissingPage>;

/** POST /api/commitments/accept: how many were accepted, and their summaries. */
export const BulkAccepted = object({ accepted: count, items: arrayOf(ref(CommitmentSummary)) });
export type BulkAccepted = Static<typeof BulkAccepted>;
