import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkUnpackedSize, readSpreadsheet, UnreadableSpreadsheet } from './spreadsheet.js';

async function workbook(cell: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Đảng viên').addRow(['Họ và tên', 'Chi bộ (mã)']).commit();
  wb.worksheets[0].addRow([cell, 'CB-01']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('checkUnpackedSize (decompression bombs)', () => {
  it('lets an ordinary workbook through and reads it', async () => {
    const file = await workbook('Nguyễn Văn An');
    expect(() => checkUnpackedSize(file)).not.toThrow();
    expect((await readSpreadsheet(file)).rows).toHaveLength(1);
  });

  it('refuses a workbook that unpacks to more than the cap, whatever its entries declare', async () => {
    const file = await workbook('A'.repeat(64 * 1024));
    expect(file.length).toBeLessThan(16 * 1024);
    expect(() => checkUnpackedSize(file, 32 * 1024)).toThrow(/giải nén ra hơn/);
    // The declared sizes lie (smaller than the data): the cap still holds, the entries are inflated.
    const lying = Buffer.from(file);
    for (let p = lying.indexOf('PK\x01\x02'); p >= 0; p = lying.indexOf('PK\x01\x02', p + 4))
      lying.writeUInt32LE(1, p + 24);
    expect(() => checkUnpackedSize(lying, 32 * 1024)).toThrow(/giải nén ra hơn/);
  });

  it('refuses archives it cannot follow as unreadable', async () => {
    const file = await workbook('Nguyễn Văn An');
    for (const broken of [
      file.subarray(0, file.length - 30),
      file.subarray(0, 100),
      Buffer.from('PK\x03\x04'),
    ])
      expect(() => checkUnpackedSize(broken)).toThrow(UnreadableSpreadsheet);
  });
});

describe('CSV encoding', () => {
  it('refuses a CSV that is not UTF-8 instead of importing U+FFFD for its accented letters', async () => {
    const latin1 = Buffer.from('Họ và tên,Chi bộ\r\nJosé Martí,CB-1\r\n', 'latin1');
    await expect(readSpreadsheet(latin1)).rejects.toThrow(/UTF-8/);
  });

  it('reads UTF-8 with and without a BOM, diacritics intact', async () => {
    for (const bom of ['\uFEFF', '']) {
      const sheet = await readSpreadsheet(
        Buffer.from(`${bom}Họ và tên,Chi bộ\r\nNguyễn Văn Đảng,CB-1\r\n`, 'utf8'),
      );
      expect(sheet.headers).toEqual(['Họ và tên', 'Chi bộ']);
      expect(sheet.rows[0].cells[0]).toBe('Nguyễn Văn Đảng');
    }
  });
});
