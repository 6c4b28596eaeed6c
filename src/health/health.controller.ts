import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth-decorators.js';
import { HealthService } from './health.service.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly checks: HealthService) {}

  /** Liveness and database readiness: 200 when a query answers, 503 otherwise. */
  @Get()
  @Public()
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const { ok, body } = await this.checks.liveness();
    if (!ok) void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }

  /**
   * Readiness, for a load balancer: 200 when this process may take requests (the database answers,
   * every migration is applied, and on PostgreSQL it listens to the other processes' writes), else 503.
   */
  @Get('ready')
  @Public()
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const { ok, body } = await this.checks.readiness();
    if (!ok) void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
