import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js';

const sqlCache = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * One-row INSERT without the QueryBuilder, for the write hot path (a feedback write, its audit entry).
 * Profiled: InsertQueryBuilder (expression building, parameter renaming) plus the re-SELECT of
 * generated columns cost more CPU than the statements themselves. Columns whose value is `undefined`
 * are left out so the table's own default applies (as the QueryBuilder does with `DEFAULT`, or with
 * the column's default expression on SQLite); every other value goes through the driver's
 * `preparePersistentValue` (dates, booleans, transformers), exactly as the QueryBuilder converts it.
 * The SQL text is built once per entity and column set, so the driver reuses its prepared statement.
 * Nothing is read back: the caller supplies the id. It runs through `em.query`, so query subscribers
 * (ReadCache) see the write and transaction-commit subscribers (ReportCache) see the commit; entity
 * `afterInsert` events are not raised, so use it only inside a transaction and only for tables no
 * per-table entity subscriber watches (ActorCache's tables).
 */
export async function insertRow<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  values: Partial<T>,
  options: { ignoreConflict?: boolean } = {},
): Promise<void> {
  const metadata = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  const columns = metadata.columns.filter((c) => c.getEntityValue(values) !== undefined);
  const names = columns.map((c) => c.databaseName);
  let bySet = sqlCache.get(metadata);
  if (!bySet) sqlCache.set(metadata, (bySet = new Map<string, string>()));
  const setKey = `${options.ignoreConflict ? '!' : ''}${names.join(',')}`;
  let sql = bySet.get(setKey);
  if (!sql) {
    const pg = em.connection.options.type === 'postgres';
    sql =
      `INSERT INTO "${metadata.tableName}" (${names.map((n) => `"${n}"`).join(', ')}) ` +
      `VALUES (${names.map((_, i) => (pg ? `$${i + 1}` : '?')).join(', ')})` +
      // What the QueryBuilder's orIgnore() writes on both engines.
      (options.ignoreConflict ? ' ON CONFLICT DO NOTHING' : '');
    bySet.set(setKey, sql);
  }
  await em.query(
    sql,
    columns.map((c): unknown => driver.preparePersistentValue(c.getEntityValue(values), c)),
  );
}
