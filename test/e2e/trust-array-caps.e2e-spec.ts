import { randomUUID } from 'node:crypto';
import { getMetadataStorage } from 'class-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { FieldSpec, fillPath, loadCatalog, ObjectSpec, RouteSpec } from '../trust/catalog.js';
import { dbFingerprint } from '../trust/db-fingerprint.js';
import { rng, validObject } from '../trust/generate.js';
import { call } from '../trust/inject.js';

/**
 * Issue 14, item 9: an array of 100,000 elements in any body answers 400 naming the field and
 * `arrayMaxSize` (it answered 500: the validation error formatter overflowed the stack), changes
 * nothing stored, and every array property of every DTO declares its @ArrayMaxSize.
 */

const HUGE = 100_000;

interface ArrayTarget {
  route: RouteSpec;
  /** The field as the error details name it: `items`, `items.0.manifestationCodes`. */
  field: string;
  body: Record<string, unknown>;
}

/** Every array field of a body (nested objects and array items included), each with a body holding HUGE elements there. */
function arrayTargets(
  route: RouteSpec,
  spec: ObjectSpec,
  valid: Record<string, unknown>,
  prefix = '',
): ArrayTarget[] {
  const out: ArrayTarget[] = [];
  for (const f of spec.fields) {
    const field = prefix ? `${prefix}.${f.name}` : f.name;
    if (f.kind === 'array') {
      const element = f.items?.kind === 'object' ? {} : 0;
      out.push({ route, field, body: { ...valid, [f.name]: Array.from({ length: HUGE }, () => element) } });
    }
    const nested: FieldSpec['object'] =
      f.kind === 'object'
        ? f.object
        : f.kind === 'array' && f.items?.kind === 'object'
          ? f.items.object
          : undefined;
    if (!nested) continue;
    const current = valid[f.name];
    const inner = (Array.isArray(current) ? current[0] : current) as Record<string, unknown> | undefined;
    for (const t of arrayTargets(
      route,
      nested,
      inner && typeof inner === 'object' ? inner : {},
      f.kind === 'array' ? `${field}.0` : field,
    ))
      out.push({
        route,
        field: t.field,
        body: { ...valid, [f.name]: f.kind === 'array' ? [t.body] : t.body },
      });
  }
  return out;
}

describe('trust: arrays are capped before their elements are validated (e2e)', () => {
  let t: TestApp;
  let routes: RouteSpec[];
  let adminToken: string;
  let cellId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const w = await buildWorld(t);
    adminToken = w.admin.token;
    cellId = w.orgs.cellA1.id;
    routes = (await loadCatalog(t.app)).routes;
  });
  afterAll(() => t.close());

  it('every array property of every DTO declares an @ArrayMaxSize', () => {
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<
        { name: string },
        Array<{ propertyName: string; name?: string; each?: boolean }>
      >;
    };
    const arrays: string[] = [];
    const uncapped: string[] = [];
    for (const [target, metas] of storage.validationMetadatas) {
      const byProperty = new Map<string, typeof metas>();
      for (const m of metas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
      for (const [property, list] of byProperty) {
        if (!list.some((m) => m.name === 'isArray' || m.each)) continue;
        arrays.push(`${target.name}.${property}`);
        if (!list.some((m) => m.name === 'arrayMaxSize' && !m.each))
          uncapped.push(`${target.name}.${property}`);
      }
    }
    // The app's DTOs are loaded (createTestApp imports every module): the walk saw their arrays.
    expect(arrays).toContain('CreateCommitmentDto.items');
    expect(arrays).toContain('CreateMeetingDto.attendance');
    expect(uncapped).toEqual([]);
  });

  it(`answers 400 arrayMaxSize naming the field to ${HUGE.toLocaleString('en')} elements in every array of every body, and stores nothing`, async () => {
    const rnd = rng(14_9);
    const targets: ArrayTarget[] = [];
    for (const route of routes) {
      if (!route.body) continue;
      const valid = validObject(route.body, { rnd, idFor: () => cellId }, 'all');
      targets.push(...arrayTargets(route, route.body, valid));
    }
    const fields = targets.map((x) => `${x.route.method} ${x.route.path} ${x.field}`);
    // The catalogue reached the arrays the issue names, nested ones included.
    expect(fields).toContain('POST /api/commitments items');
    expect(fields).toContain('POST /api/meetings attendance');
    expect(fields).toContain('POST /api/commitments items.0.manifestationCodes');

    const before = await dbFingerprint(t.app);
    const problems: string[] = [];
    for (const target of targets) {
      const url = fillPath(
        target.route.path,
        Object.fromEntries(
          target.route.pathParams.map((p) => [
            p.name,
            p.kind === 'int' || p.name === 'year' ? 2026 : randomUUID(),
          ]),
        ),
      );
      const res = await call(t.app, {
        method: target.route.method,
        url,
        token: target.route.isPublic ? undefined : adminToken,
        body: target.body,
      });
      const named = (res.body?.details ?? []) as Array<{ field?: string; rule?: string }>;
      if (res.status !== 400 || !named.some((d) => d.field === target.field && d.rule === 'arrayMaxSize'))
        problems.push(
          `${target.route.method} ${url} ${target.field} -> ${res.status} ${res.text.slice(0, 200)}`,
        );
    }
    console.log(`[trust-array-caps] ${targets.length} array fields sent ${HUGE} elements each`);
    expect(problems).toEqual([]);
    expect(await dbFingerprint(t.app)).toEqual(before);
  }, 240_000);
});
