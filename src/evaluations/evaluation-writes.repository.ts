import { EntityManager } from 'typeorm';
import { Evaluation } from './evaluation.entity.js';

/** Generation's writes to the `evaluation` table, inside the caller's transaction. */

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32; inserts stay well under it. */
const SQLITE_MAX_VARIABLES = 32766;
/** Columns written per row on insert; the rest take their defaults (null, version 1). */
export const INSERT_COLUMNS = [
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

export type EvaluationInsert = Record<(typeof INSERT_COLUMNS)[number], unknown>;

/** The column list and the conflict clause both upserts share. */
const COLUMN_LIST = INSERT_COLUMNS.map((c) => `"${c}"`).join(', ');
const ON_CONFLICT = `ON CONFLICT ("cycleId", "memberId") DO UPDATE SET ${SUGGESTION_COLUMNS.map(
  (c) => `"${c}" = excluded."${c}"`,
).join(', ')}`;

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
  await em.query(
    `INSERT INTO "evaluation" (${COLUMN_LIST}) VALUES ${tuples.join(', ')} ${ON_CONFLICT}`,
    values,
  );
}

/** The cycle's evaluations. */
export function countEvaluations(em: EntityManager, cycleId: string): Promise<number> {
  return em.createQueryBuilder(Evaluation, 'e').where('e.cycleId = :cycleId', { cycleId }).getCount();
}

/** PostgreSQL's cast of each inserted column's text (none: varchar and text take it as it is). */
const PG_CASTS: Record<(typeof INSERT_COLUMNS)[number], string> = {
  id: '',
  cycleId: '',
  memberId: '',
  status: '',
  createdAt: '::timestamp',
  cellId: '',
  cellPath: '',
  grassrootsId: '',
  notClassifiedReason: '',
  suggestedScore: '::float8',
  suggestedLevel: '',
  disqualifiers: '',
  reasons: '',
  metrics: '',
  generatedAt: '::timestamp',
  updatedAt: '::timestamp',
};
/** Rows per PostgreSQL upsert: one text parameter, so the statement binds 1 parameter whatever its size. */
export const PG_UPSERT_CHUNK_ROWS = 5000;
/**
 * Separators of the packed text: ASCII unit and record separators, which no value written holds
 * (JSON.stringify escapes every control character; ids, paths and codes have none).
 */
const FIELD = '\x1f';
const RECORD = '\x1e';
const PG_UPSERT = `INSERT INTO "evaluation" (${COLUMN_LIST}) SELECT ${INSERT_COLUMNS.map(
  (c, i) => `NULLIF(f[${i + 1}], '')${PG_CASTS[c]}`,
).join(
  ', ',
)} FROM (SELECT string_to_array(r, E'\\x1f') AS f FROM unnest(string_to_array($1::text, E'\\x1e')) AS r) AS x ${ON_CONFLICT}`;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/**
 * A Date as the wall-clock time the driver stores in a `timestamp` column (node-postgres sends local
 * time with its offset, which a `timestamp` drops).
 */
function localTimestamp(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(
    d.getMinutes(),
  )}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
/** A Date's text; generation stamps every row with the same Date, so the last one is kept. */
let lastDate: { time: number; text: string } | undefined;
function timestampText(d: Date): string {
  if (lastDate?.time !== d.getTime()) lastDate = { time: d.getTime(), text: localTimestamp(d) };
  return lastDate.text;
}

/** One value as packed text: null as the empty field (no column written takes an empty string). */
function fieldText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return timestampText(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string' || v === '' || v.includes(FIELD) || v.includes(RECORD))
    throw new Error('evaluation value not packable: not text, empty or holding a separator');
  return v;
}

/** One row as packed text: its values in INSERT_COLUMNS order, separated by FIELD. */
function rowText(row: EvaluationInsert): string {
  let out = fieldText(row[INSERT_COLUMNS[0]]);
  for (let i = 1; i < INSERT_COLUMNS.length; i++) out += FIELD + fieldText(row[INSERT_COLUMNS[i]]);
  return out;
}

/**
 * One batch of rows ready to send (`packBatch`): on PostgreSQL packed as text in one UTF-8 Buffer,
 * sent as one parameter that the statement splits (string_to_array: far cheaper for the server than
 * json_to_recordset, and no escaping in JavaScript as text arrays need); on SQLite the plain rows
 * for its VALUES lists.
 */
export type EvaluationBatch = { packed: Buffer; rows?: never } | { rows: EvaluationInsert[]; packed?: never };

export function packBatch(pg: boolean, rows: EvaluationInsert[]): EvaluationBatch {
  if (!pg) return { rows };
  const texts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) texts[i] = rowText(rows[i]);
  return { packed: Buffer.from(texts.join(RECORD)) };
}

/**
 * Upserts one batch inside the caller's transaction: one statement on PostgreSQL (neither its text
 * nor its plan grows with the rows), statements of UPSERT_CHUNK_ROWS rows on SQLite.
 */
export async function upsertBatch(em: EntityManager, batch: EvaluationBatch): Promise<void> {
  if (batch.packed) {
    await em.query(PG_UPSERT, [batch.packed]);
    return;
  }
  const rows = batch.rows ?? [];
  for (let start = 0; start < rows.length; start += UPSERT_CHUNK_ROWS)
    await upsert(em, rows.slice(start, start + UPSERT_CHUNK_ROWS));
}

/**
 * Status follows classifiability; the workflow status is rebuilt from the steps each member already
 * went through, so a refresh never loses a self-assessment, proposal or decision.
 */
export async function rebuildStatuses(em: EntityManager, cycleId: string): Promise<void> {
  await em
    .createQueryBuilder()
    .update(Evaluation)
    .set({ status: 'not_classified' })
    .where('cycleId = :cycleId AND notClassifiedReason IS NOT NULL AND status <> :nc', {
      cycleId,
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
      cycleId,
      nc: 'not_classified',
    })
    .execute();
}
