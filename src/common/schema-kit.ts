import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

/**
 * Typed builders for the response schemas (OpenAPI 3.0 Schema Objects): each module declares the
 * shapes it answers in `<module>.responses.ts` with these, and derives their TypeScript types with
 * `Static` (`export type MemberView = Static<typeof MemberView>`), so the schema the document
 * publishes and the type the service returns are one declaration. Objects are closed
 * (`additionalProperties: false`, every property required unless named optional), so a field that
 * leaks into an answer (a password hash, an internal path) fails validation instead of passing
 * unnoticed. The type rides on a phantom property that never exists at run time.
 */
declare const STATIC: unique symbol;

/** A schema (object or reference) describing values of type T. */
export type S<T, O extends SchemaObject | ReferenceObject = SchemaObject> = O & {
  readonly [STATIC]?: { t: T };
};
export type Schema = SchemaObject | ReferenceObject;
/** The type a schema describes (`unknown` for an untyped schema). */
export type Static<X> = X extends { readonly [STATIC]?: { t: infer T } } ? T : unknown;

/** Property schemas -> the object type: required ones, then the optional ones. */
type Props = Record<string, Schema>;
type Shape<P extends Props, O extends keyof P> = Flat<
  { -readonly [K in Exclude<keyof P, O>]: Static<P[K]> } & { -readonly [K in O]?: Static<P[K]> }
>;
type Flat<T> = { [K in keyof T]: T[K] } & {};

export const str: S<string> = { type: 'string' };
export const text = (minLength = 1): S<string> => ({ type: 'string', minLength });
export const uuid: S<string> = { type: 'string', format: 'uuid' };
/** ISO-8601 UTC timestamp: a Date (JSON writes it as ISO) or the ISO string already. */
export const dateTime: S<Date | string> = { type: 'string', format: 'date-time' };
/** The same, where the answer holds the ISO string only (made once, e.g. for a cached list). */
export const dateTimeString: S<string> = { type: 'string', format: 'date-time' };
/** Calendar date `YYYY-MM-DD`. */
export const date: S<string> = { type: 'string', format: 'date' };
export const int: S<number> = { type: 'integer' };
export const count: S<number> = { type: 'integer', minimum: 0 };
export const num: S<number> = { type: 'number' };
export const bool: S<boolean> = { type: 'boolean' };
export const year: S<number> = { type: 'integer', minimum: 1900, maximum: 2200 };
/** Optimistic-concurrency version of a row. */
export const version: S<number> = { type: 'integer', minimum: 1 };
/** A rate 0..1 (API.md); null when there is nobody to count. */
export const rate: S<number | null> = { type: 'number', minimum: 0, maximum: 1, nullable: true };

/** An integer with bounds (or other keywords), in the order given. */
export const integer = (keywords: SchemaObject): S<number> => ({ type: 'integer', ...keywords });
/** A number with bounds (or other keywords), in the order given. */
export const number = (keywords: SchemaObject): S<number> => ({ type: 'number', ...keywords });
/** A string with a pattern (or other keywords), in the order given. */
export const string = (keywords: SchemaObject): S<string> => ({ type: 'string', ...keywords });

/** One of the listed values: their union. */
export const oneOf = <const V extends readonly (string | number)[]>(values: V): S<V[number]> => ({
  type: typeof values[0] === 'number' ? 'integer' : 'string',
  enum: [...values],
});

/** The value or null. An enum lists null too (OpenAPI 3.0.3); a reference is wrapped in allOf. */
export function nullable<T>(s: S<T, Schema>): S<T | null> {
  if ('$ref' in s) return { nullable: true, allOf: [s] };
  if (s.enum) return { ...s, nullable: true, enum: [...(s.enum as unknown[]), null] };
  return { ...s, nullable: true };
}

export const arrayOf = <T>(items: S<T, Schema>, extra: SchemaObject = {}): S<T[]> => ({
  type: 'array',
  items,
  ...extra,
});

/** A closed object: every property required except those listed in `optional`. */
export function object<P extends Props, O extends keyof P & string = never>(
  properties: P,
  optional: readonly O[] = [],
): S<Shape<P, O>> {
  for (const name of optional)
    if (!(name in properties)) throw new Error(`optional property ${name} is not described`);
  const required = Object.keys(properties).filter((k) => !(optional as readonly string[]).includes(k));
  return {
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}

/** A closed object extended with more properties (the base stays untouched). */
export function extend<B, P extends Props, O extends keyof P & string = never>(
  base: S<B>,
  properties: P,
  optional: readonly O[] = [],
): S<Flat<Omit<B, keyof P> & Shape<P, O>>> {
  const baseOptional = Object.keys(base.properties ?? {}).filter((k) => !(base.required ?? []).includes(k));
  return object({ ...base.properties, ...properties }, [...baseOptional, ...optional]) as SchemaObject;
}

/** The base without some properties. */
export function omit<B, K extends keyof B & string>(base: S<B>, names: readonly K[]): S<Flat<Omit<B, K>>> {
  const properties = Object.fromEntries(
    Object.entries(base.properties ?? {}).filter(([k]) => !(names as readonly string[]).includes(k)),
  );
  const optional = Object.keys(properties).filter((k) => !(base.required ?? []).includes(k));
  return object(properties, optional) as SchemaObject;
}

/** A map from any key to values of one schema. */
export const record = <T>(values: S<T, Schema>): S<Record<string, T>> => ({
  type: 'object',
  additionalProperties: values,
});

/** Exactly one of the schemas (`oneOf`): the union of their types. */
export const union = <const X extends readonly Schema[]>(...schemas: X): S<Static<X[number]>> => ({
  oneOf: [...schemas],
});

/** The same schema with a description. */
export const describe = <T>(s: S<T>, description: string): S<T> => ({ ...s, description });

/** The property names of an object literal, typed. */
export const keysOf = <P extends object>(properties: P) => Object.keys(properties) as (keyof P & string)[];

const NAMES = new WeakMap<object, string>();

/** Names a shape published under `components.schemas`, so `ref(shape)` can point at it. */
export function component<T>(name: string, schema: S<T>): S<T> {
  NAMES.set(schema, name);
  return schema;
}

/** A reference to a shape named with `component`: typed as the shape. */
export function ref<T>(target: S<T>): S<T, ReferenceObject> {
  const name = NAMES.get(target);
  if (name === undefined) throw new Error('ref() of a schema that is not a named component');
  return { $ref: `#/components/schemas/${name}` };
}

/** A reference by name where a shape refers to itself (its type written out: `selfRef<Node>('Node')`). */
export const selfRef = <T>(name: string): S<T, ReferenceObject> => ({ $ref: `#/components/schemas/${name}` });

/** A page of a list (API.md: `{ items, total, page, pageSize }`), with extra head fields if any. */
export const page = <T, P extends Props = Record<never, Schema>>(item: S<T, Schema>, extra?: P) =>
  object({ ...pageFields(item), ...(extra ?? ({} as P)) });

/** A page's properties, for an answer that puts head fields before them. */
export const pageFields = <T>(item: S<T, Schema>) => ({
  items: arrayOf(item),
  total: count,
  page: integer({ minimum: 1 }),
  pageSize: integer({ minimum: 1, maximum: 200 }),
});

/** The type of a page of T (`page(item)`), e.g. what a list service returns. */
export type Page<T> = Static<ReturnType<typeof page<T>>>;
