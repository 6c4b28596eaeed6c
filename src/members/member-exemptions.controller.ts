import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { UuidParam } from '../common/uuid-param.js';
import { CreateExemptionDto, UpdateExemptionDto } from './member-exemptions.dto.js';
import { MemberExemptionsService } from './member-exemptions.service.js';

@ApiTags('members')
@ApiBearerAuth()
@Controller('members/:id/exemptions')
export class MemberExemptionsController {
  constructor(private readonly exemptions: MemberExemptionsService) {}

  @Get()
  @RequirePermission('member.read')
  list(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.exemptions.listExemptions(actor, id);
  }

  @Post()
  @RequirePermission('member.manage')
  create(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CreateExemptionDto) {
    return this.exemptions.addExemption(actor, id, dto);
  }

  @Patch(':exemptionId')
  @RequirePermission('member.manage')
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @UuidParam('exemptionId') exemptionId: string,
    @Body() dto: UpdateExemptionDto,
  ) {
    return this.exemptions.updateExemption(actor, id, exemptionId, dto);
  }
}
