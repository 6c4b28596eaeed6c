import { Body, Controller, Get, HttpCode, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { contentDisposition } from '../common/text.js';
import { UuidParam } from '../common/uuid-param.js';
import {
  AttendanceRateQuery,
  CreateMeetingDto,
  IssueDto,
  IssueQuery,
  MeetingPackQuery,
  MeetingQuery,
  ResolveIssueDto,
  UpdateMeetingDto,
} from './meetings.dto.js';
import { MeetingIssuesService } from './meeting-issues.service.js';
import { MeetingPackService, PackFile } from './meeting-pack.service.js';
import { MeetingsService } from './meetings.service.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const docx = (f: PackFile) =>
  new StreamableFile(f.buffer, { type: DOCX, disposition: contentDisposition(f.fileName) });

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly issues: MeetingIssuesService,
    private readonly packs: MeetingPackService,
  ) {}

  @Get()
  @RequirePermission('meeting.read')
  list(@CurrentActor() actor: Actor, @Query() q: MeetingQuery) {
    return this.meetings.listMeetings(actor, q);
  }

  @Post()
  @RequirePermission('meeting.manage')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMeetingDto) {
    return this.meetings.recordMeeting(actor, dto);
  }

  /** Present / expected per subtree, cell or member over a date range (exempt members not expected). */
  @Get('attendance-rates')
  @RequirePermission('meeting.read')
  attendanceRates(@CurrentActor() actor: Actor, @Query() q: AttendanceRateQuery) {
    return this.meetings.attendanceRates(actor, q);
  }

  /** Issues raised at meetings; a leader sees those of the whole subtree. */
  @Get('issues')
  @RequirePermission('meeting.read')
  listIssues(@CurrentActor() actor: Actor, @Query() q: IssueQuery) {
    return this.issues.listIssues(actor, q);
  }

  @Post('issues/:issueId/resolve')
  @HttpCode(200)
  @RequirePermission('meeting.manage')
  resolve(@CurrentActor() actor: Actor, @UuidParam('issueId') issueId: string, @Body() dto: ResolveIssueDto) {
    return this.issues.resolveIssue(actor, issueId, dto);
  }

  /** Bộ tài liệu sinh hoạt (DOCX) for a meeting to come: agenda, roster to sign, commitments, minutes form. */
  @Get('pack')
  @RequirePermission('meeting.read')
  @ApiProduces(DOCX)
  async plannedPack(@CurrentActor() actor: Actor, @Query() q: MeetingPackQuery) {
    return docx(await this.packs.plannedPack(actor, q));
  }

  /** The same pack for a recorded meeting, filled from its record. */
  @Get(':id/pack')
  @RequirePermission('meeting.read')
  @ApiProduces(DOCX)
  async recordedPack(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return docx(await this.packs.recordedPack(actor, id));
  }

  @Get(':id')
  @RequirePermission('meeting.read')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.meetings.getMeeting(actor, id);
  }

  @Patch(':id')
  @RequirePermission('meeting.manage')
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateMeetingDto) {
    return this.meetings.updateMeeting(actor, id, dto);
  }

  @Post(':id/issues')
  @RequirePermission('meeting.manage')
  addIssue(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: IssueDto) {
    return this.issues.addIssue(actor, id, dto);
  }
}
