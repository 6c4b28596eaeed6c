import JSZip from 'jszip';
import type { Response } from 'superagent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vnToday } from '../../src/common/dates.js';
import { fieldsOf, recordMeeting } from '../factories/cell-life.js';
import { createCommitment } from '../factories/commitments.js';
import { readRows } from '../factories/stored-counts.js';
import { buildWorld, Login, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/** Reads a binary download into a Buffer (supertest parses only text by default). */
function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/**
 * Issue 14, item 7: records stay in the cell where they were made. Trần Thị Đào is checked, meets,
 * is disciplined and commits in cell A1 (Chi bộ tổ dân phố số 1, secretary Nguyễn Văn An), then moves
 * to cell B1 (Chi bộ khu phố Đống Đa, secretary Vũ Thị Hạnh) of another ward. Each secretary reads and
 * writes what was made in their cell and nothing of the other's; the formal record (disciplinary
 * decisions) follows her to B1, read-only. Every refusal is a 4xx and leaves the stored rows as they were.
 */
describe('records across a transfer (e2e)', () => {
  let t: TestApp;
  let w: World;
  let memberId: string;
  let commitmentContent: string;
  const checkUrl = () => `/api/members/${memberId}/conduct-checks/2026`;
  const SELF_SUMMARY = 'Năm 2025 tôi hoàn thành các nhiệm vụ được giao ở tổ dân phố, còn chậm báo cáo';
  const LEVEL_NAMES: Record<string, string> = {
    excellent: 'Hoàn thành xuất sắc nhiệm vụ',
    good: 'Hoàn thành tốt nhiệm vụ',
    complete: 'Hoàn thành nhiệm vụ',
    incomplete: 'Không hoàn thành nhiệm vụ',
  };
  let level2025: string | null = null;
  /** The move takes effect today (the API takes no effective date), so what happens in B1 is dated today. */
  const AFTER_MOVE = vnToday();
  /** Her records in A1 are of 2026; a review lists the decisions of its year, so B1's is in the move's. */
  const MOVE_YEAR = Number(AFTER_MOVE.slice(0, 4));
  const A1_CONCLUSION = 'Chi bộ tổ dân phố số 1 kết luận: có biểu hiện, cần khắc phục ngay';

  /** Every conduct-check row and item of the member, as stored. */
  const storedChecks = () =>
    readRows<Record<string, unknown>>(
      t,
      `SELECT "k"."cellId", "k"."version", "i"."code", "i"."selfStatus", "i"."selfNote", "i"."conclusionStatus",
              "i"."conclusionNote"
         FROM "conduct_check" "k" LEFT JOIN "conduct_check_item" "i" ON "i"."checkId" = "k"."id"
        WHERE "k"."memberId" = :memberId ORDER BY "k"."cellId", "i"."code"`,
      { memberId },
    );
  const storedDecisions = () =>
    readRows<Record<string, unknown>>(
      t,
      `SELECT "id", "cellId", "decisionNumber" FROM "disciplinary_record" WHERE "memberId" = :memberId ORDER BY "id"`,
      { memberId },
    );

  const reviewXml = async (as: Login, year = 2026) => {
    const res = await t
      .http()
      .get(`/api/reports/members/${memberId}/review?year=${year}`)
      .set(as.auth)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const zip = await JSZip.loadAsync(res.body as Buffer);
    return zip.file('word/document.xml')!.async('string');
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    memberId = w.members.a1a.id;
    // In A1: her self-check and the cell's conclusion, a meeting she attends, a reprimand, her commitment.
    await t
      .http()
      .put(checkUrl())
      .set(w.memberA1a.auth)
      .send({ self: [{ code: 4, status: 'at_risk', note: 'Đôi khi còn làm việc qua loa, chưa đúng hạn' }] })
      .expect(200);
    await t
      .http()
      .put(checkUrl())
      .set(w.secretaryA1.auth)
      .send({ conclusion: [{ code: 4, status: 'present', note: A1_CONCLUSION }] })
      .expect(200);
    await recordMeeting(t, w.secretaryA1, {
      cellId: w.orgs.cellA1.id,
      heldOn: '2026-03-10',
      kind: 'regular',
      topic: 'Sinh hoạt chi bộ định kỳ tháng 3',
      attendance: [{ memberId, status: 'present' }],
    });
    await t
      .http()
      .post(`/api/members/${memberId}/disciplinary-records`)
      .set(w.leaderA.auth)
      .send({
        decidedOn: '2026-04-01',
        form: 'reprimand',
        decisionNumber: '12-QĐ/ĐUP',
        reason: 'Vi phạm quy định về sinh hoạt đảng',
      })
      .expect(201);
    // Her 2025 evaluation in ward A: self-assessed, decided and finalized while she is in A1.
    const cycle = await t
      .http()
      .post('/api/evaluation-cycles')
      .set(w.leaderA.auth)
      .send({ organizationId: w.orgs.wardA.id, year: 2025 })
      .expect(201);
    await t.http().post(`/api/evaluation-cycles/${cycle.body.id}/generate`).set(w.leaderA.auth).expect(200);
    const evaluations = await t
      .http()
      .get(`/api/evaluations?cycleId=${cycle.body.id}&pageSize=100`)
      .set(w.leaderA.auth)
      .expect(200);
    const items = evaluations.body.items as Array<{
      id: string;
      memberId: string;
      suggestedLevel: string | null;
    }>;
    const hers = items.find((e) => e.memberId === memberId)!;
    await t
      .http()
      .post(`/api/evaluations/${hers.id}/self-assessment`)
      .set(w.memberA1a.auth)
      .send({ level: 'good', summary: SELF_SUMMARY })
      .expect(200);
    for (const e of items.filter((x) => x.suggestedLevel)) {
      const level = e.suggestedLevel === 'excellent' ? 'good' : e.suggestedLevel!;
      await t
        .http()
        .post(`/api/evaluations/${e.id}/decision`)
        .set(w.leaderA.auth)
        .send({ level, comment: 'Đảng ủy phường quyết định' })
        .expect(200);
      if (e.memberId === memberId) level2025 = level;
    }
    await t.http().post(`/api/evaluation-cycles/${cycle.body.id}/finalize`).set(w.leaderA.auth).expect(200);
    const commitment = await createCommitment(t, w.memberA1a, { year: 2026 });
    commitmentContent = commitment.items[0].content;
    // The transfer, by the committee over both cells.
    const member = await t.http().get(`/api/members/${memberId}`).set(w.leaderCity.auth).expect(200);
    await t
      .http()
      .patch(`/api/members/${memberId}`)
      .set(w.leaderCity.auth)
      .send({ version: member.body.version, cellId: w.orgs.cellB1.id })
      .expect(200);
    // In B1 after the move: a meeting she misses.
    await recordMeeting(t, w.secretaryB1, {
      cellId: w.orgs.cellB1.id,
      heldOn: AFTER_MOVE,
      kind: 'regular',
      topic: 'Sinh hoạt chi bộ tháng 12, đón đồng chí chuyển đến',
      attendance: [{ memberId, status: 'absent' }],
    });
  });
  afterAll(() => t.close());

  describe('conduct checks', () => {
    it('answers 401 without a token and 400 naming cellId', async () => {
      await t.http().get(checkUrl()).expect(401);
      await t
        .http()
        .put(checkUrl())
        .send({ conclusion: [{ code: 4, status: 'none' }] })
        .expect(401);
      const bad = await t.http().get(`${checkUrl()}?cellId=nope`).set(w.secretaryB1.auth).expect(400);
      expect(fieldsOf(bad.body)).toEqual(['cellId']);
      const badPut = await t
        .http()
        .put(checkUrl())
        .set(w.secretaryA1.auth)
        .send({ cellId: 'nope', conclusion: [{ code: 4, status: 'none' }] })
        .expect(400);
      expect(fieldsOf(badPut.body)).toEqual(['cellId']);
    });

    it('shows the new secretary only the new cell’s check, and the old one not at all', async () => {
      const res = await t.http().get(checkUrl()).set(w.secretaryB1.auth).expect(200);
      expect(res.body).toMatchObject({
        id: null,
        cellId: w.orgs.cellB1.id,
        cellName: 'Chi bộ khu phố Đống Đa',
        version: 0,
        checks: [],
      });
      expect(res.body.items[3]).toMatchObject({ code: 4, self: null, conclusion: null });
      await t.http().get(`${checkUrl()}?cellId=${w.orgs.cellA1.id}`).set(w.secretaryB1.auth).expect(404);
    });

    it('keeps the old cell’s check with the old secretary, who still reads and concludes it', async () => {
      const res = await t.http().get(checkUrl()).set(w.secretaryA1.auth).expect(200);
      expect(res.body).toMatchObject({
        cellId: w.orgs.cellA1.id,
        cellName: 'Chi bộ tổ dân phố số 1',
        version: 2,
      });
      expect(res.body.items[3].conclusion).toMatchObject({ status: 'present', note: A1_CONCLUSION });
      expect(res.body.checks).toEqual([
        { id: res.body.id, cellId: w.orgs.cellA1.id, cellName: 'Chi bộ tổ dân phố số 1' },
      ]);
      // the ward A leader reaches it too, through the cell she left
      const leader = await t.http().get(checkUrl()).set(w.leaderA.auth).expect(200);
      expect(leader.body.id).toBe(res.body.id);
      const put = await t
        .http()
        .put(checkUrl())
        .set(w.secretaryA1.auth)
        .send({
          version: 2,
          conclusion: [{ code: 4, status: 'present', note: `${A1_CONCLUSION}; đã nhắc nhở` }],
        })
        .expect(200);
      expect(put.body).toMatchObject({ id: res.body.id, cellId: w.orgs.cellA1.id, version: 3 });
      const stale = await t
        .http()
        .put(checkUrl())
        .set(w.secretaryA1.auth)
        .send({ version: 2, conclusion: [{ code: 4, status: 'none' }] })
        .expect(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
    });

    it('refuses the new secretary the old check and opens the new cell’s own', async () => {
      const before = await storedChecks();
      const refused = await t
        .http()
        .put(checkUrl())
        .set(w.secretaryB1.auth)
        .send({ cellId: w.orgs.cellA1.id, conclusion: [{ code: 4, status: 'none', note: 'Ghi đè' }] })
        .expect(404);
      expect(refused.body.code).toBe('NOT_FOUND');
      // a member of the old cell reaches nothing of hers
      await t.http().get(checkUrl()).set(w.memberA1b.auth).expect(404);
      await t
        .http()
        .put(checkUrl())
        .set(w.leaderB.auth)
        .send({ conclusion: [{ code: 4, status: 'none' }] })
        .expect(403);
      expect(await storedChecks()).toEqual(before);

      const own = await t
        .http()
        .put(checkUrl())
        .set(w.secretaryB1.auth)
        .send({ conclusion: [{ code: 9, status: 'at_risk', note: 'Chi bộ khu phố Đống Đa lưu ý' }] })
        .expect(200);
      expect(own.body).toMatchObject({ cellId: w.orgs.cellB1.id, version: 1 });
      expect(own.body.items[3].conclusion).toBeNull();
      const a1 = (await storedChecks()).filter((r) => r.cellId === w.orgs.cellA1.id);
      expect(a1).toEqual(before);
    });

    it('puts the member’s self-check into the current cell’s check only', async () => {
      const before = await storedChecks();
      const refused = await t
        .http()
        .put(checkUrl())
        .set(w.memberA1a.auth)
        .send({ cellId: w.orgs.cellA1.id, self: [{ code: 4, status: 'none' }] })
        .expect(409);
      expect(refused.body.code).toBe('CONDUCT_CHECK_CELL_LEFT');
      expect(fieldsOf(refused.body)).toEqual(['cellId']);
      expect(await storedChecks()).toEqual(before);
      await t
        .http()
        .put(checkUrl())
        .set(w.memberA1a.auth)
        .send({ self: [{ code: 7, status: 'at_risk', note: 'Cần rèn luyện thêm ở nơi cư trú mới' }] })
        .expect(200);
      // she reads both of her checks, each with its cell
      const mine = await t.http().get(checkUrl()).set(w.memberA1a.auth).expect(200);
      expect(mine.body.cellId).toBe(w.orgs.cellB1.id);
      expect(mine.body.items[6].self).toMatchObject({ status: 'at_risk' });
      expect(mine.body.checks.map((c: { cellName: string }) => c.cellName).sort()).toEqual([
        'Chi bộ khu phố Đống Đa',
        'Chi bộ tổ dân phố số 1',
      ]);
      const old = await t
        .http()
        .get(`${checkUrl()}?cellId=${w.orgs.cellA1.id}`)
        .set(w.memberA1a.auth)
        .expect(200);
      expect(old.body.items[3].self).toMatchObject({ status: 'at_risk' });
      expect(old.body.items[6].self).toBeNull();
      // the old secretary's check has no trace of the new cell's entries
      const a1 = await t.http().get(checkUrl()).set(w.secretaryA1.auth).expect(200);
      expect(a1.body.items[6].self).toBeNull();
      expect(a1.body.items[8].conclusion).toBeNull();
    });

    it('lists each check under the cell it was made in', async () => {
      const list = (org: string, as: Login) =>
        t.http().get(`/api/conduct-checks?organizationId=${org}&year=2026`).set(as.auth).expect(200);
      const a1 = await list(w.orgs.cellA1.id, w.secretaryA1);
      expect(a1.body.items.filter((r: { memberId: string }) => r.memberId === memberId)).toHaveLength(1);
      const b1 = await list(w.orgs.cellB1.id, w.secretaryB1);
      expect(b1.body.items.filter((r: { memberId: string }) => r.memberId === memberId)).toMatchObject([
        { cellId: w.orgs.cellB1.id, concludedPresent: 0 },
      ]);
    });
  });

  describe('attendance rates by memberId', () => {
    const rate = (as: Login, extra = '') =>
      t
        .http()
        .get(`/api/meetings/attendance-rates?memberId=${memberId}&from=2026-01-01&to=${AFTER_MOVE}${extra}`)
        .set(as.auth);

    it('counts only meetings of cells the caller sees', async () => {
      await rate(w.secretaryB1).unset('Authorization').expect(401);
      const b1 = await rate(w.secretaryB1).expect(200);
      expect(b1.body.total).toMatchObject({ present: 0, absent: 1, expected: 1 });
      const a1 = await rate(w.secretaryA1).expect(200);
      expect(a1.body.total).toMatchObject({ present: 1, absent: 0, expected: 1 });
      const own = await rate(w.memberA1a).expect(200);
      expect(own.body.total).toMatchObject({ present: 1, absent: 1, expected: 2, rate: 0.5 });
      const city = await rate(w.leaderCity, '&groupBy=cell').expect(200);
      expect(city.body.total).toMatchObject({ present: 1, expected: 2 });
      expect(city.body.groups.map((g: { cellName: string }) => g.cellName).sort()).toEqual([
        'Chi bộ khu phố Đống Đa',
        'Chi bộ tổ dân phố số 1',
      ]);
      const byCell = await rate(w.secretaryB1, '&groupBy=cell').expect(200);
      expect(byCell.body.groups).toMatchObject([{ cellName: 'Chi bộ khu phố Đống Đa', expected: 1 }]);
      await rate(w.memberA1b).expect(404);
      await rate(w.secretaryA1, `&organizationId=${w.orgs.cellB1.id}`).expect(404);
    });
  });

  describe('discipline', () => {
    const url = () => `/api/members/${memberId}/disciplinary-records`;

    it('lets only leaders over the current cell record, and the old ward’s refusal stores nothing', async () => {
      const before = await storedDecisions();
      const body = {
        decidedOn: AFTER_MOVE,
        form: 'warning',
        decisionNumber: '45-QĐ/ĐUP',
        reason: 'Tiếp tục vi phạm sau khi chuyển sinh hoạt',
      };
      await t.http().post(url()).send(body).expect(401);
      await t.http().post(url()).set(w.leaderA.auth).send(body).expect(404);
      await t.http().post(url()).set(w.secretaryB1.auth).send(body).expect(403);
      expect(await storedDecisions()).toEqual(before);
      const made = await t.http().post(url()).set(w.leaderB.auth).send(body).expect(201);
      expect(made.body.cellId).toBe(w.orgs.cellB1.id);
    });

    it('follows the member read-only; the old cell keeps the decisions taken there', async () => {
      const numbers = (res: { body: { items: Array<{ decisionNumber: string }> } }) =>
        res.body.items.map((r) => r.decisionNumber).sort();
      const b1 = await t.http().get(url()).set(w.secretaryB1.auth).expect(200);
      expect(numbers(b1)).toEqual(['12-QĐ/ĐUP', '45-QĐ/ĐUP']);
      const a1 = await t.http().get(url()).set(w.secretaryA1.auth).expect(200);
      expect(a1.body).toMatchObject({ total: 1, expelledOn: null });
      expect(a1.body.items).toMatchObject([{ decisionNumber: '12-QĐ/ĐUP', cellId: w.orgs.cellA1.id }]);
      const wardA = await t.http().get(url()).set(w.leaderA.auth).expect(200);
      expect(numbers(wardA)).toEqual(['12-QĐ/ĐUP']);
      await t.http().get(url()).set(w.memberA1b.auth).expect(404);
      await t.http().get(url()).set(w.secretaryA1.auth).unset('Authorization').expect(401);
    });
  });

  describe('the member review document', () => {
    it('answers 401, 404 to a former cell mate and 400 naming the year', async () => {
      await t.http().get(`/api/reports/members/${memberId}/review?year=2026`).expect(401);
      await t
        .http()
        .get(`/api/reports/members/${memberId}/review?year=2026`)
        .set(w.memberA1b.auth)
        .expect(404);
      const bad = await t
        .http()
        .get(`/api/reports/members/${memberId}/review?year=x`)
        .set(w.secretaryA1.auth)
        .expect(400);
      expect(new Set(fieldsOf(bad.body))).toEqual(new Set(['year']));
    });

    it('carries the finalized year-end level to the new cell, and only that', async () => {
      expect(level2025).toBeTruthy();
      const xml = await reviewXml(w.secretaryB1, 2025);
      expect(xml).toContain(`Xếp loại: ${LEVEL_NAMES[level2025!]}`);
      expect(xml).toContain('(Lập tại: Chi bộ tổ dân phố số 1)');
      expect(xml).toContain('Tự đánh giá và nhận xét của chi bộ được lưu tại chi bộ nơi lập.');
      expect(xml).not.toContain(SELF_SUMMARY);
      expect(xml).toContain('Tự xếp loại: chưa tự xếp loại');
      // the old cell keeps the whole evaluation it made
      const old = await reviewXml(w.secretaryA1, 2025);
      expect(old).toContain(SELF_SUMMARY);
      expect(old).toContain(`Xếp loại: ${LEVEL_NAMES[level2025!]}`);
      expect(old).not.toContain('được lưu tại chi bộ nơi lập');
    });

    it('gives the new secretary the new cell’s records and the formal record, each with its cell', async () => {
      const xml = await reviewXml(w.secretaryB1);
      expect(xml).toContain('CHI BỘ KHU PHỐ ĐỐNG ĐA');
      expect(xml).not.toContain(commitmentContent);
      expect(xml).toContain('Không có bản cam kết năm trong hệ thống.');
      expect(xml).toContain('Tự nhận (Chi bộ khu phố Đống Đa): biểu hiện số 7 (có nguy cơ)');
      expect(xml).not.toContain('biểu hiện số 4');
      expect(xml).toContain(
        'Khiển trách (quyết định số 12-QĐ/ĐUP ngày 2026-04-01; lập tại: Chi bộ tổ dân phố số 1)',
      );
      expect(xml.includes('45-QĐ/ĐUP')).toBe(MOVE_YEAR === 2026);
      const ofMoveYear = await reviewXml(w.secretaryB1, MOVE_YEAR);
      expect(ofMoveYear).toContain(
        `Cảnh cáo (quyết định số 45-QĐ/ĐUP ngày ${AFTER_MOVE}; lập tại: Chi bộ khu phố Đống Đa)`,
      );
    });

    it('gives the old secretary what was made in the old cell, under its name', async () => {
      const xml = await reviewXml(w.secretaryA1);
      expect(xml).toContain('CHI BỘ TỔ DÂN PHỐ SỐ 1');
      expect(xml).toContain('ĐẢNG BỘ PHƯỜNG NGÔ QUYỀN');
      expect(xml).toContain(commitmentContent);
      expect(xml).toContain('(Lập tại: Chi bộ tổ dân phố số 1)');
      expect(xml).toContain('Tự nhận (Chi bộ tổ dân phố số 1): biểu hiện số 4 (có nguy cơ)');
      expect(xml).not.toContain('biểu hiện số 7');
      expect(xml).toContain('12-QĐ/ĐUP');
      expect(xml).not.toContain('45-QĐ/ĐUP');
      expect(xml).not.toContain('Đống Đa');
    });

    it('gives the member all her records, each labelled with its cell', async () => {
      const xml = await reviewXml(w.memberA1a);
      expect(xml).toContain('CHI BỘ KHU PHỐ ĐỐNG ĐA');
      expect(xml).toContain(commitmentContent);
      expect(xml).toContain('(Lập tại: Chi bộ tổ dân phố số 1)');
      expect(xml).toContain('Tự nhận (Chi bộ tổ dân phố số 1): biểu hiện số 4 (có nguy cơ)');
      expect(xml).toContain('Tự nhận (Chi bộ khu phố Đống Đa): biểu hiện số 7 (có nguy cơ)');
      expect(xml).toContain('12-QĐ/ĐUP');
      expect(xml.includes('45-QĐ/ĐUP')).toBe(MOVE_YEAR === 2026);
      expect(await reviewXml(w.memberA1a, MOVE_YEAR)).toContain('45-QĐ/ĐUP');
    });
  });
});
