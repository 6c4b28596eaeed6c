import { describe, expect, it } from 'vitest';
import {
  allManifestations,
  asciiFileName,
  contentDisposition,
  fraction,
  isoTimestamp,
  lastDayOfMonth,
  leadersFirstStatus,
  levelName,
  percentVi,
  periodRegistrations,
  sortRows,
  studySentence,
  vnDateTime,
} from './reports.rules.js';

describe('reports rules', () => {
  describe(fraction.name, () => {
    it('answers a fraction 0..1 rounded to 4 decimals, null when nobody is counted', () => {
      expect(fraction(2, 5)).toBe(0.4);
      expect(fraction(1, 3)).toBe(0.3333);
      expect(fraction(2, 3)).toBe(0.6667);
      expect(fraction(0, 4)).toBe(0);
      expect(fraction(0, 0)).toBeNull();
    });
  });

  describe(periodRegistrations.name, () => {
    it('answers every quarter with the same expected, 0 where no row came back', () => {
      expect(
        periodRegistrations(
          'quarterly',
          new Map([
            [1, 3],
            [4, 5],
          ]),
          6,
        ),
      ).toEqual([
        { period: 'Q1', rate: 0.5, registered: 3, expected: 6 },
        { period: 'Q2', rate: 0, registered: 0, expected: 6 },
        { period: 'Q3', rate: 0, registered: 0, expected: 6 },
        { period: 'Q4', rate: 0.8333, registered: 5, expected: 6 },
      ]);
    });

    it('answers twelve months, with null rates when nobody is expected', () => {
      const months = periodRegistrations('monthly', new Map(), 0);
      expect(months).toHaveLength(12);
      expect(months[11]).toEqual({ period: 'M12', rate: null, registered: 0, expected: 0 });
    });
  });

  describe(allManifestations.name, () => {
    it('fills the 27 codes in order', () => {
      const all = allManifestations([
        { code: 9, atRisk: 0, present: 1 },
        { code: 2, atRisk: 1, present: 1 },
      ]);
      expect(all).toHaveLength(27);
      expect(all[0]).toEqual({ code: 1, atRisk: 0, present: 0 });
      expect(all[1]).toEqual({ code: 2, atRisk: 1, present: 1 });
      expect(all[8]).toEqual({ code: 9, atRisk: 0, present: 1 });
      expect(all[26].code).toBe(27);
    });
  });

  describe(leadersFirstStatus.name, () => {
    it('compares the head first submission with the earliest of the others (a tie counts as first)', () => {
      expect(leadersFirstStatus('2026-01-05T01:00:00.000Z', '2026-01-06T00:00:00.000Z')).toBe('first');
      expect(leadersFirstStatus('2026-01-05T01:00:00.000Z', '2026-01-05T01:00:00.000Z')).toBe('first');
      expect(leadersFirstStatus('2026-01-07T00:00:00.000Z', '2026-01-06T00:00:00.000Z')).toBe('not_first');
      expect(leadersFirstStatus(null, '2026-01-06T00:00:00.000Z')).toBe('head_not_submitted');
      expect(leadersFirstStatus('2026-01-07T00:00:00.000Z', null)).toBe('no_member_submitted');
    });
  });

  describe(sortRows.name, () => {
    const row = (name: string, registrationRate: number | null, members: number) =>
      ({ name, registrationRate, members }) as unknown as Parameters<typeof sortRows>[0][number];
    const rows = [
      row('Chi bộ 3', 0.9, 5),
      row('Chi bộ 1', null, 0),
      row('Chi bộ 2', 0.5, 7),
      row('Chi bộ 4', 0.5, 2),
    ];

    it('sorts by a rate, nulls last in both directions, ties by name', () => {
      expect(sortRows(rows, 'registrationRate', 'asc').map((r) => r.name)).toEqual([
        'Chi bộ 2',
        'Chi bộ 4',
        'Chi bộ 3',
        'Chi bộ 1',
      ]);
      expect(sortRows(rows, 'registrationRate', 'desc').map((r) => r.name)).toEqual([
        'Chi bộ 3',
        'Chi bộ 2',
        'Chi bộ 4',
        'Chi bộ 1',
      ]);
    });

    it('sorts names in Vietnamese order and leaves the input untouched', () => {
      const named = [
        row('Đảng bộ phường Liên Bảo', 1, 1),
        row('Chi bộ Ấp Bắc', 1, 1),
        row('Chi bộ An Hòa', 1, 1),
      ];
      expect(sortRows(named, 'name', 'asc').map((r) => r.name)).toEqual([
        'Chi bộ An Hòa',
        'Chi bộ Ấp Bắc',
        'Đảng bộ phường Liên Bảo',
      ]);
      expect(named[0].name).toBe('Đảng bộ phường Liên Bảo');
    });
  });

  describe('file names', () => {
    it('folds Vietnamese letters into an ASCII-safe name', () => {
      expect(asciiFileName('Báo cáo tổng hợp - Đảng bộ phường Ngô Quyền - 2026.xlsx')).toBe(
        'bao-cao-tong-hop-dang-bo-phuong-ngo-quyen-2026.xlsx',
      );
      expect(asciiFileName('"/\\')).toBe('bao-cao');
    });

    it('sends both filename and filename* (RFC 6266)', () => {
      expect(contentDisposition("Xếp loại (chi bộ 1)'s.csv")).toBe(
        `attachment; filename="xep-loai-chi-bo-1-s.csv"; filename*=UTF-8''X%E1%BA%BFp%20lo%E1%BA%A1i%20%28chi%20b%E1%BB%99%201%29%27s.csv`,
      );
    });
  });

  it('names levels in Vietnamese', () => {
    expect(levelName('excellent')).toBe('Hoàn thành xuất sắc nhiệm vụ');
    expect(levelName('incomplete')).toBe('Không hoàn thành nhiệm vụ');
    expect(levelName(null)).toBe('');
  });

  it('shows an instant in Vietnam time', () => {
    expect(vnDateTime(new Date('2026-11-26T17:30:00Z'))).toBe('27/11/2026 00:30');
  });

  it('reads timestamps from SQLite and PostgreSQL alike', () => {
    expect(isoTimestamp('2026-01-05 01:02:03.456')).toBe('2026-01-05T01:02:03.456Z');
    expect(isoTimestamp(new Date('2026-01-05T01:02:03.456Z'))).toBe('2026-01-05T01:02:03.456Z');
    expect(isoTimestamp(null)).toBeNull();
  });

  it('prints a rate the Vietnamese way, a dash when nothing is counted', () => {
    expect(percentVi(0.9512)).toBe('95,12%');
    expect(percentVi(1)).toBe('100,00%');
    expect(percentVi(null)).toBe('—');
  });

  it("writes the article's sentence from the overview's own study figures", () => {
    // Vĩnh Yên's report: over 95% took part in the study, over 90% of those who studied registered.
    expect(
      studySentence({
        studyParticipation: { rate: 0.96, participated: 192, expected: 200 },
        followAmongStudied: { rate: 0.9167, registered: 176, studied: 192 },
        studyCoverage: { rate: 1, held: 12, organizations: 12 },
      }),
    ).toBe(
      '12/12 chi bộ (100,00%) tổ chức học tập chuyên đề; tỷ lệ đảng viên tham gia học tập chuyên đề đạt 96,00% (192/200); 91,67% đảng viên dự học đăng ký làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (176/192).',
    );
    expect(
      studySentence({
        studyParticipation: { rate: null, participated: 0, expected: 0 },
        followAmongStudied: { rate: null, registered: 0, studied: 0 },
        studyCoverage: { rate: null, held: 0, organizations: 0 },
      }),
    ).toContain('0/0 chi bộ (—)');
  });

  it('knows the last day of each month', () => {
    expect(lastDayOfMonth(2026, 2)).toBe('2026-02-28');
    expect(lastDayOfMonth(2028, 2)).toBe('2028-02-29');
    expect(lastDayOfMonth(2026, 12)).toBe('2026-12-31');
  });
});
