import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { UuidParam } from '../common/uuid-param.js';
import { MemberOnQuery } from './member-exemptions.dto.js';
import { CreateMemberDto, MemberQuery, UpdateMemberDto } from './members.dto.js';
import { MembersService } from './members.service.js';

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @RequirePermission('member.read')
  list(@CurrentActor() actor: Actor, @Query() q: MemberQuery) {
    return this.members.listMembers(actor, q);
  }

  @Post()
  @RequirePermission('member.manage')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMemberDto) {
    return this.members.createMember(actor, dto);
  }

  @Get(':id')
  @RequirePermission('member.read')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: MemberOnQuery) {
    return this.members.getMember(actor, id, q.on);
  }

  @Patch(':id')
  @RequirePermission('member.manage')
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateMemberDto) {
    return this.members.updateMember(actor, id, dto);
  }
}
