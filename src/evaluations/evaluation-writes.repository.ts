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
  disqualifiers: 'text',
  reasons: 'text',
  metrics: 'text',
  generatedAt: 'timestamp',
  updatedAt: 'timestamp',
};
/** Rows per PostgreSQL upsert: one JSON parameter, so the statement binds 1 parameter whatever its size. */
export const PG_UPSERT_CHUNK_ROWS = 5000;
const PG_UPSERT = `INSERT INTO "evaluation" (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM json_to_recordset($1::json) AS x(${INSERT_COLUMNS.map(
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
/** JSON.stringify's replacer: the original Date (before its toJSON) as local wall-clock time. */
function timestampsLocal(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? localTimestamp(raw) : value;
}

/**
 * The rows generation writes. On PostgreSQL each row is kept packed as its JSON text in UTF-8 (a
 * Buffer, off the JavaScript heap: 100,000 rows of about 2 KB cost no garbage collection) and a chunk
 * is sent as one JSON array; SQLite keeps the plain rows for its VALUES lists.
 */
export class EvaluationRows {
  private readonly packed: Buffer[] = [];
  private readonly plain: EvaluationInsert[] = [];

  constructor(private readonly pg: boolean) {}

  push(row: EvaluationInsert): void {
    if (this.pg) this.packed.push(Buffer.from(JSON.stringify(row, timestampsLocal)));
    else this.plain.push(row);
  }

  get length(): number {
    return this.pg ? this.packed.length : this.plain.length;
  }

  /** The rows as plain values (read back from their JSON on PostgreSQL, timestamps as the text sent). */
  list(): EvaluationInsert[] {
    return this.pg ? this.packed.map((b) => JSON.parse(b.toString('utf8')) as EvaluationInsert) : [...this.plain];
  }

  /** Upserts every row, chunk by chunk, inside the caller's transaction. */
  async upsert(em: EntityManager): Promise<void> {
    if (this.pg) {
      for (let start = 0; start < this.packed.length; start += PG_UPSERT_CHUNK_ROWS)
        await upsertPostgres(em, this.packed.slice(start, start + PG_UPSERT_CHUNK_ROWS));
    } else {
      for (let start = 0; start < this.plain.length; start += UPSERT_CHUNK_ROWS)
        await upsert(em, this.plain.slice(start, start + UPSERT_CHUNK_ROWS));
    }
  }
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/**
 * The same upsert on PostgreSQL as `INSERT ... SELECT FROM json_to_recordset($1)`: the packed rows
 * joined into one JSON array, bound as one parameter (text arrays per column made the driver escape
 * every quote of every reason in JavaScript, most of generation's time), so neither the statement's
 * text nor its plan grows with the rows.
 */
async function upsertPostgres(em: EntityManager, packed: Buffer[]): Promise<void> {
  const parts: Buffer[] = [OPEN];
  for (const row of packed) parts.push(row, COMMA);
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
