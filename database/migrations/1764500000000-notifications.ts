import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { idColumn, int, str, timestamps, ts, uuidRef, version } from './schema-helpers.js';

/** In-app notifications, their delivery outbox and per-organisation reminder settings. */
export class Notifications1764500000000 implements MigrationInterface {
  name = 'Notifications1764500000000';

  async up(qr: QueryRunner): Promise<void> {
    // Notification ids are made by the service (deterministic for reminders), never by the database.
    const fixedId = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
    await qr.createTable(
      new Table({
        name: 'notification',
        columns: [
          fixedId,
          uuidRef('recipientUserId'),
          str('kind', 64),
          str('title', 255),
          str('body', 2000),
          str('entityType', 64, true),
          uuidRef('entityId', true),
          str('dedupeKey', 255, true),
          ts(qr, 'readAt'),
          timestamps(qr)[0],
        ],
        indices: [
          { columnNames: ['recipientUserId', 'readAt', 'createdAt'] },
          { columnNames: ['dedupeKey'], isUnique: true },
        ],
        foreignKeys: [
          {
            columnNames: ['recipientUserId'],
            referencedTableName: 'user_account',
            referencedColumnNames: ['id'],
          },
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'notification_outbox',
        columns: [
          fixedId,
          str('status', 16),
          int('attempts', 0),
          ts(qr, 'nextAttemptAt', false),
          str('deliveredTo', 255, false, ''),
          str('lastError', 1000, true),
          ts(qr, 'sentAt'),
          timestamps(qr)[0],
        ],
        indices: [{ columnNames: ['status', 'nextAttemptAt'] }],
        foreignKeys: [
          { columnNames: ['id'], referencedTableName: 'notification', referencedColumnNames: ['id'] },
        ],
        checks: [{ expression: `"status" IN ('pending', 'sending', 'sent', 'failed')` }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'notification_setting',
        columns: [
          idColumn(qr),
          uuidRef('organizationId'),
          int('registrationLeadDays', undefined, true),
          int('resultsLeadDays', undefined, true),
          int('queueStaleDays', undefined, true),
          int('cellBehindPercent', undefined, true),
          version(),
          ...timestamps(qr),
        ],
        indices: [{ columnNames: ['organizationId'], isUnique: true }],
        foreignKeys: [
          {
            columnNames: ['organizationId'],
            referencedTableName: 'organization',
            referencedColumnNames: ['id'],
          },
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('notification_setting');
    await qr.dropTable('notification_outbox');
    await qr.dropTable('notification');
  }
}
