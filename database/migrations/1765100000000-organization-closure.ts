import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations that close (the 2025 reform: no district level, many units merged or split;
 * docs/ORGANIZATIONS.md): the day, how (merged, split) and the successors. Nullable columns, plain ADD
 * COLUMN on both engines (TypeORM's addColumn rebuilds the whole table on SQLite); existing rows stay
 * open. Nothing else changes: a closed organisation keeps its row, path and records.
 */
export class OrganizationClosure1765100000000 implements MigrationInterface {
  name = 'OrganizationClosure1765100000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.query(`ALTER TABLE "organization" ADD COLUMN "closedOn" date`);
    await qr.query(`ALTER TABLE "organization" ADD COLUMN "closure" varchar(16)`);
    await qr.query(`ALTER TABLE "organization" ADD COLUMN "successorIds" text`);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const c of ['successorIds', 'closure', 'closedOn'])
      await qr.query(`ALTER TABLE "organization" DROP COLUMN "${c}"`);
  }
}
