import { describe, expect, it } from 'vitest';
import { fileNameOf } from './download';

describe('fileNameOf', () => {
  it('takes the UTF-8 name of RFC 6266 when the API gives one', () => {
    expect(
      fileNameOf(
        `attachment; filename="bao-cao-tong-hop-2026.xlsx"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20h%E1%BB%A3p%20-%202026.xlsx`,
        'x.xlsx',
      ),
    ).toBe('Báo cáo tổng hợp - 2026.xlsx');
  });

  it('falls back to the ASCII name, then to the given one', () => {
    expect(fileNameOf('attachment; filename="mau-nhap.xlsx"', 'x')).toBe('mau-nhap.xlsx');
    expect(fileNameOf('attachment; filename*=UTF-8\'\'%E0%A4%A; filename="a.csv"', 'x')).toBe('a.csv');
    expect(fileNameOf(null, 'bao-cao.pdf')).toBe('bao-cao.pdf');
  });
});
