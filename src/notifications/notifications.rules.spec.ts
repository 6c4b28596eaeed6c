import { describe, expect, it } from 'vitest';
import {
  addDays,
  candidatePeriods,
  DEFAULT_REMINDER_SETTINGS,
  effectiveSettings,
  idFromKey,
  isWithinLead,
  retryDelayMs,
} from './notifications.rules.js';

describe('notification rules', () => {
  it('takes the nearest setting on the path, field by field, else the default', () => {
    expect(effectiveSettings([])).toEqual(DEFAULT_REMINDER_SETTINGS);
    const s = effectiveSettings([
      { registrationLeadDays: 7, cellBehindPercent: 50 },
      null,
      { registrationLeadDays: 2, cellBehindPercent: null },
    ]);
    expect(s).toEqual({ ...DEFAULT_REMINDER_SETTINGS, registrationLeadDays: 2, cellBehindPercent: 50 });
  });

  it('counts calendar days across months and years', () => {
    expect(addDays('2027-01-02', -3)).toBe('2026-12-30');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(isWithinLead('2027-01-28', '2027-01-31', 3)).toBe(true);
    expect(isWithinLead('2027-01-27', '2027-01-31', 3)).toBe(false);
    expect(isWithinLead('2027-02-01', '2027-01-31', 3)).toBe(false);
  });

  it('considers the current periods and the next ones', () => {
    const p = candidatePeriods('2026-12-30');
    expect(p).toContainEqual({ year: 2027, periodType: 'monthly', periodIndex: 1 });
    expect(p).toContainEqual({ year: 2027, periodType: 'quarterly', periodIndex: 1 });
    expect(p).toContainEqual({ year: 2026, periodType: 'monthly', periodIndex: 12 });
    expect(p).toHaveLength(6);
  });

  it('derives the same UUID-shaped id from the same key', () => {
    const id = idFromKey('reminder.registration:u:m:2027-yearly-0');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idFromKey('reminder.registration:u:m:2027-yearly-0')).toBe(id);
    expect(idFromKey('reminder.registration:u:m:2028-yearly-0')).not.toBe(id);
  });

  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 10].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 3_600_000]);
  });
});
