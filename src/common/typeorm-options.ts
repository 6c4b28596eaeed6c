import type Sqlite from 'better-sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../database/migrations/index.js';
import { AppConfig } from '../config/config.js';
import { AdvisoryLock } from './advisory-locks.js';
import { camketPgClient } from './pg-client.js';

/** SQLite settings checked at start (STYLE.md): durability first, then concurrency. */
export const SQLITE_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL
  foreign_keys: 1,
  busy_timeout: 5000,
} as const;

function prepareSqlite(db: Sqlite.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${SQLITE_PRAGMAS.busy_timeout}`);
  // Subtree queries are `path LIKE '/root/.../%'`. SQLite's default case-insensitive LIKE cannot use
  // the (BINARY) path indexes and scans the whole table; case-sensitive LIKE turns the prefix into an
  // index range, and matches PostgreSQL, whose LIKE is case-sensitive too. Text searches compare
  // folded lower-case columns (searchName, username), so they are unaffected.
  db.pragma('case_sensitive_like = ON');
}

/** TypeORM options for either engine. Schema comes from migrations only, never synchronize. */
export function typeormOptions(config: AppConfig): DataSourceOptions {
  const common = {
    migrations: MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    logging: ['error' as const],
  };
  if (config.database.type === 'postgres') {
    const { url, replicas, poolSize, statementCache } = config.database;
    const extra = { max: poolSize, Client: camketPgClient(statementCache) };
    if (!replicas) return { type: 'postgres', url, ...common, extra };
    // Every query goes to the primary unless a query runner is asked for 'slave' (Database.report):
    // TypeORM would otherwise send every SELECT outside a transaction to a replica.
    return {
      type: 'postgres',
      replication: { master: { url }, slaves: replicas.urls.map((u) => ({ url: u })), defaultMode: 'master' },
      ...common,
      extra,
    };
  }
  return {
    type: 'better-sqlite3',
    database: config.database.path,
    enableWAL: true,
    timeout: SQLITE_PRAGMAS.busy_timeout,
    prepareDatabase: prepareSqlite,
    ...common,
  };
}

/**
 * Opens the data source and runs pending migrations. On PostgreSQL several processes may start at
 * once on one database (WORKERS=n, a rolling restart): they take turns on an advisory lock, so one
 * applies the migrations and the others find them applied.
 */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  if (options.type !== 'postgres' || !options.migrationsRun) return new DataSource(options).initialize();
  const ds = await new DataSource({ ...options, migrationsRun: false }).initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [AdvisoryLock.Migrations]);
    try {
      await ds.runMigrations({ transaction: 'all' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [AdvisoryLock.Migrations]);
    }
  } catch (e) {
    await runner.release();
    await ds.destroy();
    throw e;
  }
  await runner.release();
  return ds;
}
