import Sqlite from 'better-sqlite3';
import { DataSource, QueryRunner } from 'typeorm';
import { MIGRATIONS } from '../../database/migrations/index.js';

/**
 * Moving from the embedded SQLite database to PostgreSQL (docs/OPERATIONS.md, docs/SCALING.md):
 * every row of every table, copied into a freshly migrated PostgreSQL database in ONE PostgreSQL
 * transaction, from one consistent SQLite snapshot (a read transaction, so the service may keep
 * running). Either the whole copy commits, with every foreign key re-validated and every table's row
 * count equal on both sides, or nothing of it is left in PostgreSQL.
 */

/** Tables that are not data: each engine keeps its own. */
const NOT_DATA = new Set(['migrations', 'typeorm_metadata']);
/**
 * Reference data the migrations themselves insert, with ids of their own on each database (the
 * catalogs of the 27 manifestations and 19 prohibitions, the evaluation rule sets). A fresh target
 * has these rows; the copy replaces them with the source's, whose ids the source's records point to.
 */
export const MIGRATION_SEEDED = new Set(['catalog_version', 'catalog_item', 'evaluation_rule_set']);
/** PostgreSQL accepts at most 65,535 bind parameters in one statement. */
const MAX_PARAMS = 60_000;
const MAX_ROWS_PER_INSERT = 1_000;

export interface CopyProgress {
  table: string;
  rows: number;
}

export interface CopyResult {
  tables: Array<{ table: string; rows: number }>;
  rows: number;
  seconds: number;
}

export class CopyRefused extends Error {}

interface TargetColumn {
  name: string;
  dataType: string;
}

interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

/**
 * Converts one SQLite value to what the PostgreSQL column takes. Booleans are stored 0/1 by SQLite;
 * everything else (text, numbers, 'YYYY-MM-DD HH:MM:SS.SSS' timestamps, dates, JSON text) keeps its
 * literal form, which PostgreSQL parses into the column's own type.
 */
export function toPostgresValue(value: unknown, dataType: string): unknown {
  if (value === null || value === undefined) return null;
  if (dataType === 'boolean') {
    if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0;
    if (typeof value === 'string') return value === '1' || value.toLowerCase() === 'true';
    return Boolean(value);
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** The multi-row INSERT for `rows` rows of `columns` ($1, $2, ... placeholders). */
export function insertStatement(table: string, columns: string[], rows: number): string {
  const cols = columns.map((c) => `"${c}"`).join(', ');
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const base = r * columns.length;
    tuples.push(`(${columns.map((_, i) => `$${base + i + 1}`).join(', ')})`);
  }
  return `INSERT INTO "${table}" (${cols}) VALUES ${tuples.join(', ')}`;
}

export function rowsPerInsert(columnCount: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMS / Math.max(1, columnCount))));
}

function sqliteTables(db: Sqlite.Database): string[] {
  return (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .all() as Array<{ name: string }>
  )
    .map((r) => r.name)
    .filter((n) => !NOT_DATA.has(n));
}

function sqliteMigrations(db: Sqlite.Database): string[] {
  const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`).get();
  if (!has) throw new CopyRefused('the source is not a camket database (no migrations table)');
  return (db.prepare('SELECT name FROM migrations ORDER BY id').all() as Array<{ name: string }>).map(
    (r) => r.name,
  );
}

async function targetColumns(qr: QueryRunner): Promise<Map<string, TargetColumn[]>> {
  const rows = (await qr.query(
    `SELECT c.table_name AS "table", c.column_name AS "name", c.data_type AS "dataType"
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  )) as Array<{ table: string; name: string; dataType: string }>;
  const out = new Map<string, TargetColumn[]>();
  for (const r of rows) {
    if (NOT_DATA.has(r.table)) continue;
    const list = out.get(r.table) ?? [];
    list.push({ name: r.name, dataType: r.dataType });
    out.set(r.table, list);
  }
  return out;
}

async function foreignKeys(qr: QueryRunner): Promise<ForeignKey[]> {
  return (await qr.query(
    `SELECT con.conrelid::regclass::text AS "table", con.conname AS "name",
            pg_get_constraintdef(con.oid) AS "definition"
       FROM pg_constraint con
       JOIN pg_namespace ns ON ns.oid = con.connamespace
      WHERE con.contype = 'f' AND ns.nspname = current_schema()
      ORDER BY 1, 2`,
  )) as ForeignKey[];
}

const quoteTable = (t: string) => (t.startsWith('"') ? t : `"${t}"`);

/**
 * Copies `sourcePath` (a camket SQLite file) into `target` (an initialized DataSource on an empty,
 * fully migrated PostgreSQL database). Refuses, changing nothing, when the migrations differ, the
 * tables or columns differ, or any target table already has rows.
 */
export async function copySqliteToPostgres(
  sourcePath: string,
  target: DataSource,
  onProgress: (p: CopyProgress) => void = () => undefined,
): Promise<CopyResult> {
  const started = process.hrtime.bigint();
  const db = new Sqlite(sourcePath, { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(false);
  try {
    // One snapshot for the whole copy: a read transaction in WAL mode sees the database as of its first read.
    db.exec('BEGIN');
    const applied = sqliteMigrations(db);
    const known = MIGRATIONS.map((m) => m.name);
    const targetApplied = (
      await target.query<Array<{ name: string }>>('SELECT name FROM migrations ORDER BY id')
    ).map((r) => r.name);
    if (applied.join(',') !== targetApplied.join(',')) {
      const missing = known.filter((n) => !applied.includes(n));
      throw new CopyRefused(
        missing.length > 0
          ? `the source database lacks migrations ${missing.join(', ')}: start the service (or run \`migrate\`) on it first`
          : `the source and target databases have different migrations (source: ${applied.join(', ') || 'none'}; target: ${targetApplied.join(', ') || 'none'})`,
      );
    }

    const qr = target.createQueryRunner();
    await qr.connect();
    try {
      const columns = await targetColumns(qr);
      const tables = sqliteTables(db);
      const targetTables = [...columns.keys()].sort();
      if (tables.join(',') !== targetTables.join(',')) {
        throw new CopyRefused(
          `the tables differ (source: ${tables.join(', ')}; target: ${targetTables.join(', ')})`,
        );
      }
      for (const table of tables) {
        const sourceCols = (
          db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{
            name: string;
          }>
        )
          .map((r) => r.name)
          .sort();
        const targetCols = columns
          .get(table)!
          .map((c) => c.name)
          .sort();
        if (sourceCols.join(',') !== targetCols.join(','))
          throw new CopyRefused(`the columns of ${table} differ between source and target`);
        if (MIGRATION_SEEDED.has(table)) continue;
        const [{ n }] = (await qr.query(`SELECT COUNT(*)::int AS n FROM "${table}"`)) as Array<{ n: number }>;
        if (n > 0)
          throw new CopyRefused(
            `the target is not empty (${table} has ${n} rows): copy into a fresh database`,
          );
      }

      const result: CopyResult = { tables: [], rows: 0, seconds: 0 };
      await qr.startTransaction();
      try {
        // Foreign keys form cycles here (a cell's head is a member, a member's cell an organisation),
        // so no table order satisfies them row by row. DDL is transactional in PostgreSQL: drop them
        // inside this transaction, copy, and add them back, which re-checks every reference.
        const fks = await foreignKeys(qr);
        for (const fk of fks)
          await qr.query(`ALTER TABLE ${quoteTable(fk.table)} DROP CONSTRAINT "${fk.name}"`);
        for (const table of tables) if (MIGRATION_SEEDED.has(table)) await qr.query(`DELETE FROM "${table}"`);
        for (const table of tables) {
          const cols = columns.get(table)!;
          const names = cols.map((c) => c.name);
          const perInsert = rowsPerInsert(names.length);
          const select = db
            .prepare(`SELECT ${names.map((c) => `"${c}"`).join(', ')} FROM "${table}"`)
            .raw(true);
          let batch: unknown[] = [];
          let inBatch = 0;
          let copied = 0;
          const flush = async () => {
            if (inBatch === 0) return;
            await qr.query(insertStatement(table, names, inBatch), batch);
            copied += inBatch;
            batch = [];
            inBatch = 0;
            onProgress({ table, rows: copied });
          };
          for (const row of select.iterate() as IterableIterator<unknown[]>) {
            for (let i = 0; i < cols.length; i++) batch.push(toPostgresValue(row[i], cols[i].dataType));
            inBatch++;
            if (inBatch >= perInsert) await flush();
          }
          await flush();
          result.tables.push({ table, rows: copied });
          result.rows += copied;
        }
        for (const fk of fks)
          await qr.query(`ALTER TABLE ${quoteTable(fk.table)} ADD CONSTRAINT "${fk.name}" ${fk.definition}`);
        // The proof: every table holds exactly as many rows as the snapshot it was copied from.
        for (const { table, rows } of result.tables) {
          const [{ n: source }] = db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).all() as Array<{
            n: number;
          }>;
          const [{ n: copied }] = (await qr.query(`SELECT COUNT(*)::int AS n FROM "${table}"`)) as Array<{
            n: number;
          }>;
          if (source !== rows || copied !== rows)
            throw new Error(
              `row counts of ${table} differ after the copy (source ${source}, target ${copied})`,
            );
        }
        await qr.query('ANALYZE');
        await qr.commitTransaction();
      } catch (e) {
        await qr.rollbackTransaction();
        throw e;
      }
      result.seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return result;
    } finally {
      await qr.release();
    }
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
}
