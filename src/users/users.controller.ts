import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { UuidParam } from '../common/uuid-param.js';
import { CreateUserDto, UpdateUserDto, UserQuery } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission('user.manage')
  list(@CurrentActor() actor: Actor, @Query() q: UserQuery) {
    return this.users.listUsers(actor, q);
  }

  @Post()
  @RequirePermission('user.manage')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.createUser(actor, dto);
  }

  @Get(':id')
  @RequirePermission('user.manage')
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.users.getUser(actor, id);
  }

  @Patch(':id')
  @RequirePermission('user.manage')
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateUserDto) {
    return this.users.updateUser(actor, id, dto);
  }
}
