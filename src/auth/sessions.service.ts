import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { Database } from '../common/database.service.js';
import { vnToday } from '../common/dates.js';
import { DomainError } from '../common/domain-error.js';
import { authError, invalidToken } from './auth.errors.js';
import { ChangePasswordDto, LoginDto } from './auth.dto.js';
import { accountWithHash, membershipEndedOn } from './auth.repository.js';
import type { TokenPair } from './auth.responses.js';
import { LoginLimiter } from './login-limiter.js';
import { membershipEnded, revokeMemberSessions } from './membership.js';
import { PASSWORD_MAX, PASSWORD_MIN, PasswordHasher, passwordLength } from './passwords.js';
import { Session } from './session.entity.js';
import { TokenIssuer } from './token-issuer.js';
import { sameHash, sha256, splitRefreshToken } from './tokens.js';
import { User } from './user.entity.js';

/** A session's life: login with a password, refresh (rotation, reuse detection), logout, password change. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly db: Database,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginLimiter,
    private readonly audit: AuditService,
    private readonly tokens: TokenIssuer,
  ) {}

  async login(dto: LoginDto, ip: string, requestId: string): Promise<TokenPair> {
    const username = dto.username.trim().toLowerCase();
    // Counted as a failure before the password is checked, so parallel attempts cannot all pass the limit.
    const attempt = await this.throttle.begin(username, ip);
    const user = await this.db.read((em) => accountWithHash(em, { username }));
    const ok = await this.hasher.verify(user?.isActive ? user.passwordHash : null, dto.password);
    const ctx = { requestId, ip, username };
    if (!user || !ok) {
      await this.db.transaction((em) =>
        this.audit.record(em, this.anonymous(ctx), {
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: user?.id ?? null,
        }),
      );
      throw authError('INVALID_CREDENTIALS', 'Wrong username or password');
    }
    await this.throttle.succeeded(username, ip, attempt);
    if (user.memberId) await this.refuseEndedMembership(user, ctx);
    return this.db.transaction(async (em) => {
      // The id is chosen here: the refresh secret's tag names the session it belongs to.
      const sessionId = randomUUID();
      const secret = this.tokens.newSecret(sessionId, 0);
      const session = await em.save(
        em.create(Session, {
          id: sessionId,
          userId: user.id,
          refreshHash: sha256(secret),
          generation: 0,
          expiresAt: this.tokens.sessionExpiresAt(),
          ip,
        }),
      );
      await em.update(User, { id: user.id }, { lastLoginAt: new Date() });
      await this.audit.record(
        em,
        { ...this.anonymous(ctx), userId: user.id },
        {
          action: 'auth.login',
          entityType: 'user',
          entityId: user.id,
        },
      );
      return this.tokens.issue(em, user, session.id, secret);
    });
  }

  async refresh(refreshToken: string | undefined, ip: string, requestId: string): Promise<TokenPair> {
    if (refreshToken === undefined)
      throw authError('REFRESH_TOKEN_MISSING', 'No refresh token: send refreshToken or the session cookie');
    const parts = splitRefreshToken(refreshToken);
    if (!parts) throw invalidToken();
    const outcome = await this.db.transaction(async (em) => {
      const session = await em.findOneBy(Session, { id: parts.sessionId });
      if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now())
        return 'invalid' as const;
      const user = await em.findOneBy(User, { id: session.userId, isActive: true });
      if (!user) return 'invalid' as const;
      if (user.memberId && membershipEnded(await membershipEndedOn(em, user.memberId), vnToday())) {
        await revokeMemberSessions(em, user.memberId);
        return 'invalid' as const;
      }
      if (!sameHash(session.refreshHash, sha256(parts.secret))) {
        // Reuse only when the secret is one this session was given before (a rotated-away
        // generation): someone holds a copy, so the whole session goes. A secret that never belonged
        // to it (a guess next to the sid every access token shows) changes nothing.
        const issued = this.tokens.issuedGeneration(session.id, parts.secret);
        if (issued === null || issued >= session.generation) return 'invalid' as const;
        await em.update(
          Session,
          { id: session.id },
          { revokedAt: new Date(), revokedReason: 'refresh_reuse' },
        );
        await this.audit.record(
          em,
          { ...this.anonymous({ requestId, ip, username: user.username }), userId: user.id },
          {
            action: 'auth.refresh_reuse',
            entityType: 'session',
            entityId: session.id,
          },
        );
        return 'reused' as const;
      }
      const secret = this.tokens.newSecret(session.id, session.generation + 1);
      const res = await em.update(
        Session,
        { id: session.id, generation: session.generation, revokedAt: IsNull() },
        { refreshHash: sha256(secret), generation: session.generation + 1, lastUsedAt: new Date() },
      );
      if (res.affected !== 1) return 'invalid' as const;
      return this.tokens.issue(em, user, session.id, secret);
    });
    if (outcome === 'invalid') throw invalidToken();
    if (outcome === 'reused') {
      throw authError('REFRESH_TOKEN_REUSED', 'Refresh token already used; session revoked');
    }
    return outcome;
  }

  async logout(actor: Actor): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.update(
        Session,
        { id: actor.sessionId, revokedAt: IsNull() },
        { revokedAt: new Date(), revokedReason: 'logout' },
      );
      await this.audit.record(em, actor, {
        action: 'auth.logout',
        entityType: 'session',
        entityId: actor.sessionId,
      });
    });
  }

  async changePassword(actor: Actor, dto: ChangePasswordDto): Promise<void> {
    const len = passwordLength(dto.newPassword);
    if (len < PASSWORD_MIN || len > PASSWORD_MAX) {
      throw DomainError.invalidField(
        'newPassword',
        'length',
        `newPassword must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`,
      );
    }
    // Throttled like login, on the same counts: a stolen access token must not test passwords freely.
    const attempt = await this.throttle.begin(actor.username, actor.ip);
    const user = await this.db.read((em) => accountWithHash(em, { id: actor.userId }));
    if (!user || !(await this.hasher.verify(user.passwordHash, dto.currentPassword))) {
      await this.db.transaction((em) =>
        this.audit.record(em, actor, {
          action: 'auth.password_change_failed',
          entityType: 'user',
          entityId: actor.userId,
        }),
      );
      throw authError('WRONG_CURRENT_PASSWORD', 'currentPassword is wrong', [
        { field: 'currentPassword', rule: 'matches', message: 'currentPassword is wrong' },
      ]);
    }
    await this.throttle.succeeded(actor.username, actor.ip, attempt);
    const hash = await this.hasher.hash(dto.newPassword);
    await this.db.transaction(async (em) => {
      await em.update(User, { id: user.id }, { passwordHash: hash, version: user.version + 1 });
      // API.md: the other sessions are revoked (a stolen token stops working); this one goes on.
      await em.update(
        Session,
        { userId: user.id, revokedAt: IsNull(), id: Not(actor.sessionId) },
        { revokedAt: new Date(), revokedReason: 'password_change' },
      );
      await this.audit.record(em, actor, {
        action: 'auth.password_changed',
        entityType: 'user',
        entityId: user.id,
      });
    });
  }

  /**
   * A member whose membership has ended (expelled) gives the right password: 403 MEMBER_EXPELLED,
   * their open sessions revoked, the refusal in the audit log. Their records stay.
   */
  private async refuseEndedMembership(
    user: User,
    ctx: { requestId: string; ip: string; username: string },
  ): Promise<void> {
    const endedOn = await this.db.read((em) => membershipEndedOn(em, user.memberId!));
    if (!membershipEnded(endedOn, vnToday())) return;
    await this.db.transaction(async (em) => {
      await revokeMemberSessions(em, user.memberId!);
      await this.audit.record(
        em,
        { ...this.anonymous(ctx), userId: user.id },
        {
          action: 'auth.login_refused',
          entityType: 'user',
          entityId: user.id,
          reason: `member expelled on ${endedOn}`,
        },
      );
    });
    throw authError(
      'MEMBER_EXPELLED',
      `The member of this account was expelled on ${endedOn}; the account no longer signs in`,
      { expelledOn: endedOn },
    );
  }

  private anonymous(ctx: { requestId: string; ip: string; username: string }): Actor {
    return {
      userId: 'system',
      username: ctx.username,
      sessionId: 'none',
      memberId: null,
      roles: [],
      permissions: new Set(),
      requestId: ctx.requestId,
      ip: ctx.ip,
    };
  }
}
