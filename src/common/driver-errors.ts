import { QueryFailedError } from 'typeorm';

/** The database driver's error code (SQLite `SQLITE_…`, PostgreSQL SQLSTATE) of a failed query. */
export function driverCode(error: unknown): unknown {
  if (!(error instanceof QueryFailedError)) return undefined;
  return (error.driverError as { code?: unknown } | undefined)?.code;
}

/**
 * A unique index refused a write that raced past the service's own duplicate check. On SQLite the
 * writer lock makes the check and the insert atomic; on PostgreSQL transactions run side by side
 * (READ COMMITTED), so two requests can both pass the check and the index decides: a 409, not a 500.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
