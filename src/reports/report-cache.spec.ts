import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { Organization } from '../organizations/organization.entity.js';
import { ReportCache, ReportKey } from './report-cache.js';

const key = (organizationId: string, ...parts: Array<string | number>): ReportKey => ({
  report: 'overview',
  organizationId,
  parts,
});

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
  it('computes a report once and answers it again until a write commits', async () => {
    const cache = new ReportCache();
    let n = 0;
    const compute = async () => ({ n: ++n });
    expect(await cache.get(key('A', 2026), compute)).toEqual({ n: 1 });
    expect(await cache.get(key('A', 2026), compute)).toEqual({ n: 1 });
    cache.afterTransactionCommit({} as never);
    expect(await cache.get(key('A', 2026), compute)).toEqual({ n: 2 });
    cache.afterUpdate({} as never);
    expect(await cache.get(key('A', 2026), compute)).toEqual({ n: 3 });
  });

  it('keys by report, organisation and every parameter, so no answer crosses scopes', async () => {
    const cache = new ReportCache();
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
    const cache = new ReportCache();
    const slow = deferred('before the write');
    const pending = cache.get(key('A'), slow.compute);
    cache.afterTransactionCommit({} as never);
    slow.release();
    expect(await pending).toBe('before the write');
    expect(cache.size).toBe(0);
    expect(await cache.get(key('A'), async () => 'after the write')).toBe('after the write');
  });

  it('lets identical requests share one running computation, but not across a write', async () => {
    const cache = new ReportCache();
    const first = deferred('v0');
    const a = cache.get(key('A'), first.compute);
    const b = cache.get(key('A'), first.compute);
    expect(first.calls.n).toBe(1);
    cache.afterInsert({} as never);
    const c = cache.get(key('A'), async () => 'v1');
    first.release();
    expect(await Promise.all([a, b, c])).toEqual(['v0', 'v0', 'v1']);
    expect(await cache.get(key('A'), async () => 'v2')).toBe('v1');
  });

  it('forgets a failed computation, so the next request computes again', async () => {
    const cache = new ReportCache();
    await expect(
      cache.get(key('A'), async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await cache.get(key('A'), async () => 'ok')).toBe('ok');
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const cache = new ReportCache({ maxEntries: 2, maxWeight: 100, ttlMs: 60_000 });
    await cache.get(key('A'), async () => 'A');
    await cache.get(key('B'), async () => 'B');
    await cache.get(key('A'), async () => 'A again'); // A is now the most recent
    await cache.get(key('C'), async () => 'C'); // B goes
    expect(cache.size).toBe(2);
    expect(await cache.get(key('A'), async () => 'A recomputed')).toBe('A');
    expect(await cache.get(key('B'), async () => 'B recomputed')).toBe('B recomputed');
  });

  it('bounds the rows kept and never keeps a report larger than the bound', async () => {
    const cache = new ReportCache({ maxEntries: 100, maxWeight: 10, ttlMs: 60_000 });
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
    const cache = new ReportCache({ maxEntries: 10, maxWeight: 10, ttlMs: 500 }, () => now);
    await cache.get(key('A'), async () => 'old');
    now += 499;
    expect(await cache.get(key('A'), async () => 'new')).toBe('old');
    now += 1;
    expect(await cache.get(key('A'), async () => 'new')).toBe('new');
  });

  describe('watching a data source', () => {
    let ds: DataSource;
    let cache: ReportCache;

    beforeAll(async () => {
      ds = new DataSource({
        type: 'better-sqlite3',
        database: ':memory:',
        entities: [Organization],
        synchronize: true,
        logging: false,
      });
      await ds.initialize();
      cache = ReportCache.watching(ds);
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

    it('moves to a new data version when a transaction commits, even for raw SQL writes', async () => {
      const v0 = cache.version;
      await ds.transaction(async (em) => {
        const o = org();
        await em.query(
          `INSERT INTO "organization" ("id", "code", "name", "kind", "isGrassroots", "path", "depth") VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [o.id, o.code, o.name, o.kind, 0, o.path, 0],
        );
      });
      expect(cache.version).toBeGreaterThan(v0);
    });

    it('moves to a new data version on a write outside a transaction, and not on a read', async () => {
      const v0 = cache.version;
      await ds.manager.count(Organization);
      expect(cache.version).toBe(v0);
      await ds.manager.insert(Organization, org());
      expect(cache.version).toBeGreaterThan(v0);
    });

    it('does not answer a report computed before a write', async () => {
      let n = 0;
      const count = async () => `${++n}: ${await ds.manager.count(Organization)}`;
      const before = await cache.get(key('A'), count);
      expect(await cache.get(key('A'), count)).toBe(before);
      await ds.transaction((em) => em.insert(Organization, org()));
      expect(await cache.get(key('A'), count)).not.toBe(before);
    });
  });
});
