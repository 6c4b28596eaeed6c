import { Injectable } from '@nestjs/common';
import { CacheCounts, CacheStats } from './cache-stats.js';
import { TableStamp, TableVersions } from './table-versions.js';

/**
 * Staleness bound for writes no process sees (SQL typed by hand): every write through this process
 * is seen at once, and those of other processes on the same PostgreSQL database before their writer
 * answers (CacheBus).
 */
const TTL_MS = 10_000;
/** Bounds memory: a view is ~4 KB, a list page or queue ~10-15 KB. */
const MAX_ENTRIES = 10_000;

interface Entry {
  value: unknown;
  stamp: TableStamp;
  expiresAt: number;
}

/**
 * Answers of hot reads (a member's own commitment, their list, a secretary's queue), kept until a
 * table they read is written (TableVersions: every write statement through TypeORM, again at commit).
 * An answer is kept only if no table it read changed while it was computed; nothing is cached inside
 * a transaction, so uncommitted rows are never shared. Writes to tables an answer does not read
 * (feedback, notifications, the audit log) keep it.
 */
@Injectable()
export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  /** Misses include answers computed without the cache (inside a transaction, while not coherent). */
  readonly counts: CacheCounts = { hits: 0, misses: 0 };

  constructor(
    private readonly versions: TableVersions,
    stats: CacheStats,
  ) {
    stats.register('read', () => this.counts);
  }

  /**
   * The cached answer for `key` if none of `tables` changed since it was computed, else `load()`'s.
   * The key must hold everything the answer depends on besides those tables' rows: the caller's
   * scope, the parameters, the day.
   */
  async get<T>(key: string, tables: readonly string[], load: () => Promise<T>): Promise<T> {
    if (!this.versions.cacheable) {
      this.counts.misses++;
      return load();
    }
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > Date.now() && this.versions.unchangedSince(hit.stamp)) {
      this.counts.hits++;
      return hit.value as T;
    }
    this.counts.misses++;
    if (hit) this.entries.delete(key);
    const stamp = this.versions.stamp(tables);
    const value = await load();
    if (this.versions.unchangedSince(stamp)) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, stamp, expiresAt: Date.now() + TTL_MS });
    }
    return value;
  }
}
