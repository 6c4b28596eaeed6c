import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import signs from '../reference/degradation-signs.json' with { type: 'json' };
import prohibitions from '../reference/prohibitions-37.json' with { type: 'json' };
import { bool, date, idColumn, int, str, text, timestamps, uuidRef, version } from './schema-helpers.js';

interface ReferenceRow {
  code: number;
  group?: string;
  text_vi: string;
  summary_en: string;
  source: string | null;
  verified: boolean;
  verification: string;
  note?: string;
  draft_vi_unverified?: string;
  topic_hint_unverified?: string;
}

const fk = (column: string, table: string) => ({
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: ['id'],
});

/**
 * Cell life: the versioned reference catalogs (27 manifestations of NQ 04-NQ/TW, 19 prohibitions of
 * QĐ 37-QĐ/TW), study themes, meetings with attendance and issues, conduct checks and discipline.
 * Version 1 of each catalog is loaded here from database/reference/*.json, with the verification
 * status of every text kept as it is in the research file.
 */
export class CellLife1764300000000 implements MigrationInterface {
  name = 'CellLife1764300000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'catalog_version',
        columns: [
          idColumn(qr),
          str('catalog', 16),
          int('version'),
          str('reason', 500, true),
          uuidRef('createdByUserId', true),
          timestamps(qr)[0],
        ],
        indices: [{ columnNames: ['catalog', 'version'], isUnique: true }],
        checks: [{ expression: `"catalog" IN ('manifestation', 'prohibition')` }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'catalog_item',
        columns: [
          idColumn(qr),
          str('catalog', 16),
          int('catalogVersion'),
          int('code'),
          str('groupCode', 32, true),
          text('text'),
          text('summaryEn'),
          bool(qr, 'verified', false),
          str('verification', 32),
          text('draftUnverified'),
          str('topicHint', 255, true),
          text('source'),
          text('note'),
          timestamps(qr)[0],
        ],
        indices: [{ columnNames: ['catalog', 'catalogVersion', 'code'], isUnique: true }],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'study_theme',
        columns: [
          idColumn(qr),
          uuidRef('organizationId'),
          int('year'),
          str('title', 500),
          text('description'),
          uuidRef('createdByUserId', true),
          version(),
          ...timestamps(qr),
        ],
        indices: [{ columnNames: ['organizationId', 'year'], isUnique: true }],
        foreignKeys: [fk('organizationId', 'organization')],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'meeting',
        columns: [
          idColumn(qr),
          uuidRef('cellId'),
          date('heldOn', false),
          str('kind', 16),
          str('topic', 500),
          uuidRef('studyThemeId', true),
          text('guests'),
          text('minutes'),
          uuidRef('createdByUserId', true),
          version(),
          ...timestamps(qr),
        ],
        indices: [{ columnNames: ['cellId', 'heldOn'] }, { columnNames: ['heldOn'] }],
        foreignKeys: [fk('cellId', 'organization'), fk('studyThemeId', 'study_theme')],
        checks: [{ expression: `"kind" IN ('regular', 'thematic', 'study')` }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'meeting_attendance',
        columns: [
          idColumn(qr),
          uuidRef('meetingId'),
          uuidRef('memberId'),
          str('status', 16),
          bool(qr, 'expected', true),
          str('note', 500, true),
        ],
        indices: [{ columnNames: ['meetingId', 'memberId'], isUnique: true }, { columnNames: ['memberId'] }],
        foreignKeys: [fk('meetingId', 'meeting'), fk('memberId', 'member')],
        checks: [{ expression: `"status" IN ('present', 'excused', 'absent')` }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'meeting_presentation',
        columns: [idColumn(qr), uuidRef('meetingId'), uuidRef('commitmentId'), timestamps(qr)[0]],
        indices: [
          { columnNames: ['meetingId', 'commitmentId'], isUnique: true },
          { columnNames: ['commitmentId'] },
        ],
        foreignKeys: [fk('meetingId', 'meeting')],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'meeting_issue',
        columns: [
          idColumn(qr),
          uuidRef('meetingId'),
          uuidRef('cellId'),
          str('title', 500),
          uuidRef('ownerMemberId', true),
          str('status', 16, false, 'open'),
          text('resolution'),
          {
            name: 'resolvedAt',
            type: qr.connection.options.type === 'postgres' ? 'timestamp' : 'datetime',
            isNullable: true,
          },
          uuidRef('resolvedByUserId', true),
          version(),
          ...timestamps(qr),
        ],
        indices: [{ columnNames: ['meetingId'] }, { columnNames: ['cellId', 'status'] }],
        foreignKeys: [
          fk('meetingId', 'meeting'),
          fk('cellId', 'organization'),
          fk('ownerMemberId', 'member'),
        ],
        checks: [{ expression: `"status" IN ('open', 'resolved')` }],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'conduct_check',
        columns: [
          idColumn(qr),
          uuidRef('memberId'),
          uuidRef('cellId'),
          int('year'),
          int('quarter', 0),
          int('catalogVersion'),
          version(),
          ...timestamps(qr),
        ],
        indices: [
          { columnNames: ['memberId', 'year', 'quarter'], isUnique: true },
          { columnNames: ['cellId', 'year'] },
        ],
        foreignKeys: [fk('memberId', 'member'), fk('cellId', 'organization')],
        checks: [{ expression: `"quarter" BETWEEN 0 AND 4` }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'conduct_check_item',
        columns: [
          idColumn(qr),
          uuidRef('checkId'),
          int('code'),
          str('selfStatus', 16, true),
          text('selfNote'),
          str('conclusionStatus', 16, true),
          text('conclusionNote'),
          uuidRef('concludedByUserId', true),
          {
            name: 'concludedAt',
            type: qr.connection.options.type === 'postgres' ? 'timestamp' : 'datetime',
            isNullable: true,
          },
        ],
        indices: [{ columnNames: ['checkId', 'code'], isUnique: true }],
        foreignKeys: [fk('checkId', 'conduct_check')],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'disciplinary_record',
        columns: [
          idColumn(qr),
          uuidRef('memberId'),
          uuidRef('cellId'),
          date('decidedOn', false),
          str('form', 16),
          str('decisionNumber', 64),
          text('reason', false),
          text('prohibitionCodes'),
          int('prohibitionCatalogVersion'),
          bool(qr, 'selfDetectedAndRemedied', false),
          uuidRef('createdByUserId', true),
          ...timestamps(qr),
        ],
        indices: [
          { columnNames: ['memberId', 'decidedOn'] },
          { columnNames: ['memberId', 'decisionNumber'], isUnique: true },
        ],
        foreignKeys: [fk('memberId', 'member'), fk('cellId', 'organization')],
        checks: [{ expression: `"form" IN ('reprimand', 'warning', 'dismissal', 'expulsion')` }],
      }),
    );

    await this.loadCatalog(qr, 'manifestation', signs);
    await this.loadCatalog(qr, 'prohibition', prohibitions);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const table of [
      'disciplinary_record',
      'conduct_check_item',
      'conduct_check',
      'meeting_issue',
      'meeting_presentation',
      'meeting_attendance',
      'meeting',
      'study_theme',
      'catalog_item',
      'catalog_version',
    ]) {
      await qr.dropTable(table);
    }
  }

  private async loadCatalog(qr: QueryRunner, catalog: string, rows: ReferenceRow[]): Promise<void> {
    const pg = qr.connection.options.type === 'postgres';
    const p = (i: number) => (pg ? `$${i}` : '?');
    const id = () => randomUUID();
    await qr.query(
      `INSERT INTO "catalog_version" ("id", "catalog", "version", "reason") VALUES (${p(1)}, ${p(2)}, 1, ${p(3)})`,
      [id(), catalog, 'Nạp từ tài liệu nghiên cứu (chưa đối chiếu đầy đủ với văn bản chính thức)'],
    );
    for (const r of rows) {
      const values = [
        id(),
        catalog,
        r.code,
        r.group ?? null,
        r.text_vi ? r.text_vi : null,
        r.summary_en,
        pg ? r.verified : r.verified ? 1 : 0,
        r.verification,
        r.draft_vi_unverified ?? null,
        r.topic_hint_unverified ?? null,
        r.source,
        r.note ?? null,
      ];
      await qr.query(
        `INSERT INTO "catalog_item" ("id", "catalog", "catalogVersion", "code", "groupCode", "text", "summaryEn", "verified", "verification", "draftUnverified", "topicHint", "source", "note")
         VALUES (${p(1)}, ${p(2)}, 1, ${values
           .slice(2)
           .map((_, i) => p(i + 3))
           .join(', ')})`,
        values,
      );
    }
  }
}
