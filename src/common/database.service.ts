import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AdvisoryLock } from './advisory-locks.js';
import { ReadWriteLock } from './rw-lock.js';

/** The unit of work the current async call chain runs in, if any. */
interface WorkContext {
  kind: 'read' | 'write';
  em: EntityManager;
  /** False once the work has finished, so stray callbacks started inside it take the lock again. */
  open: boolean;
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
@Injectable()
export class Database {
  private readonly lock: ReadWriteLock | null;
  private readonly context = new AsyncLocalStorage<WorkContext>();
  /** Units of work begun and not yet finished (reads overlap; on PostgreSQL transactions too). */
  private openUnits = 0;

  constructor(@InjectDataSource() public readonly dataSource: DataSource) {
    this.lock = dataSource.options.type === 'better-sqlite3' ? new ReadWriteLock() : null;
  }

  get isSqlite(): boolean {
    return this.lock !== null;
  }

  /** True inside `transaction()` (also in a `read` nested in it): uncommitted rows may be visible. */
  get inTransaction(): boolean {
    return this.current()?.kind === 'write';
  }

  read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.current();
    if (outer) return work(outer.em);
    const run = () => this.within('read', this.dataSource.manager, work);
    return this.lock ? this.lock.read(run) : run();
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
    if (!this.lock) return run();
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
