import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { PageQuery } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.js';
import { CommitmentFeedbackService } from './commitment-feedback.service.js';
import { CreateFeedbackDto } from './commitments.dto.js';

/**
 * Feedback (góp ý) on a commitment, served under /api/commitments/:id/feedback with the operation ids
 * they had in CommitmentsController (registered after it, so the document is unchanged; no summary).
 */
@ApiTags('commitments')
@ApiBearerAuth()
@Controller('commitments')
export class CommitmentFeedbackController {
  constructor(private readonly feedback: CommitmentFeedbackService) {}

  @Get(':id/feedback')
  @ApiOperation({ operationId: 'CommitmentsController_listFeedback', summary: undefined })
  @RequirePermission('commitment.feedback')
  listFeedback(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: PageQuery) {
    return this.feedback.listFeedback(actor, id, q);
  }

  @Post(':id/feedback')
  @ApiOperation({ operationId: 'CommitmentsController_giveFeedback', summary: undefined })
  @RequirePermission('commitment.feedback')
  giveFeedback(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CreateFeedbackDto) {
    return this.feedback.giveFeedback(actor, id, dto);
  }
}
