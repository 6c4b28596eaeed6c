import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Actor } from './actor.js';
import { Permission } from './permissions.js';

export const PERMISSION_KEY = 'camket:permission';
export const PUBLIC_KEY = 'camket:public';
export const REFRESH_COOKIE_KEY = 'camket:refresh-cookie';

/** Declares the one permission a route needs. Routes without it (and not @Public) are denied. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** Marks a route as reachable without a token. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * The route also accepts the browser's refresh cookie in place of a valid bearer token (logout: a tab
 * whose access token expired can still end its session). It still declares its permission.
 */
export const AcceptsRefreshCookie = () => SetMetadata(REFRESH_COOKIE_KEY, true);

export type RequestWithActor = FastifyRequest & { actor?: Actor };

/** The authenticated caller of this request. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<RequestWithActor>();
  if (!req.actor) throw new Error('CurrentActor used on a route without authentication');
  return req.actor;
});
