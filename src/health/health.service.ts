import { Injectable } from '@nestjs/common';
import { CacheBus } from '../common/cache-bus.js';
import { Database } from '../common/database.service.js';
import { ping } from './health.repository.js';
import type { LivenessBody, ReadinessBody } from './health.responses.js';

export interface Liveness {
  ok: boolean;
  body: LivenessBody;
}

export interface Readiness {
  ok: boolean;
  body: ReadinessBody;
}

/** The answers of /api/health (liveness) and /api/health/ready (readiness, for a load balancer). */
@Injectable()
export class HealthService {
  /** Migrations never become pending again while the process runs: once applied, not asked again. */
  private migrationsApplied = false;

  constructor(
    private readonly db: Database,
    private readonly bus: CacheBus,
  ) {}

  /** Liveness and database readiness: ok when a query answers. */
  async liveness(): Promise<Liveness> {
    const engine = String(this.db.dataSource.options.type);
    const started = process.hrtime.bigint();
    try {
      await this.db.read(ping);
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      return { ok: true, body: { status: 'ok', database: { status: 'up', engine, latencyMs } } };
    } catch {
      return { ok: false, body: { status: 'error', database: { status: 'down', engine } } };
    }
  }

  /**
   * Whether this process may take requests: the database answers, every migration is applied, and
   * on PostgreSQL it listens to the other processes' writes.
   */
  async readiness(): Promise<Readiness> {
    let database: 'up' | 'down' = 'up';
    let migrations: 'applied' | 'pending' | 'unknown' = 'unknown';
    try {
      if (!this.migrationsApplied) this.migrationsApplied = !(await this.db.dataSource.showMigrations());
      else await this.db.read(ping);
      migrations = this.migrationsApplied ? 'applied' : 'pending';
    } catch {
      database = 'down';
    }
    const listening = this.bus.channelListening;
    const cacheChannel = listening === null ? 'not_used' : listening ? 'listening' : 'not_listening';
    if (database === 'up' && migrations === 'applied' && cacheChannel !== 'not_listening')
      return { ok: true, body: { status: 'ready', database, migrations, cacheChannel } };
    return { ok: false, body: { status: 'not_ready', database, migrations, cacheChannel } };
  }
}
