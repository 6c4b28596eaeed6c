import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

/**
 * Small builders for the response schemas (OpenAPI 3.0 Schema Objects). Objects are closed by
 * default (`additionalProperties: false`, every property required unless named optional), so a field
 * that leaks into an answer (a password hash, an internal path) fails validation instead of passing
 * unnoticed.
 */
export type Schema = SchemaObject | ReferenceObject;

export const str: SchemaObject = { type: 'string' };
export const text = (minLength = 1): SchemaObject => ({ type: 'string', minLength });
export const uuid: SchemaObject = { type: 'string', format: 'uuid' };
/** ISO-8601 UTC timestamp. */
export const dateTime: SchemaObject = { type: 'string', format: 'date-time' };
/** Calendar date `YYYY-MM-DD`. */
export const date: SchemaObject = { type: 'string', format: 'date' };
export const int: SchemaObject = { type: 'integer' };
export const count: SchemaObject = { type: 'integer', minimum: 0 };
export const num: SchemaObject = { type: 'number' };
export const bool: SchemaObject = { type: 'boolean' };
export const year: SchemaObject = { type: 'integer', minimum: 1900, maximum: 2200 };
/** Optimistic-concurrency version of a row. */
export const version: SchemaObject = { type: 'integer', minimum: 1 };
/** A rate 0..1 (API.md); null when there is nobody to count. */
export const rate: SchemaObject = { type: 'number', minimum: 0, maximum: 1, nullable: true };

export const oneOf = (values: readonly (string | number)[]): SchemaObject => ({
  type: typeof values[0] === 'number' ? 'integer' : 'string',
  enum: [...values],
});

/** The value or null. An enum lists null too (OpenAPI 3.0.3); a reference is wrapped in allOf. */
export function nullable(s: Schema): SchemaObject {
  if ('$ref' in s) return { nullable: true, allOf: [s] };
  if (s.enum) return { ...s, nullable: true, enum: [...(s.enum as unknown[]), null] };
  return { ...s, nullable: true };
}

export const arrayOf = (items: Schema, extra: SchemaObject = {}): SchemaObject => ({
  type: 'array',
  items,
  ...extra,
});

/** A closed object: every property required except those listed in `optional`. */
export function object(properties: Record<string, Schema>, optional: readonly string[] = []): SchemaObject {
  for (const name of optional)
    if (!(name in properties)) throw new Error(`optional property ${name} is not described`);
  const required = Object.keys(properties).filter((k) => !optional.includes(k));
  return {
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}

/** A closed object extended with more properties (the base stays untouched). */
export function extend(
  base: SchemaObject,
  properties: Record<string, Schema>,
  optional: readonly string[] = [],
): SchemaObject {
  const baseOptional = Object.keys(base.properties ?? {}).filter((k) => !(base.required ?? []).includes(k));
  return object({ ...base.properties, ...properties }, [...baseOptional, ...optional]);
}

/** The base without some properties. */
export function omit(base: SchemaObject, names: readonly string[]): SchemaObject {
  const properties = Object.fromEntries(
    Object.entries(base.properties ?? {}).filter(([k]) => !names.includes(k)),
  );
  const optional = Object.keys(properties).filter((k) => !(base.required ?? []).includes(k));
  return object(properties, optional);
}

export const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });

/** A page of a list (API.md: `{ items, total, page, pageSize }`), with extra head fields if any. */
export const page = (item: Schema, extra: Record<string, Schema> = {}): SchemaObject =>
  object({
    items: arrayOf(item),
    total: count,
    page: { type: 'integer', minimum: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: 200 },
    ...extra,
  });

/** What a route answers on success. */
export type ResponseSpec =
  /** A JSON body; `others` documents answers with other statuses (e.g. a health check's 503). */
  | { kind: 'json'; schema: Schema; others?: Record<string, { description: string; schema: Schema }> }
  /** A file download (binary) of one of these content types. */
  | { kind: 'file'; contentTypes: string[] }
  /** JSON by default, a file when `?format=` asks for one. */
  | { kind: 'json-or-file'; schema: Schema; contentTypes: string[] }
  /** No body (204). */
  | { kind: 'empty' };

export const json = (
  schema: Schema,
  others?: Record<string, { description: string; schema: Schema }>,
): ResponseSpec => ({ kind: 'json', schema, ...(others ? { others } : {}) });
export const file = (...contentTypes: string[]): ResponseSpec => ({ kind: 'file', contentTypes });
export const jsonOrFile = (schema: Schema, ...contentTypes: string[]): ResponseSpec => ({
  kind: 'json-or-file',
  schema,
  contentTypes,
});
export const empty: ResponseSpec = { kind: 'empty' };

export const CONTENT = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv',
  pdf: 'application/pdf',
} as const;
