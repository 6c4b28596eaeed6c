import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { bool, date, idColumn, int, str, text, timestamps, ts, uuidRef, version } from './schema-helpers.js';

const STATUSES = `'draft', 'submitted', 'returned', 'accepted', 'reported', 'assessed'`;

/** Commitments, their items, status history, feedback and per-organisation registration deadlines. */
export class Commitments1764200000000 implements MigrationInterface {
  name = 'Commitments1764200000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'commitment',
        columns: [
          idColumn(qr),
          uuidRef('memberId'),
          uuidRef('cellId'),
          int('year'),
          str('periodType', 16),
          int('periodKey'),
          str('status', 16),
          date('deadlineOn'),
          bool(qr, 'late', false),
          ts(qr, 'firstSubmittedAt'),
          ts(qr, 'submittedAt'),
          ts(qr, 'acceptedAt'),
          uuidRef('acceptedByUserId', true),
          str('reviewComment', 2000, true),
          ts(qr, 'reportedAt'),
          ts(qr, 'assessedAt'),
          uuidRef('assessedByUserId', true),
          str('rating', 16, true),
          str('assessmentComment', 2000, true),
          text('shortcomings'),
          uuidRef('presentedAtMeetingId', true),
          ts(qr, 'presentedAt'),
          uuidRef('enteredByUserId', true),
          bool(qr, 'enteredOnBehalf', false),
          version(),
          ...timestamps(qr),
        ],
        indices: [
          { columnNames: ['memberId', 'year', 'periodType', 'periodKey'], isUnique: true },
          { columnNames: ['cellId', 'status'] },
          { columnNames: ['year', 'periodType', 'periodKey'] },
        ],
        foreignKeys: [
          { columnNames: ['memberId'], referencedTableName: 'member', referencedColumnNames: ['id'] },
          { columnNames: ['cellId'], referencedTableName: 'organization', referencedColumnNames: ['id'] },
        ],
        checks: [
          { expression: `"periodType" IN ('yearly', 'quarterly', 'monthly')` },
          {
            expression: `("periodType" = 'yearly' AND "periodKey" = 0) OR ("periodType" = 'quarterly' AND "periodKey" BETWEEN 1 AND 4) OR ("periodType" = 'monthly' AND "periodKey" BETWEEN 1 AND 12)`,
          },
          { expression: `"status" IN (${STATUSES})` },
          { expression: `"rating" IS NULL OR "rating" IN ('achieved', 'partly_achieved', 'not_achieved')` },
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'commitment_item',
        columns: [
          idColumn(qr),
          uuidRef('commitmentId'),
          int('position'),
          str('category', 16),
          text('content', false),
          str('target', 1000, true),
          date('dueDate'),
          text('manifestationCodes'),
          uuidRef('parentItemId', true),
          str('sourceRef', 120, true),
          str('outcome', 16, true),
          { name: 'exceeded', type: 'boolean', isNullable: true },
          str('outcomeNote', 2000, true),
          ts(qr, 'removedAt'),
          ...timestamps(qr),
        ],
        indices: [{ columnNames: ['commitmentId', 'position'] }, { columnNames: ['parentItemId'] }],
        foreignKeys: [
          { columnNames: ['commitmentId'], referencedTableName: 'commitment', referencedColumnNames: ['id'] },
          {
            columnNames: ['parentItemId'],
            referencedTableName: 'commitment_item',
            referencedColumnNames: ['id'],
          },
        ],
        checks: [
          {
            expression: `"category" IN ('study', 'follow', 'duty', 'resolution4', 'exemplary', 'lifestyle', 'remedy')`,
          },
          { expression: `"outcome" IS NULL OR "outcome" IN ('done', 'partly', 'not_done')` },
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'commitment_transition',
        columns: [
          idColumn(qr),
          uuidRef('commitmentId'),
          int('seq'),
          str('action', 32),
          str('fromStatus', 16, true),
          str('toStatus', 16),
          uuidRef('actorUserId', true),
          uuidRef('actorMemberId', true),
          str('actorUsername', 100, true),
          bool(qr, 'onBehalf', false),
          str('reason', 2000, true),
          ts(qr, 'at', false),
        ],
        indices: [{ columnNames: ['commitmentId', 'seq'], isUnique: true }],
        foreignKeys: [
          { columnNames: ['commitmentId'], referencedTableName: 'commitment', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'commitment_feedback',
        columns: [
          idColumn(qr),
          uuidRef('commitmentId'),
          uuidRef('itemId', true),
          uuidRef('parentId', true),
          str('kind', 16),
          text('content', false),
          uuidRef('authorUserId', true),
          uuidRef('authorMemberId', true),
          str('authorName', 200),
          ts(qr, 'createdAt', false),
        ],
        indices: [{ columnNames: ['commitmentId', 'createdAt'] }],
        foreignKeys: [
          { columnNames: ['commitmentId'], referencedTableName: 'commitment', referencedColumnNames: ['id'] },
          { columnNames: ['itemId'], referencedTableName: 'commitment_item', referencedColumnNames: ['id'] },
          {
            columnNames: ['parentId'],
            referencedTableName: 'commitment_feedback',
            referencedColumnNames: ['id'],
          },
        ],
        checks: [{ expression: `"kind" IN ('comment', 'suggestion', 'commendation', 'criticism')` }],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'commitment_deadline',
        columns: [
          idColumn(qr),
          uuidRef('organizationId'),
          str('periodType', 16),
          int('monthOffset'),
          int('day'),
          version(),
          ...timestamps(qr),
        ],
        indices: [{ columnNames: ['organizationId', 'periodType'], isUnique: true }],
        foreignKeys: [
          {
            columnNames: ['organizationId'],
            referencedTableName: 'organization',
            referencedColumnNames: ['id'],
          },
        ],
        checks: [{ expression: `"periodType" IN ('yearly', 'quarterly', 'monthly')` }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of [
      'commitment_deadline',
      'commitment_feedback',
      'commitment_transition',
      'commitment_item',
      'commitment',
    ]) {
      await qr.dropTable(t);
    }
  }
}
