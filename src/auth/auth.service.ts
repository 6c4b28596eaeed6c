import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor.js';
import { Database } from '../common/database.service.js';
import { vnToday } from '../common/dates.js';
import { ActorCache } from './actor-cache.js';
import { invalidToken } from './auth.errors.js';
import { liveSessionAccount } from './auth.repository.js';
import type { Me } from './auth.responses.js';
import { Account, forRequest, meOf, whoIs } from './identity.js';
import { membershipEnded, membershipEndsAt, revokeMemberSessions } from './membership.js';
import { Session } from './session.entity.js';
import { AccessClaims, sameHash, sha256, splitRefreshToken } from './tokens.js';
import { User } from './user.entity.js';

/**
 * Who is calling: the actor behind an access token (or the logout route's refresh cookie), `me`, and
 * the actor of an account outside a request. Sessions begin and end in SessionsService.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly jwt: JwtService,
    private readonly actors: ActorCache,
  ) {}

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
      return { actor: await whoIs(em, row, claims.sid), endedOn: row.membershipEndedOn };
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
      return user ? whoIs(em, user, session.id) : null;
    });
    if (!actor) throw invalidToken();
    return forRequest(actor, requestId, ip);
  }

  async me(actor: Actor): Promise<Me> {
    const account = { id: actor.userId, username: actor.username, memberId: actor.memberId };
    return this.db.read((em) => meOf(em, account, actor.roles, actor.permissions));
  }

  /**
   * The actor a signed-in user is, outside any request: for work done as a user by the service itself
   * (the demo seed acts as its logins through the same use cases as the HTTP routes). The same roles
   * and permissions `authenticate` gives that user's requests.
   */
  async actorOf(em: EntityManager, user: Account, sessionId: string): Promise<Actor> {
    return forRequest(await whoIs(em, user, sessionId), sessionId, '127.0.0.1');
  }
}
