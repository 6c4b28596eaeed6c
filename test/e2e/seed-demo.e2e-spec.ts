import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoPlan, DEMO_PASSWORD } from '../../src/cli/demo-plan.js';
import { DemoSeedRefused, DemoSeedResult, seedDemo } from '../../src/cli/demo-seeder.js';
import { vnToday } from '../../src/common/dates.js';
import { login } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

describe('seed:demo', () => {
  let t: TestApp;
  let result: DemoSeedResult;

  beforeAll(async () => {
    t = await createTestApp();
    result = await seedDemo(t.app, { today: vnToday() });
  });
  afterAll(() => t?.close());

  it('builds one city committee, four ward committees, twelve cells and about 300 members', async () => {
    expect(result.committees).toBe(5);
    expect(result.cells).toBe(12);
    expect(result.members.total).toBe(300);
    expect(result.members.probationary).toBeGreaterThan(0);
    expect(result.members.exempt).toBeGreaterThan(0);

    const admin = await login(t, 'admin', t.config.admin.password!);
    const tree = await t.http().get('/api/organizations').set(admin.auth).expect(200);
    expect(tree.body).toHaveLength(1);
    expect(tree.body[0]).toMatchObject({
      name: 'Đảng bộ thành phố Vĩnh Yên',
      kind: 'committee',
      isGrassroots: false,
    });
    const wards = tree.body[0].children.filter((o: { kind: string }) => o.kind === 'committee');
    expect(wards).toHaveLength(4);
    expect(wards.every((w: { isGrassroots: boolean }) => w.isGrassroots)).toBe(true);

    const members = await t.http().get('/api/members?pageSize=1').set(admin.auth).expect(200);
    expect(members.body.total).toBe(300);
    const found = await t.http().get('/api/members?q=nguyen').set(admin.auth).expect(200);
    expect(found.body.total).toBeGreaterThan(50);
  });

  it('makes every cell’s first member its secretary (headMemberId)', async () => {
    const admin = await login(t, 'admin', t.config.admin.password!);
    const tree = await t.http().get('/api/organizations').set(admin.auth).expect(200);
    const cells: Array<{ id: string; headMemberId: string | null }> = [];
    const walk = (nodes: Array<{ kind: string; children?: unknown[] }>) => {
      for (const n of nodes) {
        if (n.kind === 'cell') cells.push(n as never);
        if (n.children) walk(n.children as never);
      }
    };
    walk(tree.body);
    expect(cells).toHaveLength(12);
    for (const cell of cells) {
      expect(cell.headMemberId).toBeTruthy();
      const head = await t.http().get(`/api/members/${cell.headMemberId}`).set(admin.auth).expect(200);
      expect(head.body).toMatchObject({ cellId: cell.id, position: 'Bí thư chi bộ' });
    }
  });

  it('lets every demo login sign in with the documented password and see its own scope', async () => {
    expect(result.password).toBe(DEMO_PASSWORD);
    expect(result.logins.map((l) => l.role).sort()).toEqual([
      'leader',
      'leader',
      'member',
      'secretary',
      'secretary',
    ]);
    const totals: Record<string, number> = {};
    for (const l of result.logins) {
      const session = await login(t, l.username, DEMO_PASSWORD);
      const me = await t.http().get('/api/auth/me').set(session.auth).expect(200);
      expect(me.body.memberId).toBeTruthy();
      const members = await t.http().get('/api/members?pageSize=1').set(session.auth).expect(200);
      totals[l.username] = members.body.total;
    }
    expect(totals['thanhuy.vinhyen']).toBe(300);
    expect(totals['danguy.lienbao']).toBe(78);
    expect(totals['bithu.tdp1']).toBe(42);
    expect(totals['dangvien.tdp1']).toBe(1);
  });

  it('writes audit entries as the system actor', async () => {
    const admin = await login(t, 'admin', t.config.admin.password!);
    const count = async (action: string) =>
      (await t.http().get(`/api/audit-log?pageSize=1&action=${action}`).set(admin.auth).expect(200)).body
        .total;
    expect(await count('organization.create')).toBe(17);
    expect(await count('organization.update')).toBe(17);
    expect(await count('member.create')).toBe(300);
    expect(await count('user.create')).toBe(1 + 5);
  });

  it('refuses a database that already holds organisations', async () => {
    await expect(seedDemo(t.app, { today: vnToday() })).rejects.toBeInstanceOf(DemoSeedRefused);
  });

  it('plans the same people for the same seed', () => {
    const names = (today: string) =>
      buildDemoPlan({ today }).root.committees.flatMap((w) =>
        w.cells.flatMap((c) => c.members.map((m) => m.fullName)),
      );
    expect(names('2026-11-26')).toEqual(names('2027-03-01'));
  });
});
