import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
 */
@Injectable()
export class Database {
  private readonly lock: ReadWriteLock | null;
  private readonly context = new AsyncLocalStorage<WorkContext>();

  constructor(@InjectDataSource() public readonly dataSource: DataSource) {
    this.lock = dataSource.options.type === 'better-sqlite3' ? new ReadWriteLock() : null;
  }

  get isSqlite(): boolean {
    return this.lock !== null;
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
    return this.lock ? this.lock.write(run) : run();
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
    try {
      return await this.context.run(ctx, () => work(em));
    } finally {
      ctx.open = false;
    }
  }
}
