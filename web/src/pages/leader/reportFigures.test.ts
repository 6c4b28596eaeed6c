import { describe, expect, it } from 'vitest';
import {
  manifestationGroups,
  nextSort,
  rateBand,
  rateText,
  RATE_BANDS,
  sortChildRows,
} from './reportFigures';

describe('rateBand', () => {
  it('puts each rate on the one scale by its lower bound', () => {
    expect(rateBand(1)?.label).toBe('Tốt');
    expect(rateBand(0.9)?.label).toBe('Tốt');
    expect(rateBand(0.8999)?.label).toBe('Khá');
    expect(rateBand(0.7)?.label).toBe('Khá');
    expect(rateBand(0.6999)?.label).toBe('Trung bình');
    expect(rateBand(0.5)?.label).toBe('Trung bình');
    expect(rateBand(0.4999)?.label).toBe('Thấp');
    expect(rateBand(0)?.label).toBe('Thấp');
  });

  it('gives no band to a rate over nothing', () => {
    expect(rateBand(null)).toBeNull();
    expect(rateBand(undefined)).toBeNull();
  });

  it('keeps dark text readable on every band (WCAG contrast at least 4.5:1)', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const band of RATE_BANDS) {
      const [hi, lo] = [luminance(band.background), luminance(band.color)].sort((a, b) => b - a);
      expect((hi + 0.05) / (lo + 0.05), band.label).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('rateText', () => {
  it('writes the rate the Vietnamese way with its fraction', () => {
    expect(rateText(0.7088, 1772, 2500)).toBe('70,88% (1.772/2.500)');
    expect(rateText(null, 0, 0)).toBe('không có số liệu (0/0)');
  });
});

const row = (name: string, registrationRate: number | null, members: number) => ({
  name,
  registrationRate,
  members,
  expected: members,
  studyParticipationRate: null,
  meetingAttendanceRate: null,
  doneRate: null,
  lateSubmissions: 0,
  excellent: 0,
  incomplete: 0,
  manifestationsPresent: 0,
  openIssues: 0,
});

describe('sortChildRows', () => {
  const rows = [
    row('Chi bộ Tổ dân phố số 2', 0.5, 12),
    row('Chi bộ Trường Tiểu học Liên Bảo', null, 20),
    row('Chi bộ Tổ dân phố số 1', 0.9, 12),
    row('Chi bộ Ấp Bắc', 0.5, 8),
  ];
  const names = (rs: Array<{ name: string }>) => rs.map((r) => r.name);

  it('sorts names in Vietnamese collation', () => {
    expect(names(sortChildRows(rows, 'name', 'asc'))).toEqual([
      'Chi bộ Ấp Bắc',
      'Chi bộ Tổ dân phố số 1',
      'Chi bộ Tổ dân phố số 2',
      'Chi bộ Trường Tiểu học Liên Bảo',
    ]);
  });

  it('keeps a rate over nothing last in both orders and breaks ties by name', () => {
    expect(names(sortChildRows(rows, 'registrationRate', 'asc'))).toEqual([
      'Chi bộ Ấp Bắc',
      'Chi bộ Tổ dân phố số 2',
      'Chi bộ Tổ dân phố số 1',
      'Chi bộ Trường Tiểu học Liên Bảo',
    ]);
    expect(names(sortChildRows(rows, 'registrationRate', 'desc'))).toEqual([
      'Chi bộ Tổ dân phố số 1',
      'Chi bộ Ấp Bắc',
      'Chi bộ Tổ dân phố số 2',
      'Chi bộ Trường Tiểu học Liên Bảo',
    ]);
  });

  it('does not reorder the rows it was given', () => {
    const before = names(rows);
    sortChildRows(rows, 'members', 'desc');
    expect(names(rows)).toEqual(before);
  });
});

describe('nextSort', () => {
  it('turns the order round on the same column and starts figures descending, names ascending', () => {
    expect(nextSort({ field: 'name', order: 'asc' }, 'name')).toEqual({ field: 'name', order: 'desc' });
    expect(nextSort({ field: 'name', order: 'asc' }, 'doneRate')).toEqual({
      field: 'doneRate',
      order: 'desc',
    });
    expect(nextSort({ field: 'doneRate', order: 'desc' }, 'name')).toEqual({ field: 'name', order: 'asc' });
  });
});

describe('manifestationGroups', () => {
  it('adds the 27 up by the three groups of Nghị quyết 4', () => {
    const counts = Array.from({ length: 27 }, (_, i) => ({ code: i + 1, atRisk: 0, present: 0 }));
    counts[0] = { code: 1, atRisk: 2, present: 1 };
    counts[8] = { code: 9, atRisk: 1, present: 0 };
    counts[9] = { code: 10, atRisk: 0, present: 3 };
    counts[26] = { code: 27, atRisk: 4, present: 5 };
    expect(manifestationGroups(counts).map((g) => [g.key, g.present, g.atRisk])).toEqual([
      ['political-ideology', 1, 3],
      ['ethics-lifestyle', 3, 0],
      ['self-evolution', 5, 4],
    ]);
  });
});
