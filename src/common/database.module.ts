import { Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/config.js';
import { CacheBus } from './cache-bus.js';
import { CacheStats } from './cache-stats.js';
import { Database } from './database.service.js';
import { DomainEvents } from './domain-events.js';
import { ReadCache } from './read-cache.js';
import { TableVersions } from './table-versions.js';
import { openDataSource, SQLITE_PRAGMAS, typeormOptions } from './typeorm-options.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ ...typeormOptions(config), autoLoadEntities: true }),
      dataSourceFactory: (options) => openDataSource(options!),
    }),
  ],
  providers: [Database, CacheBus, TableVersions, ReadCache, DomainEvents, CacheStats],
  exports: [Database, CacheBus, TableVersions, ReadCache, DomainEvents, CacheStats],
})
export class DatabaseModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Refuse to run on a SQLite connection without the durability settings. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.db.isSqlite) return;
    const read = async (name: string) => {
      const rows: Array<Record<string, unknown>> = await this.db.dataSource.query(`PRAGMA ${name}`);
      return Object.values(rows[0] ?? {})[0];
    };
    const actual = {
      journal_mode: String(await read('journal_mode')).toLowerCase(),
      synchronous: Number(await read('synchronous')),
      foreign_keys: Number(await read('foreign_keys')),
      busy_timeout: Number(await read('busy_timeout')),
    };
    const memory = this.config.database.type === 'better-sqlite3' && this.config.database.path === ':memory:';
    for (const [key, want] of Object.entries(SQLITE_PRAGMAS)) {
      const got = actual[key as keyof typeof actual];
      if (key === 'journal_mode' && memory) continue;
      if (got !== want) throw new Error(`SQLite PRAGMA ${key} is ${String(got)}, expected ${String(want)}`);
    }
    this.logger.log(`SQLite ready: ${JSON.stringify(actual)}`);
  }
}
