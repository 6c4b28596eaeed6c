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
