import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import qd366v2 from '../reference/rule-sets/QD366-2025.v2.json' with { type: 'json' };
import { deleteRuleSet, insertRuleSet } from './rule-set-rows.js';
import { date, idColumn, int, str, text, timestamps, ts, uuidRef } from './schema-helpers.js';

const fk = (column: string, table: string) => ({
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: ['id'],
});

/**
 * QĐ 366-QĐ/TW version 2 (docs/EVALUATION.md) and what it reads: the date a done item was completed
 * (on time or not), the facts the cell or committee records for the year (a breach of the duty to set
 * an example, a civil servant's state rating), and the higher committee's approvals to exceed the
 * quota. Version 1 stays as published: cycles pinned to it keep their results.
 */
export class Qd366V21764950000000 implements MigrationInterface {
  name = 'Qd366V21764950000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('commitment_item', new TableColumn(date('completedOn')));
    await qr.createTable(
      new Table({
        name: 'evaluation_input',
        columns: [
          idColumn(qr),
          uuidRef('memberId'),
          int('year'),
          str('kind', 32),
          text('basis', false),
          str('documentNumber', 100, true),
          date('documentDate'),
          uuidRef('recordedByUserId', true),
          timestamps(qr)[0],
          ts(qr, 'withdrawnAt'),
          str('withdrawnReason', 1000, true),
          uuidRef('withdrawnByUserId', true),
        ],
        indices: [{ columnNames: ['memberId', 'year'] }],
        foreignKeys: [fk('memberId', 'member')],
        checks: [{ expression: `"kind" IN ('exemplary_duty_breach', 'state_rating_incomplete')` }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'evaluation_quota_exception',
        columns: [
          idColumn(qr),
          uuidRef('cycleId'),
          uuidRef('grassrootsId'),
          uuidRef('approvedByOrganizationId'),
          str('decisionNumber', 100),
          date('decidedOn', false),
          int('maxExcellent'),
          uuidRef('recordedByUserId', true),
          timestamps(qr)[0],
        ],
        indices: [{ columnNames: ['cycleId', 'grassrootsId'], isUnique: true }],
        foreignKeys: [
          fk('cycleId', 'evaluation_cycle'),
          fk('grassrootsId', 'organization'),
          fk('approvedByOrganizationId', 'organization'),
        ],
        checks: [{ expression: `"maxExcellent" >= 0` }],
      }),
    );
    await insertRuleSet(qr, qd366v2);
  }

  async down(qr: QueryRunner): Promise<void> {
    await deleteRuleSet(qr, qd366v2.code, qd366v2.version);
    await qr.dropTable('evaluation_quota_exception');
    await qr.dropTable('evaluation_input');
    await qr.dropColumn('commitment_item', 'completedOn');
  }
}
