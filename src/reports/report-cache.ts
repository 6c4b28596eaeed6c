import {
  DataSource,
  EntitySubscriberInterface,
  InsertEvent,
  ObjectLiteral,
  RemoveEvent,
  SoftRemoveEvent,
  TransactionCommitEvent,
  UpdateEvent,
} from 'typeorm';

/** What a cached report is keyed by; the organisation is the one the caller asked for, after the scope check. */
export interface ReportKey {
  report: string;
  organizationId: string;
  /** Everything else the figures depend on: year, period, reference day (today while the year runs). */
  parts: ReadonlyArray<string | number | null | undefined>;
}

export interface ReportCacheLimits {
  /** Most entries kept; the least recently used goes first. */
  maxEntries: number;
  /** Most rows (see `weight`) kept over all entries, so a few classification lists cannot fill memory. */
  maxWeight: number;
  /** Staleness bound for writes this process cannot see (another server on the same PostgreSQL). */
  ttlMs: number;
}

export const DEFAULT_REPORT_CACHE_LIMITS: ReportCacheLimits = {
  maxEntries: 200,
  maxWeight: 200_000,
  ttlMs: 60_000,
};

interface Entry {
  value: unknown;
  version: number;
  weight: number;
  expiresAt: number;
}

/**
 * Computed reports, so the same overview asked by many leaders is computed once (docs/REPORTS.md,
 * "Cache"). Correctness before speed:
 * - a process-wide data version goes up when any transaction commits through TypeORM (and on any
 *   insert, update or removal made outside a transaction); an entry made at an older version is never
 *   answered, and a computation that overlapped a write is answered to its callers but not kept;
 * - the key holds the organisation the caller asked for (the service checks the caller's scope
 *   before asking the cache), the report and every parameter, so no answer crosses scopes;
 * - bounded by entries and by rows, least recently used out first, and by a TTL for writes made by
 *   other processes.
 * Identical requests that arrive while one is being computed share that computation (50 leaders
 * opening the dashboard at once cost one computation, not 50).
 */
export class ReportCache implements EntitySubscriberInterface {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private totalWeight = 0;
  private dataVersion = 0;

  constructor(
    private readonly limits: ReportCacheLimits = DEFAULT_REPORT_CACHE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The application's cache: told of every write made through the data source. */
  static watching(dataSource: DataSource): ReportCache {
    const cache = new ReportCache();
    dataSource.subscribers.push(cache);
    return cache;
  }

  get version(): number {
    return this.dataVersion;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The cached report for `key`, or `compute()`'s answer (kept when no write happened meanwhile).
   * `weight` tells how many rows the value holds (1 for a single overview).
   */
  async get<T>(
    key: ReportKey,
    compute: () => Promise<T>,
    weight: (value: T) => number = () => 1,
  ): Promise<T> {
    const id = JSON.stringify([key.report, key.organizationId, ...key.parts]);
    const version = this.dataVersion;
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      if (hit.version === version && hit.expiresAt > this.now()) {
        this.entries.set(id, hit); // most recently used last
        return hit.value as T;
      }
      this.totalWeight -= hit.weight;
    }
    // A computation begun before a write is not joined by requests that arrive after it.
    const flightId = `${version}|${id}`;
    const running = this.inFlight.get(flightId);
    if (running) return running as Promise<T>;
    const work = (async () => {
      try {
        const value = await compute();
        if (this.dataVersion === version) this.store(id, value, version, Math.max(1, weight(value)));
        return value;
      } finally {
        this.inFlight.delete(flightId);
      }
    })();
    this.inFlight.set(flightId, work);
    return work;
  }

  /** Forgets everything (a write committed, or a test). */
  invalidate(): void {
    this.dataVersion++;
    this.entries.clear();
    this.totalWeight = 0;
  }

  afterInsert(_event: InsertEvent<ObjectLiteral>): void {
    this.invalidate();
  }

  afterUpdate(_event: UpdateEvent<ObjectLiteral>): void {
    this.invalidate();
  }

  afterRemove(_event: RemoveEvent<ObjectLiteral>): void {
    this.invalidate();
  }

  afterSoftRemove(_event: SoftRemoveEvent<ObjectLiteral>): void {
    this.invalidate();
  }

  /**
   * Every commit, including raw `em.query` writes inside a transaction (bulk upserts), which no
   * entity event reports. Nested savepoints commit inside the outer transaction: only the outermost
   * commit makes rows visible, and it bumps again.
   */
  afterTransactionCommit(_event: TransactionCommitEvent): void {
    this.invalidate();
  }

  private store(id: string, value: unknown, version: number, weight: number): void {
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
    this.entries.set(id, { value, version, weight, expiresAt: this.now() + this.limits.ttlMs });
    this.totalWeight += weight;
  }
}
