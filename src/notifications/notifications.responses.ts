import {
  component,
  count,
  dateTime,
  integer,
  keysOf,
  nullable,
  object,
  oneOf,
  page,
  ref,
  type Static,
  str,
  text,
  uuid,
} from '../common/schema-kit.js';
import { NOTIFICATION_KINDS } from './notifications.rules.js';

/** The shapes notifications answers (common/schema-kit.ts: the schema and its type in one declaration). */

export const NotificationView = component(
  'NotificationView',
  object({
    id: uuid,
    kind: oneOf(NOTIFICATION_KINDS),
    title: text(),
    body: str,
    entityType: nullable(str),
    entityId: nullable(uuid),
    readAt: nullable(dateTime),
    createdAt: dateTime,
  }),
);
export type NotificationView = Static<typeof NotificationView>;

const reminderSettings = {
  registrationLeadDays: count,
  resultsLeadDays: count,
  queueStaleDays: count,
  cellBehindPercent: integer({ minimum: 0, maximum: 100 }),
};
export const NotificationSettingsView = component(
  'NotificationSettingsView',
  object({
    organizationId: uuid,
    /** Only what this organisation set itself. */
    own: object(reminderSettings, keysOf(reminderSettings)),
    effective: object(reminderSettings),
  }),
);
export type NotificationSettingsView = Static<typeof NotificationSettingsView>;

/** GET /api/notifications: a page of the caller's, with how many are unread in all. */
export const NotificationPage = page(ref(NotificationView), { unread: count });
export type NotificationPage = Static<typeof NotificationPage>;

/** POST /api/notifications/read-all: how many were marked read. */
export const ReadAll = object({ updated: count });
export type ReadAll = Static<typeof ReadAll>;
