import { describe, expect, it } from 'vitest';
import { membershipEnded, membershipEndsAt } from './membership.js';

describe('membershipEnded', () => {
  it('ends on the day of the expulsion and after it, never before', () => {
    expect(membershipEnded('2026-12-07', '2026-12-06')).toBe(false);
    expect(membershipEnded('2026-12-07', '2026-12-07')).toBe(true);
    expect(membershipEnded('2026-12-07', '2027-01-01')).toBe(true);
  });
  it('never ends without an expulsion', () => {
    expect(membershipEnded(null, '2026-12-07')).toBe(false);
    expect(membershipEnded(undefined, '2026-12-07')).toBe(false);
  });
});

describe('membershipEndsAt', () => {
  it('takes effect at midnight in Vietnam, 17:00 UTC the day before', () => {
    expect(new Date(membershipEndsAt('2026-12-08')).toISOString()).toBe('2026-12-07T17:00:00.000Z');
  });
});
