import type { Schema } from '../common/schema-kit.js';

/**
 * What each route answers (its success response), for the catalogue in responses.ts. The schema
 * builders themselves live in common/schema-kit.ts, beside the modules that declare their shapes.
 */
export * from '../common/schema-kit.js';

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
