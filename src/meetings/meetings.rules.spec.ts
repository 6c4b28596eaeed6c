import { describe, expect, it } from 'vitest';
import {
  attendanceRate,
  attendanceRows,
  meetingAttendanceCounts,
  studyThemeAllowed,
} from './meetings.rules.js';

describe('attendanceRows', () => {
  const roster = [
    { memberId: 'an', expected: true },
    { memberId: 'binh', expected: false },
    { memberId: 'cuong', expected: true },
  ];

  it('gives every member of the roll a row, absent when not listed', () => {
    const { rows, errors } = attendanceRows(roster, [
      { memberId: 'an', status: 'present', note: '  ' },
      { memberId: 'binh', status: 'excused', note: 'Ốm' },
    ]);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { memberId: 'an', status: 'present', expected: true, note: null },
      { memberId: 'binh', status: 'excused', expected: false, note: 'Ốm' },
      { memberId: 'cuong', status: 'absent', expected: true, note: null },
    ]);
  });

  it('names a member off the roll and a member listed twice', () => {
    const { errors } = attendanceRows(roster, [
      { memberId: 'zed', status: 'present' },
      { memberId: 'an', status: 'present' },
      { memberId: 'an', status: 'absent' },
    ]);
    expect(errors.map((e) => [e.field, e.rule])).toEqual([
      ['attendance[0].memberId', 'memberOfCell'],
      ['attendance[2].memberId', 'unique'],
    ]);
  });
});

describe('attendanceRate', () => {
  it('is present / expected, rounded to 4 places, null without anyone expected', () => {
    expect(attendanceRate({ present: 2, excused: 1, absent: 0, expected: 3 }).rate).toBe(0.6667);
    expect(attendanceRate({ present: 0, excused: 0, absent: 0, expected: 0 }).rate).toBeNull();
  });
});

describe('studyThemeAllowed', () => {
  it('links a theme to study meetings only', () => {
    expect(studyThemeAllowed('study')).toBe(true);
    expect(studyThemeAllowed('regular')).toBe(false);
  });
});

describe('meetingAttendanceCounts', () => {
  it('counts the expected rows by status and skips the members not expected', () => {
    expect(
      meetingAttendanceCounts([
        { status: 'present', expected: true },
        { status: 'present', expected: 1 },
        { status: 'excused', expected: true },
        { status: 'absent', expected: true },
        { status: 'present', expected: false },
        { status: 'absent', expected: 0 },
      ]),
    ).toEqual({ attendanceExpected: 4, attendancePresent: 2, attendanceExcused: 1, attendanceAbsent: 1 });
  });

  it('is all zero for a meeting without rows or with nobody expected', () => {
    const zero = { attendanceExpected: 0, attendancePresent: 0, attendanceExcused: 0, attendanceAbsent: 0 };
    expect(meetingAttendanceCounts([])).toEqual(zero);
    expect(meetingAttendanceCounts([{ status: 'excused', expected: false }])).toEqual(zero);
  });

  it('agrees with the attendance rate of the same rows', () => {
    const c = meetingAttendanceCounts([
      { status: 'present', expected: true },
      { status: 'excused', expected: true },
      { status: 'present', expected: false },
    ]);
    expect(
      attendanceRate({
        present: c.attendancePresent,
        excused: c.attendanceExcused,
        absent: c.attendanceAbsent,
        expected: c.attendanceExpected,
      }).rate,
    ).toBe(0.5);
  });
});
