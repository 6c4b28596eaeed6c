import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeforeQueryEvent, DataSource } from 'typeorm';
import { Database } from '../common/database.service.js';
import { TableVersions } from '../common/table-versions.js';
import { Organization } from '../organizations/organization.entity.js';
import { DEFAULT_REPORT_CACHE_LIMITS, ReportCache, ReportCacheLimits, ReportKey } from './report-cache.js';
import { migratedMemoryDatabase } from '../../test/factories/memory-database.js';

/** A report over the member and organisation tables. */
const key = (organizationId: string, ...parts: Array<string | number>): ReportKey => ({
  report: 'overview',
  organizationId,
  parts,
  tables: ['member', 'organization'],
});

/** Table versions told of statements by hand (`write`), outside any transaction. */
const handVersions = () =>
  new TableVersions({ subscribers: [] } as unknown as DataSource, { inTransaction: false } as Database);

/** A cache on hand-told versions; `write(table)` is a write statement to that table. */
function cacheOf(limits: ReportCacheLimits = DEFAULT_REPORT_CACHE_LIMITS, now?: () => number) {
  const versions = handVersions();
  const cache = new ReportCache(versions, limits, now);
  const write = (table: string) =>
    versions.beforeQuery({
      query: `UPDATE "${table}" SET "name" = 'x'`,
      queryRunner: { isTransactionActive: false, data: {} },
    } as unknown as BeforeQueryEvent);
  return Object.assign(cache, { write });
}

/** A computation the test finishes by hand, counting how often it was started. */
function deferred<T>(value: T) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const calls = { n: 0 };
  const compute = async () => {
    calls.n++;
    await gate;
    return value;
  };
  return { compute, release, calls };
}

describe(ReportCache.name, () => {
  it('answers a reading from a lagging replica but keeps only current ones', async () => {
    const cache = cacheOf();
    let n = 0;
    let staleness: { asOf: string; replicaLagSeconds: number } | null = {
      asOf: '2026-12-07T06:00:00.000Z',
      replicaLagSeconds: 4.2,
    };
    const compute = async () => ({ value: { n: ++n }, staleness });
    expect(await cache.getRead(key('A', 2026), compute)).toEqual({ value: { n: 1 }, staleness });
    // Not kept: computed again, though no table was written.
    expect(await cache.getRead(key('A', 2026), compute)).toEqual({ value: { n: 2 }, staleness });
    staleness = null;
    expect(await cache.getRead(key('A', 2026), compute)).toEqual({ value: { n: 3 }, staleness: null });
    expect(await cache.getRead(key('A', 2026), compute)).toEqual({ value: { n: 3 }, staleness: null });
    expect(cache.stats).toEqual({ hits: 1, computations: 3 });
  });

  it('computes a report once and answers it again until a table it reads is written', async () => {
    const cache = cacheOf();
    let n = 0;
    const compute = async () => ({ n: ++n });
    expect(await cache.get(key('A', 2026), compute)).toEqual({ n: 1 });
    expect(await cache.get(key('A', 2026), compute)).toEqual({ n: 1 });
    cache.write('member');
    expect(await cache.get(key('A', 2026), compute)).toEqual({ n: 2 });
    cache.write('organization');
    expect(await cache.get(key('A', 2026), compute)).toEqual({ n: 3 });
    expect(cache.stats).toEqual({ hits: 1, computations: 3 });
  });

  it('keeps a report across writes to tables it does not read (feedback, audit, notifications)', async () => {
    const cache = cacheOf();
    let n = 0;
    const compute = async () => ++n;
    expect(await cache.get(key('A'), compute)).toBe(1);
    for (const table of ['commitment_feedback', 'audit_entry', 'notification', 'notification_outbox'])
      cache.write(table);
    expect(await cache.get(key('A'), compute)).toBe(1);
    expect(cache.stats).toEqual({ hits: 1, computations: 1 });
  });

  it('keys by report, organisation and every parameter, so no answer crosses scopes', async () => {
    const cache = cacheOf();
    const seen: string[] = [];
    const compute = (label: string) => async () => {
      seen.push(label);
      return label;
    };
    expect(await cache.get(key('A', 2026), compute('A 2026'))).toBe('A 2026');
    expect(await cache.get(key('B', 2026), compute('B 2026'))).toBe('B 2026');
    expect(await cache.get(key('A', 2025), compute('A 2025'))).toBe('A 2025');
    expect(await cache.get({ ...key('A', 2026), report: 'trend' }, compute('trend A'))).toBe('trend A');
    expect(await cache.get(key('A', 2026), compute('again'))).toBe('A 2026');
    expect(seen).toEqual(['A 2026', 'B 2026', 'A 2025', 'trend A']);
  });

  it('answers a computation that overlapped a write but does not keep it', async () => {
    const cache = cacheOf();
    const slow = deferred('before the write');
    const pending = cache.get(key('A'), slow.compute);
    cache.write('member');
    slow.release();
    expect(await pending).toBe('before the write');
    expect(cache.size).toBe(0);
    expect(await cache.get(key('A'), async () => 'after the write')).toBe('after the write');
  });

  it('lets identical requests share one running computation, but not across a write', async () => {
    const cache = cacheOf();
    const first = deferred('v0');
    const a = cache.get(key('A'), first.compute);
    const b = cache.get(key('A'), first.compute);
    cache.write('commitment_feedback'); // a table the report does not read: still shared
    const b2 = cache.get(key('A'), first.compute);
    expect(first.calls.n).toBe(1);
    cache.write('member');
    const c = cache.get(key('A'), async () => 'v1');
    first.release();
    expect(await Promise.all([a, b, b2, c])).toEqual(['v0', 'v0', 'v0', 'v1']);
    expect(await cache.get(key('A'), async () => 'v2')).toBe('v1');
  });

  it('forgets a failed computation, so the next request computes again', async () => {
    const cache = cacheOf();
    await expect(
      cache.get(key('A'), async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await cache.get(key('A'), async () => 'ok')).toBe('ok');
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const cache = cacheOf({ maxEntries: 2, maxWeight: 100, ttlMs: 60_000 });
    await cache.get(key('A'), async () => 'A');
    await cache.get(key('B'), async () => 'B');
    await cache.get(key('A'), async () => 'A again'); // A is now the most recent
    await cache.get(key('C'), async () => 'C'); // B goes
    expect(cache.size).toBe(2);
    expect(await cache.get(key('A'), async () => 'A recomputed')).toBe('A');
    expect(await cache.get(key('B'), async () => 'B recomputed')).toBe('B recomputed');
  });

  it('bounds the rows kept and never keeps a report larger than the bound', async () => {
    const cache = cacheOf({ maxEntries: 100, maxWeight: 10, ttlMs: 60_000 });
    const rows = (n: number) => async () => Array.from({ length: n }, (_, i) => i);
    const weight = (r: number[]) => r.length;
    await cache.get(key('A'), rows(6), weight);
    await cache.get(key('B'), rows(6), weight); // 12 > 10: A goes
    expect(cache.size).toBe(1);
    await cache.get(key('huge'), rows(11), weight);
    expect(cache.size).toBe(1);
    expect(await cache.get(key('B'), rows(1), weight)).toHaveLength(6);
  });

  it('expires entries after the TTL (writes by other processes it cannot see)', async () => {
    let now = 1_000;
    const cache = cacheOf({ maxEntries: 10, maxWeight: 10, ttlMs: 500 }, () => now);
    await cache.get(key('A'), async () => 'old');
    now += 499;
    expect(await cache.get(key('A'), async () => 'new')).toBe('old');
    now += 1;
    expect(await cache.get(key('A'), async () => 'new')).toBe('new');
  });

  describe('on a real data source', () => {
    let ds: DataSource;
    let db: Database;
    let cache: ReportCache;
    /** A report over the organisation table only. */
    const orgKey: ReportKey = { report: 'count', organizationId: 'A', parts: [], tables: ['organization'] };

    beforeAll(async () => {
      ds = await migratedMemoryDatabase([Organization]);
      await ds.query(`CREATE TABLE "other" ("id" varchar PRIMARY KEY)`);
      db = new Database(ds);
      cache = new ReportCache(new TableVersions(ds, db));
    });

    afterAll(async () => {
      await ds.destroy();
    });

    const org = () => {
      const id = randomUUID();
      return {
        id,
        code: id.slice(0, 8),
        name: 'Chi bộ thử',
        kind: 'cell' as const,
        isGrassroots: false,
        parentId: null,
        path: `/${id}/`,
        depth: 0,
      };
    };
    const rawInsert = (em: { query: DataSource['query'] }) => {
      const o = org();
      return em.query(
        `INSERT INTO "organization" ("id", "code", "name", "kind", "isGrassroots", "path", "depth") VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [o.id, o.code, o.name, o.kind, 0, o.path, 0],
      );
    };

    /** How many computations `get` made over `between()`: 0 when the report was answered again. */
    async function recomputedAfter(between: () => Promise<unknown>): Promise<number> {
      let n = 0;
      const count = async () => `${++n}: ${await ds.manager.count(Organization)}`;
      await cache.get(orgKey, count);
      n = 0;
      await between();
      await cache.get(orgKey, count);
      return n;
    }

    it('computes again after a committed raw SQL write in a transaction', async () => {
      expect(await recomputedAfter(() => db.transaction((em) => rawInsert(em)))).toBe(1);
    });

    it('computes again after a raw SQL write outside a transaction, and after an entity insert', async () => {
      expect(await recomputedAfter(() => rawInsert(ds.manager))).toBe(1);
      expect(await recomputedAfter(() => ds.manager.insert(Organization, org()))).toBe(1);
    });

    it('answers again after a read, and after a write to a table the report does not read', async () => {
      expect(await recomputedAfter(() => ds.manager.count(Organization))).toBe(0);
      expect(
        await recomputedAfter(() =>
          db.transaction((em) => em.query(`INSERT INTO "other" ("id") VALUES (?)`, [randomUUID()])),
        ),
      ).toBe(0);
    });

    it('neither keeps nor answers a report inside a transaction', async () => {
      const k = { ...orgKey, organizationId: 'T' };
      let n = 0;
      await cache.get(k, async () => ++n); // kept outside
      const inside = await db.transaction(async (em) => {
        await rawInsert(em);
        return [await cache.get(k, async () => ++n), await cache.get(k, async () => ++n)];
      });
      expect(inside).toEqual([2, 3]);
      expect(await cache.get(k, async () => ++n)).toBe(4); // the commit moved the table on
    });
  });
});
