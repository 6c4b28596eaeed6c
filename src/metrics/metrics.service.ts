import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CacheStats } from '../common/cache-stats.js';
import { Database } from '../common/database.service.js';
import { clusterMetrics, inCluster, reportToCluster } from './cluster-metrics.js';

/** Seconds; the p99 target of the mixed workload is 50 ms (docs/PERFORMANCE.md). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * This process's Prometheus metrics (prom-client), one registry per application: HTTP latency and
 * answers per route pattern, the database pool (PostgreSQL) or lock queue (SQLite), the caches'
 * hits and misses, and prom-client's process metrics (CPU, memory, event-loop lag, GC).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly answers: Counter<'method' | 'route' | 'status_code'>;

  constructor(db: Database, caches: CacheStats) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from the request to the answer sent, by route pattern, method and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.answers = new Counter({
      name: 'http_requests_total',
      help: 'Requests answered, by route pattern, method and status',
      labelNames: ['method', 'route', 'status_code'],
      registers,
    });
    new Counter({
      name: 'camket_cache_requests_total',
      help: 'Reads of the in-process caches (read: ReadCache, actor: ActorCache, report: ReportCache) by result',
      labelNames: ['cache', 'result'],
      registers,
      collect() {
        this.reset();
        for (const c of caches.snapshot()) {
          this.inc({ cache: c.cache, result: 'hit' }, c.hits);
          this.inc({ cache: c.cache, result: 'miss' }, c.misses);
        }
      },
    });
    if (db.isSqlite) {
      new Gauge({
        name: 'camket_sqlite_lock_waiting',
        help: 'Units of work waiting for the SQLite readers/writer lock',
        registers,
        collect() {
          this.set(db.lockWaiting() ?? 0);
        },
      });
    } else {
      const pool = (
        name: string,
        help: string,
        read: (p: { total: number; idle: number; waiting: number }) => number,
      ) =>
        new Gauge({
          name,
          help,
          registers,
          aggregator: 'sum',
          collect() {
            const state = db.poolState();
            if (state) this.set(read(state));
          },
        });
      pool('camket_db_pool_connections', 'PostgreSQL connections open in the pool', (p) => p.total);
      pool('camket_db_pool_idle', 'PostgreSQL connections open and idle', (p) => p.idle);
      pool('camket_db_pool_waiting', 'Queries waiting for a PostgreSQL connection', (p) => p.waiting);
    }
    reportToCluster(this.registry);
  }

  /** `route` is the pattern (`/api/members/:id`), never the URL: no ids or names in labels. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status_code: String(status) };
    this.duration.observe(labels, seconds);
    this.answers.inc(labels);
  }

  /** The exposition text: this process's, or under WORKERS=n the whole cluster's (asked of the primary). */
  text(): Promise<string> {
    return inCluster() ? clusterMetrics() : this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
