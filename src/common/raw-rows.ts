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
  const metadata = em.connection.getMetadata(target);
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
  const metadata = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  const entity = metadata.create() as T;
  for (const c of metadata.columns) {
    const value = row[`${alias}_${c.databaseName}`];
    c.setEntityValue(entity, value === undefined ? undefined : driver.prepareHydratedValue(value, c));
  }
  return entity;
}

/** The n-th (1-based) bound parameter in the engine's dialect. */
export function param(em: EntityManager, n: number): string {
  return em.connection.options.type === 'postgres' ? `$${n}` : '?';
}

/**
 * Runs SQL written with `:name` parameters (as the QueryBuilder takes them, `:...name` for lists)
 * without building a query: the driver's own substitution turns them into the engine's placeholders
 * and converts dates and booleans as the QueryBuilder would. Quote camelCase columns (`"c"."cellId"`).
 */
export function queryNamed<T>(em: EntityManager, sql: string, params: ObjectLiteral = {}): Promise<T[]> {
  const [text, values] = em.connection.driver.escapeQueryWithParameters(sql, params);
  return em.query(text, values);
}
