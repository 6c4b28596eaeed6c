import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { configureApp, fastifyOptions } from './app.setup.js';
import { ConfigError, loadConfig } from './config/config.js';

let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const levels = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
const app = await NestFactory.create<NestFastifyApplication>(
  AppModule.forRoot(config),
  new FastifyAdapter(fastifyOptions(config)),
  { logger: levels.slice(0, levels.indexOf(config.log.level) + 1) },
);
await configureApp(app, config);
app.enableShutdownHooks();
await app.listen(config.http.port, config.http.host);
new Logger('Bootstrap').log(
  `camket listening on http://${config.http.host}:${config.http.port}/ (the web client; the API at /api` +
    (config.docs.enabled ? `, OpenAPI at /docs)` : ')'),
);
