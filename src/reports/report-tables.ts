/**
 * Every table each cached report reads (ReportCache: an entry is answered only while none of them has
 * been written since it was computed). Derived from the SQL of the report repositories, of
 * cell-life-rates.repository.ts and of membership.repository.ts that each report runs; a table missing here
 * serves stale figures, so change this list with the SQL. test/e2e/report-cache.e2e-spec.ts writes to
 * each table through the API and checks the report's figure moves.
 *
 * Membership on a day (the roll: `onRollSql`, `expectedSql`, `rollByChild`) reads member,
 * member_cell_history, organization and disciplinary_record (expulsions).
 */
const ROLL = ['member', 'member_cell_history', 'organization', 'disciplinary_record'] as const;

/** The figures the overview and the per-child table share (see each below). */
const FIGURES = [
  ...ROLL,
  'commitment',
  'meeting',
  'meeting_attendance',
  'meeting_issue',
  'evaluation',
  'evaluation_cycle',
  'conduct_check',
  'conduct_check_item',
] as const;

export const REPORT_TABLES = {
  /**
   * memberFigures (the roll; REGISTERED: commitment, its followItems; STUDIED: meeting_attendance,
   * meeting), periodRegistrations (commitment, the roll), CellLifeRates.attendance (meeting: the counts
   * kept on the meeting row; organization), commitmentCounts (commitment: the item counts kept on the
   * commitment row, written in the same transaction as the items), meetingCounts (meeting,
   * meeting_issue), levelCounts (evaluation, evaluation_cycle), quotaStatus (evaluation,
   * evaluation_cycle, organization, evaluation_rule_set, evaluation_quota_exception), manifestations (conduct_check,
   * conduct_check_item, organization). The organisation's name in the heading: organization.
   */
  overview: [...FIGURES, 'evaluation_rule_set', 'evaluation_quota_exception'],
  /**
   * registrationByChild and participationByChild (rollByChild; REGISTERED, STUDIED), memberCountsByChild
   * (rollByChild), commitmentCountsByChild, levelCountsByChild (evaluation, evaluation_cycle),
   * manifestationsByChild, meetingCountsByChild, children (organization), attendance by cell (meeting,
   * organization) and attendanceByChild: the overview's tables but the rule sets (no quota per child).
   */
  organizations: FIGURES,
  /** classification: evaluation, evaluation_cycle, member (name), organization (cell name). */
  classification: ['evaluation', 'evaluation_cycle', 'member', 'organization'],
  /** leaders: organization (heads), member (head's name), commitment (first submissions). */
  leadersFirst: ['organization', 'member', 'commitment'],
  /**
   * memberCounts (the roll), periodRegistrations (commitment, the roll), meetingCountsByMonth (meeting,
   * meeting_issue, organization), attendance per month (meeting: the counts kept on the meeting row,
   * written in the same transaction as the attendance rows; organization).
   */
  trendMonth: [...ROLL, 'commitment', 'meeting', 'meeting_issue'],
} satisfies Record<string, readonly string[]>;
