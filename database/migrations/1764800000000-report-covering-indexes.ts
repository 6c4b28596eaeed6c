import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Covering indexes for the overview report's passes over the members on the roll (docs/REPORTS.md,
 * "Speed"):
 * - commitment (memberId, year, periodType, status, periodKey): each expected member's quarterly and
 *   monthly commitments of the year, published ones, with their period, from the index alone (the
 *   unique (memberId, year, periodType, periodKey) index sent every commitment to the table for its
 *   status);
 * - meeting (id, kind, heldOn): whether a meeting a member was present at is a study meeting of the
 *   year (study participation), without reading the meeting's row.
 */
export class ReportCoveringIndexes1764800000000 implements MigrationInterface {
  name = 'ReportCoveringIndexes1764800000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex(
      'commitment',
      new TableIndex({
        name: 'IDX_commitment_member_period_report',
        columnNames: ['memberId', 'year', 'periodType', 'status', 'periodKey'],
      }),
    );
    await qr.createIndex(
      'meeting',
      new TableIndex({ name: 'IDX_meeting_kind_report', columnNames: ['id', 'kind', 'heldOn'] }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('meeting', 'IDX_meeting_kind_report');
    await qr.dropIndex('commitment', 'IDX_commitment_member_period_report');
  }
}
