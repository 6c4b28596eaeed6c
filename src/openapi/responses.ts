import { AuditEntryView } from '../audit/audit.responses.js';
import { BrowserSession, Me, TokenPair } from '../auth/auth.responses.js';
import {
  BulkAccepted,
  CommitmentSummary,
  CommitmentView,
  DeadlinesView,
  FeedbackView,
  MissingPage,
  QueueView,
} from '../commitments/commitments.responses.js';
import {
  ConductCheckRow,
  ConductCheckView,
  ConductSummary,
} from '../conduct-checks/conduct-checks.responses.js';
import { DisciplinaryRecordPage, DisciplinaryRecordView } from '../discipline/discipline.responses.js';
import {
  CycleDetail,
  CycleView,
  EvaluationDetail,
  EvaluationInputView,
  EvaluationView,
  GeneratedCycle,
  QuotaExceptionView,
  RuleSetView,
} from '../evaluations/evaluations.responses.js';
import { LivenessDown, LivenessUp, NotReady, Ready } from '../health/health.responses.js';
import { ImportReport } from '../imports/imports.responses.js';
import { CatalogItemView, CatalogVersionView } from '../manifestations/manifestations.responses.js';
import {
  AttendanceRates,
  IssueView,
  MeetingSummary,
  MeetingView,
  ParticipationRate,
  RegistrationRate,
} from '../meetings/meetings.responses.js';
import { ExemptionView, MemberView } from '../members/members.responses.js';
import {
  NotificationPage,
  NotificationSettingsView,
  NotificationView,
  ReadAll,
} from '../notifications/notifications.responses.js';
import { OrganizationNode, OrganizationView } from '../organizations/organizations.responses.js';
import {
  ClassificationReport,
  LeadersFirstReport,
  OrganizationsReport,
  Overview,
  Trend,
} from '../reports/reports.responses.js';
import { StudyThemeView } from '../study-themes/study-themes.responses.js';
import { UserView } from '../users/users.responses.js';
import {
  arrayOf,
  CONTENT,
  empty,
  file,
  json,
  jsonOrFile,
  page,
  ref,
  ResponseSpec,
  union,
} from './schema-kit.js';

/**
 * The success response of every operation of the API, keyed `METHOD /openapi/path`. Merged into the
 * OpenAPI document by `describeResponses`; test/e2e/trust-responses.e2e-spec.ts fails when a route
 * has no entry here, and validates real answers against these schemas. The shapes are the modules'
 * (`<module>.responses.ts`); a named one (components.ts) is referenced, the others inlined.
 */

const TABLE_FILES = [CONTENT.csv, CONTENT.xlsx];

export const RESPONSES: Record<string, ResponseSpec> = {
  // auth
  // The JSON flow answers the pair; a browser session keeps the refresh token in its cookie.
  'POST /api/auth/login': json(union(ref(TokenPair), ref(BrowserSession))),
  'POST /api/auth/refresh': json(union(ref(TokenPair), ref(BrowserSession))),
  'POST /api/auth/logout': empty,
  'GET /api/auth/me': json(ref(Me)),
  'POST /api/auth/change-password': empty,

  // operations
  'GET /api/health': json(LivenessUp, {
    '503': { description: 'The database does not answer', schema: LivenessDown },
  }),
  'GET /api/health/ready': json(Ready, {
    '503': {
      description:
        'Not ready: the database does not answer, migrations are pending, or the cache channel is not listened to',
      schema: NotReady,
    },
  }),
  'GET /api/audit-log': json(page(AuditEntryView)),

  // organisations, members, accounts
  'GET /api/organizations': json(arrayOf(ref(OrganizationNode))),
  'POST /api/organizations': json(ref(OrganizationView)),
  'GET /api/organizations/{id}': json(ref(OrganizationView)),
  'PATCH /api/organizations/{id}': json(ref(OrganizationView)),
  'POST /api/organizations/{id}/close': json(ref(OrganizationView)),
  'GET /api/members': json(page(ref(MemberView))),
  'POST /api/members': json(ref(MemberView)),
  'GET /api/members/{id}': json(ref(MemberView)),
  'PATCH /api/members/{id}': json(ref(MemberView)),
  'GET /api/members/{id}/exemptions': json(arrayOf(ref(ExemptionView))),
  'POST /api/members/{id}/exemptions': json(ref(ExemptionView)),
  'PATCH /api/members/{id}/exemptions/{exemptionId}': json(ref(ExemptionView)),
  'POST /api/members/import': json(ImportReport),
  'GET /api/members/import/template': file(CONTENT.xlsx, CONTENT.csv),
  'GET /api/users': json(page(ref(UserView))),
  'POST /api/users': json(ref(UserView)),
  'GET /api/users/{id}': json(ref(UserView)),
  'PATCH /api/users/{id}': json(ref(UserView)),

  // commitments
  'GET /api/commitments/queue': json(QueueView),
  'GET /api/commitments/missing': json(MissingPage),
  'GET /api/commitments/deadlines': json(ref(DeadlinesView)),
  'PUT /api/commitments/deadlines': json(ref(DeadlinesView)),
  'DELETE /api/commitments/deadlines': json(ref(DeadlinesView)),
  'POST /api/commitments/accept': json(BulkAccepted),
  'GET /api/commitments': json(page(ref(CommitmentSummary))),
  'POST /api/commitments': json(ref(CommitmentView)),
  'GET /api/commitments/{id}': json(ref(CommitmentView)),
  'PATCH /api/commitments/{id}': json(ref(CommitmentView)),
  'POST /api/commitments/{id}/carry-forward': json(ref(CommitmentView)),
  'POST /api/commitments/{id}/submit': json(ref(CommitmentView)),
  'POST /api/commitments/{id}/accept': json(ref(CommitmentView)),
  'POST /api/commitments/{id}/return': json(ref(CommitmentView)),
  'POST /api/commitments/{id}/results': json(ref(CommitmentView)),
  'POST /api/commitments/{id}/assess': json(ref(CommitmentView)),
  'POST /api/commitments/{id}/reopen': json(ref(CommitmentView)),
  'GET /api/commitments/{id}/feedback': json(page(ref(FeedbackView))),
  'POST /api/commitments/{id}/feedback': json(ref(FeedbackView)),

  // reference catalogs
  'GET /api/manifestations': json(arrayOf(ref(CatalogItemView))),
  'GET /api/manifestations/versions': json(arrayOf(ref(CatalogVersionView))),
  'GET /api/manifestations/{code}': json(ref(CatalogItemView)),
  'PUT /api/manifestations/{code}': json(ref(CatalogItemView)),
  'GET /api/prohibitions': json(arrayOf(ref(CatalogItemView))),
  'GET /api/prohibitions/versions': json(arrayOf(ref(CatalogVersionView))),
  'GET /api/prohibitions/{code}': json(ref(CatalogItemView)),
  'PUT /api/prohibitions/{code}': json(ref(CatalogItemView)),

  // cell life
  'GET /api/study-themes': json(arrayOf(ref(StudyThemeView))),
  'POST /api/study-themes': json(ref(StudyThemeView)),
  'GET /api/study-themes/participation': json(ParticipationRate),
  'GET /api/study-themes/registration': json(RegistrationRate),
  'GET /api/meetings': json(page(ref(MeetingSummary))),
  'POST /api/meetings': json(ref(MeetingView)),
  'GET /api/meetings/attendance-rates': json(AttendanceRates),
  'GET /api/meetings/issues': json(page(ref(IssueView))),
  'POST /api/meetings/issues/{issueId}/resolve': json(ref(IssueView)),
  'GET /api/meetings/{id}': json(ref(MeetingView)),
  'GET /api/meetings/pack': file(CONTENT.docx),
  'GET /api/meetings/{id}/pack': file(CONTENT.docx),
  'PATCH /api/meetings/{id}': json(ref(MeetingView)),
  'POST /api/meetings/{id}/issues': json(ref(IssueView)),
  'GET /api/members/{id}/conduct-checks/{year}': json(ref(ConductCheckView)),
  'PUT /api/members/{id}/conduct-checks/{year}': json(ref(ConductCheckView)),
  'GET /api/conduct-checks': json(page(ConductCheckRow)),
  'GET /api/conduct-checks/summary': json(ConductSummary),
  'GET /api/members/{id}/disciplinary-records': json(DisciplinaryRecordPage),
  'POST /api/members/{id}/disciplinary-records': json(ref(DisciplinaryRecordView)),

  // year-end evaluation
  'GET /api/evaluation-rule-sets': json(arrayOf(ref(RuleSetView))),
  'POST /api/evaluation-cycles': json(ref(CycleView)),
  'GET /api/evaluation-cycles': json(page(ref(CycleView))),
  'GET /api/evaluation-cycles/{id}': json(CycleDetail),
  'POST /api/evaluation-cycles/{id}/generate': json(GeneratedCycle),
  'POST /api/evaluation-cycles/{id}/finalize': json(ref(CycleView)),
  'POST /api/evaluation-cycles/{id}/quota-exceptions': json(QuotaExceptionView),
  'GET /api/evaluation-inputs': json(arrayOf(EvaluationInputView)),
  'POST /api/evaluation-inputs': json(EvaluationInputView),
  'POST /api/evaluation-inputs/{id}/withdraw': json(EvaluationInputView),
  'POST /api/evaluation-cycles/{id}/reopen': json(ref(CycleView)),
  'GET /api/evaluations': json(page(ref(EvaluationView))),
  'GET /api/evaluations/{id}': json(ref(EvaluationDetail)),
  'POST /api/evaluations/{id}/self-assessment': json(ref(EvaluationDetail)),
  'POST /api/evaluations/{id}/proposal': json(ref(EvaluationDetail)),
  'POST /api/evaluations/{id}/decision': json(ref(EvaluationDetail)),

  // notifications
  'GET /api/notifications': json(NotificationPage),
  'POST /api/notifications/read-all': json(ReadAll),
  'POST /api/notifications/{id}/read': json(ref(NotificationView)),
  'GET /api/notifications/settings/{organizationId}': json(ref(NotificationSettingsView)),
  'PUT /api/notifications/settings/{organizationId}': json(ref(NotificationSettingsView)),

  // reports
  'GET /api/reports/overview': jsonOrFile(Overview, ...TABLE_FILES, CONTENT.pdf),
  'GET /api/reports/organizations': jsonOrFile(OrganizationsReport, ...TABLE_FILES),
  'GET /api/reports/classification': jsonOrFile(ClassificationReport, ...TABLE_FILES),
  'GET /api/reports/leaders-first': jsonOrFile(LeadersFirstReport, ...TABLE_FILES),
  'GET /api/reports/members/{id}/review': file(CONTENT.docx),
  'GET /api/reports/trend': jsonOrFile(Trend, ...TABLE_FILES),
};
