import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { idColumn, str, ts } from './schema-helpers.js';

/**
 * Failed password checks in a table, so every process on one PostgreSQL database counts the same
 * failures (docs/SCALING.md). Created on both engines (one schema); SQLite, served by one process,
 * keeps counting in memory and leaves it empty.
 */
export class LoginFailure1765350000000 implements MigrationInterface {
  name = 'LoginFailure1765350000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'login_failure',
        columns: [idColumn(qr), str('key', 64), ts(qr, 'at', false)],
        indices: [{ columnNames: ['key', 'at'] }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('login_failure');
  }
}
