import { createRequire } from 'node:module';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getMetadataStorage } from 'class-validator';
import { PERMISSION_KEY, PUBLIC_KEY } from '../../src/common/auth-decorators.js';
import { call } from './inject.js';

/**
 * The route catalogue the trust suites attack: every operation of the app's OpenAPI document
 * (/docs-json), so routes other developers add later are covered without editing these tests.
 *
 * Why also class-validator metadata: the e2e tests run through SWC, without the @nestjs/swagger CLI
 * plugin, so the document only lists DTO properties that carry an explicit @ApiProperty. The
 * validation metadata is what the server actually enforces, so bodies and queries are described from
 * it (matched to the operation through Nest's own route metadata), with the document as a fallback.
 */

export type FieldKind =
  | 'string'
  | 'uuid'
  | 'date'
  | 'datetime'
  | 'int'
  | 'number'
  | 'boolean'
  | 'enum'
  | 'array'
  | 'object'
  | 'any';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  optional: boolean;
  nullable: boolean;
  enumValues?: unknown[];
  pattern?: RegExp;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  maxItems?: number;
  minItems?: number;
  /** For arrays: the item; for objects: the nested object. */
  items?: FieldSpec;
  object?: ObjectSpec;
}

export interface ObjectSpec {
  name: string;
  fields: FieldSpec[];
}

export interface RouteSpec {
  method: string;
  /** OpenAPI form: /api/members/{id} */
  path: string;
  operationId: string;
  isPublic: boolean;
  /** The permission the route declares (null when public or undeclared). */
  permission: string | null;
  pathParams: FieldSpec[];
  query: ObjectSpec | null;
  body: ObjectSpec | null;
  /**
   * What the first path parameter names: the segment before it ("members" for
   * /api/reports/members/{id}/review), or the resource a parameter called organizationId/memberId
   * points at; the first segment after /api for routes without parameters.
   */
  resource: string;
  /** The collection route the objects of `resource` may be listed from (tried before /api/<resource>). */
  listPath: string;
}

type OpenApiSchema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  allOf?: OpenApiSchema[];
};
type OpenApiParam = { name: string; in: string; required?: boolean; schema?: OpenApiSchema };
type OpenApiOperation = {
  operationId?: string;
  parameters?: OpenApiParam[];
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> };
  security?: unknown[];
};
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

interface VMeta {
  type: string;
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
  target: unknown;
}

type Ctor = abstract new (...args: never[]) => unknown;

/** class-transformer's @Type() registry: the class of nested DTOs (arrays carry no design:type). */
const transformerStorage = createRequire(import.meta.url)('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: {
    findTypeMetadata(target: Ctor, property: string): { typeFunction: () => Ctor } | undefined;
  };
};

const ROUTE_ARGS_METADATA = '__routeArguments__';
const PARAMTYPE_BODY = 3;
const PARAMTYPE_QUERY = 4;

export async function fetchOpenApi(app: NestFastifyApplication): Promise<OpenApiDocument> {
  const res = await call(app, { method: 'GET', url: '/docs-json' });
  if (res.status !== 200) throw new Error(`/docs-json answered ${res.status}`);
  return res.body as OpenApiDocument;
}

/** Controllers of the running app by class name, from Nest's module container. */
/**
 * Every controller method by its OpenAPI operation id: the id an `@ApiOperation({ operationId })`
 * declares, else Swagger's default `<Controller>_<method>` (a route moved to another controller may
 * keep the id it had).
 */
function handlersByOperationId(
  app: NestFastifyApplication,
): Map<string, { controller: new (...args: never[]) => unknown; method: string }> {
  const out = new Map<string, { controller: new (...args: never[]) => unknown; method: string }>();
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const cls = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!cls) continue;
      const proto = cls.prototype as Record<string, unknown>;
      for (const method of Object.getOwnPropertyNames(proto)) {
        if (method === 'constructor' || typeof proto[method] !== 'function') continue;
        const declared = Reflect.getMetadata('swagger/apiOperation', proto[method]) as
          { operationId?: string } | undefined;
        out.set(declared?.operationId ?? `${cls.name}_${method}`, { controller: cls, method });
      }
    }
  }
  return out;
}

/** The DTO classes bound with @Body() and @Query() on a controller method. */
function argClasses(
  controller: new (...args: never[]) => unknown,
  method: string,
): { body?: Ctor; query?: Ctor } {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ??
    []) as Ctor[];
  const out: { body?: Ctor; query?: Ctor } = {};
  for (const [key, arg] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]);
    const cls = types[arg.index];
    if (arg.data !== undefined || !cls || [String, Number, Boolean, Object, Array].includes(cls as never))
      continue;
    if (kind === PARAMTYPE_BODY) out.body = cls;
    if (kind === PARAMTYPE_QUERY) out.query = cls;
  }
  return out;
}

function isPublicHandler(controller: new (...args: never[]) => unknown, method: string): boolean {
  const fn = (controller.prototype as Record<string, unknown>)[method] as object | undefined;
  return Boolean((fn && Reflect.getMetadata(PUBLIC_KEY, fn)) || Reflect.getMetadata(PUBLIC_KEY, controller));
}

function permissionOf(controller: new (...args: never[]) => unknown, method: string): string | null {
  const fn = (controller.prototype as Record<string, unknown>)[method] as object | undefined;
  return ((fn && Reflect.getMetadata(PERMISSION_KEY, fn)) ??
    Reflect.getMetadata(PERMISSION_KEY, controller) ??
    null) as string | null;
}

function dtoClassesByName(): Map<string, Ctor> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Ctor, VMeta[]> | VMeta[] };
  const out = new Map<string, Ctor>();
  const all = storage.validationMetadatas;
  if (all instanceof Map) for (const cls of all.keys()) out.set(cls.name, cls);
  else for (const m of all) out.set((m.target as Ctor).name, m.target as Ctor);
  return out;
}

function resolveRef(doc: OpenApiDocument, s: OpenApiSchema | undefined): OpenApiSchema | undefined {
  if (!s) return s;
  if (s.$ref) return resolveRef(doc, doc.components?.schemas?.[s.$ref.split('/').pop()!]);
  if (s.allOf?.length === 1) return resolveRef(doc, s.allOf[0]);
  return s;
}

function refName(s: OpenApiSchema | undefined): string | undefined {
  if (!s) return undefined;
  if (s.$ref) return s.$ref.split('/').pop();
  if (s.allOf?.length === 1) return refName(s.allOf[0]);
  if (s.type === 'array') return refName(s.items);
  return undefined;
}

/** Describes a DTO class from its validation metadata (parents included). */
export function describeClass(
  cls: Ctor,
  doc: OpenApiDocument,
  classes: Map<string, Ctor>,
  depth = 0,
): ObjectSpec {
  const storage = getMetadataStorage();
  const metas = storage.getTargetValidationMetadatas(cls, '', true, false) as unknown as VMeta[];
  const apiSchema = resolveRef(doc, doc.components?.schemas?.[cls.name]);
  const byProp = new Map<string, VMeta[]>();
  for (const m of metas) {
    if (!m.propertyName) continue;
    byProp.set(m.propertyName, [...(byProp.get(m.propertyName) ?? []), m]);
  }
  const fields: FieldSpec[] = [];
  for (const [prop, list] of byProp) {
    const api = resolveRef(doc, apiSchema?.properties?.[prop]);
    fields.push(fieldFrom(prop, list, api ?? apiSchema?.properties?.[prop], cls, doc, classes, depth));
  }
  return { name: cls.name, fields };
}

function fieldFrom(
  name: string,
  list: VMeta[],
  api: OpenApiSchema | undefined,
  owner: Ctor,
  doc: OpenApiDocument,
  classes: Map<string, Ctor>,
  depth: number,
): FieldSpec {
  const own = list.filter((m) => !m.each);
  const each = list.filter((m) => m.each);
  const has = (n: string, l = own) => l.find((m) => m.name === n);
  const f: FieldSpec = {
    name,
    kind: 'any',
    optional: Boolean(list.find((m) => m.type === 'conditionalValidation' && m.name === 'isOptional')),
    nullable:
      Boolean(list.find((m) => m.type === 'conditionalValidation' && m.name !== 'isOptional')) ||
      Boolean(api?.nullable),
  };
  const scalar = (target: FieldSpec, l: VMeta[]) => {
    const get = (n: string) => l.find((m) => m.name === n);
    if (get('isIn')) {
      target.kind = 'enum';
      target.enumValues = get('isIn')!.constraints![0] as unknown[];
    } else if (get('isEnum')) {
      target.kind = 'enum';
      target.enumValues = get('isEnum')!.constraints![1] as unknown[];
    } else if (get('isUuid')) target.kind = 'uuid';
    else if (get('isIso8601') || get('isDateString')) {
      const m = get('matches');
      target.kind =
        m && String(m.constraints![0]).includes('\\d{2}$')
          ? 'date'
          : /On$|date|Date/.test(name) && !/At$/.test(name)
            ? 'date'
            : 'datetime';
    } else if (get('isInt')) target.kind = 'int';
    else if (get('isNumber')) target.kind = 'number';
    else if (get('isBoolean')) target.kind = 'boolean';
    else if (get('isString')) target.kind = 'string';
    const len = get('isLength');
    if (len) {
      target.minLength = len.constraints![0] as number;
      target.maxLength = len.constraints![1] as number;
    }
    if (get('minLength')) target.minLength = get('minLength')!.constraints![0] as number;
    if (get('maxLength')) target.maxLength = get('maxLength')!.constraints![0] as number;
    if (get('min')) target.min = get('min')!.constraints![0] as number;
    if (get('max')) target.max = get('max')!.constraints![0] as number;
    if (get('matches')) target.pattern = get('matches')!.constraints![0] as RegExp;
  };
  const nestedClass = (): Ctor | undefined => {
    const typed = transformerStorage.defaultMetadataStorage.findTypeMetadata(owner, name)?.typeFunction();
    if (typed && classes.has(typed.name)) return typed;
    const named = refName(api);
    if (named && classes.has(named)) return classes.get(named);
    const t = Reflect.getMetadata('design:type', (owner as { prototype: object }).prototype, name) as
      Ctor | undefined;
    if (t && t !== Array && t !== Object && classes.has(t.name)) return t;
    return undefined;
  };
  const nested = list.find((m) => m.type === 'nestedValidation');
  if (has('isArray') || (nested && nested.each) || api?.type === 'array') {
    f.kind = 'array';
    if (has('arrayMaxSize')) f.maxItems = has('arrayMaxSize')!.constraints![0] as number;
    if (has('arrayMinSize')) f.minItems = has('arrayMinSize')!.constraints![0] as number;
    if (has('arrayNotEmpty')) f.minItems = Math.max(1, f.minItems ?? 0);
    const item: FieldSpec = { name: `${name}[]`, kind: 'any', optional: false, nullable: false };
    const cls = nested ? nestedClass() : undefined;
    if (cls && depth < 4) {
      item.kind = 'object';
      item.object = describeClass(cls, doc, classes, depth + 1);
    } else scalar(item, each);
    if (item.kind === 'any' && api?.items) {
      const it = resolveRef(doc, api.items);
      if (it?.type === 'integer') item.kind = 'int';
      else if (it?.type === 'string') item.kind = it.format === 'uuid' ? 'uuid' : 'string';
    }
    f.items = item;
  } else if (nested) {
    const cls = nestedClass();
    f.kind = 'object';
    if (cls && depth < 4) f.object = describeClass(cls, doc, classes, depth + 1);
  } else scalar(f, own);
  if (f.kind === 'any' && api) {
    if (api.enum) {
      f.kind = 'enum';
      f.enumValues = api.enum;
    } else if (api.type === 'integer') f.kind = 'int';
    else if (api.type === 'number') f.kind = 'number';
    else if (api.type === 'boolean') f.kind = 'boolean';
    else if (api.type === 'string')
      f.kind = api.format === 'uuid' ? 'uuid' : api.format === 'date' ? 'date' : 'string';
  }
  return f;
}

function fromOpenApiSchema(
  name: string,
  s: OpenApiSchema | undefined,
  required: boolean,
  doc: OpenApiDocument,
): FieldSpec {
  const r = resolveRef(doc, s) ?? {};
  const f: FieldSpec = { name, kind: 'string', optional: !required, nullable: Boolean(r.nullable) };
  if (r.enum) {
    f.kind = 'enum';
    f.enumValues = r.enum;
  } else if (r.type === 'integer') f.kind = 'int';
  else if (r.type === 'number') f.kind = 'number';
  else if (r.type === 'boolean') f.kind = 'boolean';
  else if (r.type === 'array') {
    f.kind = 'array';
    f.items = fromOpenApiSchema(`${name}[]`, r.items, true, doc);
  } else if (r.type === 'object' || r.properties) {
    f.kind = 'object';
    f.object = {
      name,
      fields: Object.entries(r.properties ?? {}).map(([k, v]) =>
        fromOpenApiSchema(k, v, (r.required ?? []).includes(k), doc),
      ),
    };
  } else if (r.format === 'uuid') f.kind = 'uuid';
  else if (r.format === 'date') f.kind = 'date';
  else if (r.format === 'date-time') f.kind = 'datetime';
  if (r.minimum !== undefined) f.min = r.minimum;
  if (r.maximum !== undefined) f.max = r.maximum;
  if (r.minLength !== undefined) f.minLength = r.minLength;
  if (r.maxLength !== undefined) f.maxLength = r.maxLength;
  if (r.pattern) f.pattern = new RegExp(r.pattern);
  return f;
}

/** Every operation of the running app, described for attack generation. */
export async function loadCatalog(
  app: NestFastifyApplication,
): Promise<{ routes: RouteSpec[]; doc: OpenApiDocument }> {
  const doc = await fetchOpenApi(app);
  const handlers = handlersByOperationId(app);
  const classes = dtoClassesByName();
  const routes: RouteSpec[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const operationId = op.operationId ?? `${method} ${path}`;
      const handler = handlers.get(operationId);
      const bound = handler ? argClasses(handler.controller, handler.method) : {};
      const params = op.parameters ?? [];
      const pathParams = params
        .filter((p) => p.in === 'path')
        .map((p) => fromOpenApiSchema(p.name, p.schema, true, doc));
      for (const p of pathParams) if (p.kind === 'string' && /(^id$|Id$)/.test(p.name)) p.kind = 'uuid';
      let query: ObjectSpec | null = null;
      if (bound.query) query = describeClass(bound.query, doc, classes);
      else {
        const q = params.filter((p) => p.in === 'query');
        if (q.length)
          query = {
            name: `${operationId}Query`,
            fields: q.map((p) => fromOpenApiSchema(p.name, p.schema, Boolean(p.required), doc)),
          };
      }
      let body: ObjectSpec | null = null;
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      if (bound.body) body = describeClass(bound.body, doc, classes);
      else if (bodySchema) {
        const f = fromOpenApiSchema('body', bodySchema, true, doc);
        body = f.object ?? { name: refName(bodySchema) ?? 'body', fields: [] };
      }
      const { resource, listPath } = resourceOf(path);
      routes.push({
        method: method.toUpperCase(),
        path,
        operationId,
        isPublic: handler
          ? isPublicHandler(handler.controller, handler.method)
          : !op.security || op.security.length === 0,
        permission: handler ? permissionOf(handler.controller, handler.method) : null,
        listPath,
        pathParams,
        query,
        body,
        resource,
      });
    }
  }
  return { routes, doc };
}

export function resourceOf(path: string): { resource: string; listPath: string } {
  const segs = path.split('/');
  const first = segs.findIndex((x) => x.startsWith('{'));
  if (first < 0) return { resource: segs[2] ?? '', listPath: path };
  const param = segs[first].slice(1, -1);
  const byName: Record<string, string> = {
    organizationId: 'organizations',
    cellId: 'organizations',
    memberId: 'members',
  };
  return { resource: byName[param] ?? segs[first - 1], listPath: segs.slice(0, first).join('/') };
}

/** Fills the {params} of an OpenAPI path. */
export function fillPath(path: string, values: Record<string, string | number>): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(values[name] ?? '')));
}
