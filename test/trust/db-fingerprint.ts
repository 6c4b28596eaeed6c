import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';

/**
 * A hash of every row of every table (SQLite), to prove that refused requests changed nothing.
 * `except` leaves out append-only tables that legitimately grow on refusals (none by default).
 */
export async function dbFingerprint(
  app: NestFastifyApplication,
  except: string[] = [],
): Promise<{ hash: string; rows: number }> {
  const ds = app.get(DataSource);
  const tables: Array<{ name: string }> = await ds.query(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
  );
  const h = createHash('sha256');
  let rows = 0;
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    const data: unknown[] = await ds.query(`SELECT * FROM "${name}" ORDER BY rowid`);
    rows += data.length;
    h.update(name).update(JSON.stringify(data));
  }
  return { hash: h.digest('hex'), rows };
}
