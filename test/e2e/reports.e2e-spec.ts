import ExcelJS from 'exceljs';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { inflateSync } from 'node:zlib';
import { PDFParse } from 'pdf-parse';
import type { Response } from 'superagent';
import { vnToday } from '../../src/common/dates.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf } from '../factories/cell-life.js';
import { createCommitment } from '../factories/commitments.js';
import { buildReportYear } from '../factories/reports.js';
import { buildWorld, createMember, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/** Reads a binary download into a Buffer (supertest parses only text by default). */
function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** The inflated content streams of a PDF (pdfkit compresses them with Flate). */
function pageStreams(pdf: Buffer): string {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const start = pdf.indexOf('stream\n', at);
    if (start < 0) break;
    const end = pdf.indexOf('\nendstream', start);
    try {
      out.push(inflateSync(pdf.subarray(start + 7, end)).toString('latin1'));
    } catch {
      // not a Flate stream (e.g. an embedded font): skip it
    }
    at = end + 10;
  }
  return out.join('\n');
}

async function readXlsx(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

/** Every figure below is counted by hand from the year described in test/factories/reports.ts. */
describe('reports (e2e)', () => {
  let t: TestApp;
  let w: World;
  const q = (path: string, org: string, extra = '') =>
    `/api/reports/${path}?organizationId=${org}&year=2026${extra}`;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    await buildReportYear(t, w);
  });
  afterAll(() => t.close());

  describe('authorization and input, every route', () => {
    const routes = ['overview', 'organizations', 'classification', 'leaders-first', 'trend'];

    it('answers 401 without a token', async () => {
      for (const r of routes) await t.http().get(q(r, w.orgs.wardA.id)).expect(401);
    });

    it('answers 403 to a member (no report.read) and 404 outside the caller subtree', async () => {
      for (const r of routes) {
        await t.http().get(q(r, w.orgs.cellA1.id)).set(w.memberA1a.auth).expect(403);
        await t.http().get(q(r, w.orgs.wardA.id)).set(w.leaderB.auth).expect(404);
        // a secretary reaches their cell only
        await t.http().get(q(r, w.orgs.wardA.id)).set(w.secretaryA1.auth).expect(404);
        await t.http().get(q(r, w.orgs.cellB1.id)).set(w.secretaryA1.auth).expect(404);
        await t.http().get(q(r, w.orgs.cellA1.id)).set(w.secretaryA1.auth).expect(200);
        // a missing organisation looks the same as one out of reach; an admin reaches everything
        await t.http().get(q(r, '3f1c2b8e-5d7a-4c1e-9b2f-0a1b2c3d4e5f')).set(w.admin.auth).expect(404);
        await t.http().get(q(r, w.orgs.wardB.id)).set(w.admin.auth).expect(200);
      }
    });

    it('answers 400 naming the field for a bad organisation, year, format or sort', async () => {
      for (const r of routes) {
        const bad = await t
          .http()
          .get(`/api/reports/${r}?organizationId=abc&year=1800`)
          .set(w.leaderA.auth)
          .expect(400);
        expect(fieldsOf(bad.body).sort()).toEqual(['organizationId', 'year']);
        const missing = await t.http().get(`/api/reports/${r}`).set(w.leaderA.auth).expect(400);
        expect(fieldsOf(missing.body)).toEqual(expect.arrayContaining(['organizationId', 'year']));
        const fmt = await t
          .http()
          .get(q(r, w.orgs.wardA.id, '&format=doc'))
          .set(w.leaderA.auth)
          .expect(400);
        expect(fieldsOf(fmt.body)).toEqual(['format']);
      }
      const sort = await t
        .http()
        .get(q('organizations', w.orgs.wardA.id, '&sort=password&order=up'))
        .set(w.leaderA.auth)
        .expect(400);
      expect(fieldsOf(sort.body).sort()).toEqual(['order', 'sort']);
      const pdf = await t
        .http()
        .get(q('classification', w.orgs.wardA.id, '&format=pdf'))
        .set(w.leaderA.auth)
        .expect(400);
      expect(fieldsOf(pdf.body)).toEqual(['format']);
    });
  });

  describe('GET /api/reports/overview', () => {
    it('answers every figure of ward A as counted by hand', async () => {
      const res = await t.http().get(q('overview', w.orgs.wardA.id)).set(w.leaderA.auth).expect(200);
      const o = res.body;
      expect(o).toMatchObject({
        organizationId: w.orgs.wardA.id,
        organizationName: 'Đảng bộ phường Ngô Quyền',
        year: 2026,
      });
      expect(o.members).toEqual({
        total: 6,
        official: 5,
        probationary: 1,
        exempt: 1,
        suspended: 0,
        expected: 5,
      });
      expect(o.registration.yearly).toEqual({ period: 'Y', rate: 0.4, registered: 2, expected: 5 });
      expect(o.registration.quarterly).toHaveLength(4);
      expect(o.registration.quarterly[0]).toEqual({ period: 'Q1', rate: 0.2, registered: 1, expected: 5 });
      expect(o.registration.quarterly[1]).toEqual({ period: 'Q2', rate: 0, registered: 0, expected: 5 });
      expect(o.registration.monthly).toHaveLength(12);
      expect(o.registration.monthly.every((m: { registered: number }) => m.registered === 0)).toBe(true);
      expect(o.studyParticipation).toEqual({ rate: 0.4, participated: 2, expected: 5 });
      // studied: An and Bích (Đào excused, Ngọc exempt); of them only An registered (Đào registered
      // but did not study, Bích studied but has no accepted yearly commitment)
      expect(o.followAmongStudied).toEqual({ rate: 0.5, registered: 1, studied: 2 });
      // A1 held the study meeting, A2 none
      expect(o.studyCoverage).toEqual({ rate: 0.5, held: 1, organizations: 2 });
      expect(o.meetingAttendance).toEqual({ rate: 0.5, present: 2, excused: 1, absent: 1, expected: 4 });
      expect(o.meetings).toEqual({ regular: 0, thematic: 0, study: 1 });
      expect(o.outcomes).toEqual({
        items: 4,
        done: 2,
        exceeded: 1,
        partly: 1,
        notDone: 1,
        unreported: 0,
        doneRate: 0.5,
        assessed: 1,
        achieved: 0,
        partlyAchieved: 1,
        notAchieved: 0,
        achievedRate: 0,
      });
      expect(o.lateSubmissions).toEqual({ rate: 1, late: 4, submitted: 4 });
      expect(o.evaluation).toEqual({
        total: 6,
        excellent: 0,
        good: 2,
        complete: 1,
        incomplete: 1,
        unclassified: 1,
        undecided: 1,
      });
      expect(o.quota).toEqual([
        {
          organizationId: w.orgs.wardA.id,
          organizationName: 'Đảng bộ phường Ngô Quyền',
          excellent: 0,
          good: 2,
          maxExcellent: 0,
          ok: true,
        },
      ]);
      expect(o.manifestations).toHaveLength(27);
      expect(o.manifestations[1]).toEqual({ code: 2, atRisk: 1, present: 1 });
      expect(o.manifestations[8]).toEqual({ code: 9, atRisk: 0, present: 1 });
      expect(
        o.manifestations.filter((m: { atRisk: number; present: number }) => m.atRisk + m.present > 0),
      ).toHaveLength(2);
      expect(o.meetingIssues).toEqual({ raised: 1, open: 1 });
      expect(JSON.stringify(o)).not.toContain('Trần Thị Đào');
    });

    it('counts a secretary cell alone, and a city leader the whole city', async () => {
      const cell = (await t.http().get(q('overview', w.orgs.cellA1.id)).set(w.secretaryA1.auth).expect(200))
        .body;
      expect(cell.members).toMatchObject({ total: 5, expected: 4 });
      expect(cell.registration.yearly).toEqual({ period: 'Y', rate: 0.5, registered: 2, expected: 4 });
      expect(cell.quota).toEqual([]);
      expect(cell.followAmongStudied).toEqual({ rate: 0.5, registered: 1, studied: 2 });
      expect(cell.studyCoverage).toEqual({ rate: 1, held: 1, organizations: 1 });
      const city = (await t.http().get(q('overview', w.orgs.city.id)).set(w.leaderCity.auth).expect(200))
        .body;
      expect(city.members).toMatchObject({ total: 8, expected: 7 });
      expect(city.registration.yearly).toMatchObject({ registered: 2, expected: 7 });
      expect(city.studyCoverage).toEqual({ rate: 0.3333, held: 1, organizations: 3 });
      const empty = (
        await t
          .http()
          .get(`/api/reports/overview?organizationId=${w.orgs.wardB.id}&year=2025`)
          .set(w.leaderB.auth)
          .expect(200)
      ).body;
      expect(empty.meetingAttendance.rate).toBeNull();
      expect(empty.outcomes.doneRate).toBeNull();
      expect(empty.followAmongStudied).toEqual({ rate: null, registered: 0, studied: 0 });
      expect(empty.studyCoverage).toEqual({ rate: 0, held: 0, organizations: 1 });
    });

    it('downloads a CSV with a BOM and an XLSX with title, organisation, year, headers and formats', async () => {
      const csv = await t
        .http()
        .get(q('overview', w.orgs.wardA.id, '&format=csv'))
        .set(w.leaderA.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(csv.headers['content-disposition']).toMatch(
        /^attachment; filename="bao-cao-tong-hop-dang-bo-phuong-ngo-quyen-2026\.csv"; filename\*=UTF-8''/,
      );
      expect(decodeURIComponent(csv.headers['content-disposition'].split("''")[1])).toBe(
        'Báo cáo tổng hợp - Đảng bộ phường Ngô Quyền - 2026.csv',
      );
      const text = (csv.body as Buffer).toString('utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).split('\r\n');
      expect(lines[0]).toBe('Nhóm,Chỉ tiêu,Số lượng,Trên tổng số,Tỷ lệ');
      expect(lines).toContain('Đăng ký,"Đăng ký làm theo cả năm (đã duyệt, có nội dung làm theo)",2,5,0.4');
      expect(lines).toContain('Sinh hoạt,Đảng viên dự học có đăng ký làm theo,1,2,0.5');
      expect(lines).toContain('Sinh hoạt,Chi bộ tổ chức học tập chuyên đề,1,2,0.5');

      const xlsx = await t
        .http()
        .get(q('overview', w.orgs.wardA.id, '&format=xlsx'))
        .set(w.leaderA.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(xlsx.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(xlsx.headers['content-disposition']).toContain('.xlsx"');
      const ws = await readXlsx(xlsx.body as Buffer);
      expect(ws.getCell('A1').value).toBe('BÁO CÁO TỔNG HỢP NĂM 2026');
      expect(ws.getCell('A2').value).toBe('Tổ chức: Đảng bộ phường Ngô Quyền');
      expect(ws.getCell('A3').value).toBe('Năm: 2026');
      expect(ws.getCell('A4').text).toMatch(/^Xuất lúc: \d\d\/\d\d\/\d{4} \d\d:\d\d \(giờ Việt Nam\)$/);
      expect(ws.getRow(6).values).toEqual([
        undefined,
        'Nhóm',
        'Chỉ tiêu',
        'Số lượng',
        'Trên tổng số',
        'Tỷ lệ',
      ]);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
      const reg = ws
        .getRows(7, ws.rowCount - 6)!
        .find((r) => r.getCell(2).text.startsWith('Đăng ký làm theo cả năm'))!;
      expect([reg.getCell(3).value, reg.getCell(4).value, reg.getCell(5).value]).toEqual([2, 5, 0.4]);
      expect(reg.getCell(5).numFmt).toBe('0.00%');
      expect(reg.getCell(3).numFmt).toBe('#,##0');
    });

    it('prints a PDF with the DejaVu font embedded', async () => {
      const pdf = await t
        .http()
        .get(q('overview', w.orgs.wardA.id, '&format=pdf'))
        .set(w.leaderA.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const body = pdf.body as Buffer;
      expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const raw = body.toString('latin1');
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
      expect(raw).toMatch(/\/FontFile2 /);
      // the document title, in UTF-16BE as PDF text strings carry non-Latin letters
      const title = Buffer.from(
        '\ufeffBáo cáo tổng hợp năm 2026 - Đảng bộ phường Ngô Quyền',
        'utf16le',
      ).swap16();
      expect(body.includes(title)).toBe(true);
      const content = pageStreams(body);
      // one filled bar per count above 0 (excellent 0 draws none): good 2, complete 1, incomplete 1, not classified 1, undecided 1
      expect(content.match(/ re\n\/DeviceRGB cs\n[^\n]+ scn\nf\n/g) ?? []).toHaveLength(5);
      // The text as a reader extracts it: Vietnamese letters intact (the embedded font maps them back
      // to Unicode), the figures beside their numerators and denominators, the level names of the chart.
      const parser = new PDFParse({ data: new Uint8Array(body) });
      const text = (await parser.getText()).text.replace(/[ \t]+/g, ' ');
      await parser.destroy();
      for (const line of [
        'BÁO CÁO TỔNG HỢP NĂM 2026',
        'Đảng bộ phường Ngô Quyền',
        'Tổng số 6: chính thức 5, dự bị 1; miễn sinh hoạt 1, đình chỉ 0; phải tham gia 5.',
        'Đăng ký làm theo cả năm: 40,00% (2/5)',
        'Học tập chuyên đề: 40,00% (2/5)',
        'Dự học có đăng ký làm theo: 50,00% (1/2)',
        'Chi bộ tổ chức học tập chuyên đề: 50,00% (1/2)',
        'Dự sinh hoạt chi bộ (lượt): 50,00% (2/4)',
        'Nội dung cam kết hoàn thành: 50,00% (2/4)',
        'Bản đăng ký nộp muộn: 100,00% (4/4)',
        'Phân bố xếp loại chất lượng đảng viên',
        'Hoàn thành xuất sắc nhiệm vụ',
        'Hoàn thành tốt nhiệm vụ',
        'Không hoàn thành nhiệm vụ',
        'Không xếp loại',
        'Chưa quyết định',
        'Biểu hiện 2: có biểu hiện 1, có nguy cơ 1',
      ])
        expect(text, line).toContain(line);
      // the article's sentence, wrapped over lines on the page
      expect(text.replace(/\s+/g, ' ')).toContain(
        '1/2 chi bộ (50,00%) tổ chức học tập chuyên đề; tỷ lệ đảng viên tham gia học tập chuyên đề đạt 40,00% (2/5); 50,00% đảng viên dự học đăng ký làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (1/2).',
      );
      expect(text).not.toContain('Trần Thị Đào');
    });

    it("prints the overview in the party's document layout, its rates as bars", async () => {
      const pdf = await t
        .http()
        .get(q('overview', w.orgs.wardA.id, '&format=pdf'))
        .set(w.leaderA.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const body = pdf.body as Buffer;
      // one framed, filled bar (fill and stroke, operator B) per rate above 0: all seven of ward A
      expect(pageStreams(body).match(/ scn\n\/DeviceRGB CS\n[^\n]+ SCN\nB\n/g) ?? []).toHaveLength(7);
      // Where things stand on the page, as poppler lays the text out: the superior and the issuing
      // committee top left, the Party's name top right with place and date under it; "Nơi nhận" at
      // the left and the signature block at the right of the same lines.
      // poppler's pdftotext reads the layout; .ci/run installs it, a newcomer's machine may lack it.
      const pdftotextMissing = spawnSync('pdftotext', ['-v']).error !== undefined && !process.env.CI;
      if (pdftotextMissing)
        console.warn('pdftotext (poppler-utils) is not installed: the PDF layout check is skipped');
      if (!pdftotextMissing) {
        const dir = mkdtempSync(join(tmpdir(), 'camket-pdf-'));
        const file = join(dir, 'overview.pdf');
        writeFileSync(file, body);
        const layout = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
        rmSync(dir, { recursive: true, force: true });
        const lines = layout.split('\n');
        const today = vnToday().split('-');
        expect(lines[0]).toMatch(/^\s*ĐẢNG BỘ THÀNH PHỐ VĨNH YÊN\s{4,}ĐẢNG CỘNG SẢN VIỆT NAM\s*$/);
        expect(lines[1]).toMatch(/^\s*ĐẢNG ỦY PHƯỜNG NGÔ QUYỀN\s*$/);
        expect(layout).toMatch(
          new RegExp(`\\*\\s{4,}Ngô Quyền, ngày ${today[2]} tháng ${today[1]} năm ${today[0]}\\n`),
        );
        const title = lines.findIndex((l) => l.includes('BÁO CÁO TỔNG HỢP NĂM 2026'));
        expect(title).toBeGreaterThan(1);
        // the figures of 2026 stand as of today while the year runs, as of its last day once it is over
        const asOf = (vnToday() < '2026-12-31' ? vnToday() : '2026-12-31').split('-');
        expect(layout).toContain(
          `Số liệu tính đến ngày ${asOf[2]}/${asOf[1]}/${asOf[0]}; xuất lúc ${today[2]}/${today[1]}/${today[0]} `,
        );
        const foot = lines.findIndex((l) => /^\s*Nơi nhận:\s{4,}T\/M ĐẢNG ỦY\s*$/.test(l));
        expect(foot).toBeGreaterThan(title);
        expect(lines[foot + 1]).toMatch(/^\s*- Ban Thường vụ Thành ủy Vĩnh Yên,\s{4,}BÍ THƯ\s*$/);
        expect(lines[foot + 2]).toMatch(/^\s*- Lưu Văn phòng cấp ủy\.\s*$/);
        // the rates' scale under their bars
        expect(layout).toMatch(/0%\s+50%\s+100%/);
      }
      // a cell's report is signed for the cell by its head, and goes to the ward's đảng ủy
      const cellPdf = await t
        .http()
        .get(q('overview', w.orgs.cellA1.id, '&format=pdf'))
        .set(w.secretaryA1.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const parser = new PDFParse({ data: new Uint8Array(cellPdf.body as Buffer) });
      const cellText = (await parser.getText()).text;
      await parser.destroy();
      for (const line of [
        'ĐẢNG BỘ PHƯỜNG NGÔ QUYỀN',
        'CHI BỘ TỔ DÂN PHỐ SỐ 1',
        'T/M CHI BỘ',
        'Nguyễn Văn An',
        '- Đảng ủy phường Ngô Quyền,',
        '- Lưu chi bộ.',
      ])
        expect(cellText, line).toContain(line);
    });
  });

  describe('GET /api/reports/organizations', () => {
    it('answers one row per child organisation, lagging cells first', async () => {
      const res = await t
        .http()
        .get(q('organizations', w.orgs.wardA.id, '&sort=registrationRate&order=asc'))
        .set(w.leaderA.auth)
        .expect(200);
      expect(res.body).toMatchObject({ sort: 'registrationRate', order: 'asc' });
      expect(res.body.items.map((r: { name: string }) => r.name)).toEqual([
        'Chi bộ tổ dân phố số 2',
        'Chi bộ tổ dân phố số 1',
      ]);
      const [a2, a1] = res.body.items;
      expect(a2).toMatchObject({
        members: 1,
        expected: 1,
        registrationRate: 0,
        studyParticipationRate: 0,
        meetingAttendanceRate: null,
      });
      expect(a1).toMatchObject({
        members: 5,
        expected: 4,
        registered: 2,
        registrationRate: 0.5,
        participated: 2,
        studyParticipationRate: 0.5,
        meetingAttendanceRate: 0.5,
        doneRate: 0.5,
        lateSubmissions: 4,
        good: 2,
        complete: 1,
        incomplete: 1,
        unclassified: 1,
        manifestationsPresent: 2,
        openIssues: 1,
      });
      const byAttendance = await t
        .http()
        .get(q('organizations', w.orgs.wardA.id, '&sort=meetingAttendanceRate&order=desc'))
        .set(w.leaderA.auth)
        .expect(200);
      // a rate with nothing to count (null) sorts last either way
      expect(byAttendance.body.items.map((r: { name: string }) => r.name)).toEqual([
        'Chi bộ tổ dân phố số 1',
        'Chi bộ tổ dân phố số 2',
      ]);
      const city = await t.http().get(q('organizations', w.orgs.city.id)).set(w.leaderCity.auth).expect(200);
      expect(city.body.items.map((r: { name: string; members: number }) => [r.name, r.members])).toEqual([
        ['Đảng bộ phường Liên Bảo', 2],
        ['Đảng bộ phường Ngô Quyền', 6],
      ]);
    });

    it('downloads the table as XLSX and CSV', async () => {
      const xlsx = await t
        .http()
        .get(q('organizations', w.orgs.wardA.id, '&format=xlsx'))
        .set(w.leaderA.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const ws = await readXlsx(xlsx.body as Buffer);
      expect(ws.getCell('A6').value).toBe('Tổ chức');
      expect(ws.getCell('A7').value).toBe('Chi bộ tổ dân phố số 1');
      expect(ws.getCell('E7').value).toBe(0.5);
      expect(ws.getCell('E7').numFmt).toBe('0.00%');
      const csv = await t
        .http()
        .get(q('organizations', w.orgs.wardA.id, '&format=csv'))
        .set(w.leaderA.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const lines = (csv.body as Buffer).toString('utf8').slice(1).split('\r\n');
      expect(lines[0].split(',')[0]).toBe('Tổ chức');
      expect(lines[1].startsWith('Chi bộ tổ dân phố số 1,5,4,2,0.5,')).toBe(true);
      expect(lines[2].startsWith('Chi bộ tổ dân phố số 2,1,1,0,0,0,0,,')).toBe(true);
    });
  });

  describe('GET /api/reports/classification', () => {
    it('lists the year-end classification in the layout committees file upward', async () => {
      const json = await t.http().get(q('classification', w.orgs.wardA.id)).set(w.leaderA.auth).expect(200);
      expect(json.body.items).toHaveLength(6);
      const xlsx = await t
        .http()
        .get(q('classification', w.orgs.wardA.id, '&format=xlsx'))
        .set(w.leaderA.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const ws = await readXlsx(xlsx.body as Buffer);
      expect(ws.getCell('A1').value).toBe('DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM 2026');
      expect(ws.getRow(6).values).toEqual([
        undefined,
        'STT',
        'Họ và tên',
        'Chi bộ',
        'Tự xếp loại',
        'Chi bộ đề nghị',
        'Cấp ủy quyết định',
        'Ghi chú',
      ]);
      const rows = [7, 8, 9, 10, 11, 12].map((n) => {
        const r = ws.getRow(n);
        return [
          r.getCell(1).value,
          r.getCell(2).value,
          r.getCell(3).value,
          r.getCell(6).value,
          r.getCell(7).value,
        ];
      });
      expect(rows).toEqual([
        [1, 'Đỗ Thị Ngọc', 'Chi bộ tổ dân phố số 1', '', 'Miễn công tác và sinh hoạt đảng (không xếp loại)'],
        [2, 'Lê Thị Bích', 'Chi bộ tổ dân phố số 1', 'Hoàn thành tốt nhiệm vụ', 'Cấp ủy thống nhất'],
        [3, 'Nguyễn Văn An', 'Chi bộ tổ dân phố số 1', 'Hoàn thành tốt nhiệm vụ', 'Cấp ủy thống nhất'],
        [4, 'Phạm Văn Đức', 'Chi bộ tổ dân phố số 1', 'Hoàn thành nhiệm vụ', 'Cấp ủy thống nhất'],
        [5, 'Trần Thị Đào', 'Chi bộ tổ dân phố số 1', 'Không hoàn thành nhiệm vụ', 'Cấp ủy thống nhất'],
        [6, 'Hoàng Minh Châu', 'Chi bộ tổ dân phố số 2', '', 'Chưa quyết định'],
      ]);
      const csv = await t
        .http()
        .get(q('classification', w.orgs.wardA.id, '&format=csv'))
        .set(w.leaderA.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const lines = (csv.body as Buffer).toString('utf8').slice(1).split('\r\n');
      expect(lines[0]).toBe('STT,Họ và tên,Chi bộ,Tự xếp loại,Chi bộ đề nghị,Cấp ủy quyết định,Ghi chú');
      expect(lines[5]).toBe(
        '5,Trần Thị Đào,Chi bộ tổ dân phố số 1,Hoàn thành nhiệm vụ,,Không hoàn thành nhiệm vụ,Cấp ủy thống nhất',
      );
    });
  });

  describe('GET /api/reports/leaders-first', () => {
    it('tells whether each head submitted before the members they lead', async () => {
      const res = await t.http().get(q('leaders-first', w.orgs.wardA.id)).set(w.leaderA.auth).expect(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({
        organizationId: w.orgs.cellA1.id,
        headMemberId: w.members.secA1.id,
        headName: 'Nguyễn Văn An',
        membersSubmitted: 2,
        membersBeforeHead: 1,
        status: 'not_first',
      });
      expect(res.body.items[0].firstMemberSubmittedAt < res.body.items[0].headFirstSubmittedAt).toBe(true);
      const xlsx = await t
        .http()
        .get(q('leaders-first', w.orgs.wardA.id, '&format=xlsx'))
        .set(w.leaderA.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const ws = await readXlsx(xlsx.body as Buffer);
      expect([
        ws.getCell('A7').value,
        ws.getCell('B7').value,
        ws.getCell('E7').value,
        ws.getCell('F7').value,
      ]).toEqual(['Chi bộ tổ dân phố số 1', 'Nguyễn Văn An', 2, 1]);
      expect(ws.getCell('G7').value).toBe('Có đảng viên đăng ký trước');
    });
  });

  describe('GET /api/reports/members/:id/review', () => {
    const url = (id: string, year = '2026') => `/api/reports/members/${id}/review?year=${year}`;

    it('answers 401, 404 to another member or out of scope and 400 naming the field', async () => {
      await t.http().get(url(w.members.a1a.id)).expect(401);
      // a member reaches their own review only: a member of the same cell, or elsewhere, is 404
      await t.http().get(url(w.members.a1a.id)).set(w.memberA1b.auth).expect(404);
      await t.http().get(url(w.members.a1a.id)).set(w.memberB1.auth).expect(404);
      await t.http().get(url(w.members.secA1.id)).set(w.memberA1a.auth).expect(404);
      await t.http().get(url(w.members.a1a.id)).set(w.leaderB.auth).expect(404);
      await t.http().get(url(w.members.a1a.id)).set(w.secretaryB1.auth).expect(404);
      const bad = await t.http().get(url('nope')).set(w.leaderA.auth).expect(400);
      expect(fieldsOf(bad.body)).toEqual(['id']);
      const year = await t.http().get(url(w.members.a1a.id, 'x')).set(w.leaderA.auth).expect(400);
      expect(new Set(fieldsOf(year.body))).toEqual(new Set(['year']));
    });

    it('fills the bản kiểm điểm cá nhân from the records, with next year commitment', async () => {
      const dao = (await t.http().get(`/api/members/${w.members.a1a.id}`).set(w.admin.auth).expect(200)).body;
      await t
        .http()
        .patch(`/api/members/${w.members.a1a.id}`)
        .set(w.admin.auth)
        .send({ version: dao.version, dateOfBirth: '1985-05-08', joinedPartyOn: '2012-03-19' })
        .expect(200);
      await createCommitment(t, w.memberA1a, {
        year: 2027,
        items: [{ category: 'duty', content: 'Vận động 100% hộ gia đình phân loại rác tại nguồn' }],
      });
      const res = await t
        .http()
        .get(url(w.members.a1a.id))
        .set(w.secretaryA1.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      expect(res.headers['content-disposition']).toContain(
        'filename="ban-kiem-diem-ca-nhan-tran-thi-dao-2026.docx"',
      );
      const zip = await JSZip.loadAsync(res.body as Buffer);
      const xml = await zip.file('word/document.xml')!.async('string');
      for (const text of [
        'BẢN KIỂM ĐIỂM CÁ NHÂN',
        'Họ và tên: Trần Thị Đào',
        'CHI BỘ TỔ DÂN PHỐ SỐ 1',
        'ĐẢNG BỘ PHƯỜNG NGÔ QUYỀN',
        'Làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh: Học tập và làm theo tấm gương đạo đức Hồ Chí Minh',
        'Hoàn thành (vượt chỉ tiêu)',
        'Hoàn thành một phần',
        'Chi bộ đánh giá: Đạt một phần',
        'biểu hiện số 4 (có nguy cơ)',
        'Tự xếp loại: Hoàn thành nhiệm vụ',
        'Hạn chế, khuyết điểm: Còn chậm báo cáo',
        'Xếp loại: Không hoàn thành nhiệm vụ',
        'Vận động 100% hộ gia đình phân loại rác tại nguồn',
        'chưa đối chiếu đầy đủ với văn bản chính thức',
        // dates the Vietnamese way
        'Ngày sinh: 08/05/1985',
        'Ngày vào Đảng: 19/03/2012; đảng viên chính thức',
        // the foot: recipients, the member's signature, the cell's (its head signs for it)
        'Nơi nhận:',
        '- Lưu hồ sơ đảng viên.',
        'NGƯỜI TỰ KIỂM ĐIỂM',
        'T/M CHI BỘ',
        'BÍ THƯ',
        'Nguyễn Văn An',
        'Mức gợi ý theo tiêu chí:',
        // the level by score rests on press quotations of QĐ 366, not the official text
        'Theo điểm (',
        '. (chưa đối chiếu văn bản gốc)',
      ])
        expect(xml, text).toContain(text);
      expect(xml).not.toContain('1985-05-08');
      // The heading is a two-column table before the title: the ward above the cell (bold) and a
      // star in the left cell; the Party's name (bold, underlined) and the place and date in the right.
      const heading = xml.slice(xml.indexOf('<w:tbl>'), xml.indexOf('</w:tbl>'));
      expect(xml.indexOf('<w:tbl>')).toBeLessThan(xml.indexOf('BẢN KIỂM ĐIỂM CÁ NHÂN'));
      const [left, right] = heading.split('</w:tc>');
      const texts = (x: string) => [...x.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]);
      const today = vnToday().split('-');
      expect(texts(left)).toEqual(['ĐẢNG BỘ PHƯỜNG NGÔ QUYỀN', 'CHI BỘ TỔ DÂN PHỐ SỐ 1', '*']);
      expect(texts(right)).toEqual([
        'ĐẢNG CỘNG SẢN VIỆT NAM',
        `Ngô Quyền, ngày ${today[2]} tháng ${today[1]} năm ${today[0]}`,
      ]);
      expect(right).toMatch(/<w:b\/>.*<w:u w:val="single"\/>.*ĐẢNG CỘNG SẢN VIỆT NAM/s);
      expect(right).toMatch(/<w:i\/>.*Ngô Quyền, ngày/s);
    });
  });

  describe('GET /api/reports/members/:id/review by the member', () => {
    it('lets a member download their own bản kiểm điểm cá nhân', async () => {
      const res = await t
        .http()
        .get(`/api/reports/members/${w.members.a1a.id}/review?year=2026`)
        .set(w.memberA1a.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      const zip = await JSZip.loadAsync(res.body as Buffer);
      const xml = await zip.file('word/document.xml')!.async('string');
      for (const text of [
        'BẢN KIỂM ĐIỂM CÁ NHÂN',
        'Họ và tên: Trần Thị Đào',
        'CHI BỘ TỔ DÂN PHỐ SỐ 1',
        'Tự xếp loại: Hoàn thành nhiệm vụ',
      ])
        expect(xml, text).toContain(text);
      // still no subtree report for a member
      await t.http().get(q('overview', w.orgs.cellA1.id)).set(w.memberA1a.auth).expect(403);
    });
  });

  describe('GET /api/reports/trend', () => {
    it('answers the twelve months', async () => {
      const res = await t.http().get(q('trend', w.orgs.wardA.id)).set(w.leaderA.auth).expect(200);
      expect(res.body.months).toHaveLength(12);
      expect(res.body.months[2]).toEqual({
        month: 3,
        registration: { period: 'M3', rate: 0, registered: 0, expected: 5 },
        meetingAttendance: { rate: 0.5, present: 2, excused: 1, absent: 1, expected: 4 },
        meetings: { regular: 0, thematic: 0, study: 1 },
        issuesRaised: 1,
      });
      expect(res.body.months[1].meetingAttendance.rate).toBeNull();
      const xlsx = await t
        .http()
        .get(q('trend', w.orgs.wardA.id, '&format=xlsx'))
        .set(w.leaderA.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const ws = await readXlsx(xlsx.body as Buffer);
      expect(ws.getCell('A9').value).toBe(3);
      expect(ws.getCell('H9').value).toBe(0.5);
    });

    const years = (org: string, extra = '&from=2025&to=2026') =>
      `/api/reports/trend?organizationId=${org}&by=year${extra}`;

    it('answers 401, 404 out of scope and 400 naming the field, year over year', async () => {
      await t.http().get(years(w.orgs.wardA.id)).expect(401);
      await t.http().get(years(w.orgs.wardA.id)).set(w.leaderB.auth).expect(404);
      await t.http().get(years(w.orgs.wardA.id)).set(w.memberA1a.auth).expect(403);
      const missing = await t.http().get(years(w.orgs.wardA.id, '')).set(w.leaderA.auth).expect(400);
      expect([...new Set(fieldsOf(missing.body))].sort()).toEqual(['from', 'to']);
      const by = await t
        .http()
        .get(q('trend', w.orgs.wardA.id, '&by=week'))
        .set(w.leaderA.auth)
        .expect(400);
      expect(fieldsOf(by.body)).toEqual(['by']);
      const range = await t
        .http()
        .get(years(w.orgs.wardA.id, '&from=2026&to=2025'))
        .set(w.leaderA.auth)
        .expect(400);
      expect(fieldsOf(range.body)).toEqual(['to']);
      const long = await t
        .http()
        .get(years(w.orgs.wardA.id, '&from=2010&to=2026'))
        .set(w.leaderA.auth)
        .expect(400);
      expect(fieldsOf(long.body)).toEqual(['to']);
      const bad = await t
        .http()
        .get(years(w.orgs.wardA.id, '&from=1999&to=x'))
        .set(w.leaderA.auth)
        .expect(400);
      expect([...new Set(fieldsOf(bad.body))].sort()).toEqual(['from', 'to']);
    });

    it("answers the overview's figures year over year", async () => {
      const res = await t.http().get(years(w.orgs.wardA.id)).set(w.leaderA.auth).expect(200);
      expect(res.body).toMatchObject({ organizationId: w.orgs.wardA.id, by: 'year', from: 2025, to: 2026 });
      expect(res.body.years.map((y: { year: number }) => y.year)).toEqual([2025, 2026]);
      const overview = (await t.http().get(q('overview', w.orgs.wardA.id)).set(w.leaderA.auth).expect(200))
        .body;
      for (const k of ['organizationId', 'organizationName', 'generatedAt']) delete overview[k];
      expect(res.body.years[1]).toEqual(overview);
      expect(res.body.years[0]).toMatchObject({
        year: 2025,
        registration: { yearly: { registered: 0 } },
        outcomes: { items: 0, doneRate: null },
        evaluation: { total: 0 },
      });
      // the monthly trend stays the default and says so
      const months = await t.http().get(q('trend', w.orgs.wardA.id)).set(w.leaderA.auth).expect(200);
      expect(months.body.by).toBe('month');
      const xlsx = await t
        .http()
        .get(years(w.orgs.wardA.id, '&from=2025&to=2026&format=xlsx'))
        .set(w.leaderA.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(xlsx.headers['content-disposition']).toContain(
        'dien-bien-qua-cac-nam-dang-bo-phuong-ngo-quyen-2025-2026.xlsx',
      );
      const ws = await readXlsx(xlsx.body as Buffer);
      expect(ws.getCell('A1').value).toBe('DIỄN BIẾN QUA CÁC NĂM 2025 - 2026');
      expect([ws.getCell('A8').value, ws.getCell('B8').value, ws.getCell('D8').value]).toEqual([
        2026, 6, 0.4,
      ]);
      const csv = await t
        .http()
        .get(years(w.orgs.wardA.id, '&from=2025&to=2026&format=csv'))
        .set(w.leaderA.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const lines = (csv.body as Buffer).toString('utf8').slice(1).split('\r\n');
      expect(lines[0].startsWith('Năm,Tổng số đảng viên,')).toBe(true);
      expect(lines[2].startsWith('2026,6,5,0.4,0.4,0.5,0.5,1,0,2,1,1,')).toBe(true);
    });
  });

  // Last: it adds a member to ward B, which the hand counts above do not expect.
  describe('computed reports are reused until a write', () => {
    it('answers the same overview again, and a new one as soon as a write commits', async () => {
      const first = (await t.http().get(q('overview', w.orgs.cellB1.id)).set(w.leaderB.auth).expect(200))
        .body;
      const again = (await t.http().get(q('overview', w.orgs.cellB1.id)).set(w.leaderB.auth).expect(200))
        .body;
      expect(again).toEqual(first); // the same computation, generatedAt included
      // a secretary of another cell asking for it is still refused: the scope is checked before the cache
      await t.http().get(q('overview', w.orgs.cellB1.id)).set(w.secretaryA1.auth).expect(404);
      await createMember(t, w.admin, w.orgs.cellB1.id, 'Lý Thị Mới');
      const after = (await t.http().get(q('overview', w.orgs.cellB1.id)).set(w.leaderB.auth).expect(200))
        .body;
      expect(after.members.total).toBe(first.members.total + 1);
      const rows = (await t.http().get(q('organizations', w.orgs.wardB.id)).set(w.leaderB.auth).expect(200))
        .body;
      expect(rows.items[0].members).toBe(after.members.total);
    });
  });
});
