import { Module } from '@nestjs/common';
import { CacheStats } from '../common/cache-stats.js';
import { TableVersions } from '../common/table-versions.js';
import { MeetingsModule } from '../meetings/meetings.module.js';
import { ReportCache } from './report-cache.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

/** Leadership reports and exports: read-only, never writes a table. */
@Module({
  imports: [MeetingsModule],
  controllers: [ReportsController],
  providers: [
    ReportsService,
    ReportsRepository,
    {
      provide: ReportCache,
      inject: [TableVersions, CacheStats],
      useFactory: (versions: TableVersions, stats: CacheStats) => {
        const cache = new ReportCache(versions);
        // A request that joined a running computation counts as neither.
        stats.register('report', () => ({ hits: cache.stats.hits, misses: cache.stats.computations }));
        return cache;
      },
    },
  ],
})
export class ReportsModule {}
