import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { bool, date, idColumn, int, str, text, timestamps, ts, uuidRef, version } from './schema-helpers.js';

/** Accounts, sessions, the organisation tree, members and the audit log. */
export class Foundation1764100000000 implements MigrationInterface {
  name = 'Foundation1764100000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'organization',
        columns: [
          idColumn(qr),
          str('code', 64),
          str('name', 255),
          str('kind', 16),
          bool(qr, 'isGrassroots', false),
          uuidRef('parentId', true),
          str('path', 1024),
          int('depth', 0),
          uuidRef('headMemberId', true),
          version(),
          ...timestamps(qr),
        ],
        indices: [
          { columnNames: ['code'], isUnique: true },
          { columnNames: ['parentId'] },
          { columnNames: ['path'] },
        ],
        foreignKeys: [
          { columnNames: ['parentId'], referencedTableName: 'organization', referencedColumnNames: ['id'] },
        ],
        checks: [{ expression: `"kind" IN ('committee', 'cell')` }],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'member',
        columns: [
          idColumn(qr),
          str('fullName', 200),
          str('searchName', 200),
          str('partyCardNumber', 32, true),
          date('dateOfBirth'),
          str('gender', 8, true),
          uuidRef('cellId'),
          str('status', 16),
          date('joinedPartyOn'),
          str('position', 200, true),
          bool(qr, 'isExempt', false),
          bool(qr, 'isSuspended', false),
          version(),
          ...timestamps(qr),
        ],
        indices: [
          { columnNames: ['searchName'] },
          { columnNames: ['partyCardNumber'], isUnique: true },
          { columnNames: ['cellId'] },
        ],
        foreignKeys: [
          { columnNames: ['cellId'], referencedTableName: 'organization', referencedColumnNames: ['id'] },
        ],
        checks: [{ expression: `"status" IN ('official', 'probationary')` }],
      }),
    );
    await qr.createForeignKey(
      'organization',
      new TableForeignKey({
        columnNames: ['headMemberId'],
        referencedTableName: 'member',
        referencedColumnNames: ['id'],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'member_cell_history',
        columns: [
          idColumn(qr),
          uuidRef('memberId'),
          uuidRef('cellId'),
          ts(qr, 'fromAt', false),
          ts(qr, 'toAt'),
          str('reason', 500, true),
          timestamps(qr)[0],
        ],
        indices: [{ columnNames: ['memberId', 'fromAt'] }, { columnNames: ['cellId'] }],
        foreignKeys: [
          { columnNames: ['memberId'], referencedTableName: 'member', referencedColumnNames: ['id'] },
          { columnNames: ['cellId'], referencedTableName: 'organization', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'user_account',
        columns: [
          idColumn(qr),
          str('username', 64),
          str('passwordHash', 255),
          uuidRef('memberId', true),
          bool(qr, 'isActive', true),
          ts(qr, 'lastLoginAt'),
          version(),
          ...timestamps(qr),
        ],
        indices: [
          { columnNames: ['username'], isUnique: true },
          { columnNames: ['memberId'], isUnique: true },
        ],
        foreignKeys: [
          { columnNames: ['memberId'], referencedTableName: 'member', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'role_assignment',
        columns: [
          idColumn(qr),
          uuidRef('userId'),
          str('role', 16),
          uuidRef('organizationId', true),
          timestamps(qr)[0],
        ],
        indices: [
          { columnNames: ['userId', 'role', 'organizationId'], isUnique: true },
          { columnNames: ['organizationId'] },
        ],
        foreignKeys: [
          { columnNames: ['userId'], referencedTableName: 'user_account', referencedColumnNames: ['id'] },
          {
            columnNames: ['organizationId'],
            referencedTableName: 'organization',
            referencedColumnNames: ['id'],
          },
        ],
        checks: [{ expression: `"role" IN ('member', 'secretary', 'leader', 'admin')` }],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'auth_session',
        columns: [
          idColumn(qr),
          uuidRef('userId'),
          str('refreshHash', 64),
          int('generation', 0),
          ts(qr, 'expiresAt', false),
          ts(qr, 'revokedAt'),
          str('revokedReason', 32, true),
          str('ip', 64, true),
          timestamps(qr)[0],
          ts(qr, 'lastUsedAt'),
        ],
        indices: [{ columnNames: ['userId'] }],
        foreignKeys: [
          { columnNames: ['userId'], referencedTableName: 'user_account', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          idColumn(qr),
          { ...timestamps(qr)[0], name: 'at' },
          uuidRef('actorUserId', true),
          str('actorUsername', 100, true),
          str('action', 64),
          str('entityType', 64),
          uuidRef('entityId', true),
          str('organizationPath', 1024, true),
          text('changes'),
          str('reason', 500, true),
          str('requestId', 64, true),
          str('ip', 64, true),
        ],
      }),
    );
    await qr.createIndices('audit_entry', [
      new TableIndex({ columnNames: ['at'] }),
      new TableIndex({ columnNames: ['action'] }),
      new TableIndex({ columnNames: ['entityId'] }),
      new TableIndex({ columnNames: ['organizationPath', 'at'] }),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of [
      'audit_entry',
      'auth_session',
      'role_assignment',
      'user_account',
      'member_cell_history',
    ]) {
      await qr.dropTable(t);
    }
    await qr.query(`UPDATE "organization" SET "headMemberId" = NULL`);
    const org = await qr.getTable('organization');
    const fk = org?.foreignKeys.find((f) => f.columnNames.includes('headMemberId'));
    if (fk) await qr.dropForeignKey('organization', fk);
    await qr.dropTable('member');
    await qr.dropTable('organization');
  }
}
