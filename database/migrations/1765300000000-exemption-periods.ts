import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import qd366v4 from '../reference/rule-sets/QD366-2025.v4.json' with { type: 'json' };
import { deleteRuleSet, insertRuleSet } from './rule-set-rows.js';
import { date, idColumn, int, str, timestamps, uuidRef } from './schema-helpers.js';

/**
 * Exemptions from party work and activities as periods (from, to, ground) instead of a flag, and
 * QĐ 366 version 4, which classifies on them (docs/EVALUATION.md). Every member flagged `isExempt`
 * gets an open period with ground "other" from their admission date (the day the exemption began was
 * never recorded; without an admission date, the day the member was registered). The flag stays,
 * kept as "a period covers today".
 */
export class ExemptionPeriods1765300000000 implements MigrationInterface {
  name = 'ExemptionPeriods1765300000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'member_exemption',
        columns: [
          idColumn(qr),
          uuidRef('memberId'),
          date('fromDate', false),
          date('toDate'),
          str('ground', 16),
          str('note', 1000, true),
          uuidRef('recordedByUserId', true),
          ...timestamps(qr),
          int('version', 1),
        ],
        indices: [{ columnNames: ['memberId', 'fromDate'] }],
        foreignKeys: [
          { columnNames: ['memberId'], referencedTableName: 'member', referencedColumnNames: ['id'] },
        ],
        checks: [
          { expression: `"ground" IN ('age', 'long_illness', 'maternity', 'other')` },
          { expression: `"toDate" IS NULL OR "toDate" >= "fromDate"` },
        ],
      }),
    );
    const pg = qr.connection.options.type === 'postgres';
    const exempt = (await qr.query(
      `SELECT "id", "joinedPartyOn", "createdAt" FROM "member" WHERE "isExempt" ORDER BY "id"`,
    )) as Array<{ id: string; joinedPartyOn: unknown; createdAt: unknown }>;
    for (const m of exempt) {
      await qr.query(
        `INSERT INTO "member_exemption" ("id", "memberId", "fromDate", "toDate", "ground", "note", "version")
         VALUES (${pg ? '$1, $2, $3' : '?, ?, ?'}, NULL, 'other', ${pg ? '$4' : '?'}, 1)`,
        [
          randomUUID(),
          m.id,
          day(m.joinedPartyOn) ?? day(m.createdAt),
          'Ghi nhận từ cờ "miễn công tác và sinh hoạt đảng" trước khi có thời hạn miễn; ngày bắt đầu chưa rõ.',
        ],
      );
    }
    await insertRuleSet(qr, qd366v4);
  }

  async down(qr: QueryRunner): Promise<void> {
    await deleteRuleSet(qr, qd366v4.code, qd366v4.version);
    await qr.dropTable('member_exemption');
  }
}

/** A date or timestamp value as YYYY-MM-DD (SQLite text, PostgreSQL Date or text). */
function day(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date)
    return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return typeof v === 'string' ? v.slice(0, 10) : null;
}
