import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import signsV1 from '../reference/degradation-signs.json' with { type: 'json' };
import signsV2 from '../reference/degradation-signs.v2.json' with { type: 'json' };
import prohibitionsV1 from '../reference/prohibitions-37.json' with { type: 'json' };
import prohibitionsV2 from '../reference/prohibitions-37.v2.json' with { type: 'json' };
import { str } from './schema-helpers.js';

interface ReferenceRow {
  code: number;
  group?: string;
  text_vi: string;
  summary_en: string;
  source: string | null;
  verified: boolean;
  verification: string;
  source_kind?: string;
  note?: string;
  draft_vi_unverified?: string;
  topic_hint_unverified?: string;
}

type Row = Record<string, unknown>;

const REASON =
  '"Đã đối chiếu" chỉ khi câu chữ đã so với văn bản chính thức; ghi rõ nguồn của câu chữ (văn bản, trích dẫn thứ cấp, diễn giải, chưa có)';

const flag = (v: unknown) => v === true || v === 1 || v === '1' || v === 't';

/**
 * `verified` on the catalogs means compared with the official text, and `sourceKind` says where the
 * wording comes from. A new version of each catalog (never an edit of a published one): items still
 * as loaded from the research files take the texts of database/reference/*.v2.json (copies of
 * ../shared/domain/, none compared with the official text, so none verified); an item an admin
 * replaced keeps its wording and flag, its kind `official` when verified.
 */
export class CatalogSources1764960000000 implements MigrationInterface {
  name = 'CatalogSources1764960000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('catalog_item', new TableColumn(str('sourceKind', 32, true)));
    await this.nextVersion(qr, 'manifestation', signsV1, signsV2);
    await this.nextVersion(qr, 'prohibition', prohibitionsV1, prohibitionsV2);
  }

  async down(qr: QueryRunner): Promise<void> {
    const pg = qr.connection.options.type === 'postgres';
    const p = pg ? '$1' : '?';
    const added = (await qr.query(
      `SELECT "catalog", "version" FROM "catalog_version" WHERE "reason" = ${p}`,
      [REASON],
    )) as Row[];
    for (const v of added) {
      await qr.query(
        `DELETE FROM "catalog_item" WHERE "catalog" = ${pg ? '$1' : '?'} AND "catalogVersion" = ${pg ? '$2' : '?'}`,
        [v.catalog, v.version],
      );
    }
    await qr.query(`DELETE FROM "catalog_version" WHERE "reason" = ${p}`, [REASON]);
    await qr.dropColumn('catalog_item', 'sourceKind');
  }

  private async nextVersion(
    qr: QueryRunner,
    catalog: string,
    loaded: ReferenceRow[],
    updated: ReferenceRow[],
  ): Promise<void> {
    const pg = qr.connection.options.type === 'postgres';
    const p = (i: number) => (pg ? `$${i}` : '?');
    const [{ v }] = (await qr.query(
      `SELECT MAX("version") AS "v" FROM "catalog_version" WHERE "catalog" = ${p(1)}`,
      [catalog],
    )) as Array<{ v: number | string | null }>;
    if (v === null) return;
    const current = Number(v);
    const next = current + 1;
    const items = (await qr.query(
      `SELECT * FROM "catalog_item" WHERE "catalog" = ${p(1)} AND "catalogVersion" = ${p(2)} ORDER BY "code"`,
      [catalog, current],
    )) as Row[];
    await qr.query(
      `INSERT INTO "catalog_version" ("id", "catalog", "version", "reason") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})`,
      [randomUUID(), catalog, next, REASON],
    );
    const byCode = (rows: ReferenceRow[]) => new Map(rows.map((r) => [r.code, r]));
    const first = byCode(loaded);
    const second = byCode(updated);
    for (const item of items) {
      const code = Number(item.code);
      const research = first.get(code);
      const fresh = second.get(code);
      const untouched =
        research !== undefined && ((item.text as string | null) ?? '') === (research.text_vi ?? '');
      const row =
        untouched && fresh
          ? {
              groupCode: fresh.group ?? null,
              text: fresh.text_vi ? fresh.text_vi : null,
              summaryEn: fresh.summary_en,
              verified: fresh.verified,
              verification: fresh.verification,
              draftUnverified: fresh.draft_vi_unverified ?? null,
              topicHint: fresh.topic_hint_unverified ?? null,
              source: fresh.source,
              note: fresh.note ?? null,
              sourceKind: fresh.source_kind ?? 'missing',
            }
          : {
              groupCode: item.groupCode,
              text: item.text,
              summaryEn: item.summaryEn,
              verified: flag(item.verified),
              verification: item.verification,
              draftUnverified: item.draftUnverified,
              topicHint: item.topicHint,
              source: item.source,
              note: item.note,
              sourceKind: flag(item.verified) ? 'official' : 'secondary_quotation',
            };
      const values = [
        randomUUID(),
        catalog,
        next,
        code,
        row.groupCode,
        row.text,
        row.summaryEn,
        pg ? row.verified : row.verified ? 1 : 0,
        row.verification,
        row.draftUnverified,
        row.topicHint,
        row.source,
        row.note,
        row.sourceKind,
      ];
      await qr.query(
        `INSERT INTO "catalog_item" ("id", "catalog", "catalogVersion", "code", "groupCode", "text", "summaryEn", "verified", "verification", "draftUnverified", "topicHint", "source", "note", "sourceKind")
         VALUES (${values.map((_, i) => p(i + 1)).join(', ')})`,
        values,
      );
    }
  }
}
