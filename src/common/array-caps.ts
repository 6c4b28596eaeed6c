import { createRequire } from 'node:module';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ErrorDetail } from './domain-error.js';

/**
 * The cap of an array property that declares none (the meta-test in
 * test/e2e/trust-input-limits.e2e-spec.ts makes every DTO declare one; this is the safety net).
 */
export const MAX_ARRAY_ITEMS = 1000;

/** Nested DTOs are followed no deeper than this (no body of this API nests DTOs beyond 3 levels). */
const MAX_DTO_DEPTH = 8;

type Ctor = abstract new (...args: never[]) => unknown;

/**
 * class-transformer's @Type() registry, from the CommonJS build that Nest's ValidationPipe loads
 * (the ESM build would hold a second, empty registry). The element class of a nested array is
 * recorded only there: arrays carry no design:type of their elements.
 */
const transformerStorage = createRequire(import.meta.url)('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: {
    findTypeMetadata(target: Ctor, property: string): { typeFunction: () => unknown } | undefined;
  };
};

interface PropertyCaps {
  name: string;
  /** The declared @ArrayMaxSize, or MAX_ARRAY_ITEMS for an array property without one. */
  max: number | null;
  /** The DTO class of nested elements (@ValidateNested + @Type), if any. */
  nested: Ctor | null;
}

const capsByClass = new WeakMap<object, readonly PropertyCaps[]>();

/** The array caps and nested classes of a DTO class, from its class-validator metadata; once per class. */
function capsOf(target: Ctor): readonly PropertyCaps[] {
  let caps = capsByClass.get(target);
  if (caps) return caps;
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const byName = new Map<string, PropertyCaps & { isArray: boolean }>();
  for (const m of metadatas) {
    if (!m.propertyName) continue;
    let p = byName.get(m.propertyName);
    if (!p)
      byName.set(m.propertyName, (p = { name: m.propertyName, max: null, nested: null, isArray: false }));
    if (m.name === 'arrayMaxSize' && !m.each) p.max = m.constraints[0] as number;
    if (m.name === 'isArray' || m.each) p.isArray = true;
    if (m.type === ValidationTypes.NESTED_VALIDATION) {
      const typed = transformerStorage.defaultMetadataStorage
        .findTypeMetadata(target, m.propertyName)
        ?.typeFunction();
      if (typeof typed === 'function') p.nested = typed as Ctor;
    }
  }
  caps = [...byName.values()]
    .filter((p) => p.isArray || p.max !== null || p.nested)
    .map(({ name, max, nested, isArray }) => ({
      name,
      max: max ?? (isArray ? MAX_ARRAY_ITEMS : null),
      nested,
    }));
  capsByClass.set(target, caps);
  return caps;
}

/**
 * Arrays of a request body (or query) longer than their DTO allows, found on the raw input before
 * class-transformer and class-validator see it. class-validator checks every element before it
 * reports @ArrayMaxSize, so 100,000 elements cost 100,000 element validations and as many errors
 * (which once overflowed the stack: a 500). Iterative; only arrays within their cap are descended
 * into, so the work is bounded by the caps.
 */
export function oversizedArrays(value: unknown, target: Ctor): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const pending: Array<{ value: unknown; target: Ctor; prefix: string; depth: number }> = [
    { value, target, prefix: '', depth: 0 },
  ];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.value === null || typeof next.value !== 'object' || Array.isArray(next.value)) continue;
    const record = next.value as Record<string, unknown>;
    for (const p of capsOf(next.target)) {
      if (!Object.prototype.hasOwnProperty.call(record, p.name)) continue;
      const field = next.prefix ? `${next.prefix}.${p.name}` : p.name;
      const v = record[p.name];
      if (Array.isArray(v) && p.max !== null && v.length > p.max) {
        out.push({
          field,
          rule: 'arrayMaxSize',
          message: `${field} must contain no more than ${p.max} elements`,
        });
        continue;
      }
      if (!p.nested || next.depth >= MAX_DTO_DEPTH) continue;
      if (Array.isArray(v))
        v.forEach((element, i) =>
          pending.push({ value: element, target: p.nested!, prefix: `${field}.${i}`, depth: next.depth + 1 }),
        );
      else pending.push({ value: v, target: p.nested, prefix: field, depth: next.depth + 1 });
    }
  }
  return out;
}
