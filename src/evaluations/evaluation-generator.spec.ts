import { describe, expect, it } from 'vitest';
import type { EntityManager } from 'typeorm';
import { LONG_STANDING, perfectYear, REVIEW } from '../../test/factories/member-metrics.js';
import qd366v1 from '../../database/reference/rule-sets/QD366-2025.v1.json' with { type: 'json' };
import { EvaluationCycle } from './evaluation-cycle.entity.js';
import { PreparedEvaluations, writeEvaluations } from './evaluation-generator.js';
import { PG_UPSERT_CHUNK_ROWS } from './evaluation-writes.repository.js';
import { normalizeRuleSet } from './rule-sets.js';

const rules = normalizeRuleSet(qd366v1);
const cycle = { id: 'cycle-1', year: 2026, reviewDate: REVIEW, organizationPath: '/p/' } as EvaluationCycle;

/** Members scored in the write half (PostgreSQL's way): `count` of them, each with a perfect year. */
function prepared(count: number): PreparedEvaluations {
  const p = new PreparedEvaluations(cycle, rules, new Date(), new Map([['/p/c/', 'p']]), count, true);
  for (let i = 0; i < count; i++)
    p.add({ ...LONG_STANDING, memberId: `m${i}`, cellId: 'c', cellPath: '/p/c/' }, perfectYear());
  return p;
}

/**
 * An EntityManager on "PostgreSQL" that records each statement; `upsert(n)` answers the n-th
 * upsert (1-based). Query builders (the counts, the status rebuild) answer 0 rows.
 */
function fakeManager(upsert: (n: number) => Promise<void>) {
  const log: string[] = [];
  let upserts = 0;
  const chain: Record<string, unknown> = new Proxy(
    {},
    {
      get: (_t, name) => {
        if (name === 'then') return undefined;
        if (name === 'getCount') return async () => 0;
        if (name === 'execute') return async () => ({ affected: 0 });
        return () => chain;
      },
    },
  );
  const em = {
    dataSource: { options: { type: 'postgres' } },
    createQueryBuilder: () => chain,
    query: async (sql: string) => {
      if (!sql.startsWith('INSERT INTO "evaluation"')) return [];
      const n = ++upserts;
      log.push(`start ${n}`);
      await upsert(n);
      log.push(`end ${n}`);
      return [];
    },
  } as unknown as EntityManager;
  return { em, log };
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('writeEvaluations on PostgreSQL (batches scored while the previous one is written)', () => {
  it('writes every batch once, in order, one statement at a time, and counts every suggestion', async () => {
    const members = PG_UPSERT_CHUNK_ROWS * 2 + 7;
    const { em, log } = fakeManager(() => pause(5));
    const result = await writeEvaluations(em, cycle, prepared(members));
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(result).toMatchObject({ members, created: 0, refreshed: members, notClassified: 0 });
    expect(result.suggested.excellent).toBe(members);
  });

  it('stops at a batch that fails, answering its error once the statement has ended', async () => {
    const members = PG_UPSERT_CHUNK_ROWS * 3;
    const { em, log } = fakeManager(async (n) => {
      await pause(5);
      if (n === 2) throw new Error('deadlock detected');
    });
    await expect(writeEvaluations(em, cycle, prepared(members))).rejects.toThrow('deadlock detected');
    expect(log).toEqual(['start 1', 'end 1', 'start 2']);
  });

  it('takes the prepared rows once', async () => {
    const p = prepared(3);
    expect(p.list()).toHaveLength(3);
    expect(() => p.list()).toThrow(/already taken/);
  });
});
