import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** The self-check statuses generation counts; the partial index below holds only those rows. */
const SELF_FLAGGED = `"selfStatus" IN ('at_risk', 'present')`;

/**
 * Indexes for year-end generation's conduct-check source (docs/EVALUATION.md, "Generation"): the
 * year's checks of a chunk of members with their id (the unique (memberId, year, quarter) index sent
 * every check to the table for it), and, partial, only the self-check items flagged `at_risk` or
 * `present` (about 1.5% of the items in the scale data; every item was read from the table before).
 */
export class EvaluationConductIndexes1764750000000 implements MigrationInterface {
  name = 'EvaluationConductIndexes1764750000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex(
      'conduct_check',
      new TableIndex({
        name: 'IDX_conduct_check_member_year_evaluation',
        columnNames: ['memberId', 'year', 'id'],
      }),
    );
    await qr.createIndex(
      'conduct_check_item',
      new TableIndex({
        name: 'IDX_conduct_item_self_evaluation',
        columnNames: ['checkId', 'selfStatus', 'code'],
        where: SELF_FLAGGED,
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('conduct_check_item', 'IDX_conduct_item_self_evaluation');
    await qr.dropIndex('conduct_check', 'IDX_conduct_check_member_year_evaluation');
  }
}
