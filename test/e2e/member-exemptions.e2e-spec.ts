import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../database/migrations/index.js';
import { dataSourceOf, EXCELLENT_YEAR, seedYear } from '../factories/evaluations.js';
import { recordMeeting } from '../factories/cell-life.js';
import { buildWorld, createMember, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const YEAR = 2026;
const NO_SUCH_ID = '0b8f6a55-2f0c-4d5e-9b7a-3c1d2e4f5a6b';

interface ExemptionBody {
  id: string;
  memberId: string;
  from: string;
  to: string | null;
  ground: string;
  note: string | null;
  reviewDueOn: string | null;
  version: number;
}

/**
 * Exemption periods (miễn công tác và sinh hoạt đảng) under /api/members/:id/exemptions, the member's
 * `isExempt` derived from them, the backfill of migration 1765300000000 and generation under QĐ 366
 * version 4: exempt all year, not classified; exempt for part of it, evaluated on the rest.
 */
describe('member exemption periods (e2e)', () => {
  let t: TestApp;
  let w: World;
  const url = (memberId: string) => `/api/members/${memberId}/exemptions`;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('backfills an open period with ground "other" for every member flagged exempt', async () => {
    const ds = dataSourceOf(t);
    // Back to just before migration 1765300000000 (and the later ones), then forward again.
    const at = MIGRATIONS.findIndex((m) => m.name === 'ExemptionPeriods1765300000000');
    expect(at).toBeGreaterThan(0);
    for (let i = MIGRATIONS.length - 1; i >= at; i--) await ds.undoLastMigration();
    expect(await ds.query(`SELECT 1 FROM "member" LIMIT 1`)).toHaveLength(1);
    const pg = ds.options.type === 'postgres';
    await ds.query(
      `UPDATE "member" SET "isExempt" = ${pg ? 'true' : '1'}, "joinedPartyOn" = '1975-05-19' WHERE "id" = ${pg ? '$1' : '?'}`,
      [w.members.b1.id],
    );
    await ds.runMigrations();
    const rows = await ds.query<
      Array<{ memberId: string; fromDate: unknown; toDate: unknown; ground: string }>
    >(`SELECT "memberId", "fromDate", "toDate", "ground" FROM "member_exemption" ORDER BY "memberId"`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ memberId: w.members.b1.id, toDate: null, ground: 'other' });
    const from = rows[0].fromDate;
    expect(typeof from === 'string' ? from.slice(0, 10) : (from as Date).getFullYear()).toEqual(
      typeof from === 'string' ? '1975-05-19' : 1975,
    );
    const b1 = await t.http().get(`/api/members/${w.members.b1.id}`).set(w.leaderB.auth).expect(200);
    expect(b1.body.isExempt).toBe(true);
    const list = await t.http().get(url(w.members.b1.id)).set(w.leaderB.auth).expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({ from: '1975-05-19', to: null, ground: 'other', reviewDueOn: null }),
    ]);
  });

  const maternity = {
    from: `${YEAR}-03-01`,
    to: `${YEAR}-08-31`,
    ground: 'maternity',
    note: 'Nghỉ sinh con',
  };

  it('answers 401 without a token, 403 without member.manage and 404 out of scope', async () => {
    const id = w.members.a1b.id;
    await t.http().get(url(id)).expect(401);
    await t.http().post(url(id)).send(maternity).expect(401);
    await t
      .http()
      .patch(`${url(id)}/${NO_SUCH_ID}`)
      .send({ version: 1, to: null })
      .expect(401);
    await t.http().post(url(id)).set(w.secretaryA1.auth).send(maternity).expect(403);
    await t.http().get(url(id)).set(w.leaderB.auth).expect(404);
    await t.http().post(url(id)).set(w.leaderB.auth).send(maternity).expect(404);
    await t.http().get(url(NO_SUCH_ID)).set(w.leaderA.auth).expect(404);
    await t
      .http()
      .patch(`${url(id)}/${NO_SUCH_ID}`)
      .set(w.leaderA.auth)
      .send({ version: 1 })
      .expect(404);
  });

  it('refuses bad input with 400 naming the field and the rule, and changes nothing', async () => {
    const id = w.members.a1b.id;
    const cases: Array<[Record<string, unknown>, string, string?]> = [
      [{ ...maternity, from: '01/03/2026' }, 'from'],
      [{ ...maternity, from: `${YEAR}-02-30` }, 'from'],
      [{ ...maternity, to: `${YEAR}-13-01` }, 'to'],
      [{ ...maternity, to: `${YEAR}-02-28` }, 'to', 'notBeforeFrom'],
      [{ ...maternity, ground: 'holiday' }, 'ground'],
      [{ ...maternity, note: 'x'.repeat(1001) }, 'note'],
      [{ to: `${YEAR}-08-31`, ground: 'maternity' }, 'from'],
    ];
    for (const [body, field, rule] of cases) {
      const res = await t.http().post(url(id)).set(w.leaderA.auth).send(body).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      if (rule) expect(res.body.details[0].rule).toBe(rule);
    }
    await t.http().post('/api/members/not-a-uuid/exemptions').set(w.leaderA.auth).send(maternity).expect(400);
    const none = await t.http().get(url(id)).set(w.leaderA.auth).expect(200);
    expect(none.body).toEqual([]);
  });

  let temporary: ExemptionBody;

  it('records a temporary exemption with the member’s review due at its end', async () => {
    const res = await t.http().post(url(w.members.a1b.id)).set(w.leaderA.auth).send(maternity).expect(201);
    temporary = res.body as ExemptionBody;
    expect(temporary).toMatchObject({
      memberId: w.members.a1b.id,
      from: `${YEAR}-03-01`,
      to: `${YEAR}-08-31`,
      ground: 'maternity',
      note: 'Nghỉ sinh con',
      reviewDueOn: `${YEAR}-08-31`,
      version: 1,
    });
    // The member reads their own periods; `isExempt` follows the day asked.
    const own = await t.http().get(url(w.members.a1b.id)).set(w.memberA1b.auth).expect(200);
    expect(own.body).toEqual([temporary]);
    const during = await t
      .http()
      .get(`/api/members/${w.members.a1b.id}?on=${YEAR}-05-01`)
      .set(w.leaderA.auth)
      .expect(200);
    expect(during.body.isExempt).toBe(true);
    const today = await t.http().get(`/api/members/${w.members.a1b.id}`).set(w.leaderA.auth).expect(200);
    expect(today.body.isExempt).toBe(false);
    const bad = await t.http().get(`/api/members/${w.members.a1b.id}?on=2026-02-30`).set(w.leaderA.auth);
    expect(bad.status).toBe(400);
  });

  it('refuses an overlapping period with 409 naming from, and a stale version with 409', async () => {
    const res = await t
      .http()
      .post(url(w.members.a1b.id))
      .set(w.leaderA.auth)
      .send({ from: `${YEAR}-08-31`, ground: 'long_illness' })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'MEMBER_EXEMPTION_OVERLAP' });
    expect(res.body.details[0]).toMatchObject({ field: 'from', rule: 'noOverlap' });
    await t
      .http()
      .patch(`${url(w.members.a1b.id)}/${temporary.id}`)
      .set(w.leaderA.auth)
      .send({ version: 7, to: `${YEAR}-09-30` })
      .expect(409);
    const bad = await t
      .http()
      .patch(`${url(w.members.a1b.id)}/${temporary.id}`)
      .set(w.leaderA.auth)
      .send({ version: 1, to: `${YEAR}-01-31` })
      .expect(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'to', rule: 'notBeforeFrom' });
    const list = await t.http().get(url(w.members.a1b.id)).set(w.leaderA.auth).expect(200);
    expect(list.body).toEqual([temporary]);
  });

  it('shortens a period and keeps the audit trail', async () => {
    const res = await t
      .http()
      .patch(`${url(w.members.a1b.id)}/${temporary.id}`)
      .set(w.leaderA.auth)
      .send({ version: 1, to: `${YEAR}-06-30`, note: 'Đi làm lại sớm' })
      .expect(200);
    expect(res.body).toMatchObject({ to: `${YEAR}-06-30`, reviewDueOn: `${YEAR}-06-30`, version: 2 });
    const audit = await t
      .http()
      .get(`/api/audit-log?entityId=${w.members.a1b.id}`)
      .set(w.admin.auth)
      .expect(200);
    const actions = (audit.body.items as Array<{ action: string }>).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['member.exemption.add', 'member.exemption.update']));
  });

  it('keeps isExempt on POST and PATCH /api/members working through periods', async () => {
    const m = await createMember(t, w.leaderA, w.orgs.cellA2.id, 'Lương Thị Thu', { isExempt: true });
    const opened = await t.http().get(url(m.id)).set(w.leaderA.auth).expect(200);
    expect(opened.body).toHaveLength(1);
    expect(opened.body[0]).toMatchObject({ to: null, ground: 'other' });
    const read = await t.http().get(`/api/members/${m.id}`).set(w.leaderA.auth).expect(200);
    expect(read.body.isExempt).toBe(true);
    // Ending it today removes the period that began today.
    const off = await t
      .http()
      .patch(`/api/members/${m.id}`)
      .set(w.leaderA.auth)
      .send({ version: read.body.version, isExempt: false })
      .expect(200);
    expect(off.body.isExempt).toBe(false);
    expect((await t.http().get(url(m.id)).set(w.leaderA.auth).expect(200)).body).toEqual([]);
  });

  describe('generation under QĐ 366 version 4', () => {
    const byMember = new Map<
      string,
      {
        status: string;
        notClassifiedReason: string | null;
        suggestedLevel: string | null;
        reasons: Array<{ code: string; text: string; unverified: boolean }>;
        metrics: { meetings: Record<string, number> };
      }
    >();

    beforeAll(async () => {
      await seedYear(t, w.members.a1b, YEAR, EXCELLENT_YEAR);
      // Recorded now, so a1b was expected at both; the April one falls in the maternity period.
      for (const [heldOn, status] of [
        [`${YEAR}-04-10`, 'absent'],
        [`${YEAR}-09-10`, 'present'],
      ] as const)
        await recordMeeting(t, w.secretaryA1, {
          cellId: w.orgs.cellA1.id,
          heldOn,
          kind: 'regular',
          topic: 'Sinh hoạt chi bộ định kỳ',
          attendance: [{ memberId: w.members.a1b.id, status }],
        });
      // Cao Văn Hùng, exempt for old age since 2020: the whole year.
      await t
        .http()
        .post(url(w.members.a2.id))
        .set(w.leaderA.auth)
        .send({ from: '2020-06-01', ground: 'age', note: 'Nghị quyết chi bộ số 03-NQ/CB' })
        .expect(201);
      const cycle = await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.leaderA.auth)
        .send({ organizationId: w.orgs.wardA.id, year: YEAR })
        .expect(201);
      expect(cycle.body.ruleSet).toMatchObject({ code: 'QD366-2025', version: 4 });
      await t.http().post(`/api/evaluation-cycles/${cycle.body.id}/generate`).set(w.leaderA.auth).expect(200);
      const list = await t
        .http()
        .get(`/api/evaluations?cycleId=${cycle.body.id}&pageSize=100`)
        .set(w.leaderA.auth)
        .expect(200);
      for (const e of list.body.items) byMember.set(e.memberId, e);
    });

    it('does not classify a member exempt the whole year, resting on QĐ 294 itself', () => {
      const e = byMember.get(w.members.a2.id)!;
      expect(e).toMatchObject({
        status: 'not_classified',
        notClassifiedReason: 'exempt',
        suggestedLevel: null,
      });
      expect(e.reasons[0]).toMatchObject({ code: 'not_classified_exempt', unverified: false });
      expect(e.reasons[0].text).toContain(`cả năm ${YEAR} (từ 01/06/2020, tuổi cao)`);
    });

    it('evaluates a member exempt for part of the year on the rest, and says so', () => {
      const e = byMember.get(w.members.a1b.id)!;
      expect(e.status).not.toBe('not_classified');
      expect(e.suggestedLevel).not.toBeNull();
      const partial = e.reasons.find((r) => r.code === 'exempt_part_of_year')!;
      // 1 March - 30 June 2026: 31 + 30 + 31 + 30 = 122 days.
      expect(partial.text).toBe(
        `Được miễn công tác và sinh hoạt đảng 122/365 ngày của năm ${YEAR} (từ 01/03/${YEAR} đến 30/06/${YEAR}, thai sản): ` +
          `đánh giá, xếp loại trên thời gian còn lại. Hết thời gian miễn ngày 30/06/${YEAR}: đảng viên tự kiểm điểm trước chi bộ.`,
      );
      expect(partial.unverified).toBe(true);
      // Only the September meeting counts: April's fell during the exemption.
      expect(e.metrics.meetings).toEqual({ expected: 1, present: 1, excused: 0, absent: 0 });
    });
  });
});
