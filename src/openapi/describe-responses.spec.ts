import type { OpenAPIObject } from '@nestjs/swagger';
import { describe, expect, it } from 'vitest';
import { RESPONSE_COMPONENTS } from './components.js';
import { describeResponses } from './describe-responses.js';
import { toJsonSchema } from './json-schema.js';
import { RESPONSES } from './responses.js';
import { date, nullable, object, oneOf, uuid } from './schema-kit.js';

function refsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.add(v);
      else refsIn(v, out);
    }
  return out;
}

const doc = (paths: OpenAPIObject['paths']): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths,
  components: { schemas: { CreateMemberDto: { type: 'object' } } },
});

describe(describeResponses.name, () => {
  it('points every reference of the catalogue at a described component', () => {
    const refs = refsIn([RESPONSES, RESPONSE_COMPONENTS]);
    const missing = [...refs].filter((r) => !(r.replace('#/components/schemas/', '') in RESPONSE_COMPONENTS));
    expect(missing).toEqual([]);
    expect(refs.size).toBeGreaterThan(10);
  });

  it('keys the catalogue by method and OpenAPI path', () => {
    for (const key of Object.keys(RESPONSES))
      expect(key).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/api\/[^:]*$/);
  });

  it('fills the success response Nest declared, adds the 4XX envelope and the components', () => {
    const out = describeResponses(
      doc({
        '/api/members/{id}': { get: { responses: { '200': { description: '' } } } },
        '/api/auth/logout': { post: { responses: { '204': { description: '' } } } },
        '/api/unknown': { get: { responses: { '200': { description: '' } } } },
      }),
    );
    const get = out.paths['/api/members/{id}'].get!;
    expect(get.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/MemberView' } } },
    });
    expect(get.responses['4XX']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
    });
    expect(out.paths['/api/auth/logout'].post!.responses['204']).toEqual({ description: 'No content' });
    // Not in the catalogue: left as Nest made it (the e2e route walk reports it).
    expect(out.paths['/api/unknown'].get!.responses).toEqual({ '200': { description: '' } });
    expect(Object.keys(out.components!.schemas!)).toEqual(
      expect.arrayContaining(['CreateMemberDto', 'MemberView', 'ErrorEnvelope']),
    );
  });

  it('describes downloads as binary under their content types', () => {
    const out = describeResponses(
      doc({ '/api/reports/overview': { get: { responses: { '200': { description: '' } } } } }),
    );
    const content = (out.paths['/api/reports/overview'].get!.responses['200'] as { content: object }).content;
    expect(Object.keys(content)).toEqual([
      'application/json',
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/pdf',
    ]);
    expect(content).toMatchObject({ 'application/pdf': { schema: { type: 'string', format: 'binary' } } });
  });

  it('refuses a response component named like a DTO schema', () => {
    const clash = doc({});
    clash.components!.schemas!.MemberView = { type: 'object' };
    expect(() => describeResponses(clash)).toThrow(/collides/);
  });
});

describe(toJsonSchema.name, () => {
  it('turns nullable into a null type, keeps null in enums, and wraps schemas without a type', () => {
    const s = object({
      a: nullable(date),
      b: nullable(oneOf(['x', 'y'])),
      c: nullable({ allOf: [{ $ref: '#/components/schemas/X' }] }),
      d: uuid,
    });
    expect(toJsonSchema(s, 'base')).toEqual({
      type: 'object',
      properties: {
        a: { type: ['string', 'null'], format: 'date' },
        b: { type: ['string', 'null'], enum: ['x', 'y', null] },
        c: { anyOf: [{ allOf: [{ $ref: 'base#/$defs/X' }] }, { type: 'null' }] },
        d: { type: 'string', format: 'uuid' },
      },
      required: ['a', 'b', 'c', 'd'],
      additionalProperties: false,
    });
  });
});
