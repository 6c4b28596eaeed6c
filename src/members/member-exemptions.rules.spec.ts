import { describe, expect, it } from 'vitest';
import {
  addDays,
  covers,
  daysInYear,
  exemptDaysInYear,
  overlaps,
  reviewDueOn,
} from './member-exemptions.rules.js';

describe('exemption periods', () => {
  it('covers both ends of a period, and every later day of an open one', () => {
    const p = { from: '2026-03-01', to: '2026-08-31' };
    expect(['2026-02-28', '2026-03-01', '2026-08-31', '2026-09-01'].map((d) => covers(p, d))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(covers({ from: '2020-01-01', to: null }, '2099-12-31')).toBe(true);
  });

  it('finds overlaps, including a shared single day and open periods', () => {
    const a = { from: '2026-03-01', to: '2026-08-31' };
    expect(overlaps(a, { from: '2026-08-31', to: '2026-12-31' })).toBe(true);
    expect(overlaps(a, { from: '2026-09-01', to: null })).toBe(false);
    expect(overlaps({ from: '2026-01-01', to: null }, a)).toBe(true);
    expect(overlaps(a, { from: '2025-01-01', to: '2026-02-28' })).toBe(false);
  });

  it('counts the exempt days of a year, clipped to the year', () => {
    expect(daysInYear(2026)).toBe(365);
    expect(daysInYear(2028)).toBe(366);
    // 1 March - 31 August 2026: 31+30+31+30+31+31 = 184 days.
    expect(exemptDaysInYear([{ from: '2026-03-01', to: '2026-08-31' }], 2026)).toBe(184);
    // From 2020, open: the whole of 2026.
    expect(exemptDaysInYear([{ from: '2020-06-01', to: null }], 2026)).toBe(365);
    // 15 December 2025 - 10 January 2026 and 1-31 December 2026: 10 + 31 days in 2026.
    expect(
      exemptDaysInYear(
        [
          { from: '2025-12-15', to: '2026-01-10' },
          { from: '2026-12-01', to: '2026-12-31' },
        ],
        2026,
      ),
    ).toBe(41);
    expect(exemptDaysInYear([{ from: '2027-01-01', to: null }], 2026)).toBe(0);
  });

  it('puts the review at the end of a temporary exemption, none for an open one', () => {
    expect(reviewDueOn({ from: '2026-03-01', to: '2026-08-31' })).toBe('2026-08-31');
    expect(reviewDueOn({ from: '2026-03-01', to: null })).toBeNull();
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
