import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { EntityManager, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, AppConfig } from '../config/config.js';
import { DomainError } from '../common/domain-error.js';
import { authError } from './auth.errors.js';
import { Database } from '../common/database.service.js';
import { User } from './user.entity.js';
import { Actor, ActorRole } from '../common/actor.js';
import { ActorCache, CachedActor } from './actor-cache.js';
import { ChangePasswordDto, LoginDto } from './auth.dto.js';
import type { Me, TokenPair } from './auth.responses.js';
import { LoginLimiter } from './login-limiter.js';
import {
  accountWithHash,
  liveSessionAccount,
  memberCell,
  membershipEndedOn,
  storedRoles,
} from './auth.repository.js';
import { PASSWORD_MAX, PASSWORD_MIN, PasswordHasher, passwordLength } from './passwords.js';
import { permissionsOf } from '../common/role-permissions.js';
import { Session } from './session.entity.js';
import { vnToday } from '../common/dates.js';
import { membershipEnded, membershipEndsAt, revokeMemberSessions } from './membership.js';
import {
  AccessClaims,
  issuedGeneration,
  newRefreshSecret,
  refreshTagKey,
  sameHash,
  sha256,
  splitRefreshToken,
} from './tokens.js';

/** One request's actor, a literal of fixed shape (spreading the cached one was the guard's largest cost). */
function forRequest(cached: CachedActor, requestId: string, ip: string): Actor {
  return {
    userId: cached.userId,
    username: cached.username,
    sessionId: cached.sessionId,
    memberId: cached.memberId,
    roles: cached.roles,
    permissions: cached.permissions,
    requestId,
    ip,
  };
}

/**
 * Who a session is depends on the organisation tree (a role's path) and the member's current cell and
 * name. auth/ sits below organizations/ and members/, so it reads their tables by name, read-only,
 * as membership.ts reads disciplinary records; they keep owning them.
 */
const MEMBER = 'member';
interface MemberProfile {
  id: string;
  fullName: string;
  cellId: string;
}

const invalidToken = () => authError('INVALID_TOKEN', 'Invalid or expired token');

@Injectable()
export class AuthService {
  private readonly refreshKey: Buffer;

  constructor(
    private readonly db: Database,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginLimiter,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly actors: ActorCache,
  ) {
    this.refreshKey = refreshTagKey(config.auth.jwtSecret);
  }

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
      const secret = newRefreshSecret(this.refreshKey, sessionId, 0);
      const session = await em.save(
        em.create(Session, {
          id: sessionId,
          userId: user.id,
          refreshHash: sha256(secret),
          generation: 0,
          expiresAt: new Date(Date.now() + this.config.auth.refreshTokenTtlSeconds * 1000),
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
      return this.issue(em, user, session.id, secret);
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
        const issued = issuedGeneration(this.refreshKey, session.id, parts.secret);
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
      const secret = newRefreshSecret(this.refreshKey, session.id, session.generation + 1);
      const res = await em.update(
        Session,
        { id: session.id, generation: session.generation, revokedAt: IsNull() },
        { refreshHash: sha256(secret), generation: session.generation + 1, lastUsedAt: new Date() },
      );
      if (res.affected !== 1) return 'invalid' as const;
      return this.issue(em, user, session.id, secret);
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
   * The caller behind an access token this process has already verified and loaded, or null (then
   * `authenticate`). Synchronous: the guard answers a cache hit without a promise.
   */
  cachedActor(token: string, ip: string, requestId: string): Actor | null {
    // Who the session is changes rarely and every change empties the cache (see ActorCache).
    const cached = this.actors.get(token);
    return cached ? forRequest(cached, requestId, ip) : null;
  }

  /** Verifies an access token and loads the caller; any failure is a 401. */
  async authenticate(token: string, ip: string, requestId: string): Promise<Actor> {
    const cached = this.cachedActor(token, ip, requestId);
    if (cached) return cached;
    const epoch = this.actors.currentEpoch;
    let claims: AccessClaims & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<AccessClaims & { exp?: number }>(token, { algorithms: ['HS256'] });
    } catch {
      throw invalidToken();
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string')
      throw invalidToken();
    const actor = await this.db.read(async (em) => {
      const row = await liveSessionAccount(em, claims.sid, claims.sub);
      if (!row) throw invalidToken();
      return { actor: await this.whoIs(em, row, claims.sid), endedOn: row.membershipEndedOn };
    });
    const memberId = actor.actor.memberId;
    if (memberId && membershipEnded(actor.endedOn, vnToday())) {
      // The expulsion took effect after the session began (or was written outside this process).
      await this.db.transaction((em) => revokeMemberSessions(em, memberId));
      throw invalidToken();
    }
    if (typeof claims.exp === 'number') {
      // Never cached past the day an expulsion takes effect.
      const until = actor.endedOn ? membershipEndsAt(actor.endedOn) : undefined;
      this.actors.set(token, actor.actor, epoch, claims.exp, until);
    }
    return forRequest(actor.actor, requestId, ip);
  }

  /**
   * The caller behind a refresh token, without rotating it: for the one route that accepts the
   * browser's refresh cookie in place of an access token (logout). Any failure is a 401; a rotated
   * token is refused but revokes nothing here (refresh is where reuse is detected).
   */
  async authenticateRefreshToken(refreshToken: string, ip: string, requestId: string): Promise<Actor> {
    const parts = splitRefreshToken(refreshToken);
    if (!parts) throw invalidToken();
    const actor = await this.db.read(async (em) => {
      const session = await em.findOneBy(Session, { id: parts.sessionId });
      if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return null;
      if (!sameHash(session.refreshHash, sha256(parts.secret))) return null;
      const user = await em.findOneBy(User, { id: session.userId, isActive: true });
      return user ? this.whoIs(em, user, session.id) : null;
    });
    if (!actor) throw invalidToken();
    return forRequest(actor, requestId, ip);
  }

  async me(actor: Actor): Promise<Me> {
    const profile = await this.db.read((em) => this.profileOf(em, actor.memberId));
    return {
      id: actor.userId,
      username: actor.username,
      memberId: actor.memberId,
      ...profile,
      roles: actor.roles.map((r) => ({ role: r.role, organizationId: r.organizationId })),
      permissions: [...actor.permissions],
    };
  }

  /** The name and cell the web client shows for the person signed in. */
  private async profileOf(
    em: EntityManager,
    memberId: string | null,
  ): Promise<{ fullName: string | null; cellId: string | null }> {
    const member = memberId
      ? await em.findOne<MemberProfile>(MEMBER, {
          where: { id: memberId },
          select: { fullName: true, cellId: true },
        })
      : null;
    return { fullName: member?.fullName ?? null, cellId: member?.cellId ?? null };
  }

  /**
   * The actor a signed-in user is, outside any request: for work done as a user by the service itself
   * (the demo seed acts as its logins through the same use cases as the HTTP routes). The same roles
   * and permissions `authenticate` gives that user's requests.
   */
  async actorOf(
    em: EntityManager,
    user: { id: string; username: string; memberId: string | null },
    sessionId: string,
  ): Promise<Actor> {
    return forRequest(await this.whoIs(em, user, sessionId), sessionId, '127.0.0.1');
  }

  /** Who a user is in a session: stored roles plus the implicit member role, and their permissions. */
  private async whoIs(
    em: EntityManager,
    user: { id: string; username: string; memberId: string | null },
    sessionId: string,
  ): Promise<CachedActor> {
    const roles = await this.loadRoles(em, user.id, user.memberId);
    return {
      userId: user.id,
      username: user.username,
      sessionId,
      memberId: user.memberId,
      roles,
      permissions: new Set(permissionsOf(roles.map((r) => r.role))),
    };
  }

  /** Stored roles plus the implicit `member` role of an account linked to a member (scoped to their cell). */
  private async loadRoles(em: EntityManager, userId: string, memberId: string | null): Promise<ActorRole[]> {
    const stored = await storedRoles(em, userId);
    const roles = stored.filter((r) => r.role !== 'member');
    if (memberId) {
      const cell = await memberCell(em, memberId);
      if (cell) roles.unshift({ role: 'member', organizationId: cell.id, organizationPath: cell.path });
    }
    return roles;
  }

  private async issue(em: EntityManager, user: User, sessionId: string, secret: string): Promise<TokenPair> {
    const claims: AccessClaims = { sub: user.id, sid: sessionId, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims);
    const roles = await this.loadRoles(em, user.id, user.memberId);
    return {
      accessToken,
      refreshToken: `${sessionId}.${secret}`,
      expiresIn: this.config.auth.accessTokenTtlSeconds,
      user: {
        id: user.id,
        username: user.username,
        memberId: user.memberId,
        ...(await this.profileOf(em, user.memberId)),
        roles: roles.map((r) => ({ role: r.role, organizationId: r.organizationId })),
        permissions: permissionsOf(roles.map((r) => r.role)),
      },
    };
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
