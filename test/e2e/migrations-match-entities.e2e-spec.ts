import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource, Table, TableColumn } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/**
 * The schema comes from migrations only (never synchronize), so the migrations must build exactly
 * what the entities describe: the columns, their types, lengths, defaults and nullability, and the
 * indices. This asks TypeORM's own comparison (the one behind `migration:generate`) about every
 * table of a freshly migrated database, on whichever engine the run uses: SQLite in `npm test`,
 * PostgreSQL in `npm run test:pg`.
 *
 * Two things the migrations add on purpose and the entities cannot say, so they are not counted:
 * - foreign keys and CHECK constraints (the entities hold plain id columns, no relations);
 * - on PostgreSQL, ids are varchar(36) with a `gen_random_uuid()::text` default rather than the
 *   native `uuid` type, so every id compares with the varchar(36) reference columns without casts.
 */
function isDeliberateIdDifference(isPostgres: boolean, meta: ColumnMetadata, col: TableColumn): boolean {
  return (
    isPostgres &&
    meta.isPrimary &&
    meta.generationStrategy === 'uuid' &&
    col.isPrimary &&
    col.type === 'character varying' &&
    col.length === '36' &&
    /gen_random_uuid\(\)/.test(String(col.default))
  );
}

function describeColumn(c: TableColumn): string {
  const parts = [c.type + (c.length ? `(${c.length})` : ''), c.isNullable ? 'null' : 'not null'];
  if (c.default !== undefined) parts.push(`default ${String(c.default)}`);
  if (c.isPrimary) parts.push('primary');
  if (c.isUnique) parts.push('unique');
  if (c.isGenerated) parts.push(`generated ${c.generationStrategy}`);
  return parts.join(' ');
}

function describeMetadata(ds: DataSource, c: ColumnMetadata): string {
  const parts = [
    ds.driver.normalizeType(c) + (c.length ? `(${c.length})` : ''),
    c.isNullable ? 'null' : 'not null',
  ];
  const def = ds.driver.normalizeDefault(c);
  if (def !== undefined) parts.push(`default ${String(def)}`);
  if (c.isPrimary) parts.push('primary');
  if (c.isGenerated) parts.push(`generated ${c.generationStrategy}`);
  return parts.join(' ');
}

function compareTable(ds: DataSource, meta: EntityMetadata, table: Table): string[] {
  const name = meta.tableName;
  const isPostgres = ds.options.type === 'postgres';
  const problems: string[] = [];
  for (const col of meta.columns) {
    if (!table.findColumnByName(col.databaseName))
      problems.push(`${name}.${col.databaseName}: in the entity, not in the database`);
  }
  for (const col of table.columns) {
    if (!meta.columns.some((c) => c.databaseName === col.name))
      problems.push(`${name}.${col.name}: in the database, not in the entity`);
  }
  for (const changed of ds.driver.findChangedColumns(table.columns, meta.columns)) {
    const col = table.findColumnByName(changed.databaseName)!;
    if (isDeliberateIdDifference(isPostgres, changed, col)) continue;
    problems.push(
      `${name}.${col.name}: entity says ${describeMetadata(ds, changed)}, database has ${describeColumn(col)}`,
    );
  }
  const wanted = new Set([...meta.indices.map((i) => i.name), ...meta.uniques.map((u) => u.name)]);
  const present = new Set([...table.indices.map((i) => i.name), ...table.uniques.map((u) => u.name)]);
  for (const index of meta.indices) {
    const found = table.indices.find((i) => i.name === index.name);
    const columns = index.columns.map((c) => c.databaseName).join(', ');
    if (!found) problems.push(`${name}: index ${index.name} (${columns}) in the entity, not in the database`);
    else if (Boolean(found.isUnique) !== index.isUnique)
      problems.push(`${name}: index ${index.name} (${columns}) differs in uniqueness`);
  }
  for (const u of meta.uniques) {
    if (!present.has(u.name)) problems.push(`${name}: unique ${u.name} in the entity, not in the database`);
  }
  for (const index of table.indices) {
    if (!wanted.has(index.name!)) {
      problems.push(
        `${name}: index ${index.name} (${index.columnNames.join(', ')}) in the database, not in the entity`,
      );
    }
  }
  return problems;
}

describe('migrations match entities (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('has run every migration', async () => {
    const ds = t.app.get(DataSource);
    expect(ds.migrations.length).toBeGreaterThan(0);
    expect(await ds.showMigrations()).toBe(false);
  });

  it('builds every table, column and index the entities describe, and nothing else', async () => {
    const ds = t.app.get(DataSource);
    const qr = ds.createQueryRunner();
    try {
      const problems: string[] = [];
      for (const meta of ds.entityMetadatas.filter((m) => m.tableType === 'regular')) {
        const table = await qr.getTable(meta.tablePath);
        if (!table) problems.push(`${meta.tableName}: table missing`);
        else problems.push(...compareTable(ds, meta, table));
      }
      expect(problems).toEqual([]);
    } finally {
      await qr.release();
    }
  });
});
