import { Module } from '@nestjs/common';
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
      inject: [TableVersions],
      useFactory: (versions: TableVersions) => new ReportCache(versions),
    },
  ],
})
export class ReportsModule {}
