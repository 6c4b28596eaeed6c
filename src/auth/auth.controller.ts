import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor } from './actor.js';
import { ChangePasswordDto, LoginDto, RefreshDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { CurrentActor, Public, RequirePermission } from './decorators.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest) {
    return this.auth.login(dto, req.ip, String(req.id));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto, @Req() req: FastifyRequest) {
    return this.auth.refresh(dto.refreshToken, req.ip, String(req.id));
  }

  @Post('logout')
  @ApiBearerAuth()
  @RequirePermission('auth.self')
  @HttpCode(204)
  logout(@CurrentActor() actor: Actor) {
    return this.auth.logout(actor);
  }

  @Get('me')
  @ApiBearerAuth()
  @RequirePermission('auth.self')
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }

  @Post('change-password')
  @ApiBearerAuth()
  @RequirePermission('auth.self')
  @HttpCode(204)
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto) {
    return this.auth.changePassword(actor, dto);
  }
}
