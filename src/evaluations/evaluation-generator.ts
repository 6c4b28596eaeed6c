import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { EntityManager } from 'typeorm';
import { ancestorIds } from '../organizations/organizations.rules.js';
import {
  grassrootsOrganizations,
  readMetrics,
  readSubtreeMembers,
  SubtreeMember,
} from './evaluation-sources.repository.js';
import { EvaluationCycle } from './evaluation-cycle.entity.js';
import {
  countEvaluations,
  EvaluationBatch,
  EvaluationInsert,
  packBatch,
  PG_UPSERT_CHUNK_ROWS,
  rebuildStatuses,
  UPSERT_CHUNK_ROWS,
  upsertBatch,
} from './evaluation-writes.repository.js';
import { MemberMetrics } from './evaluation-metrics.rules.js';
import { suggest } from './evaluations.rules.js';
import { competentBodiesOf, RuleSetDefinition } from './rule-sets.js';
import type { GenerateResult } from './evaluations.responses.js';

/**
 * Members whose records are read and scored together: each source query binds this many ids (well
 * under SQLite's and PostgreSQL's parameter limits) and answers a row or two per member, so memory
 * stays flat however large the subtree. Results do not depend on it (test/e2e/evaluations-chunks).
 */
export const GENERATION_CHUNK_MEMBERS = 2500;

/**
 * Tổ chức cơ sở đảng of each cell: the nearest organisation with isGrassroots at or above it (the
 * tree rules keep grassroots organisations from nesting, so "nearest" is the only one).
 */
async function grassrootsByCell(
  em: EntityManager,
  cycle: EvaluationCycle,
  cellPaths: string[],
): Promise<Map<string, string | null>> {
  const grassroots = await grassrootsOrganizations(
    em,
    cycle.organizationPath,
    ancestorIds(cycle.organizationPath),
  );
  const out = new Map<string, string | null>();
  for (const path of cellPaths) {
    if (out.has(path)) continue;
    const best = grassroots
      .filter((g) => path.startsWith(g.path))
      .sort((a, b) => b.path.length - a.path.length)[0];
    out.set(path, best?.id ?? null);
  }
  return out;
}

/**
 * What the read half hands the write half. On SQLite the rows are made while reading (chunk by chunk,
 * memory flat); on PostgreSQL the read half keeps each member's metrics and the write half scores
 * them batch by batch while the previous batch is being written (`writeEvaluations`), so the
 * scoring runs beside the database's work instead of before it. Either way each row is made once.
 */
export class PreparedEvaluations {
  readonly result: GenerateResult;
  private readonly made: EvaluationInsert[] = [];
  private readonly toScore: { member: SubtreeMember; metrics: MemberMetrics }[] = [];
  private taken = false;

  constructor(
    private readonly cycle: EvaluationCycle,
    private readonly rules: RuleSetDefinition,
    private readonly now: Date,
    private readonly grassroots: Map<string, string | null>,
    members: number,
    /** True: score in the write half (PostgreSQL). */
    private readonly deferred: boolean,
  ) {
    this.result = {
      members,
      created: 0,
      refreshed: 0,
      notClassified: 0,
      suggested: { excellent: 0, good: 0, complete: 0, incomplete: 0 },
    };
  }

  add(member: SubtreeMember, metrics: MemberMetrics): void {
    if (this.deferred) this.toScore.push({ member, metrics });
    else this.made.push(this.row(member, metrics));
  }

  get length(): number {
    return this.made.length + this.toScore.length;
  }

  /**
   * The rows in batches of at most `size`, each made when its batch is asked for; `result` counts
   * them once all are taken. The rows can be taken once.
   */
  *batches(size: number): Generator<EvaluationInsert[]> {
    if (this.taken) throw new Error('the prepared evaluations were already taken');
    this.taken = true;
    const step = Math.max(1, Math.floor(size));
    for (let start = 0; start < this.made.length; start += step) yield this.made.slice(start, start + step);
    for (let start = 0; start < this.toScore.length; start += step)
      yield this.toScore.slice(start, start + step).map(({ member, metrics }) => this.row(member, metrics));
  }

  /** Every row at once (tests). */
  list(): EvaluationInsert[] {
    return [...this.batches(Number.MAX_SAFE_INTEGER)].flat();
  }

  private row(member: SubtreeMember, metrics: MemberMetrics): EvaluationInsert {
    return evaluationRow(this.cycle, this.rules, this.now, member, metrics, this.grassroots, this.result);
  }
}

/**
 * How the read half reads the sources: chunk by chunk of `chunkMembers` ids, or (`wholeSubtree`) each
 * source once for the whole subtree. By default PostgreSQL reads a subtree larger than one chunk whole
 * (a hash join per source instead of an index probe per member and record: 100,000 members read in a
 * tenth of the time); SQLite, whose nested loops are cheap, keeps the chunks and a flat memory.
 * Results do not depend on it (test/e2e/evaluations-sources).
 */
export interface ReadPlan {
  chunkMembers?: number;
  wholeSubtree?: boolean;
}

/**
 * The read half of generation: the subtree's members, then a handful of GROUP BY queries (per chunk
 * of members in id order, or once for the subtree: ReadPlan) and the pure rules per member in
 * memory. Only the rows to write are kept. Runs under a read lock, so other writers wait only for the
 * write half.
 */
export async function prepareEvaluations(
  em: EntityManager,
  cycle: EvaluationCycle,
  rules: RuleSetDefinition,
  now: Date,
  plan: ReadPlan = {},
): Promise<PreparedEvaluations> {
  const window = {
    pathPrefix: cycle.organizationPath,
    year: cycle.year,
    competentBodies: competentBodiesOf(rules),
    exemptionPeriods: rules.notClassified.exemptShareOfYear !== undefined,
  };
  const members = await readSubtreeMembers(em, window);
  // Meetings are left out only during a period touching the year, which readSubtreeMembers lists:
  // without one in the subtree the attendance query needs no per-meeting test.
  const sources = {
    ...window,
    exemptionPeriods: window.exemptionPeriods && members.some((m) => (m.exemptions?.length ?? 0) > 0),
  };
  const grassroots = await grassrootsByCell(
    em,
    cycle,
    members.map((m) => m.cellPath),
  );
  const pg = em.dataSource.options.type === 'postgres';
  const prepared = new PreparedEvaluations(cycle, rules, now, grassroots, members.length, pg);
  const chunkMembers = plan.chunkMembers ?? GENERATION_CHUNK_MEMBERS;
  const wholeSubtree = plan.wholeSubtree ?? (pg && members.length > chunkMembers);
  const step = wholeSubtree ? Math.max(1, members.length) : Math.max(1, Math.floor(chunkMembers));
  for (let start = 0; start < members.length; start += step) {
    const chunk = members.slice(start, start + step);
    const metrics = await readMetrics(em, sources, chunk, wholeSubtree ? cycle.organizationPath : undefined);
    for (const m of chunk) prepared.add(m, metrics.get(m.memberId)!);
  }
  return prepared;
}

/** One member's row: the suggestion from the pure rules, counted into `result`. */
function evaluationRow(
  cycle: EvaluationCycle,
  rules: RuleSetDefinition,
  now: Date,
  m: SubtreeMember,
  metrics: MemberMetrics,
  grassroots: Map<string, string | null>,
  result: GenerateResult,
): EvaluationInsert {
  const s = suggest(rules, m, metrics, cycle.reviewDate);
  if (s.level) result.suggested[s.level]++;
  else result.notClassified++;
  return {
    id: randomUUID(),
    cycleId: cycle.id,
    memberId: m.memberId,
    cellId: m.cellId,
    cellPath: m.cellPath,
    grassrootsId: grassroots.get(m.cellPath) ?? null,
    status: s.notClassifiedReason ? 'not_classified' : 'pending',
    notClassifiedReason: s.notClassifiedReason,
    suggestedScore: s.score,
    suggestedLevel: s.level,
    disqualifiers: JSON.stringify(s.disqualifiers),
    reasons: JSON.stringify(s.reasons),
    metrics: JSON.stringify(metrics),
    generatedAt: now,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The write half, inside the caller's transaction: upserts that only touch the suggestion columns,
 * then the workflow status rebuilt from the steps each member already went through. On PostgreSQL
 * one batch is being written while the next is scored and packed.
 */
export async function writeEvaluations(
  em: EntityManager,
  cycle: EvaluationCycle,
  prepared: PreparedEvaluations,
): Promise<GenerateResult> {
  const pg = em.dataSource.options.type === 'postgres';
  const existing = await countEvaluations(em, cycle.id);
  let writing: Promise<void> | undefined;
  try {
    for (const rows of prepared.batches(pg ? PG_UPSERT_CHUNK_ROWS : UPSERT_CHUNK_ROWS)) {
      const batch: EvaluationBatch = packBatch(pg, rows);
      await writing;
      writing = upsertBatch(em, batch);
      // Handled here and awaited before the next batch is sent (or below); a failure is not lost.
      writing.catch(() => undefined);
      // Lets the statement leave before the next batch is scored.
      if (pg) await nextTurn();
    }
    await writing;
  } finally {
    // A batch that failed to be made leaves no statement running under the transaction's rollback.
    await writing?.catch(() => undefined);
  }
  await rebuildStatuses(em, cycle.id);
  const created = (await countEvaluations(em, cycle.id)) - existing;
  return { ...prepared.result, created, refreshed: prepared.length - created };
}
