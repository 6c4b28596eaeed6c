import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, AppConfig } from '../config/config.js';
import { Actor } from '../common/actor.js';
import { ChangePasswordDto, LoginDto, RefreshDto } from './auth.dto.js';
import type { TokenPair } from './auth.responses.js';
import { AuthService } from './auth.service.js';
import { SessionsService } from './sessions.service.js';
import { AcceptsRefreshCookie, CurrentActor, Public, RequirePermission } from '../common/auth-decorators.js';
import { clearRefreshCookie, handOverAsCookie, refreshCookieOf } from './refresh-cookie.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `session: "cookie"` (the web client): the refresh token goes into the httpOnly cookie. */
  @Post('login')
  @Public()
  @HttpCode(200)
  async login(
    @Body() dto: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const pair = await this.sessions.login(dto, req.ip, String(req.id));
    return dto.session === 'cookie' ? this.asCookie(req, reply, pair) : pair;
  }

  /** The body's refreshToken (JSON flow) or, without one, the browser's refresh cookie. */
  @Post('refresh')
  @Public()
  @HttpCode(200)
  async refresh(
    @Body() dto: RefreshDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (dto.refreshToken !== undefined)
      return this.sessions.refresh(dto.refreshToken, req.ip, String(req.id));
    const pair = await this.sessions.refresh(refreshCookieOf(req), req.ip, String(req.id));
    return this.asCookie(req, reply, pair);
  }

  @Post('logout')
  @ApiBearerAuth()
  @RequirePermission('auth.self')
  @AcceptsRefreshCookie()
  @HttpCode(204)
  async logout(
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.sessions.logout(actor);
    clearRefreshCookie(req, reply);
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
    return this.sessions.changePassword(actor, dto);
  }

  private asCookie(req: FastifyRequest, reply: FastifyReply, pair: TokenPair) {
    return handOverAsCookie(req, reply, pair, this.config.auth.refreshTokenTtlSeconds);
  }
}
