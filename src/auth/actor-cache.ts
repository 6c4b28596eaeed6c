import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntitySubscriberInterface,
  InsertEvent,
  ObjectLiteral,
  QueryRunner,
  RemoveEvent,
  SoftRemoveEvent,
  TransactionCommitEvent,
  UpdateEvent,
} from 'typeorm';
import { CacheBus } from '../common/cache-bus.js';
import { CacheCounts, CacheStats } from '../common/cache-stats.js';
import { Actor } from '../common/actor.js';

export type CachedActor = Omit<Actor, 'requestId' | 'ip'>;

/** The tables that decide who a token's caller is and what they reach. */
const WATCHED = new Set([
  'auth_session',
  'user_account',
  'role_assignment',
  'member',
  'organization',
  // An expulsion ends the member's access (src/auth/membership.ts).
  'disciplinary_record',
]);
/**
 * Upper bound on staleness for changes no process can see (a raw SQL fix by hand). Changes made
 * through this process's TypeORM empty the cache at once, and those of other processes on the same
 * PostgreSQL database when their message arrives (CacheBus), before their writer answers: logout,
 * revocation and role changes take effect everywhere immediately.
 */
const TTL_MS = 10_000;
const MAX_ENTRIES = 50_000;
const DIRTY = 'actorCacheDirty';

/**
 * Remembers who a session is (user, member, roles with their organisation paths, permissions) so
 * the global guard does not run three queries on every request. Any insert, update or removal of
 * a session, account, role, member or organisation through TypeORM empties the whole cache, and
 * again when its transaction commits: an entry loaded by a read that overlapped a write (possible
 * on PostgreSQL, where transactions run side by side) is either refused or dropped at the commit.
 * A write to one of those tables committed by another process empties it too (CacheBus); while this
 * process does not listen to the others, nothing is answered from the cache.
 */
@Injectable()
export class ActorCache implements EntitySubscriberInterface {
  private readonly entries = new Map<string, { actor: CachedActor; epoch: number; expiresAt: number }>();
  private epoch = 0;
  readonly counts: CacheCounts = { hits: 0, misses: 0 };

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly bus: CacheBus,
    stats: CacheStats,
  ) {
    dataSource.subscribers.push(this);
    stats.register('actor', () => this.counts);
    bus.onRemoteWrite((tables) => {
      if (tables.some((t) => t === '*' || WATCHED.has(t))) this.invalidate();
    });
  }

  /** Take this before loading; `set` refuses the entry if anything was written in between. */
  get currentEpoch(): number {
    return this.epoch;
  }

  /**
   * The caller behind an access token this process has already verified and loaded. Keyed by the
   * whole token string, so a hit also skips the signature check: only the identical, already
   * verified string matches, and never past the token's own expiry.
   */
  get(token: string): CachedActor | null {
    const entry = this.bus.coherent ? this.entries.get(token) : undefined;
    if (entry && (entry.epoch !== this.epoch || entry.expiresAt <= Date.now())) this.entries.delete(token);
    else if (entry) {
      this.counts.hits++;
      return entry.actor;
    }
    this.counts.misses++;
    return null;
  }

  /**
   * `tokenExpiresAt` in seconds since the epoch (the token's `exp`); `notAfter` (ms) an instant the
   * caller must be looked at again, e.g. the day an expulsion takes effect.
   */
  set(
    token: string,
    actor: CachedActor,
    loadedAtEpoch: number,
    tokenExpiresAt: number,
    notAfter = Number.POSITIVE_INFINITY,
  ): void {
    if (loadedAtEpoch !== this.epoch || !this.bus.coherent) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const expiresAt = Math.min(Date.now() + TTL_MS, tokenExpiresAt * 1000, notAfter);
    this.entries.set(token, { actor, epoch: this.epoch, expiresAt });
  }

  invalidate(): void {
    this.epoch++;
    this.entries.clear();
  }

  afterInsert(event: InsertEvent<ObjectLiteral>): void {
    this.written(event.metadata.tableName, event.queryRunner);
  }

  afterUpdate(event: UpdateEvent<ObjectLiteral>): void {
    this.written(event.metadata.tableName, event.queryRunner);
  }

  afterRemove(event: RemoveEvent<ObjectLiteral>): void {
    this.written(event.metadata.tableName, event.queryRunner);
  }

  afterSoftRemove(event: SoftRemoveEvent<ObjectLiteral>): void {
    this.written(event.metadata.tableName, event.queryRunner);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    if (data[DIRTY] && !event.queryRunner.isTransactionActive) {
      delete data[DIRTY];
      this.invalidate();
    }
  }

  private written(table: string, queryRunner: QueryRunner | undefined): void {
    if (!WATCHED.has(table)) return;
    this.invalidate();
    if (queryRunner?.isTransactionActive) (queryRunner.data as Record<string, unknown>)[DIRTY] = true;
  }
}
