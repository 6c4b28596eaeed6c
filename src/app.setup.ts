import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import { ArgumentMetadata, Logger, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { oversizedArrays } from './common/array-caps.js';
import { normalizeStringsNfc } from './common/text.js';
import { ErrorDetail, DomainError } from './common/domain-error.js';
import { ErrorFilter } from './common/error.filter.js';
import { AppConfig } from './config/config.js';
import { createLogging, Logging, registerRequestLogging } from './logging/logging.js';
import { incomingRequestId } from './logging/request-id.js';
import { MetricsService } from './metrics/metrics.service.js';
import { registerMetrics } from './metrics/metrics.route.js';
import { describeResponses } from './openapi/describe-responses.js';
import { SECURITY_HEADERS } from './web-client/security-headers.js';
import { registerWebClient } from './web-client/web-client.js';

/** Fastify options shared by main.ts and the e2e tests. */
export function fastifyOptions(config: AppConfig) {
  return {
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    // A valid X-Request-Id from a trusted proxy in front is kept (logs, audit log, answer).
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) =>
      incomingRequestId(req.headers['x-request-id'], config.http.trustProxy !== false) ?? randomUUID(),
    // Deeply nested or prototype-polluting JSON is refused by the parser.
    onProtoPoisoning: 'error' as const,
    onConstructorPoisoning: 'error' as const,
    // No Nest middleware is configured, so @fastify/middie's hook would only add work to every
    // request. A middleware added later fails the start-up (no `use` without middie): drop this then.
    skipMiddie: true,
  };
}

/**
 * No request body of this API nests deeper than this. class-transformer and class-validator recurse
 * once per level, so a body of a few thousand nested arrays overflowed the stack (a 500).
 */
export const MAX_BODY_DEPTH = 32;

/** Iterative, so the check itself cannot overflow the stack. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth > max) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

/**
 * Elements of @ValidateNested fields that are not objects. class-validator descends into an array
 * element that is itself an array, so `items: [[{...}]]` passed validation and reached services as
 * arrays (500s). Checked on the transformed DTO, for every DTO of every module.
 */
export function nestedShapeProblems(dto: unknown, prefix = '', depth = 0): ErrorDetail[] {
  if (depth > MAX_BODY_DEPTH || dto === null || typeof dto !== 'object' || Array.isArray(dto)) return [];
  const out: ErrorDetail[] = [];
  for (const propertyName of nestedProperties(dto.constructor)) {
    const field = prefix ? `${prefix}.${propertyName}` : propertyName;
    const value = (dto as Record<string, unknown>)[propertyName];
    const items: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((v, i) => [`${field}.${i}`, v])
      : value instanceof Set || value instanceof Map
        ? [...value.values()].map((v, i) => [`${field}.${i}`, v])
        : [[field, value]];
    for (const [path, item] of items) {
      if (item === null || item === undefined) continue; // the field's own validators decide
      if (typeof item !== 'object' || Array.isArray(item)) {
        out.push({ field: path, rule: 'isObject', message: `${path} must be an object` });
      } else {
        out.push(...nestedShapeProblems(item, path, depth + 1));
      }
    }
  }
  return out;
}

/**
 * The @ValidateNested properties of a DTO class, looked up once per class: class-validator's
 * metadata lookup costs more than the rest of the check, and most DTOs have none.
 */
const nestedByClass = new WeakMap<object, readonly string[]>();
function nestedProperties(target: object): readonly string[] {
  let names = nestedByClass.get(target);
  if (!names) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(
      target as new () => object,
      '',
      true,
      false,
    );
    names = [
      ...new Set(
        metadatas.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION).map((m) => m.propertyName),
      ),
    ];
    nestedByClass.set(target, names);
  }
  return names;
}

/** Query strings remembered with their validated DTO; the oldest goes first beyond this. */
const MAX_REMEMBERED_QUERIES = 2_000;

/**
 * The ValidationPipe plus the nested-shape check above. A query string the pipe has already
 * validated into a flat DTO is answered with a fresh copy of that DTO: transforming and validating
 * it again was ~9% of a list request's CPU, and clients repeat the same few queries.
 */
class AppValidationPipe extends ValidationPipe {
  /** Per DTO class (not per name: two modules may name their query classes alike). */
  private readonly queries = new WeakMap<object, Map<string, object>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // The acting user (@CurrentActor) is built by the guard, not sent by the client: nothing to check.
    if (metadata.type === 'custom') return value;
    const key = queryKey(value, metadata);
    const remembered = key === null ? undefined : this.queries.get(metadata.metatype!);
    const known = key === null ? undefined : remembered?.get(key);
    if (known) return shallowCopy(known);
    // Lengths are checked on the text as it will be stored (services store NFC).
    if (metadata.type === 'body') normalizeStringsNfc(value);
    // Arrays over their cap are refused before the pipe validates each of their elements.
    if (typeof metadata.metatype === 'function' && (metadata.type === 'body' || metadata.type === 'query')) {
      const oversized = oversizedArrays(value, metadata.metatype);
      if (oversized.length > 0)
        throw DomainError.validation(oversized, oversized.map((p) => p.message).join('; '));
    }
    const dto: unknown = await super.transform(value, metadata);
    const problems = nestedShapeProblems(dto);
    if (problems.length > 0)
      throw DomainError.validation(problems, problems.map((p) => p.message).join('; '));
    if (key !== null && isFlatObject(dto)) {
      let byQuery = remembered;
      if (!byQuery) this.queries.set(metadata.metatype!, (byQuery = new Map<string, object>()));
      if (byQuery.size >= MAX_REMEMBERED_QUERIES) byQuery.delete(byQuery.keys().next().value!);
      // A copy: the service may change the DTO it was given.
      byQuery.set(key, shallowCopy(dto));
    }
    return dto;
  }
}

/** Only whole query objects of string values (what the query-string parser gives) are remembered. */
function queryKey(value: unknown, metadata: ArgumentMetadata): string | null {
  if (metadata.type !== 'query' || metadata.data !== undefined || typeof metadata.metatype !== 'function')
    return null;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  for (const v of Object.values(value)) if (typeof v !== 'string') return null;
  return JSON.stringify(value);
}

function shallowCopy<T extends object>(dto: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(dto) as object) as T, dto);
}

/** A DTO whose own values are all primitives, so a shallow copy is a faithful copy. */
function isFlatObject(dto: unknown): dto is object {
  if (dto === null || typeof dto !== 'object' || Array.isArray(dto)) return false;
  return Object.values(dto).every((v) => v === null || (typeof v !== 'object' && typeof v !== 'function'));
}

/**
 * Flattens class-validator errors into one detail per failing field and rule. Iterative and without
 * spreading into push(): a body with 100,000 bad elements once overflowed the stack here.
 */
export function validationDetails(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  // Depth-first in the order class-validator reported them: the stack holds the rest, reversed.
  const pending: Array<{ error: ValidationError; prefix: string }> = [];
  for (let i = errors.length - 1; i >= 0; i--) pending.push({ error: errors[i], prefix });
  while (pending.length > 0) {
    const { error: e, prefix: at } = pending.pop()!;
    const field = at ? `${at}.${e.property}` : e.property;
    for (const [rule, message] of Object.entries(e.constraints ?? {})) {
      const text =
        rule === 'whitelistValidation'
          ? `${field} is not an allowed field`
          : message.replace(e.property, field);
      out.push({ field, rule: rule === 'whitelistValidation' ? 'unknownField' : rule, message: text });
    }
    const children = e.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) pending.push({ error: children[i], prefix: field });
  }
  return out;
}

/**
 * Global pipes, filters, prefix, plugins, the web client and OpenAPI: everything main.ts and the e2e
 * tests must share. The plugins are awaited before any route exists, so their hooks cover every route.
 */
export async function configureApp(
  app: NestFastifyApplication,
  config: AppConfig,
  logging: Logging = createLogging(config),
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestLogging(fastify, logging.root);
  registerMetrics(fastify, app.get(MetricsService), config.metrics);
  await fastify.register(fastifyHelmet, SECURITY_HEADERS);
  // Unsigned cookies: the one cookie (the browser's refresh token) is itself a secret checked by hash.
  await fastify.register(fastifyCookie);
  await registerWebClient(fastify, config.web.distPath, (message) => new Logger('WebClient').warn(message));

  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new AppValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => {
        const details = validationDetails(errors);
        return DomainError.validation(
          details,
          details.map((d) => d.message).join('; ') || 'Validation failed',
        );
      },
    }),
  );
  app.useGlobalFilters(new ErrorFilter());

  // Errors raised by Fastify before a route runs (bad JSON, body too large, wrong content type) reach
  // the ErrorFilter through the error handler Nest installs at init; installing a second one here
  // would only override it (Fastify warns FSTWRN004).
  // Callback-style hooks: no promise per request.
  fastify.addHook('preValidation', (request, _reply, done) => {
    const body: unknown = request.body;
    if (body === undefined) return done();
    // Nest's ValidationPipe turns a null body into {}, so `null` passed as a valid empty update.
    const json = String(request.headers['content-type'] ?? '').includes('json');
    if (json && (body === null || typeof body !== 'object')) {
      return done(DomainError.invalidField('body', 'isObject', 'body must be a JSON object'));
    }
    if (nestedDeeperThan(body, MAX_BODY_DEPTH)) {
      return done(
        DomainError.invalidField(
          'body',
          'maxDepth',
          `body is nested more than ${MAX_BODY_DEPTH} levels deep`,
        ),
      );
    }
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    // The id the audit log records for this request's writes, so a client can quote it.
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });

  if (config.docs.enabled) {
    SwaggerModule.setup('docs', app, openApiDocument(app), {
      jsonDocumentUrl: 'docs-json',
      useGlobalPrefix: false,
    });
  }
}

/**
 * The service's OpenAPI document (served at /docs-json; the web client's types are generated from it
 * by `npm run api:generate`). Call after `configureApp`'s global prefix is set.
 */
export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  return describeResponses(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('camket API')
        .setDescription(
          'Party-member self-improvement commitments: registration, review, cell life, year-end evaluation and reports.',
        )
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    ),
  );
}
