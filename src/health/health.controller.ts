import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/decorators.js';
import { Database } from '../common/database.service.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly db: Database) {}

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
}
