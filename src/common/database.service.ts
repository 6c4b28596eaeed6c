import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config.js';
import { AdvisoryLock } from './advisory-locks.js';
import { ReadWriteLock } from './rw-lock.js';

/** The unit of work the current async call chain runs in, if any. */
interface WorkContext {
  kind: 'read' | 'write';
  em: EntityManager;
  /** False once the work has finished, so stray callbacks started inside it take the lock again. */
  open: boolean;
}

/** How far behind the primary a report's figures may be, when they came from a lagging replica. */
export interface Staleness {
  /** When the last transaction the replica had replayed committed on the primary. */
  asOf: string;
  /** Seconds from `asOf` to the moment of reading: how old the figures are at most. */
  replicaLagSeconds: number;
}

/** A report's reading: its value, and its staleness when it is not current (a lagging replica). */
export interface ReportRead<T> {
  value: T;
  staleness: Staleness | null;
}

export interface ReportReadOptions {
  /** False: figures from a lagging replica are never used, the primary is read instead (generation). */
  allowLag?: boolean;
}

/**
 * The key of a query runner's `data` where a commit leaves a promise the writer awaits after the
 * connection is released (TableVersions: the echo of its cache message). Present (null) while
 * `Database.transaction` will collect it.
 */
export const AFTER_COMMIT = 'afterCommit';

/** How long a report waits for a replica to replay the commits made before it began. */
const REPLICA_CATCH_UP_MS = 500;
const REPLICA_POLL_MS = 20;

interface ReplicaPosition {
  /** The replica has replayed every commit the primary had flushed when the read began. */
  caughtUp: boolean;
  lagSeconds: number;
  asOf: Date | null;
}

/**
 * The one way services touch the database: `read` for queries, `transaction` for every write.
 * On SQLite both go through a readers/writer lock (see ReadWriteLock); on PostgreSQL the pool gives
 * each transaction its own connection, so no lock is needed.
 *
 * Calls nest: a `read` or `transaction` started inside a transaction runs in that transaction (it
 * sees its uncommitted rows and commits or rolls back with it), and a `read` inside a `read` runs
 * in place. Taking the lock again from inside would wait on itself forever.
 *
 * The AsyncLocalStorage that tells where a call runs is switched on only while some unit of work is
 * open. Switched on, Node runs its hook on every promise the process creates, a request served
 * from the caches included (~15% of the CPU of an authenticated cached read); between units of work
 * there is no context to find, so it is switched off when the last one finishes.
 */
interface PgPoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

@Injectable()
export class Database {
  private readonly lock: ReadWriteLock | null;
  private readonly context = new AsyncLocalStorage<WorkContext>();
  /** Units of work begun and not yet finished (reads overlap; on PostgreSQL transactions too). */
  private openUnits = 0;
  private readonly logger = new Logger('Database');
  /** Most seconds a replica may lag for a report read there (REPLICA_MAX_LAG_SECONDS); null: no replicas. */
  private readonly replicaMaxLagSeconds: number | null;

  constructor(
    @InjectDataSource() public readonly dataSource: DataSource,
    @Optional() @Inject(APP_CONFIG) config?: AppConfig,
  ) {
    this.lock = dataSource.options.type === 'better-sqlite3' ? new ReadWriteLock() : null;
    const replicated = dataSource.options.type === 'postgres' && !!dataSource.options.replication;
    const replicas = config?.database.type === 'postgres' ? config.database.replicas : undefined;
    this.replicaMaxLagSeconds = replicated ? (replicas?.maxLagSeconds ?? 0) : null;
  }

  /** True when reports are read from PostgreSQL replicas (DATABASE_REPLICA_URLS). */
  get hasReplicas(): boolean {
    return this.replicaMaxLagSeconds !== null;
  }

  get isSqlite(): boolean {
    return this.lock !== null;
  }

  /** PostgreSQL's connection pool (pg): connections open, of those idle, and requests waiting for one; null on SQLite. */
  poolState(): { total: number; idle: number; waiting: number } | null {
    if (this.lock) return null;
    const pool = (this.dataSource.driver as unknown as { master?: PgPoolCounts }).master;
    return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
  }

  /** SQLite: units of work waiting for the readers/writer lock; null on PostgreSQL. */
  lockWaiting(): number | null {
    return this.lock ? this.lock.waiting : null;
  }

  /** True inside `transaction()` (also in a `read` nested in it): uncommitted rows may be visible. */
  get inTransaction(): boolean {
    return this.current()?.kind === 'write';
  }

  /**
   * On PostgreSQL a read's queries share one pool connection, taken at its first query and given back
   * when it ends: a request waits for the pool once, not once per query (with every connection busy,
   * a read of four queries queued four times behind everyone else's).
   */
  read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.current() || this.lock) return this.readPooled(work);
    return this.onOneConnection(work);
  }

  private async onOneConnection<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner('master');
    try {
      return await this.within('read', runner.manager, work);
    } finally {
      await runner.release();
    }
  }

  /**
   * Like `read`, but on PostgreSQL each query takes any pooled connection: a report runs its
   * statements in two lanes at once (reports/report-figures.service.ts), at most two connections.
   */
  private readPooled<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.current();
    if (outer) return work(outer.em);
    const run = () => this.within('read', this.dataSource.manager, work);
    return this.lock ? this.lock.read(run) : run();
  }

  /**
   * A report's reading (docs/SCALING.md, "Read replicas"): like `read`, but on a replica when
   * DATABASE_REPLICA_URLS names any. The primary's flushed WAL position is taken first; the replica
   * is used once it has replayed up to there (waiting up to 0.5 s), so the figures hold every commit
   * made before the request, the caller's own included, and are current (`staleness` null). A replica
   * still behind is used only while it lags REPLICA_MAX_LAG_SECONDS or less (and `allowLag`), and the
   * answer carries how far behind it is; otherwise, and when the replica cannot be reached, the
   * primary is read. Inside a unit of work (a transaction) it reads there.
   */
  async report<T>(
    work: (em: EntityManager) => Promise<T>,
    options: ReportReadOptions = {},
  ): Promise<ReportRead<T>> {
    const maxLag = this.replicaMaxLagSeconds;
    if (maxLag === null || this.current()) return { value: await this.readPooled(work), staleness: null };
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      let position: ReplicaPosition;
      try {
        position = await this.replicaPosition(runner);
      } catch (e) {
        this.logger.warn(`replica not readable, reading the primary: ${(e as Error).message}`);
        return { value: await this.readPooled(work), staleness: null };
      }
      const lagging = !position.caughtUp;
      if (lagging && (options.allowLag === false || position.lagSeconds > maxLag))
        return { value: await this.readPooled(work), staleness: null };
      const value = await this.within('read', runner.manager, work);
      const staleness = lagging
        ? {
            asOf: (position.asOf ?? new Date(0)).toISOString(),
            replicaLagSeconds: Math.round(position.lagSeconds * 10) / 10,
          }
        : null;
      return { value, staleness };
    } finally {
      await runner.release();
    }
  }

  /**
   * Where the replica behind `runner` stands against the primary's flushed WAL, taken now; waits up
   * to REPLICA_CATCH_UP_MS for it to catch up. A server not in recovery (a promoted replica, the
   * primary itself) holds whatever it has, and counts as caught up.
   */
  private async replicaPosition(runner: QueryRunner): Promise<ReplicaPosition> {
    const [{ lsn }] = await this.dataSource.query<Array<{ lsn: string }>>(
      'SELECT pg_current_wal_flush_lsn()::text AS lsn',
    );
    const deadline = Date.now() + REPLICA_CATCH_UP_MS;
    for (;;) {
      const [row] = (await runner.query(
        `SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= $1::pg_lsn AS "caughtUp",
                pg_last_xact_replay_timestamp() AS "asOf",
                COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0)::float8 AS "lagSeconds"`,
        [lsn],
      )) as Array<{ caughtUp: boolean | null; asOf: Date | null; lagSeconds: number }>;
      const position = {
        caughtUp: row.caughtUp === true,
        asOf: row.asOf,
        lagSeconds: Math.max(0, row.lagSeconds),
      };
      if (position.caughtUp || Date.now() >= deadline) return position;
      await new Promise((resolve) => setTimeout(resolve, REPLICA_POLL_MS));
    }
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.current();
    if (outer?.kind === 'write') return work(outer.em);
    if (outer?.kind === 'read') {
      return Promise.reject(
        new Error('Database.transaction() cannot start inside Database.read(); start the transaction first'),
      );
    }
    const run = () => this.dataSource.transaction((em) => this.within('write', em, work));
    if (!this.lock) return this.afterCommit(work);
    return this.lock.write(async () => {
      this.resetSqliteTransactionState();
      try {
        return await run();
      } finally {
        this.resetSqliteTransactionState();
      }
    });
  }

  /**
   * PostgreSQL: the transaction, then what its commit left to wait for (`AFTER_COMMIT`: the cache
   * message's echo, TableVersions), awaited once the connection is back in the pool, so a writer
   * waiting for its echo does not hold a connection others queue for.
   */
  private async afterCommit<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    let data: Record<string, unknown> | undefined;
    const value = await this.dataSource.transaction((em) => {
      data = em.queryRunner?.data;
      if (data) data[AFTER_COMMIT] = null; // someone will wait: TableVersions leaves its echo here
      return this.within('write', em, work);
    });
    const pending = data?.[AFTER_COMMIT] as Promise<void> | null | undefined;
    if (data) delete data[AFTER_COMMIT];
    if (pending) await pending;
    return value;
  }

  /**
   * Runs `work` unless another process on the same PostgreSQL database is running work under the
   * same `lock` (a session advisory lock held on a connection of its own while `work` runs); then
   * answers `{ ran: false }` at once. A scheduled job's run takes one, so N processes do it once.
   * On SQLite (one process) `work` simply runs.
   */
  async exclusively<T>(
    lock: AdvisoryLock,
    work: () => Promise<T>,
  ): Promise<{ ran: true; value: T } | { ran: false }> {
    if (this.lock) return { ran: true, value: await work() };
    const runner = this.dataSource.createQueryRunner();
    try {
      const rows = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [lock])) as Array<{
        locked: boolean;
      }>;
      if (!rows[0]?.locked) return { ran: false };
      try {
        return { ran: true, value: await work() };
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [lock]);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Between two units of work no transaction may be open on the shared SQLite connection. When a
   * COMMIT fails (full disk, I/O error) SQLite rolls back on its own, TypeORM's ROLLBACK then fails
   * and its query runner still believes a transaction is open: every later "transaction" would run
   * as a SAVEPOINT inside a transaction nothing commits, acknowledged and then lost at restart
   * (docs/RELIABILITY.md, R1). Runs under the write lock, so nothing else is using the connection.
   */
  private resetSqliteTransactionState(): void {
    const driver = this.dataSource.driver as unknown as {
      databaseConnection?: { inTransaction: boolean; exec(sql: string): unknown };
      queryRunner?: { isTransactionActive: boolean; transactionDepth: number };
    };
    const native = driver.databaseConnection;
    if (native?.inTransaction) native.exec('ROLLBACK');
    const runner = driver.queryRunner;
    if (runner && (runner.isTransactionActive || runner.transactionDepth !== 0)) {
      runner.isTransactionActive = false;
      runner.transactionDepth = 0;
    }
  }

  private current(): WorkContext | undefined {
    const ctx = this.context.getStore();
    return ctx?.open ? ctx : undefined;
  }

  private async within<T>(
    kind: WorkContext['kind'],
    em: EntityManager,
    work: (em: EntityManager) => Promise<T>,
  ): Promise<T> {
    const ctx: WorkContext = { kind, em, open: true };
    this.openUnits++;
    try {
      // run() switches the storage on again if it was off.
      return await this.context.run(ctx, () => work(em));
    } finally {
      ctx.open = false;
      // No unit is open, so no context that `current()` would answer can be lost: every store
      // still attached to a callback belongs to finished work.
      if (--this.openUnits === 0) this.context.disable();
    }
  }
}
