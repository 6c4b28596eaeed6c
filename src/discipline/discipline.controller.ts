import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { PageQuery } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.js';
import { CreateDisciplinaryRecordDto } from './discipline.dto.js';
import { DisciplineService } from './discipline.service.js';

@ApiTags('discipline')
@ApiBearerAuth()
@Controller('members/:id/disciplinary-records')
export class DisciplineController {
  constructor(private readonly discipline: DisciplineService) {}

  @Get()
  @RequirePermission('discipline.read')
  list(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: PageQuery) {
    return this.discipline.listDisciplinaryRecords(actor, id, q);
  }

  @Post()
  @RequirePermission('discipline.manage')
  create(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CreateDisciplinaryRecordDto) {
    return this.discipline.recordDisciplinaryDecision(actor, id, dto);
  }
}
