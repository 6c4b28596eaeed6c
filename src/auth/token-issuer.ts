import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config.js';
import { permissionsOf } from '../common/role-permissions.js';
import type { TokenPair } from './auth.responses.js';
import { Account, meOf, rolesOf } from './identity.js';
import { AccessClaims, issuedGeneration, newRefreshSecret, refreshTagKey } from './tokens.js';

/** Signs access tokens and makes and recognises the tagged refresh secrets of a session (tokens.ts). */
@Injectable()
export class TokenIssuer {
  private readonly refreshKey: Buffer;

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.refreshKey = refreshTagKey(config.auth.jwtSecret);
  }

  /** A new refresh secret of this session's `generation`, tagged with the session id. */
  newSecret(sessionId: string, generation: number): string {
    return newRefreshSecret(this.refreshKey, sessionId, generation);
  }

  /** The generation this session was given `secret` in, or null when it never was. */
  issuedGeneration(sessionId: string, secret: string): number | null {
    return issuedGeneration(this.refreshKey, sessionId, secret);
  }

  /** When a session begun now expires. */
  sessionExpiresAt(): Date {
    return new Date(Date.now() + this.config.auth.refreshTokenTtlSeconds * 1000);
  }

  /** A signed access token and the refresh token of this session's `secret`, with who the account is. */
  async issue(em: EntityManager, user: Account, sessionId: string, secret: string): Promise<TokenPair> {
    const claims: AccessClaims = { sub: user.id, sid: sessionId, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims);
    const roles = await rolesOf(em, user.id, user.memberId);
    return {
      accessToken,
      refreshToken: `${sessionId}.${secret}`,
      expiresIn: this.config.auth.accessTokenTtlSeconds,
      user: await meOf(em, user, roles, permissionsOf(roles.map((r) => r.role))),
    };
  }
}
