import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { DomainError } from '../common/domain-error.js';
import { LoginThrottle } from './login-throttle.js';

const config = loadConfig({
  LOGIN_MAX_FAILURES_PER_ACCOUNT_IP: '3',
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
  LOGIN_MAX_FAILURES_PER_IP: '5',
  LOGIN_WINDOW_SECONDS: '60',
});

describe(LoginThrottle.name, () => {
  it('locks an account after the allowed failures and says when to retry', () => {
    const t = new LoginThrottle(config);
    const now = 1_000_000;
    for (let i = 0; i < 3; i++) t.recordFailure('an', '1.1.1.1', now + i);
    try {
      t.assertAllowed('an', '2.2.2.2', now + 10);
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).kind).toBe('rate_limited');
      expect(Number((e as DomainError).headers?.['Retry-After'])).toBeGreaterThan(0);
    }
    expect(() => t.assertAllowed('binh', '2.2.2.2', now + 10)).not.toThrow();
  });

  it('locks an address that tries many accounts', () => {
    const t = new LoginThrottle(config);
    for (let i = 0; i < 5; i++) t.recordFailure(`user${i}`, '9.9.9.9', 1000 + i);
    expect(() => t.assertAllowed('someone', '9.9.9.9', 2000)).toThrow(DomainError);
  });

  it('forgets failures after the window', () => {
    const t = new LoginThrottle(config);
    for (let i = 0; i < 3; i++) t.recordFailure('an', '1.1.1.1', 0);
    expect(() => t.assertAllowed('an', '1.1.1.1', 61_000)).not.toThrow();
  });

  it('clears the account count on success', () => {
    const t = new LoginThrottle(config);
    for (let i = 0; i < 2; i++) t.recordFailure('an', '1.1.1.1', 0);
    t.recordSuccess('an');
    t.recordFailure('an', '1.1.1.1', 1);
    expect(() => t.assertAllowed('an', '3.3.3.3', 2)).not.toThrow();
  });

  it('counts attempts when they begin, so parallel attempts cannot pass the limit', () => {
    const t = new LoginThrottle(config);
    const started: number[] = [];
    let refused = 0;
    for (let i = 0; i < 10; i++) {
      try {
        started.push(t.begin('an', `10.0.0.${i}`, 1000));
      } catch {
        refused++;
      }
    }
    expect(started).toHaveLength(3);
    expect(refused).toBe(7);
  });

  it('does not count a successful login against the address', () => {
    const t = new LoginThrottle(config);
    for (let i = 0; i < 10; i++) t.succeeded(`user${i}`, '8.8.8.8', t.begin(`user${i}`, '8.8.8.8', 1000 + i));
    expect(() => t.assertAllowed('someone', '8.8.8.8', 2000)).not.toThrow();
  });

  it('refuses the guessing address on an account while another address still gets in', () => {
    const t = new LoginThrottle(
      loadConfig({
        LOGIN_MAX_FAILURES_PER_ACCOUNT_IP: '3',
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '9',
        LOGIN_WINDOW_SECONDS: '60',
      }),
    );
    for (let i = 0; i < 3; i++) t.begin('hang', '198.51.100.7', 1000 + i);
    expect(() => t.begin('hang', '198.51.100.7', 1010)).toThrow(DomainError);
    expect(() => t.assertAllowed('hang', '192.0.2.10', 1010)).not.toThrow();
    // the owner's success clears their own address and the account, not the guesser's address
    t.succeeded('hang', '192.0.2.10', t.begin('hang', '192.0.2.10', 1011));
    expect(() => t.assertAllowed('hang', '198.51.100.7', 1012)).toThrow(DomainError);
  });

  it('stops every address once the account reaches its ceiling', () => {
    const t = new LoginThrottle(
      loadConfig({
        LOGIN_MAX_FAILURES_PER_ACCOUNT_IP: '3',
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '9',
        LOGIN_WINDOW_SECONDS: '60',
      }),
    );
    for (let a = 0; a < 3; a++) for (let i = 0; i < 3; i++) t.begin('hang', `203.0.113.${a}`, 1000);
    expect(() => t.assertAllowed('hang', '192.0.2.10', 1001)).toThrow(DomainError);
    expect(() => t.assertAllowed('binh', '192.0.2.10', 1001)).not.toThrow();
    expect(() => t.assertAllowed('hang', '192.0.2.10', 61_000)).not.toThrow();
  });
});
