import {
  arrayOf,
  bool,
  component,
  count,
  date,
  dateTime,
  extend,
  nullable,
  object,
  omit,
  oneOf,
  ref,
  type Static,
  str,
  text,
  uuid,
  version,
} from '../common/schema-kit.js';
import { ATTENDANCE_STATUSES, ISSUE_STATUSES, MEETING_KINDS } from './meeting.entity.js';

/** The shapes meetings answers (common/schema-kit.ts: the schema and its type in one declaration). */

export const IssueView = component(
  'IssueView',
  object({
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
  }),
);
export type IssueView = Static<typeof IssueView>;

export const MeetingSummary = component(
  'MeetingSummary',
  object({
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
  }),
);
export type MeetingSummary = Static<typeof MeetingSummary>;

export const MeetingView = component(
  'MeetingView',
  extend(omit(MeetingSummary, ['present', 'expected']), {
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
    issues: arrayOf(ref(IssueView)),
  }),
);
export type MeetingView = Static<typeof MeetingView>;
