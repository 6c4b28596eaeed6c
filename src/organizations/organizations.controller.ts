import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { UuidParam } from '../common/uuid-param.js';
import {
  CloseOrganizationDto,
  CreateOrganizationDto,
  OrganizationTreeQuery,
  UpdateOrganizationDto,
} from './organizations.dto.js';
import { OrganizationsService } from './organizations.service.js';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @RequirePermission('organization.read')
  list(@CurrentActor() actor: Actor, @Query() q: OrganizationTreeQuery) {
    return this.organizations.listOrganizationTree(actor, q);
  }

  @Post()
  @RequirePermission('organization.manage')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOrganizationDto) {
    return this.organizations.createOrganization(actor, dto);
  }

  @Get(':id')
  @RequirePermission('organization.read')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.organizations.getOrganization(actor, id);
  }

  @Patch(':id')
  @RequirePermission('organization.manage')
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateOrganizationDto) {
    return this.organizations.updateOrganization(actor, id, dto);
  }

  /** Merge into one successor or split among several; the open children move in the same operation. */
  @Post(':id/close')
  @HttpCode(200)
  @RequirePermission('organization.manage')
  close(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CloseOrganizationDto) {
    return this.organizations.closeOrganization(actor, id, dto);
  }
}
