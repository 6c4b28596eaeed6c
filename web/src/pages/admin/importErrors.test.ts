import { describe, expect, it } from 'vitest';
import { dryRunSummary, groupByRow } from './importErrors';

describe('the dry run of an import, row by row', () => {
  const errors = [
    {
      row: 4,
      column: 'Số thẻ đảng viên',
      field: 'partyCardNumber',
      rule: 'matches',
      message: 'Số thẻ phải gồm 6 đến 20 chữ số',
    },
    { row: 2, column: 'Họ và tên', field: 'fullName', rule: 'required', message: 'Thiếu họ và tên' },
    { row: 4, column: 'Chi bộ (mã)', field: 'cellCode', rule: 'inScope', message: 'Không có chi bộ mã "X"' },
    { row: 1, column: '', field: 'file', rule: 'missingColumn', message: 'Thiếu cột bắt buộc' },
  ];

  it('groups the errors by spreadsheet row, in row order, each with its column', () => {
    expect(groupByRow(errors)).toEqual([
      { row: 1, problems: [{ column: 'Tệp', message: 'Thiếu cột bắt buộc' }] },
      { row: 2, problems: [{ column: 'Họ và tên', message: 'Thiếu họ và tên' }] },
      {
        row: 4,
        problems: [
          { column: 'Số thẻ đảng viên', message: 'Số thẻ phải gồm 6 đến 20 chữ số' },
          { column: 'Chi bộ (mã)', message: 'Không có chi bộ mã "X"' },
        ],
      },
    ]);
  });

  it('ignores details that are not row errors (a refused import’s envelope)', () => {
    expect(groupByRow([{ field: 'file', rule: 'required' }, null, 'x'])).toEqual([]);
  });

  it('says in one sentence what was found and that nothing was written', () => {
    expect(dryRunSummary({ totalRows: 5, validRows: 3, errors })).toBe(
      '2 trên 5 dòng có lỗi; sửa tệp rồi kiểm tra lại. Chưa có gì được ghi.',
    );
    expect(dryRunSummary({ totalRows: 3, validRows: 3, errors: [] })).toMatch(/^Tệp hợp lệ: 3 dòng/);
    expect(dryRunSummary({ totalRows: 3, validRows: 3, errors: [errors[3]] })).toMatch(/chưa đúng mẫu/);
  });
});
