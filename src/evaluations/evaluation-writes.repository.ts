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

/** PostgreSQL's type of each inserted column, for the record set `json_to_recordset` reads. */
const PG_TYPES: Record<(typeof INSERT_COLUMNS)[number], string> = {
  id: 'varchar',
  cycleId: 'varchar',
  memberId: 'varchar',
  status: 'varchar',
  createdAt: 'timestamp',
  cellId: 'varchar',
  cellPath: 'varchar',
  grassrootsId: 'varchar',
  notClassifiedReason: 'varchar',
  suggestedScore: 'float8',
  suggestedLevel: 'varchar',
  disqualifiers: 'json',
  reasons: 'json',
  metrics: 'json',
  generatedAt: 'timestamp',
  updatedAt: 'timestamp',
};
/** Rows per PostgreSQL upsert: one JSON parameter, so the statement binds 1 parameter whatever its size. */
export const PG_UPSERT_CHUNK_ROWS = 5000;
/** The columns that hold JSON text: packed as JSON values, not strings, and stored as the very text packed. */
const JSON_COLUMNS = new Set<string>(['disqualifiers', 'reasons', 'metrics']);
const PG_SELECT = INSERT_COLUMNS.map((c) => (JSON_COLUMNS.has(c) ? `x."${c}"::text` : `x."${c}"`)).join(', ');
const PG_UPSERT = `INSERT INTO "evaluation" (${COLUMN_LIST}) SELECT ${PG_SELECT} FROM json_to_recordset($1::json) AS x(${INSERT_COLUMNS.map(
  (c) => `"${c}" ${PG_TYPES[c]}`,
).join(', ')}) ${ON_CONFLICT}`;

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
/** A Date's JSON value; generation stamps every row with the same Date, so the last one is kept. */
let lastDate: { time: number; json: string } | undefined;
function timestampJson(d: Date): string {
  if (lastDate?.time !== d.getTime())
    lastDate = { time: d.getTime(), json: JSON.stringify(localTimestamp(d)) };
  return lastDate.json;
}

/** Each column's JSON key, written once. */
const JSON_KEYS = INSERT_COLUMNS.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c)}:`);

/**
 * One row as a JSON object for json_to_recordset: the JSON columns (already JSON text) written as
 * they are, since a `json` column of the record set keeps its text exactly (no quoting and unquoting
 * of every reason), Dates as local wall-clock time, the rest through JSON.stringify.
 */
function rowJson(row: EvaluationInsert): string {
  let out = '';
  for (let i = 0; i < INSERT_COLUMNS.length; i++) {
    const c = INSERT_COLUMNS[i];
    const v = row[c];
    out += JSON_KEYS[i];
    if (JSON_COLUMNS.has(c) && typeof v === 'string') out += v;
    else if (v instanceof Date) out += timestampJson(v);
    else out += JSON.stringify(v ?? null);
  }
  return `${out}}`;
}

/** Rows packed together on PostgreSQL: one Buffer each (a few MB), so 100,000 rows make 200 of them. */
const PACK_ROWS = 500;

/**
 * The rows generation writes. On PostgreSQL they are kept packed as JSON text in UTF-8 (Buffers of
 * PACK_ROWS rows, off the JavaScript heap: 100,000 rows of about 2 KB cost no garbage collection) and
 * a chunk is sent as one JSON array; SQLite keeps the plain rows for its VALUES lists.
 */
export class EvaluationRows {
  private readonly packs: Buffer[] = [];
  private pending: string[] = [];
  private readonly plain: EvaluationInsert[] = [];
  private count = 0;

  constructor(private readonly pg: boolean) {}

  push(row: EvaluationInsert): void {
    this.count++;
    if (!this.pg) {
      this.plain.push(row);
      return;
    }
    this.pending.push(rowJson(row));
    if (this.pending.length === PACK_ROWS) this.pack();
  }

  get length(): number {
    return this.count;
  }

  /** The rows as plain values (read back from their JSON on PostgreSQL, timestamps as the text sent). */
  list(): EvaluationInsert[] {
    if (!this.pg) return [...this.plain];
    this.pack();
    return this.packs.flatMap((b) =>
      (JSON.parse(`[${b.toString('utf8')}]`) as EvaluationInsert[]).map((row) => {
        for (const c of JSON_COLUMNS)
          row[c as keyof EvaluationInsert] = JSON.stringify(row[c as keyof EvaluationInsert]);
        return row;
      }),
    );
  }

  /** Upserts every row, chunk by chunk, inside the caller's transaction. */
  async upsert(em: EntityManager): Promise<void> {
    if (this.pg) {
      this.pack();
      const perUpsert = Math.max(1, Math.floor(PG_UPSERT_CHUNK_ROWS / PACK_ROWS));
      for (let start = 0; start < this.packs.length; start += perUpsert)
        await upsertPostgres(em, this.packs.slice(start, start + perUpsert));
    } else {
      for (let start = 0; start < this.plain.length; start += UPSERT_CHUNK_ROWS)
        await upsert(em, this.plain.slice(start, start + UPSERT_CHUNK_ROWS));
    }
  }

  /** The pending rows' JSON objects, comma-separated, as one UTF-8 Buffer. */
  private pack(): void {
    if (this.pending.length === 0) return;
    this.packs.push(Buffer.from(this.pending.join(',')));
    this.pending = [];
  }
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/**
 * The same upsert on PostgreSQL as `INSERT ... SELECT FROM json_to_recordset($1)`: the packs
 * joined into one JSON array, bound as one parameter (text arrays per column made the driver escape
 * every quote of every reason in JavaScript, most of generation's time), so neither the statement's
 * text nor its plan grows with the rows.
 */
async function upsertPostgres(em: EntityManager, packs: Buffer[]): Promise<void> {
  const parts: Buffer[] = [OPEN];
  for (const pack of packs) parts.push(pack, COMMA);
  parts[parts.length - 1] = CLOSE;
  await em.query(PG_UPSERT, [Buffer.concat(parts)]);
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
