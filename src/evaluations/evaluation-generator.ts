import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ancestorIds } from '../organizations/organizations.rules.js';
import { readMetrics, readSubtreeMembers, SubtreeMember } from './evaluation-sources.js';
import { EvaluationCycle } from './evaluation-cycle.entity.js';
import { Evaluation } from './evaluation.entity.js';
import { MemberMetrics, suggest } from './evaluations.rules.js';
import { competentBodiesOf, Level, RuleSetDefinition } from './rule-sets.js';

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32; inserts stay well under it. */
const SQLITE_MAX_VARIABLES = 32766;
/** Columns written per row on insert; the rest take their defaults (null, version 1). */
const INSERT_COLUMNS = [
  'id',
  'cycleId',
  'memberId',
  'status',
  'createdAt',
  'cellId',
  'cellPath',
  'grassrootsId',
  'notClassifiedReason',
  'suggestedScore',
  'suggestedLevel',
  'disqualifiers',
  'reasons',
  'metrics',
  'generatedAt',
  'updatedAt',
] as const;
export const UPSERT_CHUNK_ROWS = Math.floor((SQLITE_MAX_VARIABLES * 0.9) / INSERT_COLUMNS.length);
/**
 * Members whose records are read and scored together: each source query binds this many ids (well
 * under SQLite's and PostgreSQL's parameter limits) and answers a row or two per member, so memory
 * stays flat however large the subtree. Results do not depend on it (test/e2e/evaluations-chunks).
 */
export const GENERATION_CHUNK_MEMBERS = 2500;

/** The columns generation owns; self-assessment, proposal and decision columns are never in this list. */
const SUGGESTION_COLUMNS = [
  'cellId',
  'cellPath',
  'grassrootsId',
  'notClassifiedReason',
  'suggestedScore',
  'suggestedLevel',
  'disqualifiers',
  'reasons',
  'metrics',
  'generatedAt',
  'updatedAt',
];

type EvaluationInsert = Record<(typeof INSERT_COLUMNS)[number], unknown>;

/**
 * One multi-row INSERT ... ON CONFLICT (cycleId, memberId) DO UPDATE of the suggestion columns
 * (same syntax on SQLite and PostgreSQL). Hand-written: the query builder spends most of the
 * generation time building these statements.
 */
async function upsert(em: EntityManager, rows: EvaluationInsert[]): Promise<void> {
  if (rows.length === 0) return;
  const pg = em.dataSource.options.type === 'postgres';
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const marks = INSERT_COLUMNS.map((c) => {
      const v = row[c];
      values.push(v instanceof Date && !pg ? v.toISOString().replace('T', ' ').replace('Z', '') : v);
      return pg ? `$${values.length}` : '?';
    });
    return `(${marks.join(', ')})`;
  });
  const columns = INSERT_COLUMNS.map((c) => `"${c}"`).join(', ');
  const updates = SUGGESTION_COLUMNS.map((c) => `"${c}" = excluded."${c}"`).join(', ');
  await em.query(
    `INSERT INTO "evaluation" (${columns}) VALUES ${tuples.join(', ')} ON CONFLICT ("cycleId", "memberId") DO UPDATE SET ${updates}`,
    values,
  );
}

export interface GenerateResult {
  members: number;
  created: number;
  refreshed: number;
  notClassified: number;
  suggested: Record<Level, number>;
}

/**
 * Tổ chức cơ sở đảng of each cell: the nearest organisation with isGrassroots at or above it (the
 * tree rules keep grassroots organisations from nesting, so "nearest" is the only one).
 */
async function grassrootsByCell(
  em: EntityManager,
  cycle: EvaluationCycle,
  cellPaths: string[],
): Promise<Map<string, string | null>> {
  const ids = [...ancestorIds(cycle.organizationPath)];
  const qb = em
    .createQueryBuilder()
    .select(['o.id AS "id"', 'o.path AS "path"'])
    .from('organization', 'o')
    .where('o."isGrassroots"')
    .andWhere(ids.length ? '(o.path LIKE :prefix OR o.id IN (:...ids))' : 'o.path LIKE :prefix', {
      prefix: `${cycle.organizationPath}%`,
      ids,
    });
  const grassroots = await qb.getRawMany<{ id: string; path: string }>();
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

export interface PreparedEvaluations {
  rows: EvaluationInsert[];
  result: GenerateResult;
}

/**
 * The read half of generation: the subtree's members, then, chunk by chunk of `chunkMembers` (in
 * member id order), a handful of GROUP BY queries and the pure rules per member in memory. Only the
 * rows to write are kept. Runs under a read lock, so other writers wait only for the write half.
 */
export async function prepareEvaluations(
  em: EntityManager,
  cycle: EvaluationCycle,
  rules: RuleSetDefinition,
  now: Date,
  chunkMembers = GENERATION_CHUNK_MEMBERS,
): Promise<PreparedEvaluations> {
  const window = {
    pathPrefix: cycle.organizationPath,
    year: cycle.year,
    competentBodies: competentBodiesOf(rules),
    exemptionPeriods: rules.notClassified.exemptShareOfYear !== undefined,
  };
  const members = await readSubtreeMembers(em, window);
  const grassroots = await grassrootsByCell(
    em,
    cycle,
    members.map((m) => m.cellPath),
  );
  const result: GenerateResult = {
    members: members.length,
    created: 0,
    refreshed: 0,
    notClassified: 0,
    suggested: { excellent: 0, good: 0, complete: 0, incomplete: 0 },
  };
  const rows: EvaluationInsert[] = [];
  const step = Math.max(1, Math.floor(chunkMembers));
  for (let start = 0; start < members.length; start += step) {
    const chunk = members.slice(start, start + step);
    const metrics = await readMetrics(em, window, chunk);
    for (const m of chunk)
      rows.push(evaluationRow(cycle, rules, now, m, metrics.get(m.memberId)!, grassroots, result));
  }
  return { rows, result };
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
 * The write half, inside the caller's transaction: chunked upserts that only touch the suggestion
 * columns, then the workflow status rebuilt from the steps each member already went through.
 */
export async function writeEvaluations(
  em: EntityManager,
  cycle: EvaluationCycle,
  prepared: PreparedEvaluations,
): Promise<GenerateResult> {
  const count = () =>
    em.createQueryBuilder(Evaluation, 'e').where('e.cycleId = :cycleId', { cycleId: cycle.id }).getCount();
  const existing = await count();
  for (let start = 0; start < prepared.rows.length; start += UPSERT_CHUNK_ROWS) {
    await upsert(em, prepared.rows.slice(start, start + UPSERT_CHUNK_ROWS));
  }
  // Status follows classifiability; a refresh never loses a self-assessment, proposal or decision.
  await em
    .createQueryBuilder()
    .update(Evaluation)
    .set({ status: 'not_classified' })
    .where('cycleId = :cycleId AND notClassifiedReason IS NOT NULL AND status <> :nc', {
      cycleId: cycle.id,
      nc: 'not_classified',
    })
    .execute();
  await em
    .createQueryBuilder()
    .update(Evaluation)
    .set({
      status: () =>
        `CASE WHEN "decidedLevel" IS NOT NULL THEN 'decided' WHEN "proposedLevel" IS NOT NULL THEN 'proposed' WHEN "selfLevel" IS NOT NULL THEN 'self_assessed' ELSE 'pending' END`,
    })
    .where('cycleId = :cycleId AND notClassifiedReason IS NULL AND status = :nc', {
      cycleId: cycle.id,
      nc: 'not_classified',
    })
    .execute();
  const created = (await count()) - existing;
  return { ...prepared.result, created, refreshed: prepared.rows.length - created };
}
