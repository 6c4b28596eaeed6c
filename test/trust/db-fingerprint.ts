import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';

/**
 * A hash of every row of every table (SQLite or PostgreSQL), to prove that refused requests changed nothing.
 * `except` leaves out append-only tables that legitimately grow on refusals (none by default).
 */
export async function dbFingerprint(
  app: NestFastifyApplication,
  except: string[] = [],
): Promise<{ hash: string; rows: number }> {
  const ds = app.get(DataSource);
  const postgres = ds.options.type === 'postgres';
  const tables: Array<{ name: string }> = await ds.query(
    postgres
      ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
      : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
  );
  const h = createHash('sha256');
  let rows = 0;
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    // PostgreSQL has no rowid: order by the whole row as text, which is as deterministic.
    const data: unknown[] = await ds.query(
      postgres ? `SELECT * FROM "${name}" AS t ORDER BY t::text` : `SELECT * FROM "${name}" ORDER BY rowid`,
    );
    rows += data.length;
    h.update(name).update(JSON.stringify(data));
  }
  return { hash: h.digest('hex'), rows };
}
