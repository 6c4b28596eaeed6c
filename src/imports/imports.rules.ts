import { isIsoDate } from '../common/dates.js';
import { foldVietnamese } from '../common/text.js';
import type { Gender, MemberStatus } from '../members/member.entity.js';

/** A raw cell as read from XLSX or CSV: text, a number (possibly an Excel date serial), a date, or empty. */
export type RawCell = string | number | Date | boolean | null;

export interface SheetRow {
  /** Row number as the user sees it in the spreadsheet (the header is row 1). */
  rowNumber: number;
  cells: RawCell[];
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

export type ImportField =
  | 'fullName'
  | 'dateOfBirth'
  | 'gender'
  | 'partyCardNumber'
  | 'cellCode'
  | 'joinedPartyOn'
  | 'officialOn'
  | 'position';

/** The template's columns, in order: the Vietnamese header users see and the field it fills. */
export const IMPORT_COLUMNS: ReadonlyArray<{
  field: ImportField;
  header: string;
  required: boolean;
  hint: string;
}> = [
  { field: 'fullName', header: 'Họ và tên', required: true, hint: 'Bắt buộc, ví dụ: Nguyễn Văn An' },
  { field: 'dateOfBirth', header: 'Ngày sinh', required: false, hint: 'dd/mm/yyyy' },
  { field: 'gender', header: 'Giới tính', required: false, hint: 'Nam, Nữ hoặc Khác' },
  {
    field: 'partyCardNumber',
    header: 'Số thẻ đảng viên',
    required: false,
    hint: '6 đến 20 chữ số, không trùng',
  },
  {
    field: 'cellCode',
    header: 'Chi bộ (mã)',
    required: true,
    hint: 'Bắt buộc: mã chi bộ trong đảng bộ của bạn',
  },
  { field: 'joinedPartyOn', header: 'Ngày vào Đảng', required: false, hint: 'dd/mm/yyyy' },
  {
    field: 'officialOn',
    header: 'Ngày chính thức',
    required: false,
    hint: 'dd/mm/yyyy; để trống nếu là đảng viên dự bị',
  },
  { field: 'position', header: 'Chức vụ', required: false, hint: 'Ví dụ: Bí thư chi bộ' },
];

/** Header spellings accepted besides the template's own (folded: no diacritics, lower case, no punctuation). */
const HEADER_ALIASES: Record<string, ImportField> = {
  'ho va ten': 'fullName',
  'ho ten': 'fullName',
  'ngay sinh': 'dateOfBirth',
  'ngay thang nam sinh': 'dateOfBirth',
  'gioi tinh': 'gender',
  'so the dang vien': 'partyCardNumber',
  'so the dang': 'partyCardNumber',
  'chi bo ma': 'cellCode',
  'chi bo code': 'cellCode',
  'ma chi bo': 'cellCode',
  'chi bo': 'cellCode',
  'ngay vao dang': 'joinedPartyOn',
  'ngay ket nap': 'joinedPartyOn',
  'ngay chinh thuc': 'officialOn',
  'ngay cong nhan chinh thuc': 'officialOn',
  'chuc vu': 'position',
};

export function foldHeader(header: string): string {
  return foldVietnamese(header)
    .replace(/[^a-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function fieldOfHeader(header: string): ImportField | null {
  return HEADER_ALIASES[foldHeader(header)] ?? null;
}

export function headerOf(field: ImportField): string {
  return IMPORT_COLUMNS.find((c) => c.field === field)!.header;
}

export type RowError = {
  /** Spreadsheet row number (header = 1); 1 for problems with the header itself. */
  row: number;
  /** The column's Vietnamese header. */
  column: string;
  field: ImportField | 'file';
  rule: string;
  message: string;
};

/** One valid row, ready to be checked against the database and written. */
export interface ImportRow {
  rowNumber: number;
  fullName: string;
  dateOfBirth: string | null;
  gender: Gender | null;
  partyCardNumber: string | null;
  cellCode: string;
  joinedPartyOn: string | null;
  officialOn: string | null;
  status: MemberStatus;
  position: string | null;
}

/** What every row (good or bad) names that only the database can check: its cell and card number. */
export interface RowRefs {
  rowNumber: number;
  cellCode: string | null;
  partyCardNumber: string | null;
}

export const MAX_IMPORT_ROWS = 20_000;

/** The statute (Điều lệ Đảng, Điều 1): a Vietnamese citizen of eighteen or older may be admitted. */
export const MIN_AGE_AT_ADMISSION = 18;

const pad = (n: number) => String(n).padStart(2, '0');

/** Excel stores dates as days since 1899-12-30 when a cell is not formatted as a date. */
function fromExcelSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  const ms = Math.round(serial) * 86_400_000 + Date.UTC(1899, 11, 30);
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A date cell to YYYY-MM-DD, or `undefined` when it cannot be read. Vietnamese spreadsheets write
 * day first (dd/mm/yyyy); ISO dates and real date cells are accepted too.
 */
export function parseDateCell(value: RawCell): string | null | undefined {
  if (value === null || value === '') return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    // exceljs gives date cells as UTC midnight of the calendar date.
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  }
  if (typeof value === 'number') return fromExcelSerial(value) ?? undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  let iso: string | null = null;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (dmy) iso = `${dmy[3]}-${pad(Number(dmy[2]))}-${pad(Number(dmy[1]))}`;
  else if (ymd) iso = `${ymd[1]}-${pad(Number(ymd[2]))}-${pad(Number(ymd[3]))}`;
  else if (/^\d{5}$/.test(text)) iso = fromExcelSerial(Number(text));
  return iso && isIsoDate(iso) ? iso : undefined;
}

export function parseGender(value: string): Gender | null | undefined {
  const folded = foldVietnamese(value);
  if (folded === '') return null;
  if (['nam', 'male', 'm'].includes(folded)) return 'male';
  if (['nu', 'female', 'f'].includes(folded)) return 'female';
  if (['khac', 'other'].includes(folded)) return 'other';
  return undefined;
}

export function cellText(value: RawCell): string {
  if (value === null) return '';
  if (value instanceof Date) return parseDateCell(value) ?? '';
  return String(value).normalize('NFC').trim();
}

function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

/** Maps the header row to fields; every unknown header is ignored, every missing required one is an error. */
export function mapHeaders(headers: string[]): { columns: Map<ImportField, number>; errors: RowError[] } {
  const columns = new Map<ImportField, number>();
  const errors: RowError[] = [];
  headers.forEach((h, i) => {
    const field = fieldOfHeader(h ?? '');
    if (!field) return;
    if (columns.has(field)) {
      errors.push({
        row: 1,
        column: h,
        field,
        rule: 'duplicateColumn',
        message: `Cột "${h}" xuất hiện hai lần`,
      });
      return;
    }
    columns.set(field, i);
  });
  for (const c of IMPORT_COLUMNS) {
    if (c.required && !columns.has(c.field)) {
      errors.push({
        row: 1,
        column: c.header,
        field: c.field,
        rule: 'missingColumn',
        message: `Thiếu cột bắt buộc "${c.header}"`,
      });
    }
  }
  return { columns, errors };
}

/**
 * Validates every row of the sheet on its own and against the other rows of the file (duplicate
 * party card numbers). Checks that need the database (cell codes, cards already registered) come later.
 */
export function validateSheet(
  sheet: Sheet,
  today: string,
): { rows: ImportRow[]; refs: RowRefs[]; errors: RowError[] } {
  const { columns, errors } = mapHeaders(sheet.headers);
  if (errors.length > 0) return { rows: [], refs: [], errors };
  if (sheet.rows.length === 0) {
    return {
      rows: [],
      refs: [],
      errors: [
        { row: 2, column: '', field: 'file', rule: 'empty', message: 'Tệp không có dòng dữ liệu nào' },
      ],
    };
  }
  if (sheet.rows.length > MAX_IMPORT_ROWS) {
    const message = `Tệp có ${sheet.rows.length} dòng, tối đa ${MAX_IMPORT_ROWS} dòng mỗi lần nhập`;
    return {
      rows: [],
      refs: [],
      errors: [{ row: 1, column: '', field: 'file', rule: 'tooManyRows', message }],
    };
  }
  const rows: ImportRow[] = [];
  const refs: RowRefs[] = [];
  const firstRowOfCard = new Map<string, number>();
  for (const { rowNumber, cells } of sheet.rows) {
    const rowErrors: RowError[] = [];
    const raw = (field: ImportField): RawCell => {
      const i = columns.get(field);
      return i === undefined ? null : (cells[i] ?? null);
    };
    const fail = (field: ImportField, rule: string, message: string) =>
      rowErrors.push({ row: rowNumber, column: headerOf(field), field, rule, message });
    const date = (field: ImportField): string | null => {
      const parsed = parseDateCell(raw(field));
      if (parsed === undefined) {
        fail(field, 'isDate', `"${cellText(raw(field))}" không phải ngày hợp lệ (dd/mm/yyyy)`);
        return null;
      }
      if (parsed && parsed > today) fail(field, 'notFuture', 'Ngày không được ở tương lai');
      return parsed;
    };

    const fullName = cellText(raw('fullName')).replace(/\s+/g, ' ');
    if (fullName === '') fail('fullName', 'required', 'Họ và tên không được để trống');
    else if ([...fullName].length < 2 || [...fullName].length > 200)
      fail('fullName', 'length', 'Họ và tên phải từ 2 đến 200 ký tự');

    const cellCode = cellText(raw('cellCode'));
    if (cellCode === '') fail('cellCode', 'required', 'Mã chi bộ không được để trống');

    let partyCardNumber: string | null = cellText(raw('partyCardNumber')).replace(/\s+/g, '') || null;
    if (partyCardNumber !== null && !/^[0-9]{6,20}$/.test(partyCardNumber)) {
      fail('partyCardNumber', 'format', 'Số thẻ đảng viên phải gồm 6 đến 20 chữ số');
      partyCardNumber = null;
    }
    if (partyCardNumber !== null) {
      const first = firstRowOfCard.get(partyCardNumber);
      if (first !== undefined)
        fail('partyCardNumber', 'uniqueInFile', `Số thẻ ${partyCardNumber} trùng với dòng ${first}`);
      else firstRowOfCard.set(partyCardNumber, rowNumber);
    }

    const genderText = cellText(raw('gender'));
    const gender = parseGender(genderText);
    if (gender === undefined)
      fail('gender', 'isIn', `Giới tính "${genderText}" không hợp lệ (Nam, Nữ, Khác)`);

    const dateOfBirth = date('dateOfBirth');
    const joinedPartyOn = date('joinedPartyOn');
    const officialOn = date('officialOn');
    if (dateOfBirth && joinedPartyOn && yearsBetween(dateOfBirth, joinedPartyOn) < MIN_AGE_AT_ADMISSION) {
      fail('joinedPartyOn', 'minAge', `Ngày vào Đảng phải sau khi đủ ${MIN_AGE_AT_ADMISSION} tuổi`);
    }
    if (officialOn && !joinedPartyOn)
      fail('joinedPartyOn', 'required', 'Có ngày chính thức thì phải có ngày vào Đảng');
    if (officialOn && joinedPartyOn && officialOn <= joinedPartyOn) {
      fail('officialOn', 'afterJoined', 'Ngày chính thức phải sau ngày vào Đảng');
    }

    const position = cellText(raw('position')) || null;
    if (position && [...position].length > 200) fail('position', 'length', 'Chức vụ tối đa 200 ký tự');

    refs.push({ rowNumber, cellCode: cellCode || null, partyCardNumber });
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      rowNumber,
      fullName,
      dateOfBirth,
      gender: gender ?? null,
      partyCardNumber,
      cellCode,
      joinedPartyOn,
      officialOn,
      // Đảng viên chính thức once the cell has recognised them; until then dự bị (probationary).
      status: officialOn ? 'official' : 'probationary',
      position,
    });
  }
  return { rows, refs, errors };
}

export function sortErrors(errors: RowError[]): RowError[] {
  const order = new Map(IMPORT_COLUMNS.map((c, i) => [c.header, i]));
  return [...errors].sort(
    (a, b) => a.row - b.row || (order.get(a.column) ?? 99) - (order.get(b.column) ?? 99),
  );
}
