import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildWorld, World } from '../factories/world.js';
import type { TestApp } from '../setup/test-app.js';
import type { RouteSpec } from './catalog.js';
import { call } from './inject.js';
import { ModelActor, ModelOwner, ModelTree, RoleName } from './reference-model.js';

export interface TrustActor extends ModelActor {
  token: string;
  userId: string;
  permissions: string[];
}

/**
 * The attack cast of issue 8: members A and B of one cell, member C of the other cell of the same
 * ward, member D of the other ward, the secretaries of two cells, the leaders of two sibling
 * committees, the city leader and the admin.
 */
export async function buildCast(t: TestApp): Promise<{ world: World; actors: TrustActor[] }> {
  const world = await buildWorld(t);
  const named: Array<[string, { token: string; userId: string }]> = [
    ['memberA', world.memberA1a],
    ['memberB', world.memberA1b],
    ['memberC', world.memberA2],
    ['memberD', world.memberB1],
    ['secretaryA1', world.secretaryA1],
    ['secretaryB1', world.secretaryB1],
    ['leaderA', world.leaderA],
    ['leaderB', world.leaderB],
    ['leaderCity', world.leaderCity],
    ['admin', world.admin],
  ];
  const actors: TrustActor[] = [];
  for (const [name, login] of named) actors.push(await describeActor(t.app, name, login.token));
  return { world, actors };
}

export async function describeActor(
  app: NestFastifyApplication,
  name: string,
  token: string,
): Promise<TrustActor> {
  const me = await call(app, { method: 'GET', url: '/api/auth/me', token });
  if (me.status !== 200) throw new Error(`/me for ${name}: ${me.status}`);
  const roles = (me.body.roles as Array<{ role: RoleName; organizationId: string | null }>).filter(
    (r) => r.role !== 'member',
  );
  const memberRole = (me.body.roles as Array<{ role: RoleName; organizationId: string | null }>).find(
    (r) => r.role === 'member',
  );
  return {
    name,
    token,
    userId: me.body.id,
    permissions: me.body.permissions,
    memberId: me.body.memberId,
    memberCellId: memberRole?.organizationId ?? null,
    roles: [...roles, ...(memberRole ? [memberRole] : [])],
  };
}

/** Flattens list answers: pages `{ items }`, plain arrays and trees with `children`. */
export function rowsOf(body: unknown): Array<Record<string, unknown>> {
  const list = Array.isArray(body)
    ? body
    : body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)
      ? (body as { items: unknown[] }).items
      : [];
  const out: Array<Record<string, unknown>> = [];
  const walk = (rows: unknown[]) => {
    for (const r of rows) {
      if (!r || typeof r !== 'object') continue;
      out.push(r as Record<string, unknown>);
      const children = (r as { children?: unknown }).children;
      if (Array.isArray(children)) walk(children);
    }
  };
  walk(list);
  return out;
}

/** Every page of a list route, as the given actor. */
export async function fetchAll(
  app: NestFastifyApplication,
  url: string,
  token: string,
): Promise<{ status: number; rows: Array<Record<string, unknown>> }> {
  const sep = url.includes('?') ? '&' : '?';
  const first = await call(app, { method: 'GET', url: `${url}${sep}page=1&pageSize=200`, token });
  if (first.status !== 200) {
    // Lists without pagination refuse the page parameters: ask again without them.
    const plain = await call(app, { method: 'GET', url, token });
    return { status: plain.status, rows: plain.status === 200 ? rowsOf(plain.body) : [] };
  }
  const rows = rowsOf(first.body);
  const total = typeof first.body?.total === 'number' ? (first.body.total as number) : rows.length;
  for (let page = 2; rows.length < total && page <= 50; page++) {
    const next = await call(app, { method: 'GET', url: `${url}${sep}page=${page}&pageSize=200`, token });
    const more = rowsOf(next.body);
    if (more.length === 0) break;
    rows.push(...more);
  }
  return { status: 200, rows };
}

/** The organisation tree and member cells as the admin sees them: the model's ground truth. */
export async function loadTree(app: NestFastifyApplication, adminToken: string): Promise<ModelTree> {
  const tree = new ModelTree();
  const orgs = await fetchAll(app, '/api/organizations', adminToken);
  for (const o of orgs.rows) tree.addOrg(String(o.id), (o.parentId as string | null) ?? null);
  const members = await fetchAll(app, '/api/members', adminToken);
  for (const m of members.rows) tree.addMember(String(m.id), String(m.cellId));
  return tree;
}

/** Who an object belongs to, read from its fields (works for resources added later too). */
export function ownerOf(resource: string, row: Record<string, unknown>, tree: ModelTree): ModelOwner {
  const orgIds = new Set<string>();
  const memberIds = new Set<string>();
  if (resource === 'organizations') orgIds.add(String(row.id));
  if (resource === 'members') memberIds.add(String(row.id));
  for (const key of ['cellId', 'organizationId']) if (typeof row[key] === 'string') orgIds.add(row[key]);
  if (typeof row.memberId === 'string') memberIds.add(row.memberId);
  if (typeof row.organizationPath === 'string') {
    const last = row.organizationPath.split('/').filter(Boolean).pop();
    if (last) orgIds.add(last);
  }
  if (Array.isArray(row.roles)) {
    for (const r of row.roles as Array<{ organizationId?: unknown }>)
      if (typeof r?.organizationId === 'string') orgIds.add(r.organizationId);
  }
  for (const m of memberIds) {
    const cell = tree.cellOf(m);
    if (cell) orgIds.add(cell);
  }
  return { orgIds: [...orgIds], memberIds: [...memberIds] };
}

export interface Inventory {
  /** resource -> objects (as the admin lists them) */
  objects: Map<string, Array<Record<string, unknown>>>;
  /** resources whose id routes had no list to take objects from */
  unlisted: string[];
}

/** Objects of every resource that has a list route, as the admin sees them. */
export async function inventory(
  app: NestFastifyApplication,
  routes: RouteSpec[],
  adminToken: string,
): Promise<Inventory> {
  const objects = new Map<string, Array<Record<string, unknown>>>();
  const unlisted: string[] = [];
  const resources = [...new Set(routes.filter((r) => r.pathParams.length > 0).map((r) => r.resource))];
  const lists = new Set(
    routes.filter((r) => r.method === 'GET' && r.pathParams.length === 0).map((r) => r.path),
  );
  for (const resource of resources) {
    const candidates = [
      ...routes.filter((r) => r.resource === resource && r.pathParams.length > 0).map((r) => r.listPath),
      `/api/${resource}`,
    ];
    const list = candidates.find((c) => lists.has(c));
    if (!list) {
      unlisted.push(resource);
      continue;
    }
    const { status, rows } = await fetchAll(app, list, adminToken);
    if (status === 200)
      objects.set(
        resource,
        rows.filter((r) => typeof r.id === 'string'),
      );
    else unlisted.push(resource);
  }
  return { objects, unlisted };
}

/**
 * Seeds objects of every resource through its own POST route, as each actor of the cast, with
 * generated valid-looking bodies pointing at the actor's own member and organisations. Routes added
 * later get objects (and so BOLA coverage) without editing this file; what could not be created is
 * reported.
 */
export async function seedThroughApi(
  app: NestFastifyApplication,
  routes: RouteSpec[],
  actors: TrustActor[],
  gen: {
    validObject: (
      spec: NonNullable<RouteSpec['body']>,
      ctx: import('./generate.js').GenContext,
      optional: 'none' | 'all' | 'random',
    ) => Record<string, unknown>;
    rnd: () => number;
    /** Organisations for actors without one of their own (the admin). */
    orgPool?: string[];
  },
  skip: RegExp = /^\/api\/(auth|users|organizations|members|imports)\b/,
): Promise<Record<string, number>> {
  const created: Record<string, number> = {};
  const creators = routes.filter(
    (r) => r.method === 'POST' && r.pathParams.length === 0 && r.body && !skip.test(r.path),
  );
  for (const route of creators) {
    created[route.path] = 0;
    for (const actor of actors) {
      const own = actor.roles.map((r) => r.organizationId).filter((x): x is string => Boolean(x));
      if (own.length === 0) own.push(...(gen.orgPool ?? []));
      for (let attempt = 0; attempt < 16; attempt++) {
        const ctx = {
          rnd: gen.rnd,
          idFor: (field: string) => {
            if (/member/i.test(field) && actor.memberId) return actor.memberId;
            return own[attempt % Math.max(own.length, 1)] ?? '00000000-0000-4000-8000-000000000000';
          },
        };
        const body = gen.validObject(route.body!, ctx, attempt % 2 === 0 ? 'none' : 'random');
        if (attempt % 4 >= 2) {
          for (const f of route.body!.fields) if (f.nullable && f.kind !== 'uuid') body[f.name] = null;
        }
        const res = await call(app, { method: 'POST', url: route.path, token: actor.token, body });
        if (res.status === 201 || res.status === 200) {
          created[route.path]++;
          break;
        }
        if (process.env.TRUST_DEBUG)
          console.log(
            actor.name,
            route.path,
            JSON.stringify(body).slice(0, 300),
            res.status,
            res.text.slice(0, 300),
          );
      }
    }
  }
  return created;
}
