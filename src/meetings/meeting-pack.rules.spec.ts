import { describe, expect, it } from 'vitest';
import {
  agendaOf,
  attendanceLine,
  PackMember,
  packCounts,
  periodName,
  rosterNote,
} from './meeting-pack.rules.js';

const member = (fullName: string, over: Partial<PackMember> = {}): PackMember => ({
  fullName,
  isExempt: false,
  isSuspended: false,
  status: null,
  ...over,
});

describe('agendaOf', () => {
  it('opens with the roll call and closes with the minutes, the topic in the kind’s own point', () => {
    const regular = agendaOf('regular', ' Tháng 12 ', true);
    expect(regular[0]).toMatch(/^Khai mạc: .*điểm danh đảng viên/);
    expect(regular[2]).toBe(
      'Đánh giá kết quả thực hiện nhiệm vụ tháng qua: Tháng 12; ưu điểm, hạn chế, nguyên nhân.',
    );
    expect(regular.at(-1)).toBe('Thông qua biên bản; bế mạc.');
    expect(agendaOf('study', 'Chuyên đề năm 2026', false)[1]).toBe('Học tập chuyên đề: Chuyên đề năm 2026.');
    expect(agendaOf('thematic', null, false)[1]).toBe('Nội dung chuyên đề.');
  });

  it('makes commitments public only when there are commitments to present', () => {
    const withThem = agendaOf('regular', null, true);
    const without = agendaOf('regular', null, false);
    expect(withThem.length).toBe(without.length + 1);
    expect(withThem.some((l) => l.startsWith('Công khai bản cam kết'))).toBe(true);
    expect(without.some((l) => l.startsWith('Công khai bản cam kết'))).toBe(false);
  });
});

describe('packCounts and attendanceLine', () => {
  const roll = [
    member('Nguyễn Văn An', { status: 'present' }),
    member('Trần Thị Đào', { status: 'excused' }),
    member('Phạm Văn Đức', { status: 'absent' }),
    member('Lê Văn Hòa', { isExempt: true, status: 'absent' }),
    member('Hoàng Thị Lan', { isSuspended: true, status: 'absent' }),
  ];

  it('counts the roll, those not expected and, once held, the record’s attendance', () => {
    expect(packCounts(roll, true)).toEqual({
      total: 5,
      notExpected: 2,
      expected: 3,
      present: 1,
      excused: 1,
      absent: 3,
    });
    expect(attendanceLine(packCounts(roll, true))).toBe(
      'Tổng số đảng viên của chi bộ: 5; miễn, đình chỉ sinh hoạt: 2; phải có mặt: 3; có mặt: 1; vắng có lý do: 1; vắng không lý do: 3.',
    );
  });

  it('leaves the attendance blank for a meeting to come', () => {
    const toCome = roll.map((m) => ({ ...m, status: null }));
    expect(attendanceLine(packCounts(toCome, false))).toBe(
      'Tổng số đảng viên của chi bộ: 5; miễn, đình chỉ sinh hoạt: 2; phải có mặt: 3; có mặt: ……; vắng có lý do: ……; vắng không lý do: …….',
    );
  });
});

describe('rosterNote', () => {
  it('says the record’s attendance, else why a member is not expected', () => {
    expect(rosterNote(member('A', { status: 'excused' }))).toBe('Vắng có lý do');
    expect(rosterNote(member('A', { isExempt: true }))).toBe('Miễn sinh hoạt');
    expect(rosterNote(member('A', { isSuspended: true, isExempt: true }))).toBe('Đình chỉ sinh hoạt');
    expect(rosterNote(member('A'))).toBe('');
  });
});

describe('periodName', () => {
  it('names the period of a commitment', () => {
    expect(periodName('yearly', 0, 2026)).toBe('Năm 2026');
    expect(periodName('quarterly', 4, 2026)).toBe('Quý 4/2026');
    expect(periodName('monthly', 12, 2026)).toBe('Tháng 12/2026');
  });
});
