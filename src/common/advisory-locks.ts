/**
 * PostgreSQL advisory lock keys (one bigint space per database), so work that must happen once per
 * database is done by one process at a time: migrations and the first admin at start, each scheduled job's run.
 */
export const AdvisoryLock = {
  Migrations: 7_261_001,
  Reminders: 7_261_002,
  NotificationOutbox: 7_261_003,
  FirstAdmin: 7_261_004,
} as const;
export type AdvisoryLock = (typeof AdvisoryLock)[keyof typeof AdvisoryLock];
