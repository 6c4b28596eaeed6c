import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** The conclusions the reports' manifestation counts read; the partial index below holds only those rows. */
const CONCLUDED_FLAGGED = `"conclusionStatus" IN ('at_risk', 'present')`;

/**
 * The manifestation counts of the reports (docs/REPORTS.md, "Speed"): the subtree's checks of the year
 * each search their items concluded `at_risk` or `present`. Through the full
 * `IDX_conduct_item_report` (27 entries per check) that was two searches per check in an index the
 * size of the item table (2.5 million entries at 100,000 members) though about 2% of the items are
 * flagged; this partial covering index holds only the flagged items, so each check's search is a
 * look-up in a small index that stays in the cache. Nothing to keep in step: the engine maintains it.
 * The full index stays for the other readers (check lists, `concludedPresentCodes`).
 */
export class ConductCheckFlagged1764920000000 implements MigrationInterface {
  name = 'ConductCheckFlagged1764920000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex(
      'conduct_check_item',
      new TableIndex({
        name: 'IDX_conduct_item_flagged_report',
        columnNames: ['checkId', 'conclusionStatus', 'code'],
        where: CONCLUDED_FLAGGED,
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('conduct_check_item', 'IDX_conduct_item_flagged_report');
  }
}
