import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { EvaluationCycle } from './evaluation-cycle.entity.js';
import { EvaluationCyclesService } from './evaluation-cycles.service.js';
import { EvaluationEvent } from './evaluation-event.entity.js';
import { EvaluationRuleSet } from './evaluation-rule-set.entity.js';
import { Evaluation } from './evaluation.entity.js';
import {
  EvaluationCyclesController,
  EvaluationRuleSetsController,
  EvaluationsController,
} from './evaluations.controller.js';
import { EvaluationsService } from './evaluations.service.js';

@Module({
  imports: [
    NotificationsModule,
    TypeOrmModule.forFeature([EvaluationRuleSet, EvaluationCycle, Evaluation, EvaluationEvent]),
  ],
  controllers: [EvaluationRuleSetsController, EvaluationCyclesController, EvaluationsController],
  providers: [EvaluationCyclesService, EvaluationsService],
  exports: [EvaluationCyclesService, EvaluationsService],
})
export class EvaluationsModule {}
