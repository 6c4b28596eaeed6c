import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EvaluationCycle } from './evaluation-cycle.entity.js';
import { EvaluationCyclesService } from './evaluation-cycles.service.js';
import { EvaluationEvent } from './evaluation-event.entity.js';
import { EvaluationRuleSet } from './evaluation-rule-set.entity.js';
import { EvaluationTreeSubscriptions } from './evaluation-tree-subscriptions.js';
import { EvaluationInput } from './evaluation-input.entity.js';
import { EvaluationInputsService } from './evaluation-inputs.service.js';
import { Evaluation } from './evaluation.entity.js';
import { QuotaException } from './quota-exception.entity.js';
import {
  EvaluationCyclesController,
  EvaluationInputsController,
  EvaluationRuleSetsController,
  EvaluationsController,
} from './evaluations.controller.js';
import { EvaluationsService } from './evaluations.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      EvaluationRuleSet,
      EvaluationCycle,
      Evaluation,
      EvaluationEvent,
      EvaluationInput,
      QuotaException,
    ]),
  ],
  controllers: [
    EvaluationRuleSetsController,
    EvaluationCyclesController,
    EvaluationsController,
    EvaluationInputsController,
  ],
  providers: [
    EvaluationCyclesService,
    EvaluationsService,
    EvaluationInputsService,
    EvaluationTreeSubscriptions,
  ],
  exports: [EvaluationCyclesService, EvaluationsService],
})
export class EvaluationsModule {}
