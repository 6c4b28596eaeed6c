import { randomUUID } from 'node:crypto';
import type { FieldSpec, ObjectSpec } from './catalog.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenContext {
  /** A plausible id for a uuid field, chosen by its name (cellId -> a cell, memberId -> a member...). */
  idFor(field: string): string;
  /** Value of `version` fields. */
  version?: number;
  rnd: () => number;
}

let uniq = 0;
const nextUnique = () => `${Date.now().toString(36)}${(uniq++).toString(36)}`;

function pick<T>(xs: readonly T[], rnd: () => number): T {
  return xs[Math.floor(rnd() * xs.length)];
}

function fitsString(f: FieldSpec, s: string): boolean {
  if (f.minLength !== undefined && [...s].length < f.minLength) return false;
  if (f.maxLength !== undefined && [...s].length > f.maxLength) return false;
  if (f.pattern) {
    f.pattern.lastIndex = 0;
    if (!f.pattern.test(s)) return false;
  }
  return true;
}

function validString(f: FieldSpec): string {
  const u = nextUnique();
  const digits = String(100000000 + (uniq % 899999999));
  const candidates = [
    `Nội dung kiểm thử ${u}`,
    `t${u}`.toLowerCase(),
    `T-${u}`,
    digits,
    `${randomUUID()}.${'A'.repeat(43)}`,
    `Mật-khẩu-kiểm-thử-${u}`,
    `2026-0${1 + (uniq % 9)}-1${uniq % 9}`,
    'Chi bộ',
  ];
  for (const c of candidates) {
    let s = c;
    if (f.minLength !== undefined && [...s].length < f.minLength)
      s = s + 'a'.repeat(f.minLength - [...s].length);
    if (f.maxLength !== undefined && [...s].length > f.maxLength) s = [...s].slice(0, f.maxLength).join('');
    if (fitsString(f, s)) return s;
  }
  return candidates[0];
}

/** A value the server's validation should accept for this field. */
export function validValue(f: FieldSpec, ctx: GenContext): unknown {
  switch (f.kind) {
    case 'uuid':
      return ctx.idFor(f.name);
    case 'date':
      return `2026-0${1 + Math.floor(ctx.rnd() * 9)}-1${Math.floor(ctx.rnd() * 9)}`;
    case 'datetime':
      return '2026-03-15T08:00:00.000Z';
    case 'int':
    case 'number': {
      if (f.name === 'version') return ctx.version ?? 1;
      if (f.name === 'year') return 2026;
      const lo = f.min ?? 1;
      const hi = f.max ?? Math.max(lo, 5);
      return lo + Math.floor(ctx.rnd() * (Math.min(hi, lo + 10) - lo + 1));
    }
    case 'boolean':
      return ctx.rnd() < 0.5;
    case 'enum':
      return pick(f.enumValues ?? ['x'], ctx.rnd);
    case 'array': {
      const n = Math.max(f.minItems ?? 0, 1);
      return Array.from({ length: n }, () =>
        validValue(f.items ?? { name: 'x', kind: 'string', optional: false, nullable: false }, ctx),
      );
    }
    case 'object':
      return f.object ? validObject(f.object, ctx, 'none') : {};
    case 'string':
    case 'any':
      return validString(f);
  }
}

/** A valid-looking object: required fields always, optional ones never, always, or at random. */
export function validObject(
  spec: ObjectSpec,
  ctx: GenContext,
  optional: 'none' | 'all' | 'random',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of spec.fields) {
    if (f.optional && (optional === 'none' || (optional === 'random' && ctx.rnd() < 0.5))) continue;
    out[f.name] = validValue(f, ctx);
  }
  return out;
}

export interface Mutation {
  label: string;
  /** Input that may legitimately pass (null on an optional field reads as "absent"): only 5xx and envelopes are judged. */
  mayPass?: boolean;
  body?: unknown;
  raw?: string;
  contentType?: string;
}

const HUGE = 'Đ'.repeat(150_000);

/** JSON text nested `depth` objects deep (built as text: JSON.stringify would overflow the test's stack). */
export function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** `body` as JSON with `field` replaced by raw JSON text. */
function withRaw(body: Record<string, unknown>, field: string, raw: string): string {
  return JSON.stringify({ ...body, [field]: '__RAW__' }).replace('"__RAW__"', raw);
}

/** Values of the wrong type for a field (each one must be refused). */
export function wrongValues(f: FieldSpec): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const notString = [
    ['number', 12345],
    ['boolean', true],
    ['array', ['a']],
    ['object', { a: 1 }],
  ] as Array<[string, unknown]>;
  if (!f.nullable && !f.optional) out.push(['null', null]);
  switch (f.kind) {
    case 'uuid':
      out.push(
        ...notString,
        ['not-uuid', 'not-a-uuid'],
        ['zero', '0'],
        ['empty', ''],
        ['sql', "' OR '1'='1"],
        ['undefined', 'undefined'],
      );
      break;
    case 'date':
      out.push(
        ...notString,
        ['feb30', '2026-02-30'],
        ['month13', '2026-13-01'],
        ['word', 'yesterday'],
        ['short', '2026-1-1'],
        ['empty', ''],
      );
      break;
    case 'datetime':
      out.push(...notString, ['word', 'tomorrow'], ['empty', ''], ['badtime', '2026-01-01T25:61:00Z']);
      break;
    case 'int':
    case 'number':
      out.push(
        ['string', '1'],
        ['boolean', false],
        ['array', [1]],
        ['object', { n: 1 }],
        ['nan', 'NaN'],
        ['huge', 1e308],
      );
      if (f.kind === 'int') out.push(['fraction', 1.5]);
      if (f.min !== undefined) out.push(['below-min', f.min - 1]);
      if (f.max !== undefined) out.push(['above-max', f.max + 1]);
      break;
    case 'boolean':
      out.push(['string', 'true'], ['number', 1], ['array', [true]], ['object', {}]);
      break;
    case 'enum':
      out.push(
        ['unknown', 'NOT_A_VALUE'],
        ['number', 999],
        ['array', [f.enumValues?.[0]]],
        ['object', { v: 1 }],
      );
      if (typeof f.enumValues?.[0] === 'string')
        out.push(['upper', String(f.enumValues[0]).toUpperCase() + 'X']);
      break;
    case 'array':
      out.push(['string', 'abc'], ['object', { 0: 'a' }], ['number', 3]);
      out.push([
        'huge-array',
        Array.from({ length: Math.max((f.maxItems ?? 1000) + 1, 1001) }, () => ({ x: 1 })),
      ]);
      if (f.items?.kind === 'object') out.push(['item-string', ['abc']], ['item-null', [null]]);
      else if (f.items?.kind === 'int' || f.items?.kind === 'number')
        out.push(['item-string', ['abc']], ['item-object', [{}]]);
      else out.push(['item-object', [{ a: 1 }]]);
      break;
    case 'object':
      out.push(['string', 'abc'], ['number', 3], ['array', [1]]);
      break;
    case 'string':
    case 'any':
      out.push(...notString);
      if (f.maxLength !== undefined) out.push(['too-long', 'x'.repeat(f.maxLength + 1)], ['huge', HUGE]);
      if (f.minLength !== undefined && f.minLength > 0) out.push(['too-short', 'x'.repeat(f.minLength - 1)]);
      if (f.pattern) out.push(['pattern', '<script>alert(1)</script> \u0000']);
      break;
  }
  return out;
}

/** Invalid variants of a valid body: every field broken in every way, then whole-body attacks. */
export function bodyMutations(spec: ObjectSpec, valid: Record<string, unknown>, heavy = true): Mutation[] {
  const out: Mutation[] = [];
  for (const f of spec.fields) {
    if (!f.optional) {
      const rest = { ...valid };
      delete rest[f.name];
      // A nullable field (@ValidateIf) may also be omitted: missing reads as null.
      out.push({ label: `${spec.name}.${f.name}:missing`, body: rest, mayPass: f.nullable });
    } else if (!f.nullable) {
      out.push({
        label: `${spec.name}.${f.name}:null-optional`,
        body: { ...valid, [f.name]: null },
        mayPass: true,
      });
    }
    for (const [label, v] of wrongValues(f))
      out.push({ label: `${spec.name}.${f.name}:${label}`, body: { ...valid, [f.name]: v } });
    // Nested objects and array items are attacked one level down too.
    const nested =
      f.kind === 'object'
        ? f.object
        : f.kind === 'array' && f.items?.kind === 'object'
          ? f.items.object
          : undefined;
    if (nested) {
      const inner = (
        valid[f.name] && typeof valid[f.name] === 'object'
          ? Array.isArray(valid[f.name])
            ? (valid[f.name] as unknown[])[0]
            : valid[f.name]
          : {}
      ) as Record<string, unknown>;
      for (const m of bodyMutations(nested, inner ?? {}, heavy)) {
        if (m.body === undefined) continue;
        out.push({
          label: `${spec.name}.${f.name}>${m.label}`,
          body: { ...valid, [f.name]: f.kind === 'array' ? [m.body] : m.body },
          mayPass: m.mayPass,
        });
      }
    }
  }
  out.push(
    { label: 'unknown-field', body: { ...valid, notAField: 1 } },
    { label: 'proto-key', raw: `{"__proto__":{"isAdmin":true},${JSON.stringify(valid).slice(1)}` },
    {
      label: 'constructor-key',
      raw: `{"constructor":{"prototype":{"isAdmin":true}},${JSON.stringify(valid).slice(1)}`,
    },
    { label: 'body-null', raw: 'null' },
    { label: 'body-array', body: [valid] },
    { label: 'body-string', raw: '"text"' },
    { label: 'body-number', raw: '42' },
    { label: 'broken-json', raw: JSON.stringify(valid).slice(0, -1) },
    { label: 'trailing-garbage', raw: `${JSON.stringify(valid)}}` },
    { label: 'empty-json', raw: '' },
    { label: 'text-plain', raw: JSON.stringify(valid), contentType: 'text/plain' },
    { label: 'form-urlencoded', raw: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
    { label: 'xml', raw: '<a>1</a>', contentType: 'application/xml' },
  );
  if (heavy) {
    out.push(
      { label: 'deep-nesting', raw: withRaw(valid, 'nest', deepJson(5000)) },
      { label: 'deep-array', raw: withRaw(valid, 'nest', `${'['.repeat(5000)}${']'.repeat(5000)}`) },
      { label: 'huge-array-field', body: { ...valid, list: Array.from({ length: 50_000 }, (_, i) => i) } },
      { label: 'too-large', raw: JSON.stringify({ ...valid, pad: 'x'.repeat(1_100_000) }) },
    );
  }
  return out;
}

/** Query-string attacks for a query DTO: wrong types per field, unknown parameters, repeated parameters. */
export function queryMutations(spec: ObjectSpec | null): Array<{ label: string; qs: string }> {
  // A route without a query contract ignores the query string; one with a contract refuses strangers.
  if (!spec) return [];
  const out: Array<{ label: string; qs: string }> = [{ label: 'unknown', qs: 'notAParam=1' }];
  for (const f of spec.fields) {
    const bad: string[] = [];
    switch (f.kind) {
      case 'int':
      case 'number':
        // ('' reads as "absent" and '0x10' as 16: both legitimately pass.)
        bad.push('abc', '1.5', '-1', '1e999', '99999999999999999999', '1;DROP TABLE member');
        if (f.max !== undefined) bad.push(String(f.max + 1));
        break;
      case 'uuid':
        bad.push('abc', '0', 'undefined', 'null', "'; DROP TABLE member; --");
        break;
      case 'enum':
        bad.push('NOT_A_VALUE', "official' OR '1'='1");
        break;
      case 'date':
      case 'datetime':
        bad.push('2026-02-30', 'yesterday', '2026-13-01');
        break;
      case 'boolean':
        bad.push('maybe', '2');
        break;
      case 'string':
        if (f.maxLength !== undefined) bad.push('x'.repeat(f.maxLength + 1));
        if (f.pattern) bad.push('<x>%00');
        break;
      default:
        break;
    }
    for (const b of bad)
      out.push({
        label: `${f.name}=${b.slice(0, 20)}`,
        qs: `${encodeURIComponent(f.name)}=${encodeURIComponent(b)}`,
      });
    if (f.kind !== 'array' && f.kind !== 'string')
      out.push({ label: `${f.name}:repeated`, qs: `${f.name}=1&${f.name}=2` });
  }
  return out;
}

/** Path-parameter values that are not ids: all must answer 400 (or 404), never a row and never a 5xx. */
export const BAD_IDS = [
  'undefined',
  'null',
  '0',
  '-1',
  'not-a-uuid',
  "1' OR '1'='1",
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  '{}',
  '00000000-0000-0000-0000-00000000000g',
  `${randomUUID()}x`,
  'x'.repeat(1000),
];
