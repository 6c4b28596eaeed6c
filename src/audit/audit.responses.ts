import { dateTime, nullable, object, type S, type Static, str, text, uuid } from '../common/schema-kit.js';

/** The shapes audit answers (common/schema-kit.ts: the schema and its type in one declaration). */

/** Fields that hold a secret in some table or request: never part of an audited change. */
const SECRET_FIELDS = [
  'password',
  'passwordHash',
  'newPassword',
  'currentPassword',
  'accessToken',
  'refreshToken',
  'token',
  'secret',
  'secretHash',
  'refreshHash',
];

/**
 * The fields of a change: free-form by design, but never a secret (OpenAPI 3.0 has no
 * propertyNames: the secret fields are named).
 */
const changes: S<unknown> = {
  type: 'object',
  nullable: true,
  not: {
    anyOf: SECRET_FIELDS.map((name) => ({ type: 'object', properties: { [name]: {} }, required: [name] })),
  },
};

/** One entry of GET /api/audit-log. */
export const AuditEntryView = object({
  id: uuid,
  at: dateTime,
  actorUserId: nullable(uuid),
  actorUsername: nullable(str),
  action: text(),
  entityType: text(),
  entityId: nullable(str),
  organizationPath: nullable(str),
  changes,
  reason: nullable(str),
  requestId: nullable(str),
  ip: nullable(str),
});
export type AuditEntryView = Static<typeof AuditEntryView>;
