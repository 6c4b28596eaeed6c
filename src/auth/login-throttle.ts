import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config.js';
import { commonError } from '../common/domain-error.js';

/**
 * Failed password checks (login and change-password), in memory (one process), counted three ways
 * within LOGIN_WINDOW_SECONDS (numbers and reasons: docs/SECURITY.md):
 * - per account and client address (LOGIN_MAX_FAILURES_PER_ACCOUNT_IP): the guessing address is
 *   refused while the owner, from any other address, still signs in;
 * - per account over all addresses (LOGIN_MAX_FAILURES_PER_ACCOUNT, much higher): slows a guesser
 *   spread over many addresses; only past it is the owner refused too;
 * - per address over all accounts (LOGIN_MAX_FAILURES_PER_IP): one address trying many accounts.
 * The address is the socket's unless TRUST_PROXY names the proxies in front, so a forged
 * X-Forwarded-For does not reset a count.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Throws 429 with Retry-After when the account, the address or the pair has too many recent failures. */
  assertAllowed(username: string, ip: string, now = Date.now()): void {
    const { loginMaxFailuresPerAccount, loginMaxFailuresPerAccountIp, loginMaxFailuresPerIp } =
      this.config.auth;
    const wait = Math.max(
      this.retryAfter(pairKey(username, ip), loginMaxFailuresPerAccountIp, now),
      this.retryAfter(`u:${username}`, loginMaxFailuresPerAccount, now),
      this.retryAfter(`ip:${ip}`, loginMaxFailuresPerIp, now),
    );
    if (wait > 0) {
      throw commonError(
        'RATE_LIMITED',
        'Too many failed password attempts; try again later',
        { retryAfterSeconds: wait },
        { 'Retry-After': String(wait) },
      );
    }
  }

  /**
   * Checks the limits and counts the attempt as a failure at once, before the (slow) password check:
   * checking first and counting after let 40 parallel attempts all pass a limit of 5. Returns the
   * attempt's time, to hand to succeeded() when the password is right.
   */
  begin(username: string, ip: string, now = Date.now()): number {
    this.assertAllowed(username, ip, now);
    this.recordFailure(username, ip, now);
    return now;
  }

  /**
   * The password was right: clear the account's failures and this address's failures on it, and
   * take this attempt off the address.
   */
  succeeded(username: string, ip: string, attempt: number): void {
    this.recordSuccess(username);
    this.failures.delete(pairKey(username, ip));
    const list = this.failures.get(`ip:${ip}`);
    const i = list?.lastIndexOf(attempt) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  recordFailure(username: string, ip: string, now = Date.now()): void {
    for (const key of [pairKey(username, ip), `u:${username}`, `ip:${ip}`]) {
      const list = this.recent(key, now);
      list.push(now);
      this.failures.set(key, list);
    }
    if (this.failures.size > 100_000) this.prune(now);
  }

  recordSuccess(username: string): void {
    this.failures.delete(`u:${username}`);
  }

  private recent(key: string, now: number): number[] {
    const windowMs = this.config.auth.loginWindowSeconds * 1000;
    return (this.failures.get(key) ?? []).filter((t) => now - t < windowMs);
  }

  private retryAfter(key: string, max: number, now: number): number {
    const list = this.recent(key, now);
    if (list.length < max) return 0;
    const windowMs = this.config.auth.loginWindowSeconds * 1000;
    return Math.max(1, Math.ceil((list[list.length - max] + windowMs - now) / 1000));
  }

  private prune(now: number): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key, now).length === 0) this.failures.delete(key);
    }
  }
}

function pairKey(username: string, ip: string): string {
  return `ua:${JSON.stringify([username, ip])}`;
}
