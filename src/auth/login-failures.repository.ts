import { EntityManager } from 'typeorm';

// The `login_failure` table of the limiter shared by processes on PostgreSQL (login-limiter.ts).

/** Takes transaction-scoped advisory locks on the keys, in the order given. */
export async function lockFailureKeys(em: EntityManager, keys: string[]): Promise<void> {
  for (const key of keys) await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
}

/** The times of the newest `max` failures of a key after `since`, newest first. */
export function recentFailures(
  em: EntityManager,
  key: string,
  since: Date,
  max: number,
): Promise<Array<{ at: Date }>> {
  return em.query(
    'SELECT "at" FROM "login_failure" WHERE "key" = $1 AND "at" > $2 ORDER BY "at" DESC LIMIT $3',
    [key, since, max],
  );
}

/** Records a failure at `at` under each of three keys; the ids of the rows with their keys. */
export function insertFailures(
  em: EntityManager,
  keys: [string, string, string],
  at: Date,
): Promise<Array<{ id: string; key: string }>> {
  return em.query(
    'INSERT INTO "login_failure" ("key", "at") VALUES ($1, $4), ($2, $4), ($3, $4) RETURNING "id", "key"',
    [...keys, at],
  );
}

/** Deletes the failures at or before `before`. */
export async function pruneFailures(em: EntityManager, before: Date): Promise<void> {
  await em.query('DELETE FROM "login_failure" WHERE "at" <= $1', [before]);
}

/** Deletes every failure of two keys, and one row by id. */
export async function clearFailures(em: EntityManager, keys: [string, string], id: string): Promise<void> {
  await em.query('DELETE FROM "login_failure" WHERE "key" IN ($1, $2) OR "id" = $3', [...keys, id]);
}
