import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { isPostgres } from './schema-helpers.js';

/** The counts of a commitment's live items, kept on the commitment row (see Commitment, itemCounts). */
const COUNTS = [
  'itemCount',
  'itemsDone',
  'itemsExceeded',
  'itemsPartly',
  'itemsNotDone',
  'itemsUnreported',
  'followItems',
] as const;

const REPORT_BEFORE = ['cellId', 'year', 'status', 'rating', 'late', 'firstSubmittedAt', 'id'];
const PERIOD_BEFORE = ['memberId', 'year', 'periodType', 'status', 'periodKey'];

/**
 * Item-outcome counts on the commitment row (docs/REPORTS.md, "Speed"; docs/COMMITMENTS.md): the
 * reports' outcome figures and the yearly registration read them from the commitment rows instead of
 * looking up every commitment's items (one index search per commitment: 75,552 for a 10,000-member
 * city's year). Adds the columns (plain ADD COLUMN on both engines: TypeORM's addColumn rebuilds the
 * whole table on SQLite), fills them for every existing commitment in one set-based UPDATE from one
 * grouped pass over the live items, and extends two covering indexes so the reports answer from the
 * index: the per-cell commitments pass (outcome counts) and the per-member period pass (`followItems`).
 * The indexes are dropped before the backfill so the UPDATE does not maintain them row by row.
 */
export class CommitmentItemCounts1764900000000 implements MigrationInterface {
  name = 'CommitmentItemCounts1764900000000';

  async up(qr: QueryRunner): Promise<void> {
    // SQLite: the default written as TypeORM writes it, `DEFAULT (0)`, so the table's SQL reads back
    // the same as the entity's.
    const zero = isPostgres(qr) ? '0' : '(0)';
    for (const c of COUNTS)
      await qr.query(`ALTER TABLE "commitment" ADD COLUMN "${c}" integer NOT NULL DEFAULT ${zero}`);
    await qr.dropIndex('commitment', 'IDX_commitment_cell_year_report');
    await qr.dropIndex('commitment', 'IDX_commitment_member_period_report');
    const when = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
    await qr.query(
      `UPDATE "commitment" SET ${COUNTS.map((c) => `"${c}" = "k"."${c}"`).join(', ')}
       FROM (SELECT "i"."commitmentId",
               COUNT(*) AS "itemCount",
               ${when(`"i"."outcome" = 'done'`)} AS "itemsDone",
               ${when(`"i"."outcome" = 'done' AND "i"."exceeded"`)} AS "itemsExceeded",
               ${when(`"i"."outcome" = 'partly'`)} AS "itemsPartly",
               ${when(`"i"."outcome" = 'not_done'`)} AS "itemsNotDone",
               ${when(`"i"."outcome" IS NULL`)} AS "itemsUnreported",
               ${when(`"i"."category" = 'follow'`)} AS "followItems"
             FROM "commitment_item" "i" WHERE "i"."removedAt" IS NULL
             GROUP BY "i"."commitmentId") "k"
       WHERE "k"."commitmentId" = "commitment"."id"`,
    );
    await qr.createIndex(
      'commitment',
      new TableIndex({
        name: 'IDX_commitment_cell_year_report',
        columnNames: [...REPORT_BEFORE, ...COUNTS.filter((c) => c !== 'followItems')],
      }),
    );
    await qr.createIndex(
      'commitment',
      new TableIndex({
        name: 'IDX_commitment_member_period_report',
        columnNames: [...PERIOD_BEFORE, 'followItems'],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('commitment', 'IDX_commitment_member_period_report');
    await qr.dropIndex('commitment', 'IDX_commitment_cell_year_report');
    await qr.createIndex(
      'commitment',
      new TableIndex({ name: 'IDX_commitment_member_period_report', columnNames: PERIOD_BEFORE }),
    );
    await qr.createIndex(
      'commitment',
      new TableIndex({ name: 'IDX_commitment_cell_year_report', columnNames: REPORT_BEFORE }),
    );
    for (const c of [...COUNTS].reverse()) await qr.query(`ALTER TABLE "commitment" DROP COLUMN "${c}"`);
  }
}
