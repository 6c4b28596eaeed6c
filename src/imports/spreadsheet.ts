import { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { toCsv } from '../common/csv.js';
import { IMPORT_COLUMNS, RawCell, Sheet, SheetRow } from './imports.rules.js';

export type SpreadsheetFormat = 'xlsx' | 'csv';

export class UnreadableSpreadsheet extends Error {}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * What an XLSX may unpack to in all. A 20,000-row import written by Excel or exceljs unpacks to about
 * 9 MiB; without a cap a 0.5 MiB upload of one repeated cell unpacks to 512 MiB and keeps the server
 * busy for 30 s with 2 GiB of memory (a decompression bomb), and the 10 MiB upload limit allows 20 of them.
 */
export const XLSX_MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

const EOCD_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const CENTRAL_MAGIC = 0x02014b50;
const LOCAL_MAGIC = 0x04034b50;

/**
 * Refuses an archive that unpacks to more than XLSX_MAX_UNPACKED_BYTES before exceljs inflates it
 * whole into memory. Every entry is inflated with a cap on its output, so the sizes the archive
 * declares are not trusted; an archive this reader cannot follow is refused as unreadable.
 */
export function checkUnpackedSize(buffer: Buffer, max = XLSX_MAX_UNPACKED_BYTES): void {
  const broken = () => new UnreadableSpreadsheet('Tệp XLSX bị hỏng (không đọc được cấu trúc zip)');
  const eocd = buffer.lastIndexOf(EOCD_MAGIC);
  if (eocd < 0 || eocd + 22 > buffer.length) throw broken();
  const entries = buffer.readUInt16LE(eocd + 10);
  let p = buffer.readUInt32LE(eocd + 16);
  let left = max;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > buffer.length || buffer.readUInt32LE(p) !== CENTRAL_MAGIC) throw broken();
    const method = buffer.readUInt16LE(p + 10);
    const compressed = buffer.readUInt32LE(p + 20);
    const local = buffer.readUInt32LE(p + 42);
    p += 46 + buffer.readUInt16LE(p + 28) + buffer.readUInt16LE(p + 30) + buffer.readUInt16LE(p + 32);
    if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== LOCAL_MAGIC) throw broken();
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    if (start + compressed > buffer.length) throw broken();
    const data = buffer.subarray(start, start + compressed);
    let size: number;
    if (method === 0) size = data.length;
    else if (method === 8) {
      try {
        size = data.length === 0 ? 0 : inflateRawSync(data, { maxOutputLength: left + 1 }).length;
      } catch (e) {
        if ((e as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') throw broken();
        size = left + 1;
      }
    } else throw broken();
    left -= size;
    if (left < 0) {
      throw new UnreadableSpreadsheet(
        `Tệp XLSX giải nén ra hơn ${max / 1024 / 1024} MB: hãy bỏ các cột và trang tính không cần, hoặc chia tệp`,
      );
    }
  }
}

/** XLSX files are zip archives; anything else that decodes as UTF-8 text is read as CSV. */
export function detectFormat(buffer: Buffer): SpreadsheetFormat {
  if (buffer.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx';
  if (buffer.subarray(0, 4).equals(OLE_MAGIC)) {
    throw new UnreadableSpreadsheet(
      'Định dạng .xls cũ không được hỗ trợ: hãy lưu tệp dưới dạng .xlsx hoặc .csv',
    );
  }
  if (buffer.includes(0)) throw new UnreadableSpreadsheet('Tệp không phải XLSX hoặc CSV');
  return 'csv';
}

function plain(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  )
    return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return plain((value as ExcelJS.CellFormulaValue).result ?? null);
  if ('text' in value) return String(value.text);
  return null;
}

function toSheet(ws: ExcelJS.Worksheet | undefined): Sheet {
  if (!ws) return { headers: [], rows: [] };
  let headers: string[] = [];
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map(plain);
    if (rowNumber === 1) {
      headers = values.map((v) => (v === null ? '' : String(v).trim()));
      return;
    }
    if (values.every((v) => v === null || (typeof v === 'string' && v.trim() === ''))) return;
    rows.push({ rowNumber, cells: values });
  });
  return { headers, rows };
}

/**
 * CSV text must be UTF-8. A file saved in a legacy code page (Windows-1258, Latin-1) would otherwise
 * be imported with U+FFFD in place of every accented letter, answering success with damaged names.
 */
function decodeUtf8(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new UnreadableSpreadsheet(
      'Tệp CSV không được mã hoá UTF-8: hãy lưu lại bằng "CSV UTF-8" (Excel) hoặc dùng tệp .xlsx',
    );
  }
}

/** Reads the first worksheet (XLSX) or the file (CSV, comma or semicolon separated, UTF-8 with or without BOM). */
export async function readSpreadsheet(buffer: Buffer): Promise<Sheet> {
  const format = detectFormat(buffer);
  const wb = new ExcelJS.Workbook();
  try {
    if (format === 'xlsx') {
      checkUnpackedSize(buffer);
      await wb.xlsx.load(buffer as unknown as ArrayBuffer);
      return toSheet(wb.worksheets[0]);
    }
    const text = decodeUtf8(buffer).replace(/^\uFEFF/, '');
    const firstLine = text.slice(0, text.search(/\r?\n|$/));
    // Excel in Vietnamese locales saves "CSV" with semicolons.
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    const ws = await wb.csv.read(Readable.from([text]), {
      map: (v: unknown) => v,
      parserOptions: { delimiter, ignoreEmpty: true, trim: false },
    });
    return toSheet(ws);
  } catch (e) {
    if (e instanceof UnreadableSpreadsheet) throw e;
    throw new UnreadableSpreadsheet(
      `Không đọc được tệp ${format.toUpperCase()}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** The import template: the headers on the first sheet, what each column expects on the second. */
export async function templateWorkbook(format: SpreadsheetFormat): Promise<Buffer> {
  if (format === 'csv') {
    return toCsv(
      IMPORT_COLUMNS.map((c) => c.header),
      [],
    );
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'camket';
  const ws = wb.addWorksheet('Đảng viên', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = IMPORT_COLUMNS.map((c) => ({
    header: c.header,
    key: c.field,
    width: Math.max(16, c.header.length + 4),
  }));
  ws.getRow(1).font = { bold: true };
  for (const c of IMPORT_COLUMNS) {
    const col = ws.getColumn(c.field);
    if (['dateOfBirth', 'joinedPartyOn', 'officialOn', 'partyCardNumber', 'cellCode'].includes(c.field))
      col.numFmt = '@';
  }
  const genderCol = ws.getColumn('gender').letter;
  for (let r = 2; r <= 2000; r++) {
    ws.getCell(`${genderCol}${r}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"Nam,Nữ,Khác"'],
    };
  }
  const help = wb.addWorksheet('Hướng dẫn');
  help.columns = [
    { header: 'Cột', key: 'header', width: 22 },
    { header: 'Bắt buộc', key: 'required', width: 10 },
    { header: 'Cách ghi', key: 'hint', width: 60 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of IMPORT_COLUMNS)
    help.addRow({ header: c.header, required: c.required ? 'Có' : '', hint: c.hint });
  help.addRow({});
  help.addRow({
    header: 'Lưu ý',
    hint: 'Có một dòng lỗi thì không dòng nào được nhập; sửa theo danh sách lỗi rồi nhập lại.',
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
