import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const HEADER =
  'Họ và tên,Ngày sinh,Giới tính,Số thẻ đảng viên,Chi bộ (mã),Ngày vào Đảng,Ngày chính thức,Chức vụ';
const csv = (...lines: string[]) => Buffer.from(`\uFEFF${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');

describe('members import (e2e)', () => {
  let t: TestApp;
  let w: World;
  let card = 800_000_000;
  const nextCard = () => String(card++);

  const upload = (auth: Record<string, string>, file: Buffer, name = 'dang-vien.csv', dryRun = false) =>
    t
      .http()
      .post(`/api/members/import${dryRun ? '?dryRun=true' : ''}`)
      .set(auth)
      .attach('file', file, name);
  const countIn = async (cellId: string) =>
    (await t.http().get(`/api/members?organizationId=${cellId}&pageSize=1`).set(w.admin.auth).expect(200))
      .body.total as number;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('answers 401 without a token and 403 for a role without member.import', async () => {
    await t.http().post('/api/members/import').attach('file', csv(), 'a.csv').expect(401);
    await t.http().get('/api/members/import/template').expect(401);
    await upload(w.secretaryA1.auth, csv()).expect(403);
    await t.http().get('/api/members/import/template').set(w.memberA1a.auth).expect(403);
  });

  it('imports a CSV in one go: members searchable, official or probationary, with cell history and audit', async () => {
    const before = await countIn(w.orgs.cellA1.id);
    const c1 = nextCard();
    const res = await upload(
      w.leaderA.auth,
      csv(
        `Nguyễn Thị Huệ,12/05/1975,Nữ,${c1},${w.orgs.cellA1.code},03/02/2000,03/02/2001,Tổ trưởng`,
        `"Đỗ Văn Khánh, con",1990-07-01,Nam,,${w.orgs.cellA2.code},15/08/2026,,`,
      ),
    ).expect(200);
    expect(res.body).toEqual({ dryRun: false, totalRows: 2, validRows: 2, created: 2, errors: [] });
    expect(await countIn(w.orgs.cellA1.id)).toBe(before + 1);
    const found = await t.http().get('/api/members?q=nguyen thi hue').set(w.leaderA.auth).expect(200);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({
      fullName: 'Nguyễn Thị Huệ',
      partyCardNumber: c1,
      dateOfBirth: '1975-05-12',
      gender: 'female',
      status: 'official',
      joinedPartyOn: '2000-02-03',
      position: 'Tổ trưởng',
      cellId: w.orgs.cellA1.id,
    });
    const khanh = await t.http().get('/api/members?q=do van khanh').set(w.leaderA.auth).expect(200);
    expect(khanh.body.items[0]).toMatchObject({ fullName: 'Đỗ Văn Khánh, con', status: 'probationary' });
    const audit = await t.http().get('/api/audit-log?action=member.import').set(w.leaderA.auth).expect(200);
    expect(audit.body.total).toBeGreaterThanOrEqual(2);
  });

  it('writes nothing and lists every bad row (row, column, reason) when any row is bad', async () => {
    const before = await countIn(w.orgs.wardA.id);
    const dup = nextCard();
    const res = await upload(
      w.leaderA.auth,
      csv(
        `Lê Văn Tốt,01/01/1980,Nam,${nextCard()},${w.orgs.cellA1.code},01/01/2005,01/01/2006,`,
        `,01/01/1980,Nam,,${w.orgs.cellA1.code},,,`,
        `Hà Thị Lan,31/02/1980,Nữ,${dup},${w.orgs.cellA1.code},,,`,
        `Hà Văn Minh,01/01/1980,Nam,${dup},${w.orgs.cellA1.code},,,`,
        `Vũ Văn Nam,01/01/1980,Không rõ,,KHONG-CO,,,`,
        `Bùi Văn Phú,01/01/1980,Nam,,${w.orgs.cellB1.code},,,`,
        `Mai Văn Quý,01/01/1980,Nam,,${w.orgs.wardA.code},,,`,
      ),
    ).expect(400);
    expect(res.body.code).toBe('IMPORT_INVALID_ROWS');
    const got = (res.body.details as Array<{ row: number; column: string; rule: string }>).map(
      (d) => `${d.row}|${d.column}|${d.rule}`,
    );
    expect(got).toEqual([
      '3|Họ và tên|required',
      '4|Ngày sinh|isDate',
      '5|Số thẻ đảng viên|uniqueInFile',
      '6|Giới tính|isIn',
      '6|Chi bộ (mã)|inScope',
      '7|Chi bộ (mã)|inScope',
      '8|Chi bộ (mã)|isCell',
    ]);
    expect(await countIn(w.orgs.wardA.id)).toBe(before);
  });

  it('refuses party card numbers already registered', async () => {
    const c = nextCard();
    await upload(w.leaderA.auth, csv(`Phan Văn Sơn,01/01/1980,Nam,${c},${w.orgs.cellA1.code},,,`)).expect(
      200,
    );
    const res = await upload(
      w.leaderCity.auth,
      csv(`Phan Văn Sơn,01/01/1980,Nam,${c},${w.orgs.cellB1.code},,,`),
    ).expect(400);
    expect(res.body.details).toEqual([
      expect.objectContaining({ row: 2, column: 'Số thẻ đảng viên', rule: 'unique' }),
    ]);
  });

  it('dryRun validates and writes nothing', async () => {
    const before = await countIn(w.orgs.cellA2.id);
    const ok = await upload(
      w.leaderA.auth,
      csv(`Tạ Văn Tâm,01/01/1980,Nam,,${w.orgs.cellA2.code},,,`),
      'a.csv',
      true,
    ).expect(200);
    expect(ok.body).toEqual({ dryRun: true, totalRows: 1, validRows: 1, created: 0, errors: [] });
    const bad = await upload(
      w.leaderA.auth,
      csv(`Tạ Văn Tâm,01/01/1980,Nam,,${w.orgs.cellB1.code},,,`),
      'a.csv',
      true,
    ).expect(200);
    expect(bad.body.validRows).toBe(0);
    expect(bad.body.errors[0]).toMatchObject({ row: 2, column: 'Chi bộ (mã)', rule: 'inScope' });
    expect(await countIn(w.orgs.cellA2.id)).toBe(before);
  });

  it('answers 400 for a missing file, a missing column and a file that is not a spreadsheet', async () => {
    const none = await t
      .http()
      .post('/api/members/import')
      .set(w.leaderA.auth)
      .field('note', 'x')
      .expect(400);
    expect(none.body.details[0].field).toBe('file');
    const json = await t
      .http()
      .post('/api/members/import')
      .set(w.leaderA.auth)
      .send({ file: 'x' })
      .expect((r) => expect([400, 406, 415]).toContain(r.status));
    expect(json.body.statusCode).toBe(json.status);
    const cols = await upload(w.leaderA.auth, Buffer.from('Tên,Ngày sinh\nA,01/01/1980\n')).expect(400);
    expect(cols.body.details.map((d: { column: string }) => d.column)).toEqual(['Họ và tên', 'Chi bộ (mã)']);
    const binary = await upload(
      w.leaderA.auth,
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 1, 2]),
      'old.xls',
    ).expect(400);
    expect(binary.body.code).toBe('IMPORT_FILE_UNREADABLE');
  });

  it('round-trips the XLSX template: download, fill in, upload', async () => {
    const res = await t
      .http()
      .get('/api/members/import/template')
      .set(w.leaderA.auth)
      .buffer(true)
      .parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => cb(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('attachment');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER.split(','));
    const c = nextCard();
    ws.addRow([
      'Cao Thị Uyên',
      new Date(Date.UTC(1985, 3, 30)),
      'Nữ',
      c,
      w.orgs.cellA2.code,
      '19/05/2010',
      '19/05/2011',
      'Đảng viên',
    ]);
    ws.addRow(['Cao Văn Vinh', '02/09/1970', 'Nam', null, w.orgs.cellA2.code, null, null, null]);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const done = await upload(w.leaderA.auth, filled, 'mau.xlsx').expect(200);
    expect(done.body.created).toBe(2);
    const uyen = await t.http().get('/api/members?q=cao thi uyen').set(w.leaderA.auth).expect(200);
    expect(uyen.body.items[0]).toMatchObject({
      dateOfBirth: '1985-04-30',
      partyCardNumber: c,
      status: 'official',
    });

    const csvTemplate = await t
      .http()
      .get('/api/members/import/template?format=csv')
      .set(w.leaderA.auth)
      .expect(200);
    expect(csvTemplate.text.replace(/^\uFEFF/, '').trim()).toBe(HEADER);
  });

  it('takes files over the JSON body limit, and refuses more than 20,000 rows as a whole', async () => {
    const lines = Array.from(
      { length: 20_001 },
      (_, i) => `Nguyễn Văn Số ${i},01/01/1980,Nam,,${w.orgs.cellA1.code},,,`,
    );
    const big = csv(...lines);
    expect(big.length).toBeGreaterThan(t.config.http.bodyLimitBytes);
    const res = await upload(w.leaderA.auth, big).expect(400);
    expect(res.body.details).toEqual([expect.objectContaining({ row: 1, rule: 'tooManyRows' })]);
  });

  it('accepts semicolon-separated CSV as saved by Excel in Vietnamese locales', async () => {
    const body = Buffer.from(
      `${HEADER.replaceAll(',', ';')}\nĐinh Văn Xuân;01/01/1980;Nam;;${w.orgs.cellA1.code};;;\n`,
      'utf8',
    );
    const res = await upload(w.leaderA.auth, body).expect(200);
    expect(res.body.created).toBe(1);
  });
});
