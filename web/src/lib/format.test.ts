import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPeriod,
  formatRate,
  parseVnDate,
  vnToday,
} from './format';

describe('Vietnamese formatting', () => {
  it('writes dates dd/mm/yyyy, numbers 1.234 and rates 70,88%', () => {
    expect(formatDate('2026-03-05')).toBe('05/03/2026');
    expect(formatNumber(1234)).toBe('1.234');
    expect(formatRate(0.7088)).toBe('70,88%');
    expect(formatPeriod({ year: 2026, periodType: 'quarterly', periodIndex: 2 })).toBe('Quý 2/2026');
  });

  it('shows times and today in Asia/Ho_Chi_Minh whatever the device zone', () => {
    expect(formatDateTime('2026-12-06T18:30:00Z')).toBe('01:30 07/12/2026');
    expect(vnToday(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
  });

  it('reads a typed dd/mm/yyyy date and passes anything else on for the API to name', () => {
    expect(parseVnDate('5/3/2026')).toBe('2026-03-05');
    expect(parseVnDate(' ')).toBeNull();
    expect(parseVnDate('mai')).toBe('mai');
  });
});
