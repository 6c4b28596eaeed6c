import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMember,
  createOrg,
  createUser,
  login,
  loginAdmin,
  Login,
  MemberRow,
  Org,
} from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { describeActor, fetchAll, loadTree, TrustActor } from '../trust/actors.js';
import { call } from '../trust/inject.js';
import { mayManageUser, mayReadMember, mayReadOrganization } from '../trust/reference-model.js';

/**
 * Property-based authorization: random organisation trees, members and role assignments; what each
 * actor can list and read must equal what the reference model says, object by object. Run counts are
 * modest (every account costs an argon2 hash); the seed is printed so a failure can be replayed with
 * TRUST_SEED=<seed>.
 */
const RUNS = Number(process.env.TRUST_PROPERTY_RUNS ?? 12);

type ActorSpec =
  | { kind: 'leader'; committee: number }
  | { kind: 'secretary'; cell: number; member: number | null }
  | { kind: 'member'; member: number }
  | { kind: 'leader+member'; committee: number; member: number }
  | { kind: 'two-cells'; cell: number; other: number };

const worldArb = fc.record({
  committees: fc.array(fc.nat(), { minLength: 0, maxLength: 3 }),
  cells: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  members: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
  actors: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('leader' as const), committee: fc.nat() }),
      fc.record({
        kind: fc.constant('secretary' as const),
        cell: fc.nat(),
        member: fc.option(fc.nat(), { nil: null }),
      }),
      fc.record({ kind: fc.constant('member' as const), member: fc.nat() }),
      fc.record({ kind: fc.constant('leader+member' as const), committee: fc.nat(), member: fc.nat() }),
      fc.record({ kind: fc.constant('two-cells' as const), cell: fc.nat(), other: fc.nat() }),
    ),
    { minLength: 1, maxLength: 3 },
  ),
});

describe('trust: property-based authorization against the reference model (e2e)', () => {
  let t: TestApp;
  let admin: Login;
  let runs = 0;
  let checks = 0;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  it('lists and reads exactly what the reference model allows, for random trees and roles', async () => {
    const seed = Number(process.env.TRUST_SEED ?? Date.now() % 1_000_000);
    await fc.assert(
      fc.asyncProperty(worldArb, async (spec) => {
        runs++;
        // The tree: a grassroots root, sub-committees below it, cells below any committee.
        const root = await createOrg(t, admin, {
          name: `Đảng bộ ngẫu nhiên ${runs}`,
          kind: 'committee',
          isGrassroots: true,
          parentId: null,
        });
        const committees = [root];
        for (const p of spec.committees) {
          committees.push(
            await createOrg(t, admin, {
              name: `Đảng bộ bộ phận ${runs}-${committees.length}`,
              kind: 'committee',
              isGrassroots: false,
              parentId: committees[p % committees.length].id,
            }),
          );
        }
        const cells: Org[] = [];
        for (const p of spec.cells) {
          cells.push(
            await createOrg(t, admin, {
              name: `Chi bộ ${runs}-${cells.length}`,
              kind: 'cell',
              isGrassroots: false,
              parentId: committees[p % committees.length].id,
            }),
          );
        }
        const members: MemberRow[] = [];
        for (const c of spec.members)
          members.push(
            await createMember(t, admin, cells[c % cells.length].id, `Đảng viên ${runs}-${members.length}`),
          );

        const linked = new Set<string>();
        const memberFor = (i: number | null) => {
          if (i === null) return undefined;
          const m = members[i % members.length];
          if (linked.has(m.id)) return undefined;
          linked.add(m.id);
          return m.id;
        };
        // A secretary's or a leader's account belongs to a member: a fresh one when the spec names
        // none (or one already linked), in a cell the spec picks.
        const holder = async (i: number | null, cell: number) => {
          const id = memberFor(i);
          if (id) return id;
          const m = await createMember(
            t,
            admin,
            cells[cell % cells.length].id,
            `Cán bộ ${runs}-${members.length}`,
          );
          members.push(m);
          linked.add(m.id);
          return m.id;
        };
        const actors: TrustActor[] = [];
        for (const [i, a] of (spec.actors as ActorSpec[]).entries()) {
          let roles: Array<{ role: string; organizationId: string }> = [];
          let memberId: string | undefined;
          if (a.kind === 'leader') {
            roles = [{ role: 'leader', organizationId: committees[a.committee % committees.length].id }];
            memberId = await holder(null, a.committee);
          }
          if (a.kind === 'secretary') {
            roles = [{ role: 'secretary', organizationId: cells[a.cell % cells.length].id }];
            memberId = await holder(a.member, a.cell);
          }
          if (a.kind === 'member') memberId = memberFor(a.member);
          if (a.kind === 'leader+member') {
            roles = [{ role: 'leader', organizationId: committees[a.committee % committees.length].id }];
            memberId = await holder(a.member, a.committee);
          }
          if (a.kind === 'two-cells') {
            const ids = [...new Set([cells[a.cell % cells.length].id, cells[a.other % cells.length].id])];
            roles = ids.map((organizationId) => ({ role: 'secretary', organizationId }));
            memberId = await holder(null, a.cell);
          }
          if (roles.length === 0 && !memberId) continue; // an account with nothing to do
          const u = await createUser(t, admin, { roles, memberId });
          const l = await login(t, u.username);
          actors.push(await describeActor(t.app, `${a.kind}#${i}`, l.token));
        }

        const tree = await loadTree(t.app, admin.token);
        const allUsers = (await fetchAll(t.app, '/api/users', admin.token)).rows;
        const orgIds = [...committees, ...cells].map((o) => o.id);
        const memberIds = members.map((m) => m.id);
        for (const actor of actors) {
          const orgs = await fetchAll(t.app, '/api/organizations', actor.token);
          const wantOrgs = tree
            .orgIds()
            .filter((id) => mayReadOrganization(actor, id, tree))
            .sort();
          expect(orgs.rows.map((o) => String(o.id)).sort(), `${actor.name} organisations`).toEqual(wantOrgs);
          const mems = await fetchAll(t.app, '/api/members', actor.token);
          const wantMembers = tree
            .memberIds()
            .filter((id) => mayReadMember(actor, id, tree))
            .sort();
          expect(mems.rows.map((m) => String(m.id)).sort(), `${actor.name} members`).toEqual(wantMembers);
          for (const id of orgIds) {
            const res = await call(t.app, {
              method: 'GET',
              url: `/api/organizations/${id}`,
              token: actor.token,
            });
            expect(res.status, `${actor.name} GET organization ${id}`).toBe(
              mayReadOrganization(actor, id, tree) ? 200 : 404,
            );
          }
          for (const id of memberIds) {
            const res = await call(t.app, { method: 'GET', url: `/api/members/${id}`, token: actor.token });
            expect(res.status, `${actor.name} GET member ${id}`).toBe(
              mayReadMember(actor, id, tree) ? 200 : 404,
            );
          }
          const users = await fetchAll(t.app, '/api/users', actor.token);
          if (actor.permissions.includes('user.manage')) {
            const want = allUsers
              .filter((u) => mayManageUser(actor, u as never, tree))
              .map((u) => String(u.id))
              .sort();
            expect(users.rows.map((u) => String(u.id)).sort(), `${actor.name} users`).toEqual(want);
          } else expect(users.status, `${actor.name} users`).toBe(403);
          checks += 3 + orgIds.length + memberIds.length;
        }
      }),
      { numRuns: RUNS, seed, endOnFailure: true },
    );
    console.log(
      `[trust-property] seed ${seed}: ${runs} random worlds, ${checks} answers compared with the reference model, mismatches 0`,
    );
    expect(checks).toBeGreaterThan(RUNS * 5);
  }, 300_000);
});
