import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js';

/**
 * Hot-path reads without the QueryBuilder: a SQL text built once per entity and alias (so the
 * driver reuses its prepared statement), and rows hydrated column by column with TypeORM's own
 * driver conversion (booleans, dates), giving the same entity the QueryBuilder would build.
 * Profiled on an authenticated one-row read: building the query and transforming its result cost
 * more CPU than everything else in the request; this path costs a small fraction of it.
 * For single-record lookups on every request; lists and reports keep the QueryBuilder.
 */
const selectCache = new WeakMap<EntityMetadata, Map<string, string>>();

/** `"m"."id" AS "m_id", "m"."fullName" AS "m_fullName", ...`: every column of the entity under `alias`. */
export function selectColumns(em: EntityManager, target: EntityTarget<ObjectLiteral>, alias: string): string {
  const metadata = em.dataSource.getMetadata(target);
  let byAlias = selectCache.get(metadata);
  if (!byAlias) selectCache.set(metadata, (byAlias = new Map<string, string>()));
  let sql = byAlias.get(alias);
  if (!sql) {
    sql = metadata.columns
      .map((c) => `"${alias}"."${c.databaseName}" AS "${alias}_${c.databaseName}"`)
      .join(', ');
    byAlias.set(alias, sql);
  }
  return sql;
}

/** Builds the entity from the columns `selectColumns(em, target, alias)` selected. */
export function hydrate<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
  alias: string,
): T {
  const metadata = em.dataSource.getMetadata(target);
  const driver = em.dataSource.driver;
  const entity = metadata.create() as T;
  for (const c of metadata.columns) {
    const value = row[`${alias}_${c.databaseName}`];
    c.setEntityValue(entity, value === undefined ? undefined : driver.prepareHydratedValue(value, c));
  }
  return entity;
}

/** The n-th (1-based) bound parameter in the engine's dialect. */
export function param(em: EntityManager, n: number): string {
  return em.dataSource.options.type === 'postgres' ? `$${n}` : '?';
}

/**
 * Runs SQL written with `:name` parameters (as the QueryBuilder takes them, `:...name` for lists)
 * without building a query: the driver's own substitution turns them into the engine's placeholders
 * and converts dates and booleans as the QueryBuilder would. Quote camelCase columns (`"c"."cellId"`).
 */
export function queryNamed<T>(em: EntityManager, sql: string, params: ObjectLiteral = {}): Promise<T[]> {
  const [text, values] = em.dataSource.driver.escapeQueryWithParameters(sql, params);
  return em.query(text, values);
}

const sqlCache = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * One-row INSERT without the QueryBuilder, for the write hot path (a feedback write, its audit entry).
 * Profiled: InsertQueryBuilder (expression building, parameter renaming) plus the re-SELECT of
 * generated columns cost more CPU than the statements themselves. Columns whose value is `undefined`
 * are left out so the table's own default applies (as the QueryBuilder does with `DEFAULT`, or with
 * the column's default expression on SQLite); every other value goes through the driver's
 * `preparePersistentValue` (dates, booleans, transformers), exactly as the QueryBuilder converts it.
 * The SQL text is built once per entity and column set, so the driver reuses its prepared statement.
 * Nothing is read back: the caller supplies the id. It runs through `em.query`, so TableVersions
 * (behind ReadCache and ReportCache) sees the write and, at commit, the transaction's tables; entity
 * `afterInsert` events are not raised, so use it only inside a transaction and only for tables no
 * per-table entity subscriber watches (ActorCache's tables).
 */
export async function insertRow<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  values: Partial<T>,
  options: { ignoreConflict?: boolean } = {},
): Promise<void> {
  const metadata = em.dataSource.getMetadata(target);
  const driver = em.dataSource.driver;
  const columns = metadata.columns.filter((c) => c.getEntityValue(values) !== undefined);
  const names = columns.map((c) => c.databaseName);
  let bySet = sqlCache.get(metadata);
  if (!bySet) sqlCache.set(metadata, (bySet = new Map<string, string>()));
  const setKey = `${options.ignoreConflict ? '!' : ''}${names.join(',')}`;
  let sql = bySet.get(setKey);
  if (!sql) {
    sql =
      `INSERT INTO "${metadata.tableName}" (${names.map((n) => `"${n}"`).join(', ')}) ` +
      `VALUES (${names.map((_, i) => param(em, i + 1)).join(', ')})` +
      // What the QueryBuilder's orIgnore() writes on both engines.
      (options.ignoreConflict ? ' ON CONFLICT DO NOTHING' : '');
    bySet.set(setKey, sql);
  }
  await em.query(
    sql,
    columns.map((c): unknown => driver.preparePersistentValue(c.getEntityValue(values), c)),
  );
}
