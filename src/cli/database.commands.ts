import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { typeormOptions } from '../common/typeorm-options.js';
import { AppConfig } from '../config/config.js';
import { CliCommand, CliError } from './cli-io.js';
import { backupDatabase, checkDatabaseFile, isDatabaseInUse, restoreDatabase } from './sqlite-files.js';

function sqlitePath(config: AppConfig, command: string): string {
  if (config.database.type !== 'better-sqlite3') {
    throw new CliError(
      `${command} works on the embedded SQLite database; for PostgreSQL use pg_dump / pg_restore`,
    );
  }
  if (config.database.path === ':memory:')
    throw new CliError(`${command} needs a database file, not :memory:`);
  return resolve(config.database.path);
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(2)} MB`;

@Command({
  name: 'backup',
  arguments: '<file>',
  description:
    'Copy the SQLite database to <file> with the online backup API (the service may keep running), then check the copy',
})
export class BackupCommand extends CliCommand {
  @Option({ flags: '-f, --force', description: 'overwrite <file> if it exists' })
  parseForce(): boolean {
    return true;
  }

  protected async execute([file]: string[], options: { force?: boolean }): Promise<void> {
    const source = sqlitePath(this.config, 'backup');
    const target = resolve(file);
    if (!existsSync(source)) throw new CliError(`No database at ${source}`);
    if (target === source) throw new CliError('The backup file must not be the database itself');
    if (existsSync(target) && !options.force)
      throw new CliError(`${target} exists; pass --force to overwrite it`);
    const size = await backupDatabase(source, target);
    const check = checkDatabaseFile(target);
    if (!check.ok)
      throw new CliError(`Backup written to ${target} but its check failed: ${check.problems.join('; ')}`);
    this.io.out(
      `Backed up ${source} to ${target} (${mb(size)}, ${check.tables} tables, ${check.migrations} migrations).`,
    );
    this.io.out('Integrity check of the copy: ok.');
  }
}

@Command({
  name: 'restore',
  arguments: '<file>',
  description:
    'Replace the SQLite database with a backup; refuses while the service (or anything else) has the database open',
})
export class RestoreCommand extends CliCommand {
  protected async execute([file]: string[]): Promise<void> {
    const target = sqlitePath(this.config, 'restore');
    const backup = resolve(file);
    if (!existsSync(backup)) throw new CliError(`No backup at ${backup}`);
    const check = checkDatabaseFile(backup);
    if (!check.ok)
      throw new CliError(`${backup} failed its check, nothing restored: ${check.problems.join('; ')}`);
    if (isDatabaseInUse(target)) {
      throw new CliError(
        `The database ${target} is in use (is the service running?). Stop the service, then restore.`,
      );
    }
    const { previous } = restoreDatabase(backup, target);
    this.io.out(
      `Restored ${target} from ${backup} (${check.tables} tables, ${check.migrations} migrations; integrity ok).`,
    );
    if (previous) this.io.out(`The database it replaced is kept as ${previous}.`);
  }
}

@Command({
  name: 'migrate',
  description: 'Apply pending database migrations (the service also applies them when it starts)',
})
export class MigrateCommand extends CliCommand {
  @Option({ flags: '--check', description: 'only say whether migrations are pending (exit code 1 if so)' })
  parseCheck(): boolean {
    return true;
  }

  protected async execute(_params: string[], options: { check?: boolean }): Promise<void> {
    const ds = new DataSource({ ...typeormOptions(this.config), migrationsRun: false });
    await ds.initialize();
    try {
      const pending = await ds.showMigrations();
      if (options.check) {
        this.io.out(pending ? 'Migrations are pending.' : 'The database is up to date.');
        if (pending) process.exitCode = 1;
        return;
      }
      const applied = await ds.runMigrations({ transaction: 'each' });
      if (applied.length === 0) this.io.out('The database is up to date; no migration applied.');
      for (const m of applied) this.io.out(`Applied ${m.name}`);
    } finally {
      await ds.destroy();
    }
  }
}
