import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const OLD_COLUMNS = ['memberId', 'year', 'quarter'];

/**
 * A conduct check stays with the cell it was made in (docs/CELL-LIFE.md, "Conduct checks"): a member
 * who moves mid-year keeps the old cell's check there and the new cell opens its own, so the check is
 * unique per member, cell and period instead of per member and period. Every existing check already
 * holds the cell it was opened in (`cellId`, set at the first entry), so no row changes.
 */
export class RecordsStayInTheirCell1764930000000 implements MigrationInterface {
  name = 'RecordsStayInTheirCell1764930000000';

  async up(qr: QueryRunner): Promise<void> {
    const table = await qr.getTable('conduct_check');
    const old = table?.indices.find(
      (i) => i.isUnique && i.columnNames.length === 3 && OLD_COLUMNS.every((c) => i.columnNames.includes(c)),
    );
    if (old) await qr.dropIndex('conduct_check', old);
    await qr.createIndex(
      'conduct_check',
      new TableIndex({
        name: 'IDX_conduct_check_member_cell_period',
        columnNames: ['memberId', 'cellId', 'year', 'quarter'],
        isUnique: true,
      }),
    );
  }

  /** Fails while a member has two checks for one period (one per cell), as the old rule cannot hold them. */
  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('conduct_check', 'IDX_conduct_check_member_cell_period');
    await qr.createIndex('conduct_check', new TableIndex({ columnNames: OLD_COLUMNS, isUnique: true }));
  }
}
