import { Module } from '@nestjs/common';
import { CacheStats } from '../common/cache-stats.js';
import { TableVersions } from '../common/table-versions.js';
import { MeetingsModule } from '../meetings/meetings.module.js';
import { ReportCache } from './report-cache.js';
import { ReportsController } from './reports.controller.js';
import { ChildFiguresRepository } from './child-figures.repository.js';
import { ClassificationRepository } from './classification.repository.js';
import { LeadersRepository } from './leaders.repository.js';
import { MemberReviewRepository } from './member-review.repository.js';
import { MemberReviewService } from './member-review.service.js';
import { OverviewRepository } from './overview.repository.js';
import { ReportFiguresService } from './report-figures.service.js';
import { ReportReader } from './report-reader.js';
import { TrendRepository } from './trend.repository.js';
import { ReportsService } from './reports.service.js';

/** Leadership reports and exports: read-only, never writes a table. */
@Module({
  imports: [MeetingsModule],
  controllers: [ReportsController],
  providers: [
    ReportsService,
    ReportReader,
    ReportFiguresService,
    MemberReviewService,
    OverviewRepository,
    ChildFiguresRepository,
    TrendRepository,
    LeadersRepository,
    ClassificationRepository,
    MemberReviewRepository,
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
