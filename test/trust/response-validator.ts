import { Ajv, ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { RESPONSE_COMPONENTS } from '../../src/openapi/components.js';
import { componentDefinitions, toJsonSchema } from '../../src/openapi/json-schema.js';
import type { Answer } from './inject.js';

/**
 * Validates real answers against the response schemas of the served OpenAPI document (/docs-json),
 * with ajv 8 in strict mode: a 2xx against the operation's success response for the answer's content
 * type, a 4xx against the document's error envelope.
 */

// ajv-formats is CommonJS (`module.exports = plugin; exports.default = plugin`): under NodeNext the
// default import is the module object, whose `default` is the plugin.
const addFormats = ajvFormats.default;

interface MediaType {
  schema?: unknown;
}
interface Operation {
  responses?: Record<string, { content?: Record<string, MediaType> }>;
}
export interface ServedDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

const REF_BASE = 'camket-components';

export class ResponseValidator {
  private readonly ajv = new Ajv({ strict: true, allErrors: false, allowUnionTypes: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: ServedDocument) {
    addFormats(this.ajv, ['uuid', 'date', 'date-time']);
    const schemas = doc.components?.schemas ?? {};
    // Only the response components: the DTO schemas Nest generates are for requests.
    const responseSchemas = Object.fromEntries(
      Object.keys(RESPONSE_COMPONENTS).map((name) => [name, schemas[name]]),
    );
    this.ajv.addSchema(componentDefinitions(responseSchemas, REF_BASE));
  }

  private validatorFor(key: string, schema: unknown): ValidateFunction {
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(toJsonSchema(schema, REF_BASE));
      this.compiled.set(key, fn);
    }
    return fn;
  }

  /** The problem with an answer to `METHOD /openapi/path`, or null when it conforms. */
  check(method: string, path: string, res: Answer): string | null {
    const op = this.doc.paths[path]?.[method.toLowerCase()];
    if (!op) return `no operation ${method} ${path} in the document`;
    const responses = op.responses ?? {};
    if (res.status >= 400 && res.status < 500) {
      const envelope = responses['4XX']?.content?.['application/json']?.schema;
      if (!envelope) return `${method} ${path}: no 4XX response described`;
      return this.validate(`4XX ${method} ${path}`, envelope, res.body, res.status, res.text);
    }
    const declared = responses[String(res.status)];
    if (!declared) return `${method} ${path}: status ${res.status} is not documented`;
    const contentType = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const content = declared.content ?? {};
    if (Object.keys(content).length === 0)
      return res.text.length === 0 ? null : `${method} ${path}: body on a response documented as empty`;
    const media = content[contentType];
    if (!media) return `${method} ${path}: content type ${contentType || '(none)'} not documented`;
    if (contentType !== 'application/json') {
      if (res.text.length === 0) return `${method} ${path}: empty ${contentType} download`;
      const disposition = res.headers['content-disposition'];
      return disposition === undefined || String(disposition).startsWith('attachment;')
        ? null
        : `${method} ${path}: a ${contentType} download without an attachment disposition: ${String(disposition)}`;
    }
    return this.validate(`${res.status} ${method} ${path}`, media.schema, res.body, res.status, res.text);
  }

  private validate(key: string, schema: unknown, body: unknown, status: number, raw: string): string | null {
    const fn = this.validatorFor(key, schema);
    if (body === undefined) return `${key}: body is not JSON: ${raw.slice(0, 80)}`;
    if (status >= 400 && (body as { statusCode?: unknown }).statusCode !== status)
      return `${key}: envelope statusCode ${JSON.stringify((body as { statusCode?: unknown }).statusCode)} on a ${status}`;
    if (fn(body)) return null;
    const e = fn.errors?.[0];
    return `${key}: ${e?.instancePath || '/'} ${e?.message ?? 'invalid'} ${e?.params ? JSON.stringify(e.params) : ''}`;
  }
}
