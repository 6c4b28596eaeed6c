import Sqlite from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';

/** Files that belong to one SQLite database in WAL mode. */
export function companions(path: string): string[] {
  return [`${path}-wal`, `${path}-shm`, `${path}-journal`];
}

export interface CheckResult {
  ok: boolean;
  problems: string[];
  tables: number;
  migrations: number;
}

/** `PRAGMA integrity_check` and `foreign_key_check` on a database file, opened read-only. */
export function checkDatabaseFile(path: string): CheckResult {
  const db = new Sqlite(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const problems = integrity.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    const fk = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
    for (const f of fk.slice(0, 20)) problems.push(`foreign key: ${f.table} row ${f.rowid} -> ${f.parent}`);
    const tables = (
      db.prepare(`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number }
    ).n;
    const hasMigrations = db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`)
      .get();
    const migrations = hasMigrations
      ? (db.prepare('SELECT COUNT(*) AS n FROM migrations').get() as { n: number }).n
      : 0;
    if (!hasMigrations) problems.push('not a camket database (no migrations table)');
    return { ok: problems.length === 0, problems, tables, migrations };
  } finally {
    db.close();
  }
}

/**
 * Online backup with SQLite's backup API: consistent even while the service writes (WAL), page by
 * page, without stopping it. Answers the size of the copy in bytes.
 */
export async function backupDatabase(
  source: string,
  target: string,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const db = new Sqlite(source, { fileMustExist: true });
  try {
    await db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        return 1000;
      },
    });
  } finally {
    db.close();
  }
  return statSync(target).size;
}

/**
 * True when another process has the database open (the running service). Taking SQLite's exclusive
 * locking mode in WAL needs every other connection closed; with a zero busy timeout it fails at once.
 */
export function isDatabaseInUse(path: string): boolean {
  if (!existsSync(path)) return false;
  const db = new Sqlite(path, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (e) {
    if (e instanceof Error && /locked|busy/i.test(e.message)) return true;
    throw e;
  } finally {
    db.close();
  }
}

/**
 * Replaces the database with a checked copy of the backup: copy next to the target, check the copy,
 * move the current file aside (kept as `<db>.before-restore`), then rename the copy into place.
 */
export function restoreDatabase(backup: string, target: string): { previous: string | null } {
  const staging = `${target}.restoring`;
  rmSync(staging, { force: true });
  copyFileSync(backup, staging);
  const check = checkDatabaseFile(staging);
  if (!check.ok) {
    rmSync(staging, { force: true });
    throw new Error(`The backup failed its check: ${check.problems.join('; ')}`);
  }
  let previous: string | null = null;
  if (existsSync(target)) {
    // Fold the write-ahead log into the file first, so the copy kept aside is complete.
    const current = new Sqlite(target, { fileMustExist: true });
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    previous = `${target}.before-restore`;
    rmSync(previous, { force: true });
    renameSync(target, previous);
  }
  for (const f of companions(target)) rmSync(f, { force: true });
  renameSync(staging, target);
  return { previous };
}
