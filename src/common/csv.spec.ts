import { describe, expect, it } from 'vitest';
import { csvField, csvText, toCsv } from './csv.js';

describe('CSV', () => {
  it('quotes separators, quotes and line breaks only', () => {
    expect(csvField('Chi bộ số 1')).toBe('Chi bộ số 1');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('nói "không"')).toBe('"nói ""không"""');
    expect(csvField('dòng 1\ndòng 2')).toBe('"dòng 1\ndòng 2"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.25)).toBe('0.25');
  });

  it('starts with a UTF-8 byte-order mark and ends lines with CRLF', () => {
    const buf = toCsv(['Họ và tên', 'Tỷ lệ'], [['Nguyễn Văn An', 0.5]]);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(buf.subarray(3).toString('utf8')).toBe('Họ và tên,Tỷ lệ\r\nNguyễn Văn An,0.5\r\n');
  });

  it('prefixes text a spreadsheet would read as a formula with a quote (OWASP CSV injection)', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvText(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(csvText('Nguyễn Thị Hằng')).toBe('Nguyễn Thị Hằng');
    expect(csvText('Chi bộ = 5')).toBe('Chi bộ = 5');
    expect(csvText('')).toBe('');
  });

  it('neutralises before quoting, so the quote sits inside the field', () => {
    expect(csvField('=HYPERLINK("http://x","Nguyễn")')).toBe('"\'=HYPERLINK(""http://x"",""Nguyễn"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\r=1')).toBe('"\'\r=1"');
  });

  it('writes numbers as numbers, negative ones included', () => {
    expect(csvField(-3)).toBe('-3');
    expect(csvField('-3')).toBe("'-3");
    const buf = toCsv(['Tổ chức', 'Chênh lệch'], [['+Chi bộ 1', -2]]);
    expect(buf.subarray(3).toString('utf8')).toBe("Tổ chức,Chênh lệch\r\n'+Chi bộ 1,-2\r\n");
  });
});
