import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { commonError } from '../common/domain-error.js';
import { Actor } from '../common/actor.js';
import { AuthService } from './auth.service.js';
import {
  PERMISSION_KEY,
  PUBLIC_KEY,
  REFRESH_COOKIE_KEY,
  RequestWithActor,
} from '../common/auth-decorators.js';
import { Permission } from '../common/permissions.js';
import { refreshCookieOf } from './refresh-cookie.js';

interface RouteDeclaration {
  isPublic: boolean;
  permission?: Permission;
  refreshCookie: boolean;
}

/**
 * Layer one of authorization, global: a route is reachable only if it is marked @Public or
 * declares a permission from the catalog that one of the caller's roles grants. Anything
 * undeclared is denied. Layer two (the record's scope) is AccessService, in the services.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  /**
   * What each route declares, read once per controller class and handler (decorator metadata does
   * not change while the app runs; keyed by both, as an inherited handler serves several classes).
   */
  private readonly declared = new WeakMap<object, WeakMap<object, RouteDeclaration>>();

  /** Synchronous when the caller's token is in the ActorCache (nearly every request): no promise. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byHandler = this.declared.get(controller);
    if (!byHandler) this.declared.set(controller, (byHandler = new WeakMap()));
    let route = byHandler.get(handler);
    if (!route) {
      const targets = [handler, controller];
      route = {
        isPublic: Boolean(this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)),
        permission: this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets),
        refreshCookie: Boolean(this.reflector.getAllAndOverride<boolean>(REFRESH_COOKIE_KEY, targets)),
      };
      byHandler.set(handler, route);
    }
    if (route.isPublic) return true;

    const req = context.switchToHttp().getRequest<RequestWithActor>();
    const header = req.headers.authorization;
    const token = typeof header === 'string' && header.startsWith(BEARER) ? header.slice(BEARER.length) : '';
    // A cached token is one that passed the pattern below when it was first verified.
    const cached = token ? this.auth.cachedActor(token, req.ip, String(req.id)) : null;
    if (cached) return permitted(req, cached, route.permission);
    const permission = route.permission;
    // A route that accepts the refresh cookie (logout) falls back to it when the bearer token is
    // missing or no longer valid.
    const cookie = route.refreshCookie ? refreshCookieOf(req) : undefined;
    const ip = req.ip;
    const requestId = String(req.id);
    let actor: Promise<Actor>;
    if (TOKEN.test(token)) {
      actor = this.auth.authenticate(token, ip, requestId);
      if (cookie) actor = actor.catch(() => this.auth.authenticateRefreshToken(cookie, ip, requestId));
    } else if (cookie) {
      actor = this.auth.authenticateRefreshToken(cookie, ip, requestId);
    } else {
      throw commonError('UNAUTHENTICATED', 'Missing or malformed bearer token');
    }
    return actor.then((a) => permitted(req, a, permission));
  }
}

const BEARER = 'Bearer ';
const TOKEN = /^[A-Za-z0-9._-]+$/;

function permitted(req: RequestWithActor, actor: Actor, permission: Permission | undefined): true {
  req.actor = actor;
  if (!permission) {
    throw commonError('FORBIDDEN', 'This route declares no permission and is closed');
  }
  if (!actor.permissions.has(permission)) {
    throw commonError('FORBIDDEN', `Your roles do not grant ${permission}`);
  }
  return true;
}
