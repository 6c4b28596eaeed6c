import { PERMISSIONS, ROLES } from '../common/permissions.js';
import {
  arrayOf,
  component,
  describe,
  integer,
  nullable,
  object,
  omit,
  oneOf,
  ref,
  type Static,
  text,
  uuid,
} from '../common/schema-kit.js';

/** The shapes auth answers (common/schema-kit.ts: the schema and its type in one declaration). */

export const roleAssignment = object({ role: oneOf(ROLES), organizationId: nullable(uuid) });

export const Me = component(
  'Me',
  object({
    id: uuid,
    username: text(),
    memberId: nullable(uuid),
    /** The linked member's full name and current cell; null for an account without a member. */
    fullName: nullable(text()),
    cellId: nullable(uuid),
    roles: arrayOf(roleAssignment),
    permissions: arrayOf(oneOf(PERMISSIONS), { uniqueItems: true }),
  }),
);
export type Me = Static<typeof Me>;

export const TokenPair = component(
  'TokenPair',
  object({
    accessToken: text(),
    refreshToken: text(),
    expiresIn: integer({ minimum: 1 }),
    user: ref(Me),
  }),
);
export type TokenPair = Static<typeof TokenPair>;

/**
 * The answer of a browser session (login with `session: "cookie"`, refresh without a body token): the
 * refresh token is only in the `camket_refresh` cookie (httpOnly, SameSite=Strict, Path=/api/auth).
 */
export const BrowserSession = component(
  'BrowserSession',
  describe(
    omit(TokenPair, ['refreshToken']),
    'Set-Cookie: camket_refresh=<refresh token>; HttpOnly; SameSite=Strict; Path=/api/auth; Max-Age=<refresh TTL> (Secure over HTTPS)',
  ),
);
export type BrowserSession = Static<typeof BrowserSession>;
