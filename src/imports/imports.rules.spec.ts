import { describe, expect, it } from 'vitest';
import {
  fieldOfHeader,
  mapHeaders,
  parseDateCell,
  parseGender,
  Sheet,
  validateSheet,
} from './imports.rules.js';

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
const sheet = (...rows: Array<Array<string | number | Date | null>>): Sheet => ({
  headers: HEADERS,
  rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })),
});
const TODAY = '2026-11-26';

describe('import headers', () => {
  it('accepts the template headers, the brief spelling and headers without diacritics', () => {
    expect(fieldOfHeader('Họ và tên')).toBe('fullName');
    expect(fieldOfHeader('HO VA TEN')).toBe('fullName');
    expect(fieldOfHeader('chi bộ (code)')).toBe('cellCode');
    expect(fieldOfHeader('Mã chi bộ')).toBe('cellCode');
    expect(fieldOfHeader('Số thẻ Đảng viên')).toBe('partyCardNumber');
    expect(fieldOfHeader('Ghi chú')).toBeNull();
  });

  it('names every missing required column', () => {
    const { errors } = mapHeaders(['Ngày sinh']);
    expect(errors.map((e) => e.column)).toEqual(['Họ và tên', 'Chi bộ (mã)']);
    expect(errors.every((e) => e.row === 1 && e.rule === 'missingColumn')).toBe(true);
  });
});

describe('import cells', () => {
  it('reads Vietnamese day-first dates, ISO dates, date cells and Excel serials', () => {
    expect(parseDateCell('05/03/1980')).toBe('1980-03-05');
    expect(parseDateCell('5.3.1980')).toBe('1980-03-05');
    expect(parseDateCell('1980-03-05')).toBe('1980-03-05');
    expect(parseDateCell(new Date(Date.UTC(1980, 2, 5)))).toBe('1980-03-05');
    expect(parseDateCell(29285)).toBe('1980-03-05');
    expect(parseDateCell('')).toBeNull();
    expect(parseDateCell('31/02/1980')).toBeUndefined();
    expect(parseDateCell('hôm qua')).toBeUndefined();
  });

  it('reads gender in Vietnamese', () => {
    expect(parseGender('Nam')).toBe('male');
    expect(parseGender('nữ')).toBe('female');
    expect(parseGender('Khác')).toBe('other');
    expect(parseGender('')).toBeNull();
    expect(parseGender('x')).toBeUndefined();
  });
});

describe('validateSheet', () => {
  it('turns good rows into members: official with ngày chính thức, probationary without', () => {
    const { rows, errors } = validateSheet(
      sheet(
        ['Nguyễn  Văn An', '05/03/1980', 'Nam', '0123456789', 'CB01', '10/10/2005', '10/10/2006', 'Bí thư'],
        ['Trần Thị Đào', null, 'Nữ', null, 'CB01', '01/06/2026', null, null],
      ),
      TODAY,
    );
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      rowNumber: 2,
      fullName: 'Nguyễn Văn An',
      status: 'official',
      gender: 'male',
      dateOfBirth: '1980-03-05',
    });
    expect(rows[1]).toMatchObject({
      rowNumber: 3,
      status: 'probationary',
      partyCardNumber: null,
      position: null,
    });
  });

  it('lists every bad row with row number, column and reason', () => {
    const { rows, errors } = validateSheet(
      sheet(
        ['', '05/03/1980', 'Nam', '12', 'CB01', null, null, null],
        ['Lê Văn Bình', '31/02/1980', 'abc', '0123456789', '', null, null, null],
        ['Lê Văn Cường', '01/01/2010', null, '0123456789', 'CB01', '01/01/2020', '01/01/2019', null],
        ['Phạm Văn Dũng', null, null, null, 'CB01', null, '01/01/2030', null],
      ),
      TODAY,
    );
    expect(rows).toEqual([]);
    const key = (e: { row: number; column: string; rule: string }) => `${e.row}|${e.column}|${e.rule}`;
    expect(errors.map(key)).toEqual(
      expect.arrayContaining([
        '2|Họ và tên|required',
        '2|Số thẻ đảng viên|format',
        '3|Ngày sinh|isDate',
        '3|Giới tính|isIn',
        '3|Chi bộ (mã)|required',
        '4|Số thẻ đảng viên|uniqueInFile',
        '4|Ngày vào Đảng|minAge',
        '4|Ngày chính thức|afterJoined',
        '5|Ngày chính thức|notFuture',
        '5|Ngày vào Đảng|required',
      ]),
    );
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
  });

  it('refuses an empty file', () => {
    expect(validateSheet(sheet(), TODAY).errors[0].rule).toBe('empty');
  });
});
