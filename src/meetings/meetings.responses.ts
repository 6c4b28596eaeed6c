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
  rate,
  ref,
  type Static,
  str,
  text,
  uuid,
  version,
  year,
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

const attendanceCounts = { present: count, excused: count, absent: count, expected: count, rate };

/** An attendance rate: the total, or one cell's or member's (named only where the caller may). */
export const RateRow = object(
  { ...attendanceCounts, cellId: uuid, cellName: str, memberId: uuid, fullName: str },
  ['cellId', 'cellName', 'memberId', 'fullName'],
);
export type RateRow = Static<typeof RateRow>;

/** GET /api/meetings/attendance-rates: `groups` when grouped by cell or member. */
export const AttendanceRates = object(
  {
    organizationId: nullable(uuid),
    memberId: nullable(uuid),
    from: date,
    to: date,
    total: object(attendanceCounts),
    groups: arrayOf(RateRow),
  },
  ['groups'],
);
export type AttendanceRates = Static<typeof AttendanceRates>;

/** A study theme's yearly rate (docs/CELL-LIFE.md): `counted` of the members expected. */
const yearRate = <K extends string>(counted: K) =>
  object({
    organizationId: uuid,
    year,
    /** The day membership was counted on (31 December, or today during the year). */
    referenceDate: date,
    ...({ [counted]: count } as Record<K, typeof count>),
    expected: count,
    rate,
    numerator: count,
    denominator: count,
  });

/** GET /api/study-themes/participation. */
export const ParticipationRate = yearRate('participated');
export type ParticipationRate = Static<typeof ParticipationRate>;
/** GET /api/study-themes/registration. */
export const RegistrationRate = yearRate('registered');
export type RegistrationRate = Static<typeof RegistrationRate>;
