import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { isPostgres } from './schema-helpers.js';

/** The counts of a meeting's expected attendance rows, kept on the meeting row (see Meeting, meetingAttendanceCounts). */
const COUNTS = ['attendanceExpected', 'attendancePresent', 'attendanceExcused', 'attendanceAbsent'] as const;

const BY_CELL_DAY = ['cellId', 'heldOn'];
const REPORT_INDEX = 'IDX_meeting_cell_attendance_report';

/**
 * Attendance counts on the meeting row (docs/REPORTS.md, "Speed"; docs/CELL-LIFE.md): the attendance
 * rate of a subtree (CellLifeRates.attendance without a member) sums them over the subtree's meetings
 * instead of counting every expected attendance row (100,000 members x 16 meetings a year = 1.6 million
 * index entries). Adds the columns (plain ADD COLUMN on both engines: TypeORM's addColumn rebuilds the
 * whole table on SQLite), fills them for every existing meeting in one set-based UPDATE from one
 * grouped pass over the expected attendance rows, and replaces the plain (cellId, heldOn) index by one
 * that also covers the counts, so the rate reads the index alone. The index is dropped before the
 * backfill so the UPDATE does not maintain it row by row.
 */
export class MeetingAttendanceCounts1764910000000 implements MigrationInterface {
  name = 'MeetingAttendanceCounts1764910000000';

  async up(qr: QueryRunner): Promise<void> {
    // SQLite: the default written as TypeORM writes it, `DEFAULT (0)`, so the table's SQL reads back
    // the same as the entity's.
    const zero = isPostgres(qr) ? '0' : '(0)';
    for (const c of COUNTS)
      await qr.query(`ALTER TABLE "meeting" ADD COLUMN "${c}" integer NOT NULL DEFAULT ${zero}`);
    await qr.dropIndex('meeting', await plainIndex(qr));
    const when = (status: string) => `SUM(CASE WHEN "a"."status" = '${status}' THEN 1 ELSE 0 END)`;
    await qr.query(
      `UPDATE "meeting" SET ${COUNTS.map((c) => `"${c}" = "k"."${c}"`).join(', ')}
       FROM (SELECT "a"."meetingId",
               COUNT(*) AS "attendanceExpected",
               ${when('present')} AS "attendancePresent",
               ${when('excused')} AS "attendanceExcused",
               ${when('absent')} AS "attendanceAbsent"
             FROM "meeting_attendance" "a" WHERE "a"."expected"
             GROUP BY "a"."meetingId") "k"
       WHERE "k"."meetingId" = "meeting"."id"`,
    );
    await qr.createIndex(
      'meeting',
      new TableIndex({ name: REPORT_INDEX, columnNames: [...BY_CELL_DAY, ...COUNTS] }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('meeting', REPORT_INDEX);
    // Unnamed, as migration 1764300000000 built it: TypeORM names it from the columns.
    await qr.createIndex('meeting', new TableIndex({ columnNames: BY_CELL_DAY }));
    for (const c of [...COUNTS].reverse()) await qr.query(`ALTER TABLE "meeting" DROP COLUMN "${c}"`);
  }
}

/** The (cellId, heldOn) index migration 1764300000000 built, under the name TypeORM gave it. */
async function plainIndex(qr: QueryRunner): Promise<TableIndex> {
  const table = await qr.getTable('meeting');
  const index = table?.indices.find((i) => i.columnNames.join() === BY_CELL_DAY.join());
  if (!index) throw new Error('meeting: the (cellId, heldOn) index is missing');
  return index;
}
