import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { RequestWithActor } from '../common/auth-decorators.js';
import type { AppConfig } from '../config/config.js';

/** Nest's level names to pino's. */
const LEVELS = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;

/**
 * Never written, whatever a caller passes to a logger: credentials in headers and in bodies. The
 * request line itself holds no header, body or query string (a search term may be a person's name).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  ...['password', 'currentPassword', 'newPassword', 'token', 'accessToken', 'refreshToken'].flatMap((k) => [
    k,
    `*.${k}`,
  ]),
];

/** The request being served, for every line logged while it is: its id and the acting user's id. */
const currentRequest = new AsyncLocalStorage<RequestWithActor>();

/** Fields every line logged during a request carries (the user's id only, never their name). */
export function requestFields(request: RequestWithActor | undefined): Record<string, string | null> {
  if (!request) return {};
  return { requestId: String(request.id), userId: request.actor?.userId ?? null };
}

export interface Logging {
  /** The pino logger everything is written through. */
  root: Pino;
  /** Nest's logger (`new Logger('Context')` everywhere) routed to `root` by nestjs-pino. */
  nest: LoggerService;
}

/**
 * The process's logging: pino writing JSON lines to `destination` (stdout unless a test passes its
 * own stream), or pino-pretty's lines when `config.log.format` is `pretty` and that development
 * package is installed (without it: JSON, and one warning saying so).
 */
export function createLogging(config: AppConfig, destination?: DestinationStream): Logging {
  let stream = destination;
  let prettyMissing = false;
  if (!stream && config.log.format === 'pretty') {
    try {
      const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => DestinationStream;
      stream = pretty({ translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true });
    } catch {
      prettyMissing = true;
    }
  }
  const json = config.log.format === 'json' || prettyMissing || destination !== undefined;
  const root = pino(
    {
      level: LEVELS[config.log.level],
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names rather than numbers for log shippers; pino-pretty reads the numbers.
      formatters: json ? { level: (label) => ({ level: label }) } : {},
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: () => requestFields(currentRequest.getStore()),
    },
    stream ?? pino.destination({ dest: 1, sync: true }),
  );
  if (prettyMissing)
    root.warn('LOG_FORMAT=pretty needs the pino-pretty package (a development dependency): logging JSON');
  return { root, nest: new NestPinoLogger(new RootPinoLogger(root), {}) };
}

/**
 * nestjs-pino's PinoLogger writing to this application's logger. Its own root is one per process
 * (the first application's), so each application (tests start several) passes its own here. The
 * request's fields come from the mixin above, not from nestjs-pino's middleware, which would need
 * Fastify's middleware layer on every request.
 */
class RootPinoLogger extends PinoLogger {
  constructor(private readonly own: Pino) {
    super({ pinoHttp: { logger: own } });
  }

  override get logger(): Pino {
    return this.own;
  }
}

/**
 * Runs each request inside its own logging context (so every line logged while it is served carries
 * its id and, once the guard has identified the caller, the user's id), and writes one line per
 * request when its answer is sent: method, path without the query string, the route pattern,
 * status and duration in milliseconds.
 */
export function registerRequestLogging(fastify: FastifyInstance, log: Pino): void {
  // Callback-style hooks: no promise per request.
  fastify.addHook('onRequest', (request, _reply, done) => {
    currentRequest.run(request, done);
  });
  if (!log.isLevelEnabled('info')) return;
  fastify.addHook('onResponse', (request, reply, done) => {
    log.info(
      {
        ...requestFields(request),
        method: request.method,
        path: pathOf(request),
        route: request.routeOptions.url ?? null,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
}

function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
