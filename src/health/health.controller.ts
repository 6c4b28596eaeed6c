import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/decorators.js';
import { CacheBus } from '../common/cache-bus.js';
import { Database } from '../common/database.service.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  /** Migrations never become pending again while the process runs: once applied, not asked again. */
  private migrationsApplied = false;

  constructor(
    private readonly db: Database,
    private readonly bus: CacheBus,
  ) {}

  /** Liveness and database readiness: 200 when a query answers, 503 otherwise. */
  @Get()
  @Public()
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const started = process.hrtime.bigint();
    try {
      await this.db.read((em) => em.query('SELECT 1'));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      return {
        status: 'ok',
        database: { status: 'up', engine: this.db.dataSource.options.type, latencyMs: ms },
      };
    } catch {
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', database: { status: 'down', engine: this.db.dataSource.options.type } };
    }
  }

  /**
   * Readiness, for a load balancer: 200 when this process may take requests (the database answers,
   * every migration is applied, and on PostgreSQL it listens to the other processes' writes), else 503.
   */
  @Get('ready')
  @Public()
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    let database: 'up' | 'down' = 'up';
    let migrations: 'applied' | 'pending' | 'unknown' = 'unknown';
    try {
      if (!this.migrationsApplied) this.migrationsApplied = !(await this.db.dataSource.showMigrations());
      else await this.db.read((em) => em.query('SELECT 1'));
      migrations = this.migrationsApplied ? 'applied' : 'pending';
    } catch {
      database = 'down';
    }
    const listening = this.bus.channelListening;
    const cacheChannel = listening === null ? 'not_used' : listening ? 'listening' : 'not_listening';
    const ready = database === 'up' && migrations === 'applied' && cacheChannel !== 'not_listening';
    if (!ready) void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'not_ready', database, migrations, cacheChannel };
  }
}
