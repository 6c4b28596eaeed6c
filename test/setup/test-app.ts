import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { configureApp, fastifyOptions } from '../../src/app.setup.js';
import { AppConfig, loadConfig } from '../../src/config/config.js';

export const ADMIN_PASSWORD = 'Mật-khẩu-quản-trị-2026';
/** Password every factory-made account gets (with Vietnamese letters on purpose). */
export const PASSWORD = 'Đảng-viên-mật-khẩu-01';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

/**
 * The real application (same module, pipes, filters, guards as main.ts) on a fresh SQLite file
 * with migrations applied. One per test file.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'camket-e2e-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_PATH: join(dir, 'test.sqlite'),
    ADMIN_PASSWORD,
    LOG_LEVEL: 'error',
    LOGIN_MAX_FAILURES_PER_IP: '10000',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(fastifyOptions(config)), {
    logger: ['error'],
  });
  configureApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
