import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module.js';
import { configureApp, fastifyOptions, openApiDocument } from '../app.setup.js';
import { loadConfig } from '../config/config.js';

/**
 * `node dist/src/cli/openapi-document.js <file>`: writes the service's OpenAPI document, built as
 * main.ts builds it but without listening, on a throwaway SQLite file. Run from the built dist so the
 * Nest Swagger plugin's metadata (DTO properties from class-validator) is in it. Used by
 * `npm run api:generate` and `npm run api:check` (web/scripts/api-client.sh).
 */
const out = process.argv[2];
if (!out) {
  console.error('usage: openapi-document.js <output.json>');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'camket-openapi-'));
try {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_PATH: join(dir, 'openapi.sqlite'),
    LOG_LEVEL: 'error',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter(fastifyOptions(config)),
    { logger: ['error'] },
  );
  await configureApp(app, config);
  writeFileSync(out, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
