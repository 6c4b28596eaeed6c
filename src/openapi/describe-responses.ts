import type { OpenAPIObject, ResponseObject } from '@nestjs/swagger';
import { ErrorEnvelope, RESPONSE_COMPONENTS } from './components.js';
import { RESPONSES } from './responses.js';
import { ref, ResponseSpec } from './schema-kit.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const DISPOSITION = {
  'Content-Disposition': {
    description: 'For a file: `attachment; filename="..."` (and `filename*` in UTF-8 for Vietnamese names)',
    schema: { type: 'string' as const, pattern: '^attachment;' },
  },
};

function successResponse(spec: ResponseSpec): ResponseObject {
  const binary = (types: string[]) =>
    Object.fromEntries(types.map((t) => [t, { schema: { type: 'string' as const, format: 'binary' } }]));
  switch (spec.kind) {
    case 'json':
      return { description: 'Success', content: { 'application/json': { schema: spec.schema } } };
    case 'file':
      return {
        description: 'A file download (attachment)',
        headers: DISPOSITION,
        content: binary(spec.contentTypes),
      };
    case 'json-or-file':
      return {
        description: 'JSON, or a file download (attachment) when `format` asks for one',
        headers: DISPOSITION,
        content: { 'application/json': { schema: spec.schema }, ...binary(spec.contentTypes) },
      };
    case 'empty':
      return { description: 'No content' };
  }
}

/**
 * Adds the response schemas of src/openapi/responses.ts to the document Nest generated from the
 * controllers: the success response of each operation (its status code as Nest declared it) and the
 * shared error envelope for every 4xx. Operations missing from the catalogue are left as they are
 * (the response e2e test lists them).
 */
export function describeResponses(document: OpenAPIObject): OpenAPIObject {
  const schemas = { ...(document.components?.schemas ?? {}) };
  for (const [name, schema] of Object.entries(RESPONSE_COMPONENTS)) {
    if (name in schemas) throw new Error(`response schema ${name} collides with a DTO schema`);
    schemas[name] = schema;
  }
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const described = { ...item };
    for (const method of METHODS) {
      const op = item[method];
      const spec = RESPONSES[`${method.toUpperCase()} ${path}`];
      if (!op || !spec) continue;
      const responses = { ...op.responses };
      const success =
        Object.keys(responses).find((status) => /^2\d\d$/.test(status)) ??
        (spec.kind === 'empty' ? '204' : '200');
      responses[success] = successResponse(spec);
      if (spec.kind === 'json')
        for (const [status, other] of Object.entries(spec.others ?? {}))
          responses[status] = {
            description: other.description,
            content: { 'application/json': { schema: other.schema } },
          };
      responses['4XX'] = {
        description: 'Error envelope `{ statusCode, code, message, details? }`',
        content: { 'application/json': { schema: ref(ErrorEnvelope) } },
      };
      described[method] = { ...op, responses };
    }
    paths[path] = described;
  }
  return { ...document, paths, components: { ...document.components, schemas } };
}
