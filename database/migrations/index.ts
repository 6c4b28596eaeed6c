import { Foundation1764100000000 } from './1764100000000-foundation.js';
import { Commitments1764200000000 } from './1764200000000-commitments.js';
import { CellLife1764300000000 } from './1764300000000-cell-life.js';
import { Evaluations1764400000000 } from './1764400000000-evaluations.js';
import { Notifications1764500000000 } from './1764500000000-notifications.js';
import { ReportIndexes1764600000000 } from './1764600000000-report-indexes.js';
import { MemberListIndex1764710000000 } from './1764710000000-member-list-index.js';
import { EvaluationIndexes1764740000000 } from './1764740000000-evaluation-indexes.js';
import { EvaluationConductIndexes1764750000000 } from './1764750000000-evaluation-conduct-indexes.js';
import { ReportCoveringIndexes1764800000000 } from './1764800000000-report-covering-indexes.js';
import { CommitmentItemCounts1764900000000 } from './1764900000000-commitment-item-counts.js';
import { MeetingAttendanceCounts1764910000000 } from './1764910000000-meeting-attendance-counts.js';
import { ConductCheckFlagged1764920000000 } from './1764920000000-conduct-check-flagged.js';
import { RecordsStayInTheirCell1764930000000 } from './1764930000000-records-stay-in-their-cell.js';
import { Qd366V21764950000000 } from './1764950000000-qd366-v2.js';
import { CatalogSources1764960000000 } from './1764960000000-catalog-sources.js';
import { AuditReasonText1764985000000 } from './1764985000000-audit-reason-text.js';
import { OrganizationClosure1765100000000 } from './1765100000000-organization-closure.js';
import { CompetentConclusions1765200000000 } from './1765200000000-competent-conclusions.js';
import { ExemptionPeriods1765300000000 } from './1765300000000-exemption-periods.js';
import { LoginFailure1765350000000 } from './1765350000000-login-failure.js';
import { OverviewIndexes1765400000000 } from './1765400000000-overview-indexes.js';

/**
 * Every migration, in order. Listed explicitly (no glob) so the same list works from the compiled
 * service, the TypeORM CLI data source and the test runner. Add new ones at the end.
 */
export const MIGRATIONS = [
  Foundation1764100000000,
  Commitments1764200000000,
  CellLife1764300000000,
  Evaluations1764400000000,
  Notifications1764500000000,
  ReportIndexes1764600000000,
  MemberListIndex1764710000000,
  EvaluationIndexes1764740000000,
  EvaluationConductIndexes1764750000000,
  ReportCoveringIndexes1764800000000,
  CommitmentItemCounts1764900000000,
  MeetingAttendanceCounts1764910000000,
  ConductCheckFlagged1764920000000,
  RecordsStayInTheirCell1764930000000,
  Qd366V21764950000000,
  CatalogSources1764960000000,
  AuditReasonText1764985000000,
  OrganizationClosure1765100000000,
  CompetentConclusions1765200000000,
  ExemptionPeriods1765300000000,
  LoginFailure1765350000000,
  OverviewIndexes1765400000000,
];
