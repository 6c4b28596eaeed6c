import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Covering indexes for the overview at 100,000 members on PostgreSQL (docs/REPORTS.md, "Speed"):
 * - `IDX_attendance_meeting_member_report`: who was present at the year's study meetings (STUDIED) is
 *   read from the study meetings to their present rows (352,000 entries) instead of scanning all
 *   1.4 million attendance rows;
 * - `IDX_commitment_year_period_report`: the yearly commitments that register (REGISTERED: published,
 *   with a follow item) are read from the index alone instead of visiting each commitment row;
 * - `IDX_evaluation_cycle_level_report`: the level counts and the quota count a cycle's evaluations
 *   from the index instead of scanning the evaluation rows (each carries its reasons and metrics).
 */
export class OverviewIndexes1765400000000 implements MigrationInterface {
  name = 'OverviewIndexes1765400000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex(
      'meeting_attendance',
      new TableIndex({
        name: 'IDX_attendance_meeting_member_report',
        columnNames: ['meetingId', 'status', 'memberId'],
      }),
    );
    await qr.createIndex(
      'commitment',
      new TableIndex({
        name: 'IDX_commitment_year_period_report',
        columnNames: ['year', 'periodType', 'status', 'followItems', 'periodKey', 'memberId'],
      }),
    );
    await qr.createIndex(
      'evaluation',
      new TableIndex({
        name: 'IDX_evaluation_cycle_level_report',
        columnNames: ['cycleId', 'status', 'decidedLevel', 'grassrootsId', 'cellPath'],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('evaluation', 'IDX_evaluation_cycle_level_report');
    await qr.dropIndex('commitment', 'IDX_commitment_year_period_report');
    await qr.dropIndex('meeting_attendance', 'IDX_attendance_meeting_member_report');
  }
}
