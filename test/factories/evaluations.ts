import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { itemCounts, Outcome } from '../../src/commitments/commitments.rules.js';
import { meetingAttendanceCounts } from '../../src/meetings/meetings.rules.js';
import { TestApp } from '../setup/test-app.js';
import { Login } from './world.js';

/**
 * A year of records for the evaluation tests, written straight into the other modules' tables (their
 * own e2e specs cover how the records get there through the API). Only the columns the evaluation
 * generation reads are filled in.
 */
export interface YearProfile {
  /** Items of the yearly commitment and their outcomes. */
  done: number;
  exceeded?: number;
  partly?: number;
  notDone?: number;
  remedyDone?: number;
  rating: 'achieved' | 'partly_achieved' | 'not_achieved';
  late?: boolean;
}

/** Ten items all done, four exceeded, one remedy done, rated achieved: 100 points, excellent. */
export const EXCELLENT_YEAR: YearProfile = { done: 9, exceeded: 4, remedyDone: 1, rating: 'achieved' };
/** Eight of ten items done, two partly, rated partly achieved: 86 points, good. */
export const GOOD_YEAR: YearProfile = { done: 8, partly: 2, rating: 'partly_achieved' };

/** Runs `?`-placeholder SQL on either engine; booleans become 1/0 on SQLite. */
function sql(ds: DataSource, text: string, params: unknown[]) {
  const pg = ds.options.type === 'postgres';
  let n = 0;
  const query = pg ? text.replace(/\?/g, () => `$${++n}`) : text;
  return ds.query(
    query,
    params.map((p) => (typeof p === 'boolean' && !pg ? (p ? 1 : 0) : p)),
  );
}

export function dataSourceOf(t: TestApp): DataSource {
  return t.app.get(DataSource);
}

export async function seedYear(
  t: TestApp,
  member: { id: string; cellId: string },
  year: number,
  p: YearProfile,
): Promise<void> {
  const ds = dataSourceOf(t);
  const commitmentId = randomUUID();
  await sql(
    ds,
    `INSERT INTO "commitment" ("id", "memberId", "cellId", "year", "periodType", "periodKey", "status", "late", "rating")
     VALUES (?, ?, ?, ?, 'yearly', 0, 'assessed', ?, ?)`,
    [commitmentId, member.id, member.cellId, year, p.late === true, p.rating],
  );
  const items: Array<{ category: string; outcome: string; exceeded: boolean }> = [];
  for (let i = 0; i < p.done; i++)
    items.push({ category: 'follow', outcome: 'done', exceeded: i < (p.exceeded ?? 0) });
  for (let i = 0; i < (p.partly ?? 0); i++)
    items.push({ category: 'duty', outcome: 'partly', exceeded: false });
  for (let i = 0; i < (p.notDone ?? 0); i++)
    items.push({ category: 'duty', outcome: 'not_done', exceeded: false });
  for (let i = 0; i < (p.remedyDone ?? 0); i++)
    items.push({ category: 'remedy', outcome: 'done', exceeded: false });
  let position = 0;
  for (const item of items) {
    await sql(
      ds,
      `INSERT INTO "commitment_item" ("id", "commitmentId", "position", "category", "content", "outcome", "exceeded")
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        randomUUID(),
        commitmentId,
        position++,
        item.category,
        'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
        item.outcome,
        item.exceeded,
      ],
    );
  }
  // The item counts the commitments service keeps on the row (commitments.rules.ts, itemCounts).
  const counts = itemCounts(items.map((i) => ({ ...i, outcome: i.outcome as Outcome })));
  const columns = Object.keys(counts) as Array<keyof typeof counts>;
  await sql(ds, `UPDATE "commitment" SET ${columns.map((c) => `"${c}" = ?`).join(', ')} WHERE "id" = ?`, [
    ...columns.map((c) => counts[c]),
    commitmentId,
  ]);
}

/** One regular cell meeting with the given attendance. */
export async function seedMeeting(
  t: TestApp,
  cellId: string,
  heldOn: string,
  attendance: Array<{ memberId: string; status: 'present' | 'excused' | 'absent' }>,
): Promise<string> {
  const ds = dataSourceOf(t);
  const id = randomUUID();
  await sql(
    ds,
    `INSERT INTO "meeting" ("id", "cellId", "heldOn", "kind", "topic") VALUES (?, ?, ?, 'regular', ?)`,
    [id, cellId, heldOn, 'Sinh hoạt chi bộ thường kỳ'],
  );
  for (const a of attendance) {
    await sql(
      ds,
      `INSERT INTO "meeting_attendance" ("id", "meetingId", "memberId", "status") VALUES (?, ?, ?, ?)`,
      [randomUUID(), id, a.memberId, a.status],
    );
  }
  // The attendance counts the meetings service keeps on the row (everybody here is expected).
  const counts = meetingAttendanceCounts(attendance.map((a) => ({ status: a.status, expected: true })));
  const columns = Object.keys(counts) as Array<keyof typeof counts>;
  await sql(ds, `UPDATE "meeting" SET ${columns.map((c) => `"${c}" = ?`).join(', ')} WHERE "id" = ?`, [
    ...columns.map((c) => counts[c]),
    id,
  ]);
  return id;
}

export async function seedDiscipline(
  t: TestApp,
  member: { id: string; cellId: string },
  decidedOn: string,
  opts: { remedied?: boolean; prohibitionCodes?: number[] } = {},
): Promise<void> {
  await sql(
    dataSourceOf(t),
    `INSERT INTO "disciplinary_record" ("id", "memberId", "cellId", "decidedOn", "form", "decisionNumber", "reason", "prohibitionCodes", "prohibitionCatalogVersion", "selfDetectedAndRemedied")
     VALUES (?, ?, ?, ?, 'reprimand', ?, ?, ?, 1, ?)`,
    [
      randomUUID(),
      member.id,
      member.cellId,
      decidedOn,
      `${Math.floor(Math.random() * 1e6)}-QĐ/ĐU`,
      'Vi phạm quy định về sinh hoạt đảng',
      opts.prohibitionCodes ? JSON.stringify(opts.prohibitionCodes) : null,
      opts.remedied === true,
    ],
  );
}

/**
 * A cell's conclusion that the member shows manifestation `code` (one of the 27), by the cell meeting's
 * resolution 05-NQ/CB of 12 March (`document: null`: the secretary's entry alone, a proposal).
 */
export async function seedConclusion(
  t: TestApp,
  member: { id: string; cellId: string },
  year: number,
  code: number,
  document: { body: string; number: string; date: string } | null = {
    body: 'cell_meeting',
    number: '05-NQ/CB',
    date: `${year}-03-12`,
  },
): Promise<void> {
  const ds = dataSourceOf(t);
  const checkId = randomUUID();
  await sql(
    ds,
    `INSERT INTO "conduct_check" ("id", "memberId", "cellId", "year", "quarter", "catalogVersion") VALUES (?, ?, ?, ?, 0, 1)`,
    [checkId, member.id, member.cellId, year],
  );
  await sql(
    ds,
    `INSERT INTO "conduct_check_item" ("id", "checkId", "code", "selfStatus", "conclusionStatus", "concludingBody", "documentNumber", "documentDate") VALUES (?, ?, ?, 'none', 'present', ?, ?, ?)`,
    [randomUUID(), checkId, code, document?.body ?? null, document?.number ?? null, document?.date ?? null],
  );
}

/** Inserts one row into any table (ids default to a new UUID); for records the shortcuts above do not cover. */
export async function insertRow(t: TestApp, table: string, row: Record<string, unknown>): Promise<string> {
  const full: Record<string, unknown> & { id: string } = { id: randomUUID(), ...row };
  const columns = Object.keys(full);
  await sql(
    dataSourceOf(t),
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    Object.values(full),
  );
  return full.id;
}

/** An evaluation as the list answers it (the fields the tests read). */
export interface EvaluationBody {
  id: string;
  memberId: string;
  suggestedLevel: string | null;
  status: string;
}

/**
 * Through the API, as the organisation's leader: opens the year's cycle, generates it, decides every
 * classified member at the suggested level (excellent turned down to good, with the reason) and
 * finalizes. Answers the cycle's id and its evaluations as generated.
 */
export async function finalizedCycle(
  t: TestApp,
  leader: Login,
  organizationId: string,
  year: number,
): Promise<{ id: string; items: EvaluationBody[] }> {
  const opened = await t
    .http()
    .post('/api/evaluation-cycles')
    .set(leader.auth)
    .send({ organizationId, year })
    .expect(201);
  const id: string = opened.body.id;
  await t.http().post(`/api/evaluation-cycles/${id}/generate`).set(leader.auth).expect(200);
  const list = await t.http().get(`/api/evaluations?cycleId=${id}&pageSize=100`).set(leader.auth).expect(200);
  const items = list.body.items as EvaluationBody[];
  for (const e of items) {
    if (!e.suggestedLevel) continue;
    await t
      .http()
      .post(`/api/evaluations/${e.id}/decision`)
      .set(leader.auth)
      .send(
        e.suggestedLevel === 'excellent'
          ? { level: 'good', comment: 'Chưa đủ chỉ tiêu xuất sắc của đảng bộ' }
          : { level: e.suggestedLevel },
      )
      .expect(200);
  }
  await t.http().post(`/api/evaluation-cycles/${id}/finalize`).set(leader.auth).expect(200);
  return { id, items };
}

/**
 * The id of a published QĐ 366 rule set version, for specs whose figures were written against that
 * version (a cycle opened with it keeps it, like the committees' cycles opened before a new one).
 */
export async function ruleSetIdOf(t: TestApp, as: Login, version: number): Promise<string> {
  const res = await t.http().get('/api/evaluation-rule-sets').set(as.auth).expect(200);
  const found = (res.body as Array<{ id: string; code: string; version: number }>).find(
    (r) => r.code === 'QD366-2025' && r.version === version,
  );
  if (!found) throw new Error(`rule set QD366-2025 v${version} is not published`);
  return found.id;
}
