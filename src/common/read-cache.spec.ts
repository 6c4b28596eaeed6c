import { BeforeQueryEvent, DataSource, TransactionCommitEvent } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { CacheStats } from './cache-stats.js';
import { Database } from './database.service.js';
import { ReadCache } from './read-cache.js';
import { TableVersions } from './table-versions.js';

/** A cache and the table versions it reads, told of statements by hand (`run`). */
interface Cache extends ReadCache {
  tables: TableVersions;
}

function cacheWith(inTransaction = false): Cache {
  const dataSource = { subscribers: [] } as unknown as DataSource;
  const versions = new TableVersions(dataSource, { inTransaction } as Database);
  return Object.assign(new ReadCache(versions, new CacheStats()), { tables: versions });
}

const runner = (active: boolean) => ({ isTransactionActive: active, data: {} as Record<string, unknown> });

function run(cache: Cache, query: string, queryRunner = runner(false)): void {
  cache.tables.beforeQuery({ query, queryRunner } as unknown as BeforeQueryEvent);
}

/** Counts how often the load ran for one key over `tables`. */
async function loads(cache: Cache, tables: string[], between: () => void): Promise<number> {
  let n = 0;
  const load = () => Promise.resolve(++n);
  await cache.get('k', tables, load);
  between();
  await cache.get('k', tables, load);
  return n;
}

describe(ReadCache.name, () => {
  it('answers from the cache while the tables read are not written', async () => {
    const cache = cacheWith();
    const n = await loads(cache, ['commitment'], () => {
      run(cache, 'SELECT * FROM "commitment"');
      run(cache, 'INSERT INTO "commitment_feedback"("id") VALUES (?)');
      run(cache, 'UPDATE "audit_entry" SET "x" = 1');
      run(cache, 'WITH "roll" AS (SELECT "id" FROM "commitment") SELECT COUNT(*) FROM "roll"');
    });
    expect(n).toBe(1);
    expect(cache.counts).toEqual({ hits: 1, misses: 1 });
  });

  it('reports its hits and misses to CacheStats, counting an answer computed inside a transaction as a miss', async () => {
    const stats = new CacheStats();
    const dataSource = { subscribers: [] } as unknown as DataSource;
    const db = { inTransaction: false } as { inTransaction: boolean };
    const cache = new ReadCache(new TableVersions(dataSource, db as Database), stats);
    await cache.get('k', ['commitment'], () => Promise.resolve(1));
    await cache.get('k', ['commitment'], () => Promise.resolve(2));
    db.inTransaction = true;
    await cache.get('k', ['commitment'], () => Promise.resolve(3));
    expect(stats.snapshot()).toEqual([{ cache: 'read', hits: 1, misses: 2 }]);
  });

  it.each([
    'INSERT INTO "commitment"("id") VALUES (?)',
    'UPDATE "commitment" SET "status" = ? WHERE "id" = ?',
    'DELETE FROM "commitment" WHERE "id" = ?',
    'UPDATE "public"."commitment" SET "status" = $1',
    '  insert or replace into commitment (id) values (?)',
    'WITH x AS (SELECT 1) UPDATE "member" SET "fullName" = ?',
    'CREATE TABLE "t" ("id" integer)',
    'TRUNCATE "anything"',
  ])('reloads after %s', async (sql) => {
    const cache = cacheWith();
    expect(await loads(cache, ['commitment', 'member'], () => run(cache, sql))).toBe(2);
  });

  it('reloads again when a transaction that wrote a table commits', async () => {
    const cache = cacheWith();
    const tx = runner(true);
    run(cache, 'UPDATE "commitment" SET "status" = ?', tx);
    let n = 0;
    const load = () => Promise.resolve(++n);
    await cache.get('k', ['commitment'], load); // computed before the commit: kept...
    tx.isTransactionActive = false;
    void cache.tables.afterTransactionCommit({ queryRunner: tx } as unknown as TransactionCommitEvent);
    await cache.get('k', ['commitment'], load); // ...but not past it
    expect(n).toBe(2);
  });

  it('keeps nothing computed while a table it reads was written', async () => {
    const cache = cacheWith();
    let n = 0;
    await cache.get('k', ['commitment'], () => {
      run(cache, 'UPDATE "commitment" SET "status" = ?');
      return Promise.resolve(++n);
    });
    await cache.get('k', ['commitment'], () => Promise.resolve(++n));
    expect(n).toBe(2);
  });

  it('never caches inside a transaction', async () => {
    const cache = cacheWith(true);
    expect(await loads(cache, ['commitment'], () => undefined)).toBe(2);
  });
});
