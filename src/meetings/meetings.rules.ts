import type { ErrorDetail } from '../common/domain-error.js';
import type { AttendanceStatus, MeetingKind } from './meeting.entity.js';

export interface RosterEntry {
  memberId: string;
  /** False for members exempt from or suspended from party activities. */
  expected: boolean;
}

export interface ListedAttendance {
  memberId: string;
  status: AttendanceStatus;
  note?: string;
}

export interface AttendanceRow {
  memberId: string;
  status: AttendanceStatus;
  expected: boolean;
  note: string | null;
}

/**
 * Attendance of every member of the cell on the meeting day: the listed status, or absent for a
 * member the secretary did not list. A listed member who is not on the cell's roll that day, or a
 * member listed twice, is a field error.
 */
export function attendanceRows(
  roster: RosterEntry[],
  listed: ListedAttendance[],
): { rows: AttendanceRow[]; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const byId = new Map<string, ListedAttendance>();
  const onRoll = new Set(roster.map((r) => r.memberId));
  listed.forEach((a, i) => {
    const field = `attendance[${i}].memberId`;
    if (byId.has(a.memberId))
      errors.push({ field, rule: 'unique', message: `${field} lists the same member twice` });
    else if (!onRoll.has(a.memberId)) {
      errors.push({
        field,
        rule: 'memberOfCell',
        message: `${field} is not a member of this cell on the meeting day`,
      });
    }
    byId.set(a.memberId, a);
  });
  const rows = roster.map((r) => {
    const a = byId.get(r.memberId);
    return {
      memberId: r.memberId,
      status: a?.status ?? 'absent',
      expected: r.expected,
      note: a?.note?.trim() || null,
    };
  });
  return { rows, errors };
}

/** Only a study meeting (học tập chuyên đề) links a study theme. */
export function studyThemeAllowed(kind: MeetingKind): boolean {
  return kind === 'study';
}

export interface AttendanceCounts {
  present: number;
  excused: number;
  absent: number;
  expected: number;
}

/** Attendance rate = present / expected (exempt and suspended members are not expected). */
export function attendanceRate(c: AttendanceCounts): AttendanceCounts & { rate: number | null } {
  return { ...c, rate: c.expected > 0 ? Math.round((c.present / c.expected) * 10000) / 10000 : null };
}

/**
 * The attendance counts kept on the meeting row (số đảng viên có mặt / vắng có lý do / vắng không lý
 * do in the minutes): over its attendance rows with `expected` true, the rows the attendance rate
 * counts. Named as the meeting's columns.
 */
export interface MeetingAttendanceCounts {
  attendanceExpected: number;
  attendancePresent: number;
  attendanceExcused: number;
  attendanceAbsent: number;
}

/**
 * Counts of a meeting's attendance rows, stored on the meeting at every write of its rows. Rows not
 * expected (exempt or suspended members) do not count; SQLite hands booleans back as 0/1.
 */
export function meetingAttendanceCounts(
  rows: ReadonlyArray<{ status: AttendanceStatus; expected: boolean | number }>,
): MeetingAttendanceCounts {
  const out: MeetingAttendanceCounts = {
    attendanceExpected: 0,
    attendancePresent: 0,
    attendanceExcused: 0,
    attendanceAbsent: 0,
  };
  for (const r of rows) {
    if (!r.expected) continue;
    out.attendanceExpected++;
    if (r.status === 'present') out.attendancePresent++;
    else if (r.status === 'excused') out.attendanceExcused++;
    else if (r.status === 'absent') out.attendanceAbsent++;
  }
  return out;
}
