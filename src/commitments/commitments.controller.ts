import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { UuidParam } from '../common/uuid-param.js';
import { CommitmentDeadlinesService } from './commitment-deadlines.service.js';
import { CommitmentReviewsService } from './commitment-reviews.service.js';
import { CommitmentWorklistsService } from './commitment-worklists.service.js';
import {
  AcceptCommitmentDto,
  AssessCommitmentDto,
  BulkAcceptDto,
  CarryForwardDto,
  ClearDeadlineQuery,
  CommitmentQuery,
  CreateCommitmentDto,
  DeadlineQuery,
  MissingQuery,
  QueueQuery,
  ReopenCommitmentDto,
  ReportResultsDto,
  ReturnCommitmentDto,
  SetDeadlineDto,
  UpdateCommitmentDto,
  VersionDto,
} from './commitments.dto.js';
import { CommitmentProgressService } from './commitment-progress.service.js';
import { CommitmentsService } from './commitments.service.js';

/** Static routes (queue, missing, deadlines, bulk accept) are declared before the ':id' routes. */
@ApiTags('commitments')
@ApiBearerAuth()
@Controller('commitments')
export class CommitmentsController {
  constructor(
    private readonly commitments: CommitmentsService,
    private readonly progress: CommitmentProgressService,
    private readonly reviews: CommitmentReviewsService,
    private readonly worklists: CommitmentWorklistsService,
    private readonly deadlines: CommitmentDeadlinesService,
  ) {}

  @Get('queue')
  @RequirePermission('commitment.read')
  queue(@CurrentActor() actor: Actor, @Query() q: QueueQuery) {
    return this.worklists.queue(actor, q);
  }

  @Get('missing')
  @RequirePermission('commitment.read')
  missing(@CurrentActor() actor: Actor, @Query() q: MissingQuery) {
    return this.worklists.missing(actor, q);
  }

  @Get('deadlines')
  @RequirePermission('commitment.read')
  getDeadlines(@CurrentActor() actor: Actor, @Query() q: DeadlineQuery) {
    return this.deadlines.getDeadlines(actor, q.organizationId);
  }

  @Put('deadlines')
  @RequirePermission('commitment.deadline.manage')
  setDeadline(@CurrentActor() actor: Actor, @Body() dto: SetDeadlineDto) {
    return this.deadlines.setDeadline(actor, dto);
  }

  @Delete('deadlines')
  @RequirePermission('commitment.deadline.manage')
  clearDeadline(@CurrentActor() actor: Actor, @Query() q: ClearDeadlineQuery) {
    return this.deadlines.clearDeadline(actor, q.organizationId, q.periodType);
  }

  @Post('accept')
  @HttpCode(200)
  @RequirePermission('commitment.review')
  acceptMany(@CurrentActor() actor: Actor, @Body() dto: BulkAcceptDto) {
    return this.reviews.acceptMany(actor, dto);
  }

  @Get()
  @RequirePermission('commitment.read')
  list(@CurrentActor() actor: Actor, @Query() q: CommitmentQuery) {
    return this.commitments.listCommitments(actor, q);
  }

  @Post()
  @RequirePermission('commitment.write')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCommitmentDto) {
    return this.commitments.createCommitment(actor, dto);
  }

  @Get(':id')
  @RequirePermission('commitment.read')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.commitments.getCommitment(actor, id);
  }

  @Patch(':id')
  @RequirePermission('commitment.write')
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateCommitmentDto) {
    return this.commitments.updateCommitment(actor, id, dto);
  }

  @Post(':id/carry-forward')
  @HttpCode(200)
  @RequirePermission('commitment.write')
  carryForward(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CarryForwardDto) {
    return this.commitments.carryForward(actor, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @RequirePermission('commitment.write')
  submit(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: VersionDto) {
    return this.progress.submitCommitment(actor, id, dto);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @RequirePermission('commitment.review')
  accept(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: AcceptCommitmentDto) {
    return this.reviews.acceptCommitment(actor, id, dto);
  }

  @Post(':id/return')
  @HttpCode(200)
  @RequirePermission('commitment.review')
  return(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: ReturnCommitmentDto) {
    return this.reviews.returnCommitment(actor, id, dto);
  }

  @Post(':id/results')
  @HttpCode(200)
  @RequirePermission('commitment.write')
  results(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: ReportResultsDto) {
    return this.progress.reportResults(actor, id, dto);
  }

  @Post(':id/assess')
  @HttpCode(200)
  @RequirePermission('commitment.review')
  assess(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: AssessCommitmentDto) {
    return this.reviews.assessCommitment(actor, id, dto);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @RequirePermission('commitment.review')
  reopen(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: ReopenCommitmentDto) {
    return this.reviews.reopenCommitment(actor, id, dto);
  }
}
