import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/**
 * Fuzzing the member import (POST /api/members/import, XLSX and CSV) with generated spreadsheets
 * (fast-check) and hand-made corrupt files: random cells of every kind, shuffled, aliased, missing,
 * duplicated and extra columns, empty rows, many rows; truncated and non-zip archives, decompression
 * bombs within reason, XML entity tricks, CSV with broken quotes, with and without BOM, CRLF, LF, CR.
 *
 * Holds every upload to: no 5xx; every refusal a 4xx in the error envelope; a refused or dryRun
 * import leaves the database exactly as it was (member, cell history, user and audit rows); an
 * accepted import creates exactly the rows it reports, all or nothing.
 */

const HEADERS = [
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Số thẻ đảng viên',
  'Chi bộ (mã)',
  'Ngày vào Đảng',
  'Ngày chính thức',
  'Chức vụ',
];
/** Other spellings the import accepts, and headers it must ignore or refuse. */
const HEADER_VARIANTS = [
  'Họ tên',
  'HO VA TEN',
  'Mã chi bộ',
  'chi bo',
  'Ngày kết nạp',
  'Ngày tháng năm sinh',
  'Ghi chú',
  '',
  'Họ và tên',
  '=A1',
  'Nguye\u0302\u0303n', // NFD
];
const RUNS = { csv: 150, xlsx: 70, valid: 30 };

/** The cell kinds a spreadsheet may hold; `card:fresh` and `code:*` are resolved when the file is built. */
type Cell =
  | { k: 'text'; v: string }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'date'; v: Date }
  | { k: 'formula'; formula: string; result?: string | number }
  | { k: 'error'; v: '#N/A' | '#REF!' | '#DIV/0!' }
  | { k: 'rich'; v: string }
  | { k: 'link'; text: string; url: string }
  | { k: 'code'; which: 'inScope' | 'inScope2' | 'outOfScope' | 'committee' }
  | { k: 'card'; which: 'fresh' | 'existing' }
  | { k: 'empty' };

const vietnamese = fc.constantFrom(
  'Nguyễn Văn An',
  'Trần Thị Ánh Nguyệt',
  'Đặng Quốc Hùng',
  'Phạm  Văn   Đức',
  '  Lê Thị Bích  ',
  'NGUYỄN VĂN ĐỨC',
  'Ngô Bảo Châu, con',
  'Bùi "Tí" Văn',
  'Vũ\tThị\nHạnh',
);
const huge = fc.constantFrom(
  'A'.repeat(201),
  'Ễ'.repeat(5_000),
  'x'.repeat(100_000),
  '한'.repeat(150),
  'ǅ'.repeat(199),
  '\u0301'.repeat(1_000),
  '🇻🇳'.repeat(300),
);
const tricky = fc.constantFrom(
  '=1+1',
  '=HYPERLINK("http://example.invalid","x")',
  '+SUM(A1:A9)',
  '-2+3',
  '@SUM(1)',
  "'; DROP TABLE member; --",
  '\u0000',
  '\uFEFF',
  '\u202Eabc',
  'null',
  'undefined',
  '__proto__',
  '31/02/1980',
  '2026-13-01',
  '01/01/2099',
  '1/1/1900',
  '00/00/0000',
  '45000',
  '99999',
  '12/05/1975',
  '1975-05-12',
  'Nam',
  'Nữ',
  'khác',
  'FEMALE',
  '000000',
  '123456789012345678901',
  '12 34 56 78',
);
const text = fc.oneof(
  { weight: 3, arbitrary: vietnamese },
  { weight: 3, arbitrary: tricky },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: 'binary' }) },
  { weight: 1, arbitrary: huge },
);
const cellArb: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 6, arbitrary: text.map((v) => ({ k: 'text' as const, v })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.constantFrom(0, 1, -5, 25_569, 45_000, 2_958_465, 2_958_466, 1e10, 0.5, -0, 123_456_789),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
      )
      .map((v) => ({ k: 'num' as const, v })),
  },
  { weight: 1, arbitrary: fc.boolean().map((v) => ({ k: 'bool' as const, v })) },
  {
    weight: 2,
    arbitrary: fc
      .date({ min: new Date(Date.UTC(1800, 0, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true })
      .map((v) => ({ k: 'date' as const, v })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        formula: fc.constantFrom('1+1', 'A1', 'TODAY()', 'HYPERLINK("http://x","y")', 'SUM(A1:Z9999)'),
        result: fc.option(fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), { nil: undefined }),
      })
      .map((f) => ({ k: 'formula' as const, ...f })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('#N/A', '#REF!', '#DIV/0!').map((v) => ({ k: 'error' as const, v })),
  },
  { weight: 1, arbitrary: vietnamese.map((v) => ({ k: 'rich' as const, v })) },
  {
    weight: 1,
    arbitrary: vietnamese.map((text) => ({ k: 'link' as const, text, url: 'http://example.invalid/' })),
  },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('inScope', 'inScope2', 'outOfScope', 'committee')
      .map((which) => ({ k: 'code' as const, which })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('fresh', 'existing').map((which) => ({ k: 'card' as const, which })),
  },
  { weight: 3, arbitrary: fc.constant({ k: 'empty' as const }) },
);
const headerArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant(HEADERS) },
  { weight: 2, arbitrary: fc.shuffledSubarray(HEADERS, { minLength: 0, maxLength: HEADERS.length }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constant(HEADERS), fc.array(fc.constantFrom(...HEADER_VARIANTS), { maxLength: 3 }))
      .chain(([base, extra]) => fc.shuffledSubarray([...base, ...extra], { minLength: base.length })),
  },
  {
    weight: 1,
    arbitrary: fc.array(fc.oneof(fc.constantFrom(...HEADER_VARIANTS), fc.string()), { maxLength: 10 }),
  },
);
const rowArb = fc.oneof(
  { weight: 8, arbitrary: fc.array(cellArb, { minLength: 0, maxLength: 10 }) },
  { weight: 1, arbitrary: fc.array(fc.constant<Cell>({ k: 'empty' }), { maxLength: 8 }) }, // an empty row
  { weight: 1, arbitrary: fc.array(fc.constant<Cell>({ k: 'text', v: '   ' }), { maxLength: 8 }) },
);
const sheetArb = fc.record({
  headers: headerArb,
  rows: fc.oneof(
    { weight: 9, arbitrary: fc.array(rowArb, { maxLength: 25 }) },
    { weight: 1, arbitrary: fc.array(rowArb, { minLength: 200, maxLength: 400 }) },
  ),
  dryRun: fc.boolean(),
});
const csvStyle = fc.record({
  delimiter: fc.constantFrom(',', ';'),
  bom: fc.boolean(),
  eol: fc.constantFrom('\r\n', '\n', '\r'),
  trailingEol: fc.boolean(),
  quoteAll: fc.boolean(),
  /** Damage: an unbalanced quote, a stray quote inside a field, or none. */
  breakQuotes: fc.constantFrom('none', 'none', 'none', 'unclosed', 'stray', 'afterQuote'),
});

type CsvStyle = typeof csvStyle extends fc.Arbitrary<infer T> ? T : never;

/** A row of a valid file: every member new, in one of the leader's cells. */
const validRowArb = fc.record({
  name: vietnamese.filter((n) => n.trim().length >= 2 && !/[\t\n]/.test(n)),
  birth: fc.constantFrom('12/05/1975', '1980-01-31', '', '29/02/1984'),
  gender: fc.constantFrom('Nam', 'Nữ', 'Khác', '', 'nu'),
  card: fc.boolean(),
  cell: fc.constantFrom('inScope', 'inScope2'),
  joined: fc.constantFrom('', '03/02/2005'),
  official: fc.boolean(),
  position: fc.constantFrom('', 'Tổ trưởng', 'Bí thư chi bộ'),
});

// ---- files ----

/** A zip archive (deflate, UTF-8 names) from entries: enough to hand-craft broken and bomb XLSX files. */
function zip(entries: Array<{ name: string; data: Buffer | string; declaredSize?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const packed = deflateRawSync(data, { level: 9 });
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(data);
    const size = e.declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const NS = 'http://schemas.openxmlformats.org';
/** A minimal XLSX (no styles, no shared strings) around a given sheet1.xml. */
function xlsxAround(sheetXml: string | Buffer, extra: Array<{ name: string; data: string }> = []): Buffer {
  return zip([
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="${NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml },
    ...extra,
  ]);
}
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colName = (i: number) => String.fromCharCode(65 + i);
/** sheet1.xml with inline strings, rows given as text cells. */
function sheetXml(rows: string[][], prolog = '', rowsXml = ''): string {
  const body = rows
    .map(
      (r, i) =>
        `<row r="${i + 1}">${r.map((v, j) => `<c r="${colName(j)}${i + 1}" t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`).join('')}</row>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>${prolog}<worksheet xmlns="${NS}/spreadsheetml/2006/main"><sheetData>${body}${rowsXml}</sheetData></worksheet>`;
}

describe('trust: member import fuzzing (e2e)', () => {
  let t: TestApp;
  let w: World;
  let ds: DataSource;
  let card = 700_000_000;
  let existingCard: string;
  const tally = {
    requests: 0,
    byStatus: new Map<number, number>(),
    byCode: new Map<string, number>(),
    created: 0,
    dryRuns: 0,
    unchangedChecks: 0,
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    ds = t.app.get(DataSource);
    existingCard = String(card++);
    await t
      .http()
      .post('/api/members/import')
      .set(w.leaderA.auth)
      .attach(
        'file',
        Buffer.from(`${HEADERS.join(',')}\nCó Thẻ Rồi,,,${existingCard},${w.orgs.cellA1.code},,,\n`),
        'a.csv',
      )
      .expect(200);
  });
  afterAll(async () => {
    const fmt = (m: Map<string | number, number>) =>
      [...m.entries()]
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
    console.log(
      `[import-fuzz] ${tally.requests} uploads; statuses {${fmt(tally.byStatus)}}; codes {${fmt(tally.byCode)}}; ` +
        `${tally.created} members created by accepted imports; ${tally.dryRuns} dry runs; ` +
        `database unchanged after ${tally.unchangedChecks} refused or dry-run uploads`,
    );
    await t.close();
  });

  /** Rows of the tables an import writes: must not move unless the import answers 200 and created > 0. */
  const fingerprint = async () => {
    const [r] = await ds.query(
      `SELECT (SELECT COUNT(*) FROM member) AS members, (SELECT COUNT(*) FROM member_cell_history) AS history,
              (SELECT COUNT(*) FROM audit_entry) AS audit, (SELECT COUNT(*) FROM user_account) AS users,
              (SELECT COUNT(*) FROM organization) AS orgs`,
    );
    return Object.fromEntries(Object.entries(r as Record<string, unknown>).map(([k, v]) => [k, Number(v)]));
  };

  const resolve = (c: Cell): ExcelJS.CellValue => {
    switch (c.k) {
      case 'text':
      case 'num':
      case 'bool':
      case 'date':
        return c.v;
      case 'formula':
        return { formula: c.formula, result: c.result };
      case 'error':
        return { error: c.v };
      case 'rich':
        return { richText: [{ text: c.v.slice(0, 3) }, { font: { bold: true }, text: c.v.slice(3) }] };
      case 'link':
        return { text: c.text, hyperlink: c.url };
      case 'code':
        return {
          inScope: w.orgs.cellA1.code,
          inScope2: w.orgs.cellA2.code,
          outOfScope: w.orgs.cellB1.code,
          committee: w.orgs.wardA.code,
        }[c.which];
      case 'card':
        return c.which === 'fresh' ? String(card++) : existingCard;
      case 'empty':
        return null;
    }
  };
  const asText = (v: ExcelJS.CellValue): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'object') {
      if ('formula' in v) return `=${v.formula}`;
      if ('error' in v) return v.error;
      if ('richText' in v) return v.richText.map((r) => r.text).join('');
      if ('text' in v) return String(v.text);
      return '';
    }
    return String(v);
  };

  function toCsv(headers: string[], rows: string[][], style: CsvStyle): Buffer {
    const quote = (v: string) =>
      style.quoteAll || /["\r\n,;]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
    const lines = [headers, ...rows].map((r) => r.map(quote).join(style.delimiter));
    if (style.breakQuotes !== 'none' && lines.length > 1) {
      const i = 1 + (lines.length % (lines.length - 1 || 1));
      const at = Math.min(i, lines.length - 1);
      lines[at] =
        style.breakQuotes === 'unclosed'
          ? `"${lines[at]}`
          : style.breakQuotes === 'stray'
            ? lines[at].replace(/^(.)/, '$1"')
            : `"a"b${style.delimiter}${lines[at]}`;
    }
    const body = lines.join(style.eol) + (style.trailingEol ? style.eol : '');
    return Buffer.from(`${style.bom ? '\uFEFF' : ''}${body}`, 'utf8');
  }

  async function toXlsx(
    headers: string[],
    rows: ExcelJS.CellValue[][],
    emptyFirstSheet: boolean,
  ): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    if (emptyFirstSheet) wb.addWorksheet('Trống');
    const ws = wb.addWorksheet('Đảng viên');
    ws.addRow(headers);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  const upload = (file: Buffer, name: string, dryRun: boolean) =>
    t
      .http()
      .post(`/api/members/import${dryRun ? '?dryRun=true' : ''}`)
      .set(w.leaderA.auth)
      .attach('file', file, name);

  /** The invariants every upload is held to; answers the response for further checks. */
  async function check(file: Buffer, name: string, dryRun: boolean, label: string) {
    const before = await fingerprint();
    const res = await upload(file, name, dryRun);
    const after = await fingerprint();
    tally.requests++;
    tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
    const where = `${label} (${file.length} bytes, dryRun ${dryRun}): ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`;
    expect(res.status, where).toBeLessThan(500);
    if (res.status >= 400) {
      expect(res.body, where).toMatchObject({
        statusCode: res.status,
        code: expect.any(String),
        message: expect.any(String),
      });
      tally.byCode.set(res.body.code, (tally.byCode.get(res.body.code) ?? 0) + 1);
      if (res.body.details !== undefined) expect(Array.isArray(res.body.details), where).toBe(true);
      for (const d of (res.body.details ?? []) as Array<{ row?: number }>)
        if (d.row !== undefined) expect(Number.isInteger(d.row) && d.row >= 1, where).toBe(true);
    } else {
      expect(res.status, where).toBe(200);
      const body = res.body as {
        dryRun: boolean;
        totalRows: number;
        validRows: number;
        created: number;
        errors: unknown[];
      };
      expect(body.dryRun, where).toBe(dryRun);
      expect(body.validRows, where).toBeLessThanOrEqual(body.totalRows);
      if (dryRun) {
        tally.dryRuns++;
        expect(body.created, where).toBe(0);
        expect(body.validRows === body.totalRows, where).toBe(body.errors.length === 0);
      } else {
        // All or nothing: an accepted import writes every row, one history row and one audit entry each.
        expect(body.errors, where).toEqual([]);
        expect(body.created, where).toBe(body.totalRows);
        expect(after.members - before.members, where).toBe(body.created);
        expect(after.history - before.history, where).toBe(body.created);
        expect(after.users, where).toBe(before.users);
        tally.created += body.created;
        return res;
      }
    }
    expect(after, where).toEqual(before);
    tally.unchangedChecks++;
    return res;
  }

  it(`generated CSV files (${RUNS.csv} runs): no 5xx, refusals in the envelope, database unchanged unless accepted`, async () => {
    await fc.assert(
      fc.asyncProperty(sheetArb, csvStyle, async (s, style) => {
        const rows = s.rows.map((r) => r.map((c) => asText(resolve(c))));
        await check(toCsv(s.headers, rows, style), 'dang-vien.csv', s.dryRun, `csv ${JSON.stringify(style)}`);
      }),
      { numRuns: RUNS.csv, seed: 20261126, endOnFailure: true },
    );
  });

  it(`generated XLSX files (${RUNS.xlsx} runs): typed cells, formulas, errors, rich text, dates as numbers`, async () => {
    await fc.assert(
      fc.asyncProperty(sheetArb, fc.boolean(), async (s, emptyFirst) => {
        const rows = s.rows.map((r) => r.map(resolve));
        await check(
          await toXlsx(s.headers, rows, emptyFirst && s.rows.length % 7 === 0),
          'dang-vien.xlsx',
          s.dryRun,
          'xlsx',
        );
      }),
      { numRuns: RUNS.xlsx, seed: 20261127, endOnFailure: true },
    );
  });

  it(`generated valid files (${RUNS.valid} runs, CSV and XLSX) are accepted whole`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(validRowArb, { minLength: 1, maxLength: 15 }),
        fc.boolean(),
        csvStyle.map((s) => ({ ...s, breakQuotes: 'none' as const })),
        async (rows, asXlsx, style) => {
          const cells = rows.map((r) => [
            r.name,
            r.birth,
            r.gender,
            r.card ? String(card++) : '',
            r.cell === 'inScope' ? w.orgs.cellA1.code : w.orgs.cellA2.code,
            r.official ? '03/02/2005' : r.joined,
            r.official ? '03/02/2006' : '',
            r.position,
          ]);
          const file = asXlsx ? await toXlsx(HEADERS, cells, false) : toCsv(HEADERS, cells, style);
          const res = await check(file, asXlsx ? 'a.xlsx' : 'a.csv', false, 'valid');
          expect(res.status).toBe(200);
          expect(res.body.created).toBe(rows.length);
        },
      ),
      { numRuns: RUNS.valid, seed: 20261128, endOnFailure: true },
    );
  });

  it('corrupt and hostile files: truncated and fake zips, decompression bombs, XML entities, broken CSV', async () => {
    const good = await toXlsx(
      HEADERS,
      [['Nguyễn Văn An', '', '', '', w.orgs.cellA1.code, '', '', '']],
      false,
    );
    const row = ['Nguyễn Văn An', '', '', '', w.orgs.cellA1.code, '', '', ''];
    const bigCell = 4 * 1024 * 1024;
    /** Over the 64 MiB the import unpacks at most: refused before exceljs inflates it. */
    const bombCell = 100 * 1024 * 1024;
    const cases: Array<[string, Buffer, string]> = [
      ['empty file', Buffer.alloc(0), 'a.xlsx'],
      ['zip magic only', Buffer.from([0x50, 0x4b, 0x03, 0x04]), 'a.xlsx'],
      ...[0.1, 0.5, 0.9, 0.99].map((f): [string, Buffer, string] => [
        `xlsx truncated at ${f * 100}%`,
        good.subarray(0, Math.floor(good.length * f)),
        'a.xlsx',
      ]),
      ['xlsx without its end of central directory', good.subarray(0, good.length - 22), 'a.xlsx'],
      [
        'xlsx with a flipped byte in the sheet',
        Buffer.from(good.map((b, i) => (i === Math.floor(good.length / 2) ? b ^ 0xff : b))),
        'a.xlsx',
      ],
      [
        'random bytes named .xlsx',
        Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
        'a.xlsx',
      ],
      [
        'random bytes without NUL named .xlsx',
        Buffer.from(Array.from({ length: 4096 }, (_, i) => 1 + ((i * 7919) % 255))),
        'a.xlsx',
      ],
      ['a PNG named .xlsx', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'a.xlsx'],
      [
        'a PDF named .xlsx',
        Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'),
        'a.xlsx',
      ],
      [
        'an old .xls (OLE) header',
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
        'a.xls',
      ],
      ['a zip that is not a workbook', zip([{ name: 'hello.txt', data: 'xin chào' }]), 'a.xlsx'],
      ['a zip entry named ../../etc/passwd', zip([{ name: '../../etc/passwd', data: 'x' }]), 'a.xlsx'],
      ['a workbook whose sheet is not XML', xlsxAround('this is not xml <<<'), 'a.xlsx'],
      ['a workbook whose sheet is empty', xlsxAround(''), 'a.xlsx'],
      [
        'a sheet with a shared string that does not exist',
        xlsxAround(
          `<?xml version="1.0"?><worksheet xmlns="${NS}/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>999</v></c></row></sheetData></worksheet>`,
        ),
        'a.xlsx',
      ],
      [
        'a minimal hand-made workbook (accepted or refused, never 5xx)',
        xlsxAround(sheetXml([HEADERS, row])),
        'a.xlsx',
      ],
      [
        `decompression bomb: one ${bigCell / 2 ** 20} MiB cell`,
        xlsxAround(
          sheetXml(
            [HEADERS],
            '',
            `<row r="2"><c r="A2" t="inlineStr"><is><t>${'A'.repeat(bigCell)}</t></is></c></row>`,
          ),
        ),
        'bomb.xlsx',
      ],
      [
        `decompression bomb: one ${bombCell / 2 ** 20} MiB cell (over the unpacked limit)`,
        xlsxAround(
          sheetXml(
            [HEADERS],
            '',
            `<row r="2"><c r="A2" t="inlineStr"><is><t>${'A'.repeat(bombCell)}</t></is></c></row>`,
          ),
        ),
        'bomb.xlsx',
      ],
      [
        'decompression bomb: 300,000 empty rows',
        xlsxAround(
          sheetXml([HEADERS], '', Array.from({ length: 300_000 }, (_, i) => `<row r="${i + 2}"/>`).join('')),
        ),
        'bomb.xlsx',
      ],
      [
        'decompression bomb: 25,000 rows (over the 20,000 limit)',
        xlsxAround(sheetXml([HEADERS, ...Array.from({ length: 25_000 }, () => row)])),
        'bomb.xlsx',
      ],
      [
        'a zip entry that declares 4 GiB uncompressed',
        zip([{ name: 'xl/worksheets/sheet1.xml', data: sheetXml([HEADERS, row]), declaredSize: 0xffffffff }]),
        'a.xlsx',
      ],
      [
        'billion laughs (nested XML entities)',
        xlsxAround(
          sheetXml(
            [HEADERS],
            `<!DOCTYPE worksheet [<!ENTITY a "AAAAAAAAAA">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]>`,
            `<row r="2"><c r="A2" t="inlineStr"><is><t>&j;</t></is></c><c r="E2" t="inlineStr"><is><t>${w.orgs.cellA1.code}</t></is></c></row>`,
          ),
        ),
        'laughs.xlsx',
      ],
      [
        'external entity (XXE) reading /etc/passwd',
        xlsxAround(
          sheetXml(
            [HEADERS],
            '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
            `<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c><c r="E2" t="inlineStr"><is><t>${w.orgs.cellA1.code}</t></is></c></row>`,
          ),
        ),
        'xxe.xlsx',
      ],
      [
        'CSV: an unclosed quote',
        Buffer.from(`${HEADERS.join(',')}\n"Nguyễn Văn An,,,,${w.orgs.cellA1.code},,,\n`),
        'a.csv',
      ],
      [
        'CSV: a quote in the middle of a field',
        Buffer.from(`${HEADERS.join(',')}\nNguy"ễn Văn An,,,,${w.orgs.cellA1.code},,,\n`),
        'a.csv',
      ],
      [
        'CSV: text after a closing quote',
        Buffer.from(`${HEADERS.join(',')}\n"Nguyễn"x,,,,${w.orgs.cellA1.code},,,\n`),
        'a.csv',
      ],
      ['CSV: only a BOM', Buffer.from('\uFEFF'), 'a.csv'],
      ['CSV: only the header, CRLF', Buffer.from(`\uFEFF${HEADERS.join(',')}\r\n`), 'a.csv'],
      ['CSV: UTF-16LE with BOM', Buffer.from(`\uFEFF${HEADERS.join(',')}\r\n`, 'utf16le'), 'a.csv'],
      [
        'CSV: Latin-1 bytes (not UTF-8)',
        Buffer.concat([
          Buffer.from(`${HEADERS.join(',')}\n`),
          Buffer.from(`Jos\xe9 Mart\xed,,,,${w.orgs.cellA1.code},,,\n`, 'latin1'),
        ]),
        'a.csv',
      ],
      [
        'CSV: a 5 MiB line',
        Buffer.from(`${HEADERS.join(',')}\n${'x'.repeat(5 * 2 ** 20)},,,,${w.orgs.cellA1.code},,,\n`),
        'a.csv',
      ],
      [
        'CSV: 1,000 columns',
        Buffer.from(
          `${[...HEADERS, ...Array.from({ length: 992 }, (_, i) => `c${i}`)].join(',')}\n${row.join(',')}${',x'.repeat(992)}\n`,
        ),
        'a.csv',
      ],
      ['CSV: only delimiters', Buffer.from(',,,,,,,\n;;;;;;\n\n\n'), 'a.csv'],
      [
        'over the 10 MiB upload limit',
        Buffer.concat([Buffer.from(`${HEADERS.join(',')}\n`), Buffer.alloc(10 * 2 ** 20 + 1, 0x41)]),
        'big.csv',
      ],
    ];
    const timings: string[] = [];
    for (const [label, file, name] of cases) {
      // Files over 100 KB go once (they cost seconds); the rest both as dryRun and as a real import.
      for (const dryRun of file.length > 100_000 ? [false] : [true, false]) {
        const started = performance.now();
        const res = await check(file, name, dryRun, label);
        const ms = Math.round(performance.now() - started);
        expect(JSON.stringify(res.body), label).not.toMatch(/root:x:0:0/);
        if (label.includes('over the unpacked limit')) {
          expect(res.body.code, label).toBe('IMPORT_FILE_UNREADABLE');
          expect(ms, label).toBeLessThan(5_000);
        }
        if (!dryRun)
          timings.push(`${label}: ${res.status} ${res.body.code ?? ''} ${ms} ms (${file.length} bytes)`);
      }
    }
    console.log(`[import-fuzz] hostile files:\n  ${timings.join('\n  ')}`);
  });
});
