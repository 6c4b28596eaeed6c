import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { IntParam } from '../common/int-param.js';
import { UuidParam } from '../common/uuid-param.js';
import {
  CheckListQuery,
  CheckSummaryQuery,
  MemberCheckQuery,
  PutConductCheckDto,
} from './conduct-checks.dto.js';
import { ConductCheckListsService } from './conduct-check-lists.service.js';
import { ConductChecksService } from './conduct-checks.service.js';

@ApiTags('conduct-checks')
@ApiBearerAuth()
@Controller()
export class ConductChecksController {
  constructor(
    private readonly checks: ConductChecksService,
    private readonly lists: ConductCheckListsService,
  ) {}

  @Get('members/:id/conduct-checks/:year')
  @RequirePermission('conduct-check.read')
  get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IntParam('year') year: number,
    @Query() q: MemberCheckQuery,
  ) {
    return this.checks.getConductCheck(actor, id, year, q);
  }

  /** `{ self: [...] }` by the member, `{ conclusion: [...] }` by a secretary of the member's cell. */
  @Put('members/:id/conduct-checks/:year')
  @RequirePermission('conduct-check.self')
  put(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IntParam('year') year: number,
    @Body() dto: PutConductCheckDto,
  ) {
    return this.checks.putConductCheck(actor, id, year, dto);
  }

  /** The checks of a subtree for a period, per member, without notes (leaders and secretaries). */
  @Get('conduct-checks')
  @RequirePermission('conduct-check.read')
  list(@CurrentActor() actor: Actor, @Query() q: CheckListQuery) {
    return this.lists.listConductChecks(actor, q);
  }

  /** Counts per manifestation over a subtree, without names. */
  @Get('conduct-checks/summary')
  @RequirePermission('conduct-check.read')
  summary(@CurrentActor() actor: Actor, @Query() q: CheckSummaryQuery) {
    return this.lists.summarizeConductChecks(actor, q);
  }
}
