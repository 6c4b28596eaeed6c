import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeforeQueryEvent, DataSource, EntitySubscriberInterface } from 'typeorm';
import { buildWorld, Login, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/**
 * The reports' manifestation counts (members whose cell concluded `at_risk` or `present` in a check of
 * the year, once per code at their worst) read each check's items through the partial index
 * `IDX_conduct_item_flagged_report` (migration 1764920000000; docs/REPORTS.md, "Speed"), which holds
 * only the flagged conclusions. Checked here: the figures follow every change of a conclusion (into
 * and out of the index), the index holds exactly the flagged items, and on SQLite the statement uses it
 * (SQLite takes a partial index only when the query repeats its WHERE).
 */
describe('reports (e2e): manifestation counts through the flagged-conclusion index', () => {
  let t: TestApp;
  let w: World;
  let ds: DataSource;
  let postgres: boolean;
  const statements: Array<{ query: string; parameters: unknown[] }> = [];

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    ds = t.app.get(DataSource);
    postgres = ds.options.type === 'postgres';
    const recorder: EntitySubscriberInterface = {
      beforeQuery(event: BeforeQueryEvent) {
        if (event.query.startsWith('SELECT') && event.query.includes('"worst"'))
          statements.push({
            query: event.query,
            parameters: (event.parameters as unknown[] | undefined) ?? [],
          });
      },
    };
    ds.subscribers.push(recorder);
  });
  afterAll(() => t.close());

  const conclude = (by: Login, memberId: string, conclusion: Array<{ code: number; status: string }>) =>
    t
      .http()
      .put(`/api/members/${memberId}/conduct-checks/2026`)
      .set(by.auth)
      .send({ conclusion: conclusion.map((c) => ({ ...c, note: `Chi bộ kết luận mục ${c.code}` })) })
      .expect(200);

  /** The overview's non-zero manifestation counts, as `code: atRisk/present`. */
  const overview = async (organizationId: string, as: Login = w.leaderCity) => {
    const res = await t
      .http()
      .get(`/api/reports/overview?organizationId=${organizationId}&year=2026`)
      .set(as.auth)
      .expect(200);
    return Object.fromEntries(
      (res.body.manifestations as Array<{ code: number; atRisk: number; present: number }>)
        .filter((m) => m.atRisk || m.present)
        .map((m) => [m.code, `${m.atRisk}/${m.present}`]),
    );
  };
  const presentPerChild = async () => {
    const res = await t
      .http()
      .get(`/api/reports/organizations?organizationId=${w.orgs.city.id}&year=2026`)
      .set(w.leaderCity.auth)
      .expect(200);
    return Object.fromEntries(
      (res.body.items as Array<{ organizationId: string; manifestationsPresent: number }>).map((r) => [
        r.organizationId,
        r.manifestationsPresent,
      ]),
    );
  };

  it('answers 401 without a token and 404 outside the caller’s subtree', async () => {
    await t.http().get(`/api/reports/overview?organizationId=${w.orgs.wardA.id}&year=2026`).expect(401);
    await t
      .http()
      .get(`/api/reports/overview?organizationId=${w.orgs.wardA.id}&year=2026`)
      .set(w.leaderB.auth)
      .expect(404);
  });

  it('counts each member once per code at their worst, following every change of a conclusion', async () => {
    expect(await overview(w.orgs.city.id)).toEqual({});
    // Trần Thị Đào: 4 present, 7 at risk, 9 none (not counted); Nguyễn Văn An: 4 at risk.
    await conclude(w.secretaryA1, w.members.a1a.id, [
      { code: 4, status: 'present' },
      { code: 7, status: 'at_risk' },
      { code: 9, status: 'none' },
    ]);
    await conclude(w.deputyA1, w.members.secA1.id, [{ code: 4, status: 'at_risk' }]);
    // Đặng Quốc Hùng in ward B: 7 present.
    await conclude(w.secretaryB1, w.members.b1.id, [{ code: 7, status: 'present' }]);
    expect(await overview(w.orgs.city.id)).toEqual({ 4: '1/1', 7: '1/1' });
    expect(await overview(w.orgs.wardA.id, w.leaderA)).toEqual({ 4: '1/1', 7: '1/0' });
    expect(await presentPerChild()).toEqual({ [w.orgs.wardA.id]: 1, [w.orgs.wardB.id]: 1 });

    // Out of the index (present -> none), into it (none -> at risk), within it (at risk -> present).
    await conclude(w.secretaryA1, w.members.a1a.id, [
      { code: 4, status: 'none' },
      { code: 9, status: 'at_risk' },
    ]);
    await conclude(w.secretaryB1, w.members.b1.id, [{ code: 7, status: 'at_risk' }]);
    await conclude(w.deputyA1, w.members.secA1.id, [{ code: 4, status: 'present' }]);
    expect(await overview(w.orgs.city.id)).toEqual({ 4: '0/1', 7: '2/0', 9: '1/0' });
    expect(await overview(w.orgs.wardA.id, w.leaderA)).toEqual({ 4: '0/1', 7: '1/0', 9: '1/0' });
    expect(await presentPerChild()).toEqual({ [w.orgs.wardA.id]: 1, [w.orgs.wardB.id]: 0 });
  });

  it('keeps exactly the flagged conclusions in the index', async () => {
    const flagged = async () =>
      Number(
        (
          await ds.query(
            `SELECT COUNT(*) AS "n" FROM "conduct_check_item" WHERE "conclusionStatus" IN ('at_risk', 'present')`,
          )
        )[0].n,
      );
    expect(await flagged()).toBe(4);
    if (postgres) {
      const [index] = await ds.query(
        `SELECT "indexdef" FROM "pg_indexes" WHERE "indexname" = 'IDX_conduct_item_flagged_report'`,
      );
      expect(index.indexdef).toMatch(/WHERE .*conclusionStatus.*at_risk.*present/);
    } else {
      // Read through the index alone: every flagged item is in it, nothing else.
      const [all] = await ds.query(
        `SELECT COUNT(*) AS "n" FROM "conduct_check_item" INDEXED BY "IDX_conduct_item_flagged_report"
          WHERE "conclusionStatus" IN ('at_risk', 'present') AND "checkId" > ''`,
      );
      expect(Number(all.n)).toBe(4);
    }
  });

  it.skipIf(process.env.TEST_DATABASE_URL)(
    'reads the items through the partial index on SQLite',
    async () => {
      expect(statements.length).toBeGreaterThan(0);
      for (const s of [...statements]) {
        const plan = await ds.query<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${s.query}`, s.parameters);
        const items = plan.map((p) => p.detail).filter((d) => / i /.test(` ${d} `));
        expect(items).toEqual([expect.stringContaining('IDX_conduct_item_flagged_report')]);
      }
    },
  );
});
