import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { configureApp, fastifyOptions } from '../../src/app.setup.js';
import { AppConfig, loadConfig } from '../../src/config/config.js';
import { createLogging } from '../../src/logging/logging.js';
import { freshPostgresDatabase, TestPostgres } from './postgres.js';
import { scanPayload, SecretLeak } from './secrets-scan.js';

export const ADMIN_PASSWORD = 'Mật-khẩu-quản-trị-2026';
/** Password every factory-made account gets (with Vietnamese letters on purpose). */
export const PASSWORD = 'Đảng-viên-mật-khẩu-01';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  /** Secrets found in response bodies so far (see secrets-scan.ts); close() fails when any. */
  leaks: SecretLeak[];
  close: () => Promise<void>;
}

/**
 * The real application (same module, pipes, filters, guards as main.ts) on a fresh SQLite file
 * with migrations applied. One per test file.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  /** Extra modules mounted next to the app (e.g. a probe controller in a test). */
  extraImports: Array<Type | DynamicModule> = [],
  options: {
    /** Where the application's log lines go (pino, JSON); by default Nest's console logger, errors only. */
    logDestination?: DestinationStream;
    /**
     * A PostgreSQL database the caller made (freshPostgresDatabase) and drops itself, so several apps
     * can serve one database; without it each app gets a fresh one.
     */
    database?: TestPostgres;
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'camket-e2e-'));
  // With TEST_DATABASE_URL set (npm run test:pg), a fresh PostgreSQL database instead of the SQLite file.
  const given = options.database;
  const pg = given ?? (await freshPostgresDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_PATH: join(dir, 'test.sqlite'),
    ...(pg ? { DATABASE_URL: pg.url } : {}),
    ADMIN_PASSWORD,
    LOG_LEVEL: 'error',
    LOGIN_MAX_FAILURES_PER_IP: '10000',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config), ...extraImports],
  }).compile();
  const logging = options.logDestination ? createLogging(config, options.logDestination) : undefined;
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    new FastifyAdapter(fastifyOptions(config)),
    {
      logger: logging?.nest ?? ['error'],
    },
  );
  await configureApp(app, config, logging);
  const leaks: SecretLeak[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (req, reply, payload) => {
      leaks.push(...scanPayload(payload, String(reply.getHeader('content-type') ?? ''), req.url));
      return payload;
    });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    http: () => request(app.getHttpServer()),
    leaks,
    close: async () => {
      await app.close();
      if (!given) await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
      if (leaks.length > 0)
        throw new Error(
          `Secrets in response bodies:\n${leaks.map((l) => `${l.url} ${l.path}: ${l.reason}`).join('\n')}`,
        );
    },
  };
}
