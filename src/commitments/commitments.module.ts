import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommitmentDeadline } from './commitment-deadline.entity.js';
import { CommitmentDeadlinesService } from './commitment-deadlines.service.js';
import { CommitmentFeedback } from './commitment-feedback.entity.js';
import { CommitmentFeedbackService } from './commitment-feedback.service.js';
import { CommitmentItem } from './commitment-item.entity.js';
import { CommitmentItemsService } from './commitment-items.service.js';
import { CommitmentProgressService } from './commitment-progress.service.js';
import { CommitmentReviewsService } from './commitment-reviews.service.js';
import { CommitmentStepsService } from './commitment-steps.service.js';
import { CommitmentTransition } from './commitment-transition.entity.js';
import { CommitmentWorklistsService } from './commitment-worklists.service.js';
import { Commitment } from './commitment.entity.js';
import { CommitmentFeedbackController } from './commitment-feedback.controller.js';
import { CommitmentsController } from './commitments.controller.js';
import { CommitmentsRepository } from './commitments.repository.js';
import { CommitmentsService } from './commitments.service.js';

/** Commitments: registration, review, publication before the cell, results, assessment and feedback. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Commitment,
      CommitmentItem,
      CommitmentTransition,
      CommitmentFeedback,
      CommitmentDeadline,
    ]),
  ],
  controllers: [CommitmentsController, CommitmentFeedbackController],
  providers: [
    CommitmentsService,
    CommitmentProgressService,
    CommitmentReviewsService,
    CommitmentStepsService,
    CommitmentItemsService,
    CommitmentsRepository,
    CommitmentDeadlinesService,
    CommitmentFeedbackService,
    CommitmentWorklistsService,
  ],
  exports: [CommitmentsService],
})
export class CommitmentsModule {}
