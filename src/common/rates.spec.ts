import { describe, expect, it } from 'vitest';
import { nextDay, rateOf, referenceDateOf } from './rates.js';

describe('referenceDateOf', () => {
  it('is 31 December for a past year and today during the year', () => {
    expect(referenceDateOf(2025, '2026-11-26')).toBe('2025-12-31');
    expect(referenceDateOf(2026, '2026-11-26')).toBe('2026-11-26');
    expect(referenceDateOf(2027, '2026-11-26')).toBe('2027-01-01');
  });
});

describe('nextDay', () => {
  it('crosses month and year ends', () => {
    expect(nextDay('2025-12-31')).toBe('2026-01-01');
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
  });
});

describe('rateOf', () => {
  it('keeps numerator and denominator beside the fraction', () => {
    expect(rateOf(19, 20)).toEqual({ rate: 0.95, numerator: 19, denominator: 20 });
    expect(rateOf(0, 0)).toEqual({ rate: null, numerator: 0, denominator: 0 });
  });
});
