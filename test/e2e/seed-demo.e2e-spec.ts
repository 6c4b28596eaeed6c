import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliIo } from '../../src/cli/cli-io.js';
import { buildDemoPlan, DEMO_PASSWORD } from '../../src/cli/demo-plan.js';
import { DemoSeedRefused, DemoSeedResult, seedDemo } from '../../src/cli/demo-seeder.js';
import { runCli } from '../../src/cli/run-cli.js';
import { vnToday } from '../../src/common/dates.js';
import { login } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

interface Org {
  id: string;
  name: string;
  kind: string;
  closedOn: string | null;
  headMemberId: string | null;
  children?: Org[];
}

/** Every organisation of a tree answer, depth first. */
function walk(nodes: Org[]): Org[] {
  return nodes.flatMap((n) => [n, ...walk(n.children ?? [])]);
}

describe('seed:demo', () => {
  let t: TestApp;
  let result: DemoSeedResult;

  // The seed makes some 2,000 service calls: on two busy shared cores (PostgreSQL) it can take minutes.
  beforeAll(async () => {
    t = await createTestApp();
    result = await seedDemo(t.app, { today: vnToday() });
  }, 900_000);
  afterAll(() => t?.close());

  it('builds one provincial committee directly over four ward committees, twelve cells and 300 members', async () => {
    expect(result.committees).toBe(5);
    expect(result.cells).toBe(12);
    expect(result.members.total).toBe(300);
    expect(result.members.probationary).toBeGreaterThan(0);
    expect(result.members.exempt).toBeGreaterThan(0);

    const admin = await login(t, 'admin', t.config.admin.password!);
    const tree = await t.http().get('/api/organizations').set(admin.auth).expect(200);
    expect(tree.body).toHaveLength(1);
    const province = tree.body[0];
    expect(province).toMatchObject({ name: 'Đảng bộ tỉnh Phú Thọ', kind: 'committee', isGrassroots: false });
    // No district level: the ward committees stand directly under the province, with cells only.
    const wards = province.children.filter((o: { kind: string }) => o.kind === 'committee');
    expect(wards).toHaveLength(4);
    for (const ward of wards) {
      expect(ward.isGrassroots).toBe(true);
      expect(ward.children.length).toBeGreaterThan(0);
      expect(ward.children.every((c: { kind: string }) => c.kind === 'cell')).toBe(true);
    }
    // The province's subtree holds every cell and every member.
    const cells = walk(tree.body).filter((o) => o.kind === 'cell');
    expect(cells).toHaveLength(12);
    const leader = await login(t, 'tinhuy.phutho', DEMO_PASSWORD);
    const scope = (await t.http().get('/api/auth/me').set(leader.auth).expect(200)).body.roles;
    expect(scope).toContainEqual(expect.objectContaining({ role: 'leader', organizationId: province.id }));
    const ownTree = await t.http().get('/api/organizations').set(leader.auth).expect(200);
    expect(walk(ownTree.body).filter((o) => o.kind === 'cell')).toHaveLength(12);

    const members = await t.http().get('/api/members?pageSize=1').set(admin.auth).expect(200);
    expect(members.body.total).toBe(300);
    const found = await t.http().get('/api/members?q=nguyen').set(admin.auth).expect(200);
    expect(found.body.total).toBeGreaterThan(50);
  });

  it('keeps the Vĩnh Yên city committee as a past unit: closed on 2025-07-01, readable, out of the pickers', async () => {
    expect(result.closed).toEqual([
      { code: 'TP-VY.VPTU', name: 'Chi bộ Văn phòng Thành ủy', closedOn: '2025-07-01' },
      { code: 'T-VP', name: 'Đảng bộ tỉnh Vĩnh Phúc', closedOn: '2025-07-01' },
      { code: 'TP-VY', name: 'Đảng bộ thành phố Vĩnh Yên', closedOn: '2025-07-01' },
    ]);
    const leader = await login(t, 'tinhuy.phutho', DEMO_PASSWORD);
    const open = walk((await t.http().get('/api/organizations').set(leader.auth).expect(200)).body);
    const names = open.map((o) => o.name);
    expect(names).not.toContain('Đảng bộ thành phố Vĩnh Yên');
    expect(names).not.toContain('Chi bộ Văn phòng Thành ủy');
    expect(open.every((o) => o.closedOn === null)).toBe(true);

    // Asked for, the closed city appears under the province it merged into, with its closed cell.
    const all = (await t.http().get('/api/organizations?includeClosed=true').set(leader.auth).expect(200))
      .body;
    expect(all).toHaveLength(1);
    const province = all[0];
    const provinceCell = province.children.find((o: Org) => o.name === 'Chi bộ Văn phòng Tỉnh ủy');
    const city = province.children.find((o: Org) => o.name === 'Đảng bộ thành phố Vĩnh Yên');
    expect(city).toMatchObject({
      kind: 'committee',
      closedOn: '2025-07-01',
      closure: 'merged',
      successorIds: [province.id],
    });
    expect(city.children).toEqual([
      expect.objectContaining({
        name: 'Chi bộ Văn phòng Thành ủy',
        closedOn: '2025-07-01',
        closure: 'merged',
        successorIds: [provinceCell.id],
      }),
    ]);
    const read = await t.http().get(`/api/organizations/${city.id}`).set(leader.auth).expect(200);
    expect(read.body).toMatchObject({ closedOn: '2025-07-01', parentId: province.id });

    // Its history: the closure moved the four wards up to the province, as the audit log says.
    const admin = await login(t, 'admin', t.config.admin.password!);
    const history = await t
      .http()
      .get(`/api/audit-log?entityType=organization&entityId=${city.id}&action=organization.close`)
      .set(admin.auth)
      .expect(200);
    expect(history.body.total).toBe(1);
    const wards = province.children.filter((o: Org) => o.kind === 'committee' && o.closedOn === null);
    expect(history.body.items[0].reason).toMatch(/cấp huyện/);
    expect(history.body.items[0].changes.moves.map((m: { childId: string; toId: string }) => m.toId)).toEqual(
      wards.map(() => province.id),
    );
    // The Vĩnh Phúc provincial committee is a closed top-level unit, merged into Phú Thọ.
    const roots = (await t.http().get('/api/organizations?includeClosed=true').set(admin.auth).expect(200))
      .body;
    expect(roots.map((o: Org) => o.name).sort()).toEqual(['Đảng bộ tỉnh Phú Thọ', 'Đảng bộ tỉnh Vĩnh Phúc']);
    expect(roots.find((o: Org) => o.name === 'Đảng bộ tỉnh Vĩnh Phúc')).toMatchObject({
      closedOn: '2025-07-01',
      successorIds: [province.id],
      children: [],
    });

    // The per-child report lists the city in 2025, the year it closed, and not in the current year.
    const year = Number(vnToday().slice(0, 4));
    const children = async (y: number) =>
      (
        await t
          .http()
          .get(`/api/reports/organizations?organizationId=${province.id}&year=${y}`)
          .set(leader.auth)
          .expect(200)
      ).body.items.map((r: { name: string }) => r.name);
    expect(await children(2025)).toContain('Đảng bộ thành phố Vĩnh Yên');
    const now = await children(year);
    expect(now).not.toContain('Đảng bộ thành phố Vĩnh Yên');
    expect(now).toHaveLength(5);
  });

  it('makes every cell’s first member its secretary (headMemberId)', async () => {
    const admin = await login(t, 'admin', t.config.admin.password!);
    const tree = await t.http().get('/api/organizations').set(admin.auth).expect(200);
    const cells = walk(tree.body).filter((o) => o.kind === 'cell');
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
    expect(totals['tinhuy.phutho']).toBe(300);
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
    // The open tree's 17 and the three the reform closed (Vĩnh Phúc, Vĩnh Yên and the city's cell).
    expect(await count('organization.create')).toBe(17 + 3);
    expect(await count('organization.update')).toBe(17);
    // Vĩnh Yên moved under Phú Thọ with Vĩnh Phúc's closure, then its four wards with its own.
    expect(await count('organization.close')).toBe(3);
    expect(await count('organization.move')).toBe(1 + 4);
    expect(await count('member.create')).toBe(300);
    // The first admin, the six featured logins and the secretaries of the eleven other cells.
    expect(await count('user.create')).toBe(1 + 6 + 11);
    expect(result.secretaryLogins).toHaveLength(11);
  });

  it('records the current year through the services, as the demo logins', async () => {
    const year = Number(vnToday().slice(0, 4));
    expect(result.year).toMatchObject({ year, meetings: 24 });
    expect(result.year.commitments.yearly).toBeGreaterThan(200);
    // One yearly commitment per cell, and the featured member's monthly one.
    expect(result.year.commitments.returned).toBe(13);
    expect(result.year.feedback).toBeGreaterThan(0);
    expect(result.year.reported).toBeGreaterThan(0);

    const leader = await login(t, 'thanhuy.vinhyen', DEMO_PASSWORD);
    const me = await t.http().get('/api/auth/me').set(leader.auth).expect(200);
    const city = me.body.roles.find((r: { role: string }) => r.role === 'leader').organizationId;
    const overview = await t
      .http()
      .get(`/api/reports/overview?organizationId=${city}&year=${year}`)
      .set(leader.auth)
      .expect(200);
    const o = overview.body;
    expect(o.registration.yearly.registered).toBeGreaterThan(0);
    expect(o.registration.yearly.registered).toBeLessThanOrEqual(o.registration.yearly.expected);
    expect(o.registration.quarterly.length).toBeGreaterThan(0);
    expect(o.meetings).toEqual({ regular: 12, thematic: 0, study: 12 });
    expect(o.meetingAttendance.rate).not.toBeNull();
    expect(o.meetingAttendance.present).toBeGreaterThan(0);
    expect(o.studyParticipation.participated).toBeGreaterThan(0);
    expect(o.outcomes.items).toBeGreaterThan(0);
    expect(o.outcomes.done).toBeGreaterThan(0);

    // The member wrote, submitted and had accepted their own commitment.
    const member = await login(t, 'dangvien.tdp1', DEMO_PASSWORD);
    const memberId = (await t.http().get('/api/auth/me').set(member.auth).expect(200)).body.memberId;
    const own = await t
      .http()
      .get(`/api/commitments?year=${year}&memberId=${memberId}`)
      .set(member.auth)
      .expect(200);
    expect(own.body.total).toBeGreaterThan(0);
    expect(own.body.items[0]).toMatchObject({ memberId, status: expect.stringMatching(/accepted|reported/) });
    const mine = await t.http().get(`/api/commitments/${own.body.items[0].id}`).set(member.auth).expect(200);
    expect(mine.body.enteredOnBehalf).toBe(false);
    expect(new Set(mine.body.items.map((i: { category: string }) => i.category))).toEqual(
      new Set(['study', 'follow', 'duty', 'resolution4', 'lifestyle']),
    );

    // The secretary has a queue, returned one with a reason and gave feedback (góp ý).
    const secretary = await login(t, 'bithu.tdp1', DEMO_PASSWORD);
    const queue = await t.http().get('/api/commitments/queue').set(secretary.auth).expect(200);
    expect(queue.body.counts.toReview).toBeGreaterThan(0);
    expect(queue.body.counts.toAssess).toBeGreaterThan(0);
    const returned = await t
      .http()
      .get(`/api/commitments?year=${year}&status=returned`)
      .set(secretary.auth)
      .expect(200);
    // One yearly commitment entered on behalf of a member, and the featured member's own monthly one.
    expect(returned.body.total).toBe(2);
    const accepted = await t
      .http()
      .get(`/api/commitments?year=${year}&status=accepted&pageSize=100`)
      .set(secretary.auth)
      .expect(200);
    let feedback = 0;
    for (const c of accepted.body.items) {
      const f = await t.http().get(`/api/commitments/${c.id}/feedback`).set(secretary.auth).expect(200);
      feedback += f.body.total;
    }
    expect(feedback).toBeGreaterThan(0);
    const notes = await t.http().get('/api/notifications').set(member.auth).expect(200);
    expect(notes.body.total).toBeGreaterThan(0);

    // Written in the audit log by the logins themselves, not by the system.
    const admin = await login(t, 'admin', t.config.admin.password!);
    const entries = await t
      .http()
      .get('/api/audit-log?pageSize=5&action=meeting.create')
      .set(admin.auth)
      .expect(200);
    expect(entries.body.total).toBe(24);
    for (const e of entries.body.items) expect(e.actorUsername).toMatch(/^bithu\./);
  });

  it('gives the featured member something to do: a draft, a returned commitment, results due, góp ý to read', async () => {
    const today = vnToday();
    const year = Number(today.slice(0, 4));
    const month = Number(today.slice(5, 7));
    const member = await login(t, 'dangvien.tdp1', DEMO_PASSWORD);
    const me = (await t.http().get('/api/auth/me').set(member.auth).expect(200)).body;
    expect(me.fullName).toBeTruthy();

    const queue = (await t.http().get('/api/commitments/queue').set(member.auth).expect(200)).body;
    expect(queue.drafts).toEqual([
      expect.objectContaining({
        periodType: 'monthly',
        status: 'draft',
        year: month === 12 ? year + 1 : year,
        periodIndex: (month % 12) + 1,
      }),
    ]);
    expect(queue.toResubmit).toEqual([
      expect.objectContaining({ periodType: 'monthly', periodIndex: month, status: 'returned' }),
    ]);
    const returned = await t
      .http()
      .get(`/api/commitments/${queue.toResubmit[0].id}`)
      .set(member.auth)
      .expect(200);
    expect(returned.body.history.find((h: { action: string }) => h.action === 'return').reason).toMatch(
      /cụ thể/,
    );
    // Results due: the yearly commitment, and last month's monthly one when the year has one.
    const due = queue.toReport.map((c: { periodType: string; periodIndex: number | null }) => [
      c.periodType,
      c.periodIndex,
    ]);
    expect(due).toContainEqual(['yearly', null]);
    if (month > 1) expect(due).toContainEqual(['monthly', month - 1]);
    const yearly = queue.toReport.find((c: { periodType: string }) => c.periodType === 'yearly');
    const notes = await t.http().get(`/api/commitments/${yearly.id}/feedback`).set(member.auth).expect(200);
    expect(notes.body.total).toBeGreaterThan(0);

    // Earlier months went the whole way: accepted, reported, assessed. The year holds every month so
    // far and next month's draft, except in December, when that draft is next year's January.
    const own = await t
      .http()
      .get(`/api/commitments?year=${year}&memberId=${me.memberId}&periodType=monthly&pageSize=100`)
      .set(member.auth)
      .expect(200);
    expect(own.body.total).toBe(month === 12 ? 12 : month + 1);
    const assessed = own.body.items.filter((c: { status: string }) => c.status === 'assessed');
    expect(assessed).toHaveLength(Math.max(0, month - 2));

    // What came in before the last week is read; what is newer is not.
    const unread = await t
      .http()
      .get('/api/notifications?unreadOnly=true&pageSize=200')
      .set(member.auth)
      .expect(200);
    const weekAgo = Date.parse(`${today}T00:00:00+07:00`) - 7 * 86_400_000;
    for (const n of unread.body.items) expect(Date.parse(n.createdAt)).toBeGreaterThanOrEqual(weekAgo);
  });

  it('gives the secretary a queue to review and to assess, and members who have not registered this month', async () => {
    const today = vnToday();
    const year = Number(today.slice(0, 4));
    const month = Number(today.slice(5, 7));
    const secretary = await login(t, 'bithu.tdp1', DEMO_PASSWORD);
    const queue = (await t.http().get('/api/commitments/queue?limit=100').set(secretary.auth).expect(200))
      .body;
    const review = queue.toReview.map((c: { periodType: string }) => c.periodType);
    expect(review).toContain('yearly');
    expect(review).toContain('monthly');
    expect(queue.toAssess.length).toBeGreaterThan(0);
    const missing = await t
      .http()
      .get(`/api/commitments/missing?year=${year}&periodType=monthly&periodIndex=${month}&pageSize=100`)
      .set(secretary.auth)
      .expect(200);
    expect(missing.body.total).toBeGreaterThan(0);
  });

  it('spreads the year over its months: yearly commitments submitted in January, not on the seed day', async () => {
    const today = vnToday();
    const year = Number(today.slice(0, 4));
    const leader = await login(t, 'thanhuy.vinhyen', DEMO_PASSWORD);
    const vnDay = (iso: string) => vnToday(new Date(iso));
    const all: Array<{
      periodType: string;
      periodIndex: number | null;
      firstSubmittedAt: string | null;
      acceptedAt: string | null;
      late: boolean;
      createdAt: string;
    }> = [];
    for (let page = 1; ; page++) {
      const res = await t
        .http()
        .get(`/api/commitments?year=${year}&pageSize=200&page=${page}`)
        .set(leader.auth)
        .expect(200);
      all.push(...res.body.items);
      if (page * 200 >= res.body.total) break;
    }
    const yearly = all.filter((c) => c.periodType === 'yearly');
    const submitted = yearly.map((c) => vnDay(c.firstSubmittedAt!));
    // Every yearly commitment before today, unless the year is only days old.
    if (today > `${year}-02-10`) {
      expect(submitted.every((d) => d < today)).toBe(true);
      // Mostly by the default deadline of 31 January: only a few late.
      const inJanuary = submitted.filter((d) => d.startsWith(`${year}-01-`)).length;
      expect(inJanuary / yearly.length).toBeGreaterThan(0.9);
      const late = yearly.filter((c) => c.late).length;
      expect(late).toBeGreaterThan(0);
      expect(late / yearly.length).toBeLessThan(0.1);
      // created, submitted and accepted in that order
      for (const c of yearly.filter((y) => y.acceptedAt))
        expect(Date.parse(c.acceptedAt!)).toBeGreaterThan(Date.parse(c.firstSubmittedAt!));
    }
    // Registered over many days; in January only the days from the 2nd to today have come yet.
    const dayOfMonth = Number(today.slice(8, 10));
    const spread = today.slice(5, 7) === '01' ? dayOfMonth - 2 : dayOfMonth + 5;
    expect(new Set(submitted).size).toBeGreaterThan(Math.min(20, spread));
    // Monthly commitments in their own month, quarterly ones in their quarter's first month.
    for (const c of all.filter((x) => x.periodType === 'monthly' && x.firstSubmittedAt))
      expect(Number(vnDay(c.firstSubmittedAt!).slice(5, 7))).toBe(c.periodIndex);
    for (const c of all.filter((x) => x.periodType === 'quarterly'))
      expect(Number(vnDay(c.firstSubmittedAt!).slice(5, 7))).toBe(3 * c.periodIndex! - 2);
    // Nothing carries a time after the seed ran.
    for (const c of all) expect(Date.parse(c.createdAt)).toBeLessThanOrEqual(Date.now());
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

  it(
    'prints the year and every login from the command line, then refuses to run twice',
    { timeout: 600_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'camket-demo-'));
      try {
        const env = { NODE_ENV: 'test', DATABASE_PATH: join(dir, 'demo.sqlite'), LOG_LEVEL: 'error' };
        const run = async () => {
          const out: string[] = [];
          const err: string[] = [];
          const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false };
          return { code: await runCli(['seed:demo'], env, io), out: out.join('\n'), err: err.join('\n') };
        };
        const first = await run();
        expect(first.code).toBe(0);
        expect(first.out).toMatch(/300 members/);
        expect(first.out).toMatch(
          /The year \d{4}: \d+ yearly and 36 quarterly commitments .*13 returned.*24 cell meetings/,
        );
        expect(first.out).toContain('dangvien.tdp1');
        expect(first.out).toContain('bithu.lb-cq');
        expect(first.out).toContain('tinhuy.phutho');
        expect(first.out).toContain('Đảng bộ thành phố Vĩnh Yên (2025-07-01)');
        const second = await run();
        expect(second.code).toBe(1);
        expect(second.err).toContain('seed:demo refused');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
