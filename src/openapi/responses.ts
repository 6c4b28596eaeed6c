import type { SchemaObject } from '@nestjs/swagger';
import { COMMITMENT_STATUSES, PERIOD_TYPES } from '../commitments/commitments.rules.js';
import { EVALUATION_STATUSES } from '../evaluations/evaluation.entity.js';
import { LEVELS } from '../evaluations/rule-sets.js';
import { ORGANIZATION_SORT_FIELDS } from '../reports/reports.rules.js';
import {
  CycleDetail,
  CycleView,
  EvaluationInputView,
  levelCounts,
  QuotaExceptionView,
} from '../evaluations/evaluations.responses.js';
import {
  arrayOf,
  bool,
  CONTENT,
  count,
  date,
  dateTime,
  empty,
  extend,
  omit,
  file,
  json,
  jsonOrFile,
  nullable,
  object,
  oneOf,
  page,
  rate,
  ref,
  ResponseSpec,
  Schema,
  str,
  text,
  uuid,
  year,
} from './schema-kit.js';

/**
 * The success response of every operation of the API, keyed `METHOD /openapi/path`. Merged into the
 * OpenAPI document by `describeResponses`; test/e2e/trust-responses.e2e-spec.ts fails when a route
 * has no entry here, and validates real answers against these schemas.
 */

const reportHead = {
  organizationId: uuid,
  organizationName: str,
  year,
  generatedAt: dateTime,
  /** Only in figures read from a lagging replica (docs/SCALING.md, "Read replicas"). */
  asOf: dateTime,
  replicaLagSeconds: { type: 'number', minimum: 0 } as SchemaObject,
};
/** The report head's properties a current answer leaves out. */
const STALENESS = ['asOf', 'replicaLagSeconds'] as const;

const periodRegistration = object({
  period: { type: 'string', pattern: '^(Y|Q[1-4]|M([1-9]|1[0-2]))$' },
  rate,
  registered: count,
  expected: count,
});

const meetingAttendance = object({ rate, present: count, excused: count, absent: count, expected: count });
const meetingKinds = object({ regular: count, thematic: count, study: count });

const overview = object(
  {
    ...reportHead,
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
    followAmongStudied: object({ rate, registered: count, studied: count }),
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
      object({ code: { type: 'integer', minimum: 1, maximum: 27 }, atRisk: count, present: count }),
      { minItems: 27, maxItems: 27 },
    ),
    meetingIssues: object({ raised: count, open: count }),
  },
  STALENESS,
);

const organizationsReport = object(
  {
    ...reportHead,
    sort: oneOf(ORGANIZATION_SORT_FIELDS),
    order: oneOf(['asc', 'desc']),
    items: arrayOf(
      object({
        organizationId: uuid,
        name: str,
        kind: oneOf(['committee', 'cell']),
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
      }),
    ),
  },
  STALENESS,
);

const level = nullable(oneOf(LEVELS));
const classification = object(
  {
    ...reportHead,
    items: arrayOf(
      object({
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
      }),
    ),
  },
  STALENESS,
);

const leadersFirst = object(
  {
    ...reportHead,
    items: arrayOf(
      object({
        organizationId: uuid,
        organizationName: str,
        kind: oneOf(['committee', 'cell']),
        headMemberId: uuid,
        headName: str,
        headFirstSubmittedAt: nullable(dateTime),
        firstMemberSubmittedAt: nullable(dateTime),
        membersSubmitted: count,
        membersBeforeHead: count,
        status: oneOf(['first', 'not_first', 'head_not_submitted', 'no_member_submitted']),
      }),
    ),
  },
  STALENESS,
);

const monthTrend = object(
  {
    ...reportHead,
    by: oneOf(['month']),
    months: arrayOf(
      object({
        month: { type: 'integer', minimum: 1, maximum: 12 },
        registration: periodRegistration,
        meetingAttendance,
        meetings: meetingKinds,
        issuesRaised: count,
      }),
      { minItems: 12, maxItems: 12 },
    ),
  },
  STALENESS,
);

/** `?by=year&from&to`: the overview's figures for each year. */
const yearTrend = object(
  {
    ...reportHead,
    by: oneOf(['year']),
    from: year,
    to: year,
    years: arrayOf(omit(overview, ['organizationId', 'organizationName', 'generatedAt', ...STALENESS]), {
      minItems: 1,
    }),
  },
  STALENESS,
);

const trend: SchemaObject = { oneOf: [monthTrend, yearTrend] };

const rateRow = <P extends Record<string, Schema>, O extends keyof P & string = never>(
  extra: P,
  optional: readonly O[] = [],
) => object({ present: count, excused: count, absent: count, expected: count, rate, ...extra }, optional);

const yearRate = (counted: 'participated' | 'registered') =>
  object({
    organizationId: uuid,
    year,
    referenceDate: date,
    [counted]: count,
    expected: count,
    rate,
    numerator: count,
    denominator: count,
  });

const commitmentSummaries = arrayOf(ref('CommitmentSummary'));

/** A queue row: the summary's fields a worklist needs. */
const queueItems = arrayOf(
  object({
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
    submittedAt: nullable(dateTime),
    reportedAt: nullable(dateTime),
    version: { type: 'integer', minimum: 1 },
  }),
);

const queue = object({
  today: date,
  limit: { type: 'integer', minimum: 1 },
  toReview: queueItems,
  toAssess: queueItems,
  toRegister: arrayOf(
    object({
      year,
      periodType: oneOf(PERIOD_TYPES),
      periodIndex: nullable({ type: 'integer', minimum: 1, maximum: 12 }),
      deadlineOn: date,
    }),
  ),
  toReport: queueItems,
  toResubmit: queueItems,
  drafts: queueItems,
  counts: object({ toReview: count, toAssess: count }),
  /** Cursors for the next page of each review list; null when the list is complete. */
  next: object({ toReview: nullable(text()), toAssess: nullable(text()) }),
});

const missing = object({
  year,
  periodType: oneOf(PERIOD_TYPES),
  periodIndex: nullable({ type: 'integer', minimum: 1, maximum: 12 }),
  items: arrayOf(
    object({
      memberId: uuid,
      fullName: str,
      cellId: uuid,
      cellName: str,
      status: oneOf(['official', 'probationary']),
    }),
  ),
  total: count,
  page: { type: 'integer', minimum: 1 },
  pageSize: { type: 'integer', minimum: 1, maximum: 200 },
});

/** Fields that hold a secret in some table or request: never part of an audited change. */
const SECRET_FIELDS = [
  'password',
  'passwordHash',
  'newPassword',
  'currentPassword',
  'accessToken',
  'refreshToken',
  'token',
  'secret',
  'secretHash',
  'refreshHash',
];

const auditEntry = object({
  id: uuid,
  at: dateTime,
  actorUserId: nullable(uuid),
  actorUsername: nullable(str),
  action: text(),
  entityType: text(),
  entityId: nullable(str),
  organizationPath: nullable(str),
  // Free-form by design (the fields of the change), but never a secret (OpenAPI 3.0 has no
  // propertyNames: the secret fields are named).
  changes: {
    type: 'object',
    nullable: true,
    not: {
      anyOf: SECRET_FIELDS.map((name) => ({ type: 'object', properties: { [name]: {} }, required: [name] })),
    },
  },
  reason: nullable(str),
  requestId: nullable(str),
  ip: nullable(str),
});

const importReport = object({
  dryRun: bool,
  totalRows: count,
  validRows: count,
  created: count,
  errors: arrayOf(
    object({
      row: { type: 'integer', minimum: 1 },
      column: str,
      field: text(),
      rule: text(),
      message: text(),
    }),
  ),
});

const TABLE_FILES = [CONTENT.csv, CONTENT.xlsx];

export const RESPONSES: Record<string, ResponseSpec> = {
  // auth
  // The JSON flow answers the pair; a browser session keeps the refresh token in its cookie.
  'POST /api/auth/login': json({ oneOf: [ref('TokenPair'), ref('BrowserSession')] }),
  'POST /api/auth/refresh': json({ oneOf: [ref('TokenPair'), ref('BrowserSession')] }),
  'POST /api/auth/logout': empty,
  'GET /api/auth/me': json(ref('Me')),
  'POST /api/auth/change-password': empty,

  // operations
  'GET /api/health': json(
    object({
      status: oneOf(['ok']),
      database: object({ status: oneOf(['up']), engine: text(), latencyMs: { type: 'number', minimum: 0 } }),
    }),
    {
      '503': {
        description: 'The database does not answer',
        schema: object({
          status: oneOf(['error']),
          database: object({ status: oneOf(['down']), engine: text() }),
        }),
      },
    },
  ),
  'GET /api/health/ready': json(
    object({
      status: oneOf(['ready']),
      database: oneOf(['up']),
      migrations: oneOf(['applied']),
      cacheChannel: oneOf(['listening', 'not_used']),
    }),
    {
      '503': {
        description:
          'Not ready: the database does not answer, migrations are pending, or the cache channel is not listened to',
        schema: object({
          status: oneOf(['not_ready']),
          database: oneOf(['up', 'down']),
          migrations: oneOf(['applied', 'pending', 'unknown']),
          cacheChannel: oneOf(['listening', 'not_listening', 'not_used']),
        }),
      },
    },
  ),
  'GET /api/audit-log': json(page(auditEntry)),

  // organisations, members, accounts
  'GET /api/organizations': json(arrayOf(ref('OrganizationNode'))),
  'POST /api/organizations': json(ref('OrganizationView')),
  'GET /api/organizations/{id}': json(ref('OrganizationView')),
  'PATCH /api/organizations/{id}': json(ref('OrganizationView')),
  'POST /api/organizations/{id}/close': json(ref('OrganizationView')),
  'GET /api/members': json(page(ref('MemberView'))),
  'POST /api/members': json(ref('MemberView')),
  'GET /api/members/{id}': json(ref('MemberView')),
  'PATCH /api/members/{id}': json(ref('MemberView')),
  'GET /api/members/{id}/exemptions': json(arrayOf(ref('ExemptionView'))),
  'POST /api/members/{id}/exemptions': json(ref('ExemptionView')),
  'PATCH /api/members/{id}/exemptions/{exemptionId}': json(ref('ExemptionView')),
  'POST /api/members/import': json(importReport),
  'GET /api/members/import/template': file(CONTENT.xlsx, CONTENT.csv),
  'GET /api/users': json(page(ref('UserView'))),
  'POST /api/users': json(ref('UserView')),
  'GET /api/users/{id}': json(ref('UserView')),
  'PATCH /api/users/{id}': json(ref('UserView')),

  // commitments
  'GET /api/commitments/queue': json(queue),
  'GET /api/commitments/missing': json(missing),
  'GET /api/commitments/deadlines': json(ref('DeadlinesView')),
  'PUT /api/commitments/deadlines': json(ref('DeadlinesView')),
  'DELETE /api/commitments/deadlines': json(ref('DeadlinesView')),
  'POST /api/commitments/accept': json(object({ accepted: count, items: commitmentSummaries })),
  'GET /api/commitments': json(page(ref('CommitmentSummary'))),
  'POST /api/commitments': json(ref('CommitmentView')),
  'GET /api/commitments/{id}': json(ref('CommitmentView')),
  'PATCH /api/commitments/{id}': json(ref('CommitmentView')),
  'POST /api/commitments/{id}/carry-forward': json(ref('CommitmentView')),
  'POST /api/commitments/{id}/submit': json(ref('CommitmentView')),
  'POST /api/commitments/{id}/accept': json(ref('CommitmentView')),
  'POST /api/commitments/{id}/return': json(ref('CommitmentView')),
  'POST /api/commitments/{id}/results': json(ref('CommitmentView')),
  'POST /api/commitments/{id}/assess': json(ref('CommitmentView')),
  'POST /api/commitments/{id}/reopen': json(ref('CommitmentView')),
  'GET /api/commitments/{id}/feedback': json(page(ref('FeedbackView'))),
  'POST /api/commitments/{id}/feedback': json(ref('FeedbackView')),

  // reference catalogs
  'GET /api/manifestations': json(arrayOf(ref('CatalogItemView'))),
  'GET /api/manifestations/versions': json(arrayOf(ref('CatalogVersionView'))),
  'GET /api/manifestations/{code}': json(ref('CatalogItemView')),
  'PUT /api/manifestations/{code}': json(ref('CatalogItemView')),
  'GET /api/prohibitions': json(arrayOf(ref('CatalogItemView'))),
  'GET /api/prohibitions/versions': json(arrayOf(ref('CatalogVersionView'))),
  'GET /api/prohibitions/{code}': json(ref('CatalogItemView')),
  'PUT /api/prohibitions/{code}': json(ref('CatalogItemView')),

  // cell life
  'GET /api/study-themes': json(arrayOf(ref('StudyThemeView'))),
  'POST /api/study-themes': json(ref('StudyThemeView')),
  'GET /api/study-themes/participation': json(yearRate('participated')),
  'GET /api/study-themes/registration': json(yearRate('registered')),
  'GET /api/meetings': json(page(ref('MeetingSummary'))),
  'POST /api/meetings': json(ref('MeetingView')),
  'GET /api/meetings/attendance-rates': json(
    object(
      {
        organizationId: nullable(uuid),
        memberId: nullable(uuid),
        from: date,
        to: date,
        total: rateRow({}),
        groups: arrayOf(
          rateRow({ cellId: uuid, cellName: str, memberId: uuid, fullName: str }, [
            'cellId',
            'cellName',
            'memberId',
            'fullName',
          ]),
        ),
      },
      ['groups'],
    ),
  ),
  'GET /api/meetings/issues': json(page(ref('IssueView'))),
  'POST /api/meetings/issues/{issueId}/resolve': json(ref('IssueView')),
  'GET /api/meetings/{id}': json(ref('MeetingView')),
  'GET /api/meetings/pack': file(CONTENT.docx),
  'GET /api/meetings/{id}/pack': file(CONTENT.docx),
  'PATCH /api/meetings/{id}': json(ref('MeetingView')),
  'POST /api/meetings/{id}/issues': json(ref('IssueView')),
  'GET /api/members/{id}/conduct-checks/{year}': json(ref('ConductCheckView')),
  'PUT /api/members/{id}/conduct-checks/{year}': json(ref('ConductCheckView')),
  'GET /api/conduct-checks': json(
    page(
      object({
        id: uuid,
        memberId: uuid,
        fullName: str,
        cellId: uuid,
        year,
        quarter: { type: 'integer', minimum: 0, maximum: 4 },
        catalogVersion: { type: 'integer', minimum: 1 },
        version: { type: 'integer', minimum: 1 },
        selfAnswered: count,
        selfAtRisk: count,
        selfPresent: count,
        concluded: count,
        concludedPresent: count,
      }),
    ),
  ),
  'GET /api/conduct-checks/summary': json(
    object({
      organizationId: uuid,
      year,
      quarter: { type: 'integer', minimum: 0, maximum: 4 },
      checkedMembers: count,
      items: arrayOf(
        object({
          code: { type: 'integer', minimum: 1, maximum: 27 },
          selfAtRisk: count,
          selfPresent: count,
          concludedAtRisk: count,
          concludedPresent: count,
        }),
      ),
    }),
  ),
  'GET /api/members/{id}/disciplinary-records': json(
    page(ref('DisciplinaryRecordView'), { expelledOn: nullable(date) }),
  ),
  'POST /api/members/{id}/disciplinary-records': json(ref('DisciplinaryRecordView')),

  // year-end evaluation
  'GET /api/evaluation-rule-sets': json(arrayOf(ref('RuleSetView'))),
  'POST /api/evaluation-cycles': json(ref('CycleView')),
  'GET /api/evaluation-cycles': json(page(ref('CycleView'))),
  'GET /api/evaluation-cycles/{id}': json(CycleDetail),
  'POST /api/evaluation-cycles/{id}/generate': json(
    extend(CycleView, {
      result: object({
        members: count,
        created: count,
        refreshed: count,
        notClassified: count,
        suggested: levelCounts,
      }),
    }),
  ),
  'POST /api/evaluation-cycles/{id}/finalize': json(ref('CycleView')),
  'POST /api/evaluation-cycles/{id}/quota-exceptions': json(QuotaExceptionView),
  'GET /api/evaluation-inputs': json(arrayOf(EvaluationInputView)),
  'POST /api/evaluation-inputs': json(EvaluationInputView),
  'POST /api/evaluation-inputs/{id}/withdraw': json(EvaluationInputView),
  'POST /api/evaluation-cycles/{id}/reopen': json(ref('CycleView')),
  'GET /api/evaluations': json(page(ref('EvaluationView'))),
  'GET /api/evaluations/{id}': json(ref('EvaluationDetail')),
  'POST /api/evaluations/{id}/self-assessment': json(ref('EvaluationDetail')),
  'POST /api/evaluations/{id}/proposal': json(ref('EvaluationDetail')),
  'POST /api/evaluations/{id}/decision': json(ref('EvaluationDetail')),

  // notifications
  'GET /api/notifications': json(page(ref('NotificationView'), { unread: count })),
  'POST /api/notifications/read-all': json(object({ updated: count })),
  'POST /api/notifications/{id}/read': json(ref('NotificationView')),
  'GET /api/notifications/settings/{organizationId}': json(ref('NotificationSettingsView')),
  'PUT /api/notifications/settings/{organizationId}': json(ref('NotificationSettingsView')),

  // reports
  'GET /api/reports/overview': jsonOrFile(overview, ...TABLE_FILES, CONTENT.pdf),
  'GET /api/reports/organizations': jsonOrFile(organizationsReport, ...TABLE_FILES),
  'GET /api/reports/classification': jsonOrFile(classification, ...TABLE_FILES),
  'GET /api/reports/leaders-first': jsonOrFile(leadersFirst, ...TABLE_FILES),
  'GET /api/reports/members/{id}/review': file(CONTENT.docx),
  'GET /api/reports/trend': jsonOrFile(trend, ...TABLE_FILES),
};
