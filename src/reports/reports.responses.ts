import {
  arrayOf,
  bool,
  count,
  date,
  dateTimeString,
  integer,
  nullable,
  number,
  object,
  omit,
  oneOf,
  rate,
  type Static,
  str,
  string,
  text,
  union,
  uuid,
  year,
} from '../common/schema-kit.js';
import { EVALUATION_STATUSES } from '../evaluations/evaluation.entity.js';
import { LEVELS } from '../evaluations/rule-sets.js';
import { ORGANIZATION_SORT_FIELDS } from './reports.rules.js';

/** The shapes reports answers as JSON (common/schema-kit.ts: the schema and its type in one declaration). */

const reportHeadFields = {
  organizationId: uuid,
  organizationName: str,
  year,
  generatedAt: dateTimeString,
  /** Only in figures read from a lagging replica (docs/SCALING.md, "Read replicas"). */
  asOf: dateTimeString,
  replicaLagSeconds: number({ minimum: 0 }),
};
/** The report head's properties a current answer leaves out. */
const STALENESS = ['asOf', 'replicaLagSeconds'] as const;

/** The heading of every report: the organisation, the year, when computed (and how stale, if so). */
export const ReportHead = object(reportHeadFields, STALENESS);
export type ReportHead = Static<typeof ReportHead>;

const periodRegistration = object({
  period: string({ pattern: '^(Y|Q[1-4]|M([1-9]|1[0-2]))$' }),
  rate,
  registered: count,
  expected: count,
});

const meetingAttendance = object({ rate, present: count, excused: count, absent: count, expected: count });
const meetingKinds = object({ regular: count, thematic: count, study: count });
const kind = oneOf(['committee', 'cell']);

/** GET /api/reports/overview. */
export const Overview = object(
  {
    ...reportHeadFields,
    /** The day membership is counted on: 31 December, or today while the year runs. */
    referenceDate: date,
    members: object({
      total: count,
      official: count,
      probationary: count,
      exempt: count,
      suspended: count,
      expected: count,
    }),
    registration: object({
      yearly: periodRegistration,
      quarterly: arrayOf(periodRegistration, { minItems: 4, maxItems: 4 }),
      monthly: arrayOf(periodRegistration, { minItems: 12, maxItems: 12 }),
    }),
    studyParticipation: object({ rate, participated: count, expected: count }),
    /** Of the expected members who studied (`studyParticipation.participated`), those registered yearly. */
    followAmongStudied: object({ rate, registered: count, studied: count }),
    /** Cells of the subtree that held at least one study meeting in the year. */
    studyCoverage: object({ rate, held: count, organizations: count }),
    meetingAttendance,
    meetings: meetingKinds,
    outcomes: object({
      items: count,
      done: count,
      exceeded: count,
      partly: count,
      notDone: count,
      unreported: count,
      doneRate: rate,
      assessed: count,
      achieved: count,
      partlyAchieved: count,
      notAchieved: count,
      achievedRate: rate,
    }),
    lateSubmissions: object({ rate, late: count, submitted: count }),
    evaluation: object({
      total: count,
      excellent: count,
      good: count,
      complete: count,
      incomplete: count,
      unclassified: count,
      undecided: count,
    }),
    quota: arrayOf(
      object(
        {
          organizationId: uuid,
          organizationName: str,
          excellent: count,
          good: count,
          maxExcellent: count,
          ok: bool,
          // Only where the higher committee's approval is recorded; `counted` as finalize counts it.
          exception: object({
            decisionNumber: text(),
            decidedOn: date,
            approvedByOrganizationId: uuid,
            maxExcellent: count,
            counted: bool,
          }),
        },
        ['exception'],
      ),
    ),
    manifestations: arrayOf(
      object({ code: integer({ minimum: 1, maximum: 27 }), atRisk: count, present: count }),
      {
        minItems: 27,
        maxItems: 27,
      },
    ),
    meetingIssues: object({ raised: count, open: count }),
  },
  STALENESS,
);
export type Overview = Static<typeof Overview>;

/** A child organisation's figures (GET /api/reports/organizations). */
export const OrganizationRow = object({
  organizationId: uuid,
  name: str,
  kind,
  members: count,
  expected: count,
  registrationRate: rate,
  registered: count,
  studyParticipationRate: rate,
  participated: count,
  meetingAttendanceRate: rate,
  attendancePresent: count,
  attendanceExpected: count,
  doneRate: rate,
  itemsDone: count,
  items: count,
  lateSubmissions: count,
  excellent: count,
  good: count,
  complete: count,
  incomplete: count,
  unclassified: count,
  manifestationsPresent: count,
  openIssues: count,
});
export type OrganizationRow = Static<typeof OrganizationRow>;

/** GET /api/reports/organizations. */
export const OrganizationsReport = object(
  {
    ...reportHeadFields,
    sort: oneOf(ORGANIZATION_SORT_FIELDS),
    order: oneOf(['asc', 'desc']),
    items: arrayOf(OrganizationRow),
  },
  STALENESS,
);
export type OrganizationsReport = Static<typeof OrganizationsReport>;

const level = nullable(oneOf(LEVELS));

/** A member's evaluation of the year (GET /api/reports/classification). */
export const ClassificationRow = object({
  memberId: uuid,
  fullName: str,
  cellName: str,
  status: oneOf(EVALUATION_STATUSES),
  suggestedLevel: level,
  selfLevel: level,
  proposedLevel: level,
  decidedLevel: level,
  notClassifiedReason: nullable(oneOf(['expelled', 'exempt', 'suspended', 'joined_recently'])),
  decisionComment: nullable(str),
});
export type ClassificationRow = Static<typeof ClassificationRow>;

/** GET /api/reports/classification. */
export const ClassificationReport = object(
  { ...reportHeadFields, items: arrayOf(ClassificationRow) },
  STALENESS,
);
export type ClassificationReport = Static<typeof ClassificationReport>;

/** An organisation's head and whether they registered first (GET /api/reports/leaders-first). */
export const LeaderView = object({
  organizationId: uuid,
  organizationName: str,
  kind,
  headMemberId: uuid,
  headName: str,
  headFirstSubmittedAt: nullable(dateTimeString),
  firstMemberSubmittedAt: nullable(dateTimeString),
  membersSubmitted: count,
  membersBeforeHead: count,
  status: oneOf(['first', 'not_first', 'head_not_submitted', 'no_member_submitted']),
});
export type LeaderView = Static<typeof LeaderView>;
/** A leader's row as read, before its status is worked out. */
export type LeaderRow = Omit<LeaderView, 'status'>;

/** GET /api/reports/leaders-first. */
export const LeadersFirstReport = object({ ...reportHeadFields, items: arrayOf(LeaderView) }, STALENESS);
export type LeadersFirstReport = Static<typeof LeadersFirstReport>;

/** One month of a trend. */
export const TrendMonth = object({
  month: integer({ minimum: 1, maximum: 12 }),
  registration: periodRegistration,
  meetingAttendance,
  meetings: meetingKinds,
  issuesRaised: count,
});
export type TrendMonth = Static<typeof TrendMonth>;

/** GET /api/reports/trend (by month, the default). */
export const TrendReport = object(
  {
    ...reportHeadFields,
    by: oneOf(['month']),
    months: arrayOf(TrendMonth, { minItems: 12, maxItems: 12 }),
  },
  STALENESS,
);
export type TrendReport = Static<typeof TrendReport>;

/** One year of a year-over-year trend: the overview's figures of that year. */
export const TrendYear = omit(Overview, ['organizationId', 'organizationName', 'generatedAt', ...STALENESS]);
export type TrendYear = Static<typeof TrendYear>;

/** `?by=year&from&to`: the overview's figures for each year. */
export const TrendYearsReport = object(
  {
    ...reportHeadFields,
    by: oneOf(['year']),
    from: year,
    to: year,
    years: arrayOf(TrendYear, { minItems: 1 }),
  },
  STALENESS,
);
export type TrendYearsReport = Static<typeof TrendYearsReport>;

/** GET /api/reports/trend: by month or by year. */
export const Trend = union(TrendReport, TrendYearsReport);
