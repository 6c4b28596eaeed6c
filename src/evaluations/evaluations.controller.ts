import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { UuidParam } from '../common/uuid-param.js';
import { EvaluationCyclesService } from './evaluation-cycles.service.js';
import { EvaluationInputsService } from './evaluation-inputs.service.js';
import {
  CycleQuery,
  DecisionDto,
  EvaluationInputQuery,
  EvaluationQuery,
  OpenCycleDto,
  ProposalDto,
  QuotaExceptionDto,
  RecordEvaluationInputDto,
  ReopenCycleDto,
  SelfAssessmentDto,
  WithdrawEvaluationInputDto,
} from './evaluations.dto.js';
import { EvaluationsService } from './evaluations.service.js';

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluation-rule-sets')
export class EvaluationRuleSetsController {
  constructor(private readonly cycles: EvaluationCyclesService) {}

  @Get()
  @RequirePermission('evaluation.read')
  list() {
    return this.cycles.listRuleSets();
  }
}

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluation-cycles')
export class EvaluationCyclesController {
  constructor(private readonly cycles: EvaluationCyclesService) {}

  @Post()
  @RequirePermission('evaluation.cycle.manage')
  open(@CurrentActor() actor: Actor, @Body() dto: OpenCycleDto) {
    return this.cycles.openCycle(actor, dto);
  }

  @Get()
  @RequirePermission('evaluation.read')
  list(@CurrentActor() actor: Actor, @Query() q: CycleQuery) {
    return this.cycles.listCycles(actor, q);
  }

  @Get(':id')
  @RequirePermission('evaluation.read')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.cycles.getCycle(actor, id);
  }

  @Post(':id/generate')
  @HttpCode(200)
  @RequirePermission('evaluation.cycle.manage')
  generate(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.cycles.generateCycle(actor, id);
  }

  @Post(':id/finalize')
  @HttpCode(200)
  @RequirePermission('evaluation.cycle.manage')
  finalize(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.cycles.finalizeCycle(actor, id);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @RequirePermission('evaluation.cycle.manage')
  reopen(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: ReopenCycleDto) {
    return this.cycles.reopenCycle(actor, id, dto);
  }

  /** The higher committee's approval for a grassroots organisation to exceed the quota of excellent. */
  @Post(':id/quota-exceptions')
  @RequirePermission('evaluation.cycle.manage')
  quotaException(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: QuotaExceptionDto) {
    return this.cycles.recordQuotaException(actor, id, dto);
  }
}

/** Facts the cell or committee records for a member's year-end evaluation. */
@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluation-inputs')
export class EvaluationInputsController {
  constructor(private readonly inputs: EvaluationInputsService) {}

  @Get()
  @RequirePermission('evaluation.read')
  list(@CurrentActor() actor: Actor, @Query() q: EvaluationInputQuery) {
    return this.inputs.listInputs(actor, q);
  }

  @Post()
  @RequirePermission('evaluation.input')
  record(@CurrentActor() actor: Actor, @Body() dto: RecordEvaluationInputDto) {
    return this.inputs.recordInput(actor, dto);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @RequirePermission('evaluation.input')
  withdraw(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: WithdrawEvaluationInputDto) {
    return this.inputs.withdrawInput(actor, id, dto);
  }
}

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluations')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Get()
  @RequirePermission('evaluation.read')
  list(@CurrentActor() actor: Actor, @Query() q: EvaluationQuery) {
    return this.evaluations.listEvaluations(actor, q);
  }

  @Get(':id')
  @RequirePermission('evaluation.read')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.evaluations.getEvaluation(actor, id);
  }

  @Post(':id/self-assessment')
  @HttpCode(200)
  @RequirePermission('evaluation.self-assess')
  selfAssess(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: SelfAssessmentDto) {
    return this.evaluations.submitSelfAssessment(actor, id, dto);
  }

  @Post(':id/proposal')
  @HttpCode(200)
  @RequirePermission('evaluation.propose')
  propose(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: ProposalDto) {
    return this.evaluations.proposeLevel(actor, id, dto);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @RequirePermission('evaluation.decide')
  decide(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: DecisionDto) {
    return this.evaluations.decideLevel(actor, id, dto);
  }
}
