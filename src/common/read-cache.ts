import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BeforeQueryEvent, DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { Database } from './database.service.js';

/** INSERT/UPDATE/DELETE/REPLACE and the table they write; anything else that is not a read is "unknown". */
const WRITE =
  /^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|REPLACE\s+INTO)\s+(?:"?\w+"?\.)?"?(\w+)"?/i;
/** Statements that change no rows. */
const READ =
  /^\s*(?:SELECT|PRAGMA|EXPLAIN|BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|SHOW|VALUES)\b/i;
/** A `WITH` query that writes. */
const CTE_WRITE = /\b(?:INSERT|UPDATE|DELETE|REPLACE)\b/i;
const WRITTEN = 'readCacheWrittenTables';
const ALL = '*';

/**
 * Staleness bound for writes this process cannot see (another server process on the same
 * PostgreSQL database, SQL typed by hand): every write through this process is seen at once.
 */
const TTL_MS = 10_000;
/** Bounds memory: a view is ~4 KB, a list page or queue ~10-15 KB. */
const MAX_ENTRIES = 10_000;

interface Entry {
  value: unknown;
  tables: readonly string[];
  stamp: number[];
  expiresAt: number;
}

/**
 * Answers of hot reads (a member's own commitment, their list, a secretary's queue), kept until a
 * table they read is written. Every statement TypeORM runs passes `beforeQuery`: a write bumps its
 * table's version (a statement it cannot read bumps every table), and the tables a transaction wrote
 * are bumped again when it commits, so an answer computed from rows a transaction had not yet
 * committed (PostgreSQL, where reads and transactions overlap) is never kept past that commit. An
 * answer is kept only if no table it read changed while it was computed; callers never cache inside
 * a transaction (Database.inTransaction), so uncommitted rows are never shared.
 * Writes to tables an answer does not read (feedback, notifications, the audit log) keep it.
 */
@Injectable()
export class ReadCache implements EntitySubscriberInterface {
  private readonly versions = new Map<string, number>();
  private readonly entries = new Map<string, Entry>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly db: Database,
  ) {
    dataSource.subscribers.push(this);
  }

  /**
   * The cached answer for `key` if none of `tables` changed since it was computed, else `load()`'s.
   * The key must hold everything the answer depends on besides those tables' rows: the caller's
   * scope, the parameters, the day.
   */
  async get<T>(key: string, tables: readonly string[], load: () => Promise<T>): Promise<T> {
    if (this.db.inTransaction) return load();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > Date.now() && this.same(hit.stamp, hit.tables)) return hit.value as T;
    if (hit) this.entries.delete(key);
    const stamp = this.stamp(tables);
    const value = await load();
    if (this.same(stamp, tables)) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, tables, stamp, expiresAt: Date.now() + TTL_MS });
    }
    return value;
  }

  beforeQuery(event: BeforeQueryEvent): void {
    const sql = event.query;
    if (READ.test(sql) && !(/^\s*WITH\b/i.test(sql) && CTE_WRITE.test(sql))) return;
    const table = WRITE.exec(sql)?.[1] ?? ALL;
    this.bump(table);
    const runner = event.queryRunner;
    if (runner?.isTransactionActive) {
      const data = runner.data as Record<string, Set<string> | undefined>;
      (data[WRITTEN] ??= new Set()).add(table);
    }
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, Set<string> | undefined>;
    const written = data[WRITTEN];
    if (!written || event.queryRunner.isTransactionActive) return;
    delete data[WRITTEN];
    for (const table of written) this.bump(table);
  }

  private bump(table: string): void {
    this.versions.set(table, (this.versions.get(table) ?? 0) + 1);
  }

  /** The versions of `tables` and, last, of "some table" (statements whose table is unknown). */
  private stamp(tables: readonly string[]): number[] {
    return [...tables.map((t) => this.versions.get(t) ?? 0), this.versions.get(ALL) ?? 0];
  }

  private same(stamp: number[], tables: readonly string[]): boolean {
    for (let i = 0; i < tables.length; i++)
      if ((this.versions.get(tables[i]) ?? 0) !== stamp[i]) return false;
    return (this.versions.get(ALL) ?? 0) === stamp[tables.length];
  }
}
