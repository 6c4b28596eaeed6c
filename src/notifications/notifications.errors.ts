import { errorFactory, type ErrorCatalog } from '../common/domain-error.js';

export const NotificationErrors = {
  NOTIFICATION_NOT_FOUND: 'not_found',
} as const satisfies ErrorCatalog;

export const notificationError = errorFactory(NotificationErrors);
