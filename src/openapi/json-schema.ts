/**
 * OpenAPI 3.0 Schema Objects to JSON Schema for a validator (the e2e response tests use ajv):
 * `nullable: true` becomes a `null` type (or an `anyOf` with null where there is no `type`), and
 * `#/components/schemas/X` references point under `refBase` (a schema registered with the
 * validator that holds every component under `$defs`).
 */
type Json = Record<string, unknown>;

const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
const SUBSCHEMAS = ['items', 'not', 'propertyNames'] as const;

export function toJsonSchema(schema: unknown, refBase: string): Json {
  if (!schema || typeof schema !== 'object') return schema as Json;
  const s = { ...(schema as Json) };
  if (typeof s.$ref === 'string') {
    return { $ref: s.$ref.replace('#/components/schemas/', `${refBase}#/$defs/`) };
  }
  for (const key of SUBSCHEMA_LISTS)
    if (Array.isArray(s[key])) s[key] = (s[key] as unknown[]).map((x) => toJsonSchema(x, refBase));
  for (const key of SUBSCHEMAS) if (s[key] !== undefined) s[key] = toJsonSchema(s[key], refBase);
  if (s.properties && typeof s.properties === 'object')
    s.properties = Object.fromEntries(
      Object.entries(s.properties as Json).map(([k, v]) => [k, toJsonSchema(v, refBase)]),
    );
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    s.additionalProperties = toJsonSchema(s.additionalProperties, refBase);
  // OpenAPI-only annotations the validator does not know.
  for (const key of ['example', 'examples', 'x-enumNames', 'xml', 'externalDocs', 'discriminator'])
    delete s[key];
  if (s.nullable === true) {
    delete s.nullable;
    if (typeof s.type === 'string') {
      s.type = [s.type, 'null'];
      return s;
    }
    return { anyOf: [s, { type: 'null' }] };
  }
  delete s.nullable;
  return s;
}

/** Every component schema converted, under `$defs`, to register as `refBase`. */
export function componentDefinitions(schemas: Record<string, unknown>, refBase: string): Json {
  return {
    $id: refBase,
    $defs: Object.fromEntries(Object.entries(schemas).map(([k, v]) => [k, toJsonSchema(v, refBase)])),
  };
}
