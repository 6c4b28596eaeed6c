import { createHash } from 'node:crypto';
import { AppConfig } from '../config/config.js';
import { Database } from '../common/database.service.js';
import { commonError } from '../common/domain-error.js';
import { LoginThrottle } from './login-throttle.js';
import {
  clearFailures,
  insertFailures,
  lockFailureKeys,
  pruneFailures,
  recentFailures,
} from './login-failures.repository.js';

/** What `begin` hands back, to give to `succeeded` when the password was right. */
export type LoginAttempt = number | string;

/**
 * The limits on failed password checks (login, change-password; numbers and reasons in
 * docs/SECURITY.md): in memory on SQLite, where one process serves; in the `login_failure` table on
 * PostgreSQL, so every process counts the same failures and the limit is reached at the same count
 * however the attempts are spread over processes.
 */
export abstract class LoginLimiter {
  /**
   * Checks the limits (429 with Retry-After past one) and counts the attempt as a failure at once,
   * before the slow password check, so parallel attempts cannot all pass a limit.
   */
  abstract begin(username: string, ip: string): Promise<LoginAttempt>;
  /** The password was right: clear the account's failures and the pair's, and take this attempt off the address. */
  abstract succeeded(username: string, ip: string, attempt: LoginAttempt): Promise<void>;
}

/** One process (SQLite): the in-memory LoginThrottle. */
export class MemoryLoginLimiter extends LoginLimiter {
  constructor(private readonly throttle: LoginThrottle) {
    super();
  }

  begin(username: string, ip: string): Promise<LoginAttempt> {
    return Promise.resolve(this.throttle.begin(username, ip));
  }

  succeeded(username: string, ip: string, attempt: LoginAttempt): Promise<void> {
    this.throttle.succeeded(username, ip, Number(attempt));
    return Promise.resolve();
  }
}

/** Every so many attempts, failures older than the window are deleted. */
const PRUNE_EVERY = 200;

/**
 * Several processes on PostgreSQL: the failures are rows of `login_failure`. An attempt takes
 * transaction-scoped advisory locks on its three keys (in a fixed order), counts, and inserts its
 * three rows in one transaction, so parallel attempts through any processes are counted one after
 * the other exactly as the in-memory throttle counts them in one process.
 */
export class SharedLoginLimiter extends LoginLimiter {
  private attempts = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly db: Database,
  ) {
    super();
  }

  async begin(username: string, ip: string): Promise<LoginAttempt> {
    const {
      loginMaxFailuresPerAccount,
      loginMaxFailuresPerAccountIp,
      loginMaxFailuresPerIp,
      loginWindowSeconds,
    } = this.config.auth;
    const windowMs = loginWindowSeconds * 1000;
    const now = new Date();
    const since = new Date(now.getTime() - windowMs);
    const limits: Array<[string, number]> = [
      [pairKey(username, ip), loginMaxFailuresPerAccountIp],
      [accountKey(username), loginMaxFailuresPerAccount],
      [addressKey(ip), loginMaxFailuresPerIp],
    ];
    const prune = ++this.attempts % PRUNE_EVERY === 0;
    return this.db.transaction(async (em) => {
      await lockFailureKeys(em, limits.map(([k]) => k).sort());
      let wait = 0;
      for (const [key, max] of limits) {
        const rows = await recentFailures(em, key, since, max);
        if (rows.length < max) continue;
        const oldest = new Date(rows[max - 1].at).getTime();
        wait = Math.max(wait, Math.max(1, Math.ceil((oldest + windowMs - now.getTime()) / 1000)));
      }
      if (wait > 0) {
        throw commonError(
          'RATE_LIMITED',
          'Too many failed password attempts; try again later',
          { retryAfterSeconds: wait },
          { 'Retry-After': String(wait) },
        );
      }
      const inserted = await insertFailures(em, [limits[0][0], limits[1][0], limits[2][0]], now);
      if (prune) await pruneFailures(em, since);
      return inserted.find((r) => r.key === limits[2][0])!.id;
    });
  }

  async succeeded(username: string, ip: string, attempt: LoginAttempt): Promise<void> {
    await this.db.transaction((em) =>
      clearFailures(em, [pairKey(username, ip), accountKey(username)], String(attempt)),
    );
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const pairKey = (username: string, ip: string) => digest(`ua:${JSON.stringify([username, ip])}`);
const accountKey = (username: string) => digest(`u:${username}`);
const addressKey = (ip: string) => digest(`ip:${ip}`);
