import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { UuidParam } from '../common/uuid-param.js';
import { ReportFile } from './report-files.js';
import {
  MemberReviewQuery,
  OrganizationsReportQuery,
  OverviewQuery,
  ReportQuery,
  TrendQuery,
} from './reports.dto.js';
import { MemberReviewService } from './member-review.service.js';
import { ReportsService } from './reports.service.js';

const FILE_TYPES = [
  'application/json',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** JSON as is; a ReportFile as a download with its type and an ASCII-safe plus UTF-8 file name. */
function answer<T>(result: T | ReportFile): T | StreamableFile {
  return result instanceof ReportFile
    ? new StreamableFile(result.buffer, { type: result.contentType, disposition: result.disposition })
    : result;
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly reviews: MemberReviewService,
  ) {}

  /** The year at a glance for one organisation's subtree (`format` json, csv, xlsx or pdf). */
  @Get('overview')
  @RequirePermission('report.read')
  @ApiProduces(...FILE_TYPES, 'application/pdf')
  async overview(@CurrentActor() actor: Actor, @Query() q: OverviewQuery) {
    return answer(await this.reports.overview(actor, q));
  }

  /** The same figures, one row per child organisation, sorted by a whitelisted field. */
  @Get('organizations')
  @RequirePermission('report.read')
  @ApiProduces(...FILE_TYPES)
  async organizations(@CurrentActor() actor: Actor, @Query() q: OrganizationsReportQuery) {
    return answer(await this.reports.organizations(actor, q));
  }

  /** Danh sách đánh giá, xếp loại đảng viên: self, cell proposal and committee decision per member. */
  @Get('classification')
  @RequirePermission('report.read')
  @ApiProduces(...FILE_TYPES)
  async classification(@CurrentActor() actor: Actor, @Query() q: ReportQuery) {
    return answer(await this.reports.classification(actor, q));
  }

  /** Nêu gương: did each head submit their yearly commitment before the members they lead? */
  @Get('leaders-first')
  @RequirePermission('report.read')
  @ApiProduces(...FILE_TYPES)
  async leadersFirst(@CurrentActor() actor: Actor, @Query() q: ReportQuery) {
    return answer(await this.reports.leadersFirst(actor, q));
  }

  /**
   * Bản kiểm điểm cá nhân of a member for a year, with next year's commitment, as DOCX: a member their
   * own, leaders and secretaries the members in their reach.
   */
  @Get('members/:id/review')
  @RequirePermission('report.member-review')
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  async memberReview(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: MemberReviewQuery) {
    return answer(await this.reviews.memberReview(actor, id, q));
  }

  /** Monthly registration, meetings and attendance over the year, or the overview's figures year over year. */
  @Get('trend')
  @RequirePermission('report.read')
  @ApiProduces(...FILE_TYPES)
  async trend(@CurrentActor() actor: Actor, @Query() q: TrendQuery) {
    return answer(await this.reports.trend(actor, q));
  }
}
