import type { ReportRead } from '../common/database.service.js';
import { TableStamp, TableVersions } from '../common/table-versions.js';

/** What a cached report is keyed by; the organisation is the one the caller asked for, after the scope check. */
export interface ReportKey {
  report: string;
  organizationId: string;
  /** Everything else the figures depend on: year, period, reference day (today while the year runs). */
  parts: ReadonlyArray<string | number | null | undefined>;
  /**
   * Every table the report's SQL reads (report-tables.ts). Not part of the key: an entry is answered
   * only while none of them has been written since it was computed. A missing table serves stale figures.
   */
  tables: readonly string[];
}

export interface ReportCacheLimits {
  /** Most entries kept; the least recently used goes first. */
  maxEntries: number;
  /** Most rows (see `weight`) kept over all entries, so a few classification lists cannot fill memory. */
  maxWeight: number;
  /** Staleness bound for writes no process sees (SQL by hand); other processes' writes arrive through CacheBus. */
  ttlMs: number;
}

export const DEFAULT_REPORT_CACHE_LIMITS: ReportCacheLimits = {
  maxEntries: 200,
  maxWeight: 200_000,
  ttlMs: 60_000,
};

/** What the cache did, for tests and measurements. */
export interface ReportCacheStats {
  /** Requests answered from a kept entry. */
  hits: number;
  /** Computations started (requests that joined a running one are not counted). */
  computations: number;
}

interface Entry {
  value: unknown;
  stamp: TableStamp;
  weight: number;
  expiresAt: number;
}

interface Flight {
  work: Promise<unknown>;
  stamp: TableStamp;
}

/**
 * Computed reports, so the same overview asked by many leaders is computed once (docs/REPORTS.md,
 * "Cache"). Correctness before speed:
 * - an entry is stamped with the versions of the tables its report reads (TableVersions: every write
 *   statement through TypeORM, raw SQL included, and again at commit) and answered only while none of
 *   them changed; a computation that overlapped a write to one of them is answered to its callers but
 *   not kept. Writes to other tables (commitment feedback, notifications, the audit log) keep it;
 * - nothing is cached or shared inside a transaction (uncommitted rows);
 * - the key holds the organisation the caller asked for (the service checks the caller's scope
 *   before asking the cache), the report and every parameter, so no answer crosses scopes;
 * - bounded by entries and by rows, least recently used out first, and by a TTL for
 *   writes made outside camket (other processes' writes arrive through CacheBus).
 * Identical requests that arrive while one is being computed share that computation (50 leaders
 * opening the dashboard at once cost one computation, not 50), unless one of its tables was written
 * since it began.
 */
export class ReportCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Flight>();
  private totalWeight = 0;
  readonly stats: ReportCacheStats = { hits: 0, computations: 0 };

  constructor(
    private readonly versions: TableVersions,
    private readonly limits: ReportCacheLimits = DEFAULT_REPORT_CACHE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The cached report for `key`, or `compute()`'s answer (kept when none of `key.tables` was written
   * meanwhile). `weight` tells how many rows the value holds (1 for a single overview).
   */
  async get<T>(
    key: ReportKey,
    compute: () => Promise<T>,
    weight: (value: T) => number = () => 1,
  ): Promise<T> {
    const read = await this.getRead(key, async () => ({ value: await compute(), staleness: null }), weight);
    return read.value;
  }

  /**
   * `get` for a reading that may come from a lagging replica (Database.report): an answer with a
   * `staleness` was computed from rows older than the table versions stamped before it, so it is
   * answered to its callers but never kept; a kept entry is always current.
   */
  async getRead<T>(
    key: ReportKey,
    compute: () => Promise<ReportRead<T>>,
    weight: (value: T) => number = () => 1,
  ): Promise<ReportRead<T>> {
    if (!this.versions.cacheable) return compute();
    const id = JSON.stringify([key.report, key.organizationId, ...key.parts]);
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      if (hit.expiresAt > this.now() && this.versions.unchangedSince(hit.stamp)) {
        this.entries.set(id, hit); // most recently used last
        this.stats.hits++;
        return { value: hit.value as T, staleness: null };
      }
      this.totalWeight -= hit.weight;
    }
    // A computation begun before a write to its tables is not joined by requests that arrive after it.
    const running = this.inFlight.get(id);
    if (running && this.versions.unchangedSince(running.stamp)) return running.work as Promise<ReportRead<T>>;
    const stamp = this.versions.stamp(key.tables);
    this.stats.computations++;
    const flight: Flight = { stamp, work: Promise.resolve() };
    this.inFlight.set(id, flight); // before compute() starts, which may fail at once
    flight.work = (async () => {
      try {
        const read = await compute();
        if (read.staleness === null && this.versions.unchangedSince(stamp))
          this.store(id, read.value, stamp, Math.max(1, weight(read.value)));
        return read;
      } finally {
        if (this.inFlight.get(id) === flight) this.inFlight.delete(id);
      }
    })();
    return flight.work as Promise<ReportRead<T>>;
  }

  /** Forgets every entry (measurements that time the computation). */
  invalidate(): void {
    this.entries.clear();
    this.totalWeight = 0;
  }

  private store(id: string, value: unknown, stamp: TableStamp, weight: number): void {
    if (weight > this.limits.maxWeight) return;
    const old = this.entries.get(id);
    if (old) {
      this.entries.delete(id);
      this.totalWeight -= old.weight;
    }
    while (
      this.entries.size > 0 &&
      (this.entries.size >= this.limits.maxEntries || this.totalWeight + weight > this.limits.maxWeight)
    ) {
      const [oldestId, oldest] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(oldestId);
      this.totalWeight -= oldest.weight;
    }
    this.entries.set(id, { value, stamp, weight, expiresAt: this.now() + this.limits.ttlMs });
    this.totalWeight += weight;
  }
}
