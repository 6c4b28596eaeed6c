import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ReadWriteLock } from './rw-lock.js';

/**
 * The one way services touch the database: `read` for queries, `transaction` for every write.
 * On SQLite both go through a readers/writer lock (see ReadWriteLock); on PostgreSQL the pool gives
 * each transaction its own connection, so no lock is needed.
 */
@Injectable()
export class Database {
  private readonly lock: ReadWriteLock | null;

  constructor(@InjectDataSource() public readonly dataSource: DataSource) {
    this.lock = dataSource.options.type === 'better-sqlite3' ? new ReadWriteLock() : null;
  }

  get isSqlite(): boolean {
    return this.lock !== null;
  }

  read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.lock) return work(this.dataSource.manager);
    return this.lock.read(() => work(this.dataSource.manager));
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.lock) return this.dataSource.transaction(work);
    return this.lock.write(() => this.dataSource.transaction(work));
  }
}
