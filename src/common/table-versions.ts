import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AfterQueryEvent,
  BeforeQueryEvent,
  DataSource,
  EntitySubscriberInterface,
  TransactionCommitEvent,
} from 'typeorm';
import { CacheBus } from './cache-bus.js';
import { AFTER_COMMIT, Database } from './database.service.js';

/** INSERT/UPDATE/DELETE/REPLACE and the table they write; anything else that is not a read is "unknown". */
const WRITE =
  /^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|REPLACE\s+INTO)\s+(?:"?\w+"?\.)?"?(\w+)"?/i;
/** Statements that change no rows. */
const READ =
  /^\s*(?:SELECT|PRAGMA|EXPLAIN|BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|SHOW|VALUES)\b/i;
/** A statement with common table expressions: a read unless it holds a write (CTE_WRITE). */
const WITH = /^\s*WITH\b/i;
/** A write inside a `WITH` statement (the SQL function REPLACE(...) or a column named "update" is not). */
const CTE_WRITE = /\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\b[^;]*?\bSET|DELETE\s+FROM|REPLACE\s+INTO)\b/i;
const WRITTEN = 'tableVersionsWrittenTables';
/** The number of the message a committing transaction published (CacheBus), to wait for after COMMIT. */
const PUBLISHED = 'tableVersionsPublished';
/** The version of "some table": bumped by statements whose table cannot be read from their text. */
const ALL = '*';

/**
 * The table a statement writes: undefined for a statement that changes no rows, '*' (every table)
 * for one whose table cannot be read from its text (DDL, TRUNCATE, an unusual write).
 */
export function writtenTable(sql: string): string | undefined {
  if (READ.test(sql)) return undefined;
  if (WITH.test(sql)) return CTE_WRITE.test(sql) ? ALL : undefined;
  return WRITE.exec(sql)?.[1] ?? ALL;
}

/** The versions of some tables at one moment (`TableVersions.stamp`). */
export interface TableStamp {
  readonly tables: readonly string[];
  /** One version per table, then the version of "some table". */
  readonly versions: readonly number[];
}

/**
 * Which tables changed, for the caches of computed answers (ReadCache, ReportCache): one version per
 * table, counted in this process. Every statement TypeORM runs passes `beforeQuery` (entity writes,
 * the QueryBuilder and raw `em.query` alike, in a transaction or not): a write bumps its table's
 * version (a statement whose table it cannot read bumps every table), and the tables a transaction
 * wrote are bumped again when it commits, so an answer computed from rows a transaction had not yet
 * committed (PostgreSQL, where reads and transactions overlap) is never kept past that commit.
 *
 * A cache stamps the tables an answer reads before computing it (`stamp`), keeps the answer only if
 * `unchangedSince(stamp)` still holds after it, and answers it again only while it holds. Writes to
 * other tables keep it. Nothing is cached inside a transaction (`cacheable` is false there), so rows
 * not yet committed are never shared. Writes made by other processes are not seen: caches bound them
 * with a TTL.
 */
@Injectable()
export class TableVersions implements EntitySubscriberInterface {
  private readonly versions = new Map<string, number>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly db: Database,
    private readonly bus: CacheBus = CacheBus.local(),
  ) {
    dataSource.subscribers.push(this);
    bus.onRemoteWrite((tables) => {
      for (const table of tables) this.bump(table);
    });
  }

  /**
   * False inside `Database.transaction` (also in a read nested in it): answers there are not shared;
   * false while this process does not hear other processes' writes (CacheBus not listening).
   */
  get cacheable(): boolean {
    return this.bus.coherent && !this.db.inTransaction;
  }

  /** The current versions of `tables` (and of "some table"). */
  stamp(tables: readonly string[]): TableStamp {
    return {
      tables,
      versions: [...tables.map((t) => this.versions.get(t) ?? 0), this.versions.get(ALL) ?? 0],
    };
  }

  /** True while none of the stamp's tables has been written since it was taken. */
  unchangedSince(stamp: TableStamp): boolean {
    const { tables, versions } = stamp;
    for (let i = 0; i < tables.length; i++)
      if ((this.versions.get(tables[i]) ?? 0) !== versions[i]) return false;
    return (this.versions.get(ALL) ?? 0) === versions[tables.length];
  }

  beforeQuery(event: BeforeQueryEvent): void {
    const table = writtenTable(event.query);
    if (table === undefined) return;
    this.bump(table);
    const runner = event.queryRunner;
    if (runner?.isTransactionActive) {
      const data = runner.data as Record<string, Set<string> | undefined>;
      (data[WRITTEN] ??= new Set()).add(table);
    }
  }

  /** A write outside any transaction has committed by now: tell the other processes. */
  async afterQuery(event: AfterQueryEvent): Promise<void> {
    if (!this.bus.shared || !event.success || event.queryRunner?.isTransactionActive) return;
    const table = writtenTable(event.query);
    if (table !== undefined) await this.bus.publishNow([table]);
  }

  /** The outermost COMMIT of a transaction that wrote: publish its tables, delivered with the commit. */
  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const runner = event.queryRunner;
    const data = runner.data as Record<string, unknown>;
    const written = data[WRITTEN] as Set<string> | undefined;
    const depth = (runner as unknown as { transactionDepth?: number }).transactionDepth;
    if (!written || written.size === 0 || depth !== 1) return;
    data[PUBLISHED] = await this.bus.publishIn(runner, written);
  }

  /** Nested savepoints "commit" inside the outer transaction: only the outermost commit bumps. */
  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const data = event.queryRunner.data as Record<string, unknown>;
    const written = data[WRITTEN] as Set<string> | undefined;
    if (!written || event.queryRunner.isTransactionActive) return;
    delete data[WRITTEN];
    for (const table of written) this.bump(table);
    const published = data[PUBLISHED] as number | null | undefined;
    delete data[PUBLISHED];
    // Database.transaction awaits the echo once the connection is back in the pool; a transaction
    // begun elsewhere (migrations, tests on the data source) waits here.
    if (published != null) {
      const echo = this.bus.echo(published);
      if (AFTER_COMMIT in data) data[AFTER_COMMIT] = echo;
      else await echo;
    }
  }

  private bump(table: string): void {
    this.versions.set(table, (this.versions.get(table) ?? 0) + 1);
  }
}
