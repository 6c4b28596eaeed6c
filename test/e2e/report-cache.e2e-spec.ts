import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeforeQueryEvent, DataSource, EntitySubscriberInterface } from 'typeorm';
import { writtenTable } from '../../src/common/table-versions.js';
import { ReportCache } from '../../src/reports/report-cache.js';
import { REPORT_TABLES } from '../../src/reports/report-tables.js';
import { buildReportYear } from '../factories/reports.js';
import { buildWorld, Login, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

type Report = keyof typeof REPORT_TABLES;

/** The cache key's report name of each entry of REPORT_TABLES. */
const KEY_OF: Record<Report, string> = {
  overview: 'overview',
  organizations: 'organizations',
  classification: 'classification',
  leadersFirst: 'leaders-first',
  trendMonth: 'trend-month',
};

/** Tables named after FROM or JOIN in a statement. */
const readTables = (sql: string) =>
  [...sql.matchAll(/\b(?:FROM|JOIN)\s+(?:"\w+"\.)?"(\w+)"/gi)].map((m) => m[1]);

/**
 * The report cache against the real application: the tables each report declares (report-tables.ts)
 * include every table its SQL reads, a write to any of them through the API (or, for tables no API call
 * writes alone, one SQL statement through the application's data source) gives fresh figures at once,
 * and writes to tables no report reads (commitment feedback) keep computed reports.
 */
describe('report cache (e2e)', () => {
  let t: TestApp;
  let w: World;
  let ds: DataSource;
  let cache: ReportCache;
  /**
   * The report being computed, in the async context of its computation only: a query another part of
   * the app runs meanwhile (the cache channel, a scheduled job) is not counted as the report's.
   */
  const computing = new AsyncLocalStorage<string>();
  const reads = new Map<string, Set<string>>();
  /** Tables written since `writes` was last emptied. */
  const writes = new Set<string>();

  /** `?`-placeholder SQL on either engine, outside any transaction. */
  const sql = (text: string, params: unknown[] = []) => {
    let n = 0;
    const pg = ds.options.type === 'postgres';
    return ds.query<Array<Record<string, unknown>>>(pg ? text.replace(/\?/g, () => `$${++n}`) : text, params);
  };
  const one = async (text: string, params: unknown[]) => {
    const rows = await sql(text, params);
    expect(rows).toHaveLength(1);
    return rows[0];
  };

  const REQUESTS: Record<Report, (w: World) => { url: string; as: Login }> = {
    overview: (w) => ({ url: `overview?organizationId=${w.orgs.wardA.id}&year=2026`, as: w.leaderA }),
    organizations: (w) => ({
      url: `organizations?organizationId=${w.orgs.wardA.id}&year=2026`,
      as: w.leaderA,
    }),
    classification: (w) => ({
      url: `classification?organizationId=${w.orgs.wardA.id}&year=2026`,
      as: w.leaderA,
    }),
    leadersFirst: (w) => ({
      url: `leaders-first?organizationId=${w.orgs.wardA.id}&year=2026`,
      as: w.leaderA,
    }),
    trendMonth: (w) => ({ url: `trend?organizationId=${w.orgs.wardA.id}&year=2026`, as: w.leaderA }),
  };
  /** The report's JSON without the time it was computed. */
  const figures = async (report: Report) => {
    const { url, as } = REQUESTS[report](w);
    const res = await t.http().get(`/api/reports/${url}`).set(as.auth);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = { ...res.body };
    delete body.generatedAt;
    return JSON.stringify(body);
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    await buildReportYear(t, w);
    ds = t.app.get(DataSource);
    cache = t.app.get(ReportCache);
    const recorder: EntitySubscriberInterface = {
      beforeQuery(event: BeforeQueryEvent) {
        const table = writtenTable(event.query);
        if (table !== undefined) writes.add(table);
        else {
          const report = computing.getStore();
          if (report !== undefined)
            for (const read of readTables(event.query)) {
              if (!reads.has(report)) reads.set(report, new Set());
              reads.get(report)!.add(read);
            }
        }
      },
    };
    ds.subscribers.push(recorder);
    // The reports ask through getRead (a reading that may come from a replica).
    const get = cache.getRead.bind(cache);
    cache.getRead = (key, compute, weight) =>
      get(
        key,
        () => computing.run(key.report, compute),
        weight,
      );
  });
  afterAll(() => t.close());

  /** The tables the report's SQL reads, as recorded while computing it afresh. */
  const tablesRead = async (report: Report) => {
    cache.invalidate();
    reads.delete(KEY_OF[report]);
    await figures(report);
    // Names after FROM that are no table (a common table expression's, `WITH "roll" AS (...)`) are left out.
    const tables = new Set(ds.entityMetadatas.map((m) => m.tableName));
    return [...(reads.get(KEY_OF[report]) ?? [])].filter((name) => tables.has(name)).sort();
  };

  it('declares for each report every table its SQL reads', async () => {
    for (const report of Object.keys(REPORT_TABLES) as Report[]) {
      const read = await tablesRead(report);
      expect(read.length, report).toBeGreaterThan(0);
      const declared = new Set<string>(REPORT_TABLES[report]);
      expect(
        read.filter((table) => !declared.has(table)),
        `${report} reads tables it does not declare`,
      ).toEqual([]);
    }
  });

  it('keeps a computed overview and per-child table across commitment feedback (writes no report reads)', async () => {
    await figures('overview');
    await figures('organizations');
    const computed = cache.stats.computations;
    const hits = cache.stats.hits;
    const dao = await one(
      `SELECT "id" FROM "commitment" WHERE "memberId" = ? AND "year" = 2026 AND "periodType" = 'yearly'`,
      [w.members.a1a.id],
    );
    writes.clear();
    await t
      .http()
      .post(`/api/commitments/${String(dao.id)}/feedback`)
      .set(w.secretaryA1.auth)
      .send({ content: 'Đồng chí cần phát huy hơn nữa tinh thần gương mẫu', kind: 'suggestion' })
      .expect(201);
    expect(writes.has('commitment_feedback')).toBe(true);
    await figures('overview');
    await figures('organizations');
    expect(cache.stats.computations).toBe(computed);
    expect(cache.stats.hits).toBe(hits + 2);
  });

  describe('a write to any table a report reads gives fresh figures at once', () => {
    /**
     * Per table: `change(true)` writes it (and no other table any report reads), `change(false)` puts
     * the row back as buildReportYear made it.
     */
    const changes = new Map<string, (on: boolean) => Promise<unknown>>();
    const toggle = (table: string, change: (on: boolean) => Promise<unknown>) => changes.set(table, change);

    beforeAll(async () => {
      const { wardA } = w.orgs;
      const dao = w.members.a1a.id;
      const wardName = wardA.name;
      // Through the API: the ward's name (every report's heading), the head of cell A1's name and
      // exemption (the roll, the classification list, leaders-first).
      toggle('organization', async (on) => {
        const org = await t.http().get(`/api/organizations/${wardA.id}`).set(w.admin.auth).expect(200);
        await t
          .http()
          .patch(`/api/organizations/${wardA.id}`)
          .set(w.admin.auth)
          .send({ version: org.body.version, name: on ? `${wardName} (đổi tên)` : wardName })
          .expect(200);
      });
      const an = w.members.secA1;
      toggle('member', async (on) => {
        const m = await t.http().get(`/api/members/${an.id}`).set(w.admin.auth).expect(200);
        await t
          .http()
          .patch(`/api/members/${an.id}`)
          .set(w.admin.auth)
          .send({ version: m.body.version, fullName: on ? 'Nguyễn Văn Ân' : an.fullName, isExempt: on })
          .expect(200);
      });
      // Through the API: a decision expelling Đức takes him off the roll (removed again by SQL).
      let expulsion: string | null = null;
      toggle('disciplinary_record', async (on) => {
        if (!on) return sql(`DELETE FROM "disciplinary_record" WHERE "id" = ?`, [expulsion]);
        const res = await t
          .http()
          .post(`/api/members/${w.members.a1b.id}/disciplinary-records`)
          .set(w.leaderA.auth)
          .send({
            decidedOn: '2026-01-15',
            form: 'expulsion',
            decisionNumber: '09-QĐ/ĐU',
            reason: 'Vi phạm nghiêm trọng quy định những điều đảng viên không được làm',
          })
          .expect(201);
        expulsion = String(res.body.id);
      });
      // One SQL statement each where every API call that writes the table also writes another table
      // the same report reads (a missing declaration would then go unnoticed).
      const history = await one(`SELECT "id" FROM "member_cell_history" WHERE "memberId" = ?`, [dao]);
      toggle('member_cell_history', (on) =>
        sql(`UPDATE "member_cell_history" SET "toAt" = ${on ? '?' : 'NULL'} WHERE "id" = ?`, [
          ...(on ? ['2020-01-01 00:00:00'] : []),
          history.id,
        ]),
      );
      const yearly = await one(
        `SELECT "id", "firstSubmittedAt" FROM "commitment" WHERE "memberId" = ? AND "year" = 2026 AND "periodType" = 'yearly'`,
        [dao],
      );
      const quarter = await one(
        `SELECT "id" FROM "commitment" WHERE "memberId" = ? AND "year" = 2026 AND "periodType" = 'quarterly'`,
        [dao],
      );
      toggle('commitment', async (on) => {
        // Registration by period (overview, trend), first submissions (overview, per child, leaders-first).
        await sql(`UPDATE "commitment" SET "periodType" = ? WHERE "id" = ?`, [
          on ? 'monthly' : 'quarterly',
          quarter.id,
        ]);
        await sql(`UPDATE "commitment" SET "firstSubmittedAt" = ${on ? 'NULL' : '?'} WHERE "id" = ?`, [
          ...(on ? [] : [yearly.firstSubmittedAt]),
          yearly.id,
        ]);
      });
      const item = await one(
        `SELECT "id" FROM "commitment_item" WHERE "commitmentId" = ? AND "outcome" = 'not_done'`,
        [yearly.id],
      );
      toggle('commitment_item', (on) =>
        sql(`UPDATE "commitment_item" SET "outcome" = ? WHERE "id" = ?`, [on ? 'done' : 'not_done', item.id]),
      );
      const meeting = await one(`SELECT "id" FROM "meeting" WHERE "cellId" = ?`, [w.orgs.cellA1.id]);
      toggle('meeting', (on) =>
        sql(`UPDATE "meeting" SET "kind" = ? WHERE "id" = ?`, [on ? 'thematic' : 'study', meeting.id]),
      );
      toggle('meeting_attendance', (on) =>
        sql(`UPDATE "meeting_attendance" SET "status" = ? WHERE "meetingId" = ? AND "memberId" = ?`, [
          on ? 'absent' : 'present',
          meeting.id,
          w.members.depA1.id,
        ]),
      );
      // The issue goes and comes back (the trend counts issues raised, the others open ones).
      const issue = await one(`SELECT * FROM "meeting_issue" WHERE "meetingId" = ?`, [meeting.id]);
      const columns = Object.keys(issue);
      toggle('meeting_issue', (on) =>
        on
          ? sql(`DELETE FROM "meeting_issue" WHERE "id" = ?`, [issue.id])
          : sql(
              `INSERT INTO "meeting_issue" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
              Object.values(issue),
            ),
      );
      const bich = await one(`SELECT "id" FROM "evaluation" WHERE "memberId" = ?`, [w.members.depA1.id]);
      toggle('evaluation', (on) =>
        sql(`UPDATE "evaluation" SET "decidedLevel" = ? WHERE "id" = ?`, [
          on ? 'excellent' : 'good',
          bich.id,
        ]),
      );
      const cycle = await one(`SELECT "id", "ruleSetId" FROM "evaluation_cycle" WHERE "organizationId" = ?`, [
        wardA.id,
      ]);
      toggle('evaluation_cycle', (on) =>
        sql(`UPDATE "evaluation_cycle" SET "year" = ? WHERE "id" = ?`, [on ? 2025 : 2026, cycle.id]),
      );
      const ruleSet = await one(`SELECT "definition" FROM "evaluation_rule_set" WHERE "id" = ?`, [
        cycle.ruleSetId,
      ]);
      const definition = String(ruleSet.definition);
      const generous = JSON.stringify({
        ...JSON.parse(definition),
        quota: { ...JSON.parse(definition).quota, maxExcellentShareOfGood: 0.5 },
      });
      toggle('evaluation_rule_set', (on) =>
        sql(`UPDATE "evaluation_rule_set" SET "definition" = ? WHERE "id" = ?`, [
          on ? generous : definition,
          cycle.ruleSetId,
        ]),
      );
      // The city's approval for ward A to exceed the quota (shown on the quota row; version 1 does not count it).
      const approvalId = '5a0c3d2e-7b1f-4e8a-9c6d-2f4b8a1e3c70';
      toggle('evaluation_quota_exception', (on) =>
        on
          ? sql(
              `INSERT INTO "evaluation_quota_exception" ("id", "cycleId", "grassrootsId", "approvedByOrganizationId", "decisionNumber", "decidedOn", "maxExcellent") VALUES (?, ?, ?, ?, ?, ?, ?)`,
              [approvalId, cycle.id, wardA.id, w.orgs.city.id, '45-QĐ/TU', '2026-12-01', 2],
            )
          : sql(`DELETE FROM "evaluation_quota_exception" WHERE "id" = ?`, [approvalId]),
      );
      const check = await one(
        `SELECT "id" FROM "conduct_check" WHERE "memberId" = ? AND "year" = 2026 AND "quarter" = 0`,
        [dao],
      );
      toggle('conduct_check', (on) =>
        sql(`UPDATE "conduct_check" SET "year" = ? WHERE "id" = ?`, [on ? 2025 : 2026, check.id]),
      );
      toggle('conduct_check_item', (on) =>
        sql(`UPDATE "conduct_check_item" SET "conclusionStatus" = ? WHERE "checkId" = ? AND "code" = 9`, [
          on ? 'at_risk' : 'present',
          check.id,
        ]),
      );
    });

    it.each(Object.keys(REPORT_TABLES) as Report[])('%s', async (report) => {
      const declared = new Set<string>(REPORT_TABLES[report]);
      // Every table the report reads (declared, as the test above checks); a declared table the SQL
      // does not read would only cost a recomputation.
      for (const table of await tablesRead(report)) {
        const before = await figures(report);
        const computed = cache.stats.computations;
        expect(await figures(report), `${report} answered again from the cache`).toBe(before);
        expect(cache.stats.computations).toBe(computed);
        writes.clear();
        await changes.get(table)!(true);
        try {
          expect(
            [...writes].filter((x) => declared.has(x)),
            `${report}: the write to ${table}`,
          ).toEqual([table]);
          expect(await figures(report), `${report} after a write to ${table}`).not.toBe(before);
          expect(cache.stats.computations).toBe(computed + 1);
        } finally {
          await changes.get(table)!(false); // so a failure here does not spill into the next reports
        }
        expect(await figures(report), `${report} after ${table} was put back`).toBe(before);
      }
    });
  });
});
