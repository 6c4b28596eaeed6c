import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { DEFAULT_POOL_SIZE, DEFAULT_STATEMENT_CACHE } from '../config/config.js';
import { typeormOptions } from '../common/typeorm-options.js';
import { CliCommand, CliError } from './cli-io.js';
import { copySqliteToPostgres, CopyRefused } from './copy-to-postgres.js';
import { checkDatabaseFile } from './sqlite-files.js';

/** Shows a connection URL without its password. */
function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

@Command({
  name: 'copy-to-postgres',
  arguments: '<url>',
  description:
    'Copy every row of the SQLite database into an empty PostgreSQL database at <url> (migrated first), in one transaction',
})
export class CopyToPostgresCommand extends CliCommand {
  @Option({ flags: '--from <file>', description: 'the SQLite file to copy (default: DATABASE_PATH)' })
  parseFrom(value: string): string {
    return value;
  }

  protected async execute([url]: string[], options: { from?: string }): Promise<void> {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new CliError('<url> must be a postgres:// connection URL');
    const fromConfig = this.config.database.type === 'better-sqlite3' ? this.config.database.path : undefined;
    const file = options.from ?? fromConfig;
    if (!file || file === ':memory:')
      throw new CliError('name the SQLite file to copy with --from <file> (DATABASE_PATH is not a file)');
    const source = resolve(file);
    if (!existsSync(source)) throw new CliError(`No database at ${source}`);
    const check = checkDatabaseFile(source);
    if (!check.ok) throw new CliError(`The source failed its check: ${check.problems.join('; ')}`);

    // Migrating the target is the service's own start-up step (migrationsRun), so both schemas match.
    const target = new DataSource(
      typeormOptions({
        ...this.config,
        database: {
          type: 'postgres',
          url,
          poolSize: DEFAULT_POOL_SIZE,
          statementCache: DEFAULT_STATEMENT_CACHE,
        },
      }),
    );
    try {
      await target.initialize();
    } catch (e) {
      throw new CliError(`Cannot open or migrate ${redacted(url)}: ${(e as Error).message}`);
    }
    try {
      let last = '';
      const result = await copySqliteToPostgres(source, target, ({ table, rows }) => {
        if (this.io.interactive) process.stderr.write(`\r${table}: ${rows} rows   `);
        last = table;
      });
      if (this.io.interactive && last) process.stderr.write('\n');
      for (const t of result.tables) this.io.out(`${t.table}: ${t.rows} rows`);
      this.io.out(
        `Copied ${result.rows} rows in ${result.tables.length} tables from ${source} to ${redacted(url)} in ${result.seconds.toFixed(1)} s; foreign keys re-checked, row counts equal.`,
      );
      this.io.out('Point the service at it with DATABASE_URL and restart it.');
    } catch (e) {
      if (e instanceof CopyRefused) throw new CliError(`Nothing copied: ${e.message}`);
      throw new CliError(`Nothing copied (the transaction was rolled back): ${(e as Error).message}`);
    } finally {
      await target.destroy();
    }
  }
}
