import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * PostgreSQL for the e2e suite. When TEST_DATABASE_URL (or DATABASE_URL) points at a server, every
 * test file gets a fresh, empty database of its own on it, so files run in parallel and in any order
 * exactly as they do on their fresh SQLite files; the database is dropped when the file's app closes.
 * The URL names a database to connect to for CREATE/DROP DATABASE (usually `postgres`).
 */
export interface TestPostgres {
  url: string;
  drop: () => Promise<void>;
}

export function testPostgresUrl(env: Record<string, string | undefined> = process.env): string | null {
  const url = (env.TEST_DATABASE_URL ?? env.DATABASE_URL)?.trim();
  return url ? url : null;
}

/** Runs maintenance statements (CREATE/DROP DATABASE) on the server behind `url`, outside any transaction. */
async function admin(url: string, sql: string): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url, extra: { max: 1 } });
  await ds.initialize();
  try {
    await ds.query(sql);
  } finally {
    await ds.destroy();
  }
}

/** Creates `camket_test_<random>` on the server behind `baseUrl`; null when no server is configured. */
export async function freshPostgresDatabase(baseUrl = testPostgresUrl()): Promise<TestPostgres | null> {
  if (!baseUrl) return null;
  const name = `camket_test_${randomBytes(6).toString('hex')}`;
  // UTF8 with the C collation: byte order, the same as SQLite's default, and independent of the host locale.
  await admin(
    baseUrl,
    `CREATE DATABASE "${name}" ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`,
  );
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => dropWithRetry(baseUrl, name),
  };
}

/**
 * Drops a test database. FORCE terminates its sessions, which the test role may not do to a
 * backend it does not own (autovacuum, a server-side worker), so retry a few times; a database
 * that still cannot be dropped is left behind with a warning rather than failing the test file.
 */
async function dropWithRetry(baseUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      return;
    } catch (e) {
      if (attempt >= 5) {
        console.warn(`could not drop test database ${name}: ${(e as Error).message}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}
