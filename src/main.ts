import 'reflect-metadata';
import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { runPrimary } from './cluster.js';
import { configureApp, fastifyOptions } from './app.setup.js';
import { AppConfig, ConfigError, loadConfig } from './config/config.js';
import { createLogging } from './logging/logging.js';

let config: AppConfig;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const logging = createLogging(config);
Logger.overrideLogger(logging.nest);

if (config.workers > 1 && cluster.isPrimary) runPrimary(config.workers);
else await serve(config);

async function serve(config: AppConfig): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter(fastifyOptions(config)),
    { logger: logging.nest },
  );
  await configureApp(app, config, logging);
  app.enableShutdownHooks();
  await app.listen(config.http.port, config.http.host);
  new Logger('Bootstrap').log(
    `camket listening on http://${config.http.host}:${config.http.port}/ (the web client; the API at /api` +
      (config.docs.enabled ? `, OpenAPI at /docs)` : ')'),
  );
}
