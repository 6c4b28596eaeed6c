import { Module } from '@nestjs/common';
import { MetricsService } from './metrics.service.js';

/** GET /metrics for Prometheus (registered by app.setup.ts outside /api; docs/OPERATIONS.md "Metrics"). */
@Module({ providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
