import { describe, expect, it } from 'vitest';
import {
  documentHeading,
  issuerName,
  OrganizationNode,
  placeOf,
  recipientsOf,
  signatureBlock,
  upperVi,
  viDate,
  viLongDate,
} from './document-layout.rules.js';

const province: OrganizationNode = { name: 'Đảng bộ tỉnh Phú Thọ', kind: 'committee', isGrassroots: false };
const city: OrganizationNode = { name: 'Đảng bộ thành phố Vĩnh Yên', kind: 'committee', isGrassroots: false };
const ward: OrganizationNode = { name: 'Đảng bộ phường Ngô Quyền', kind: 'committee', isGrassroots: true };
const cell: OrganizationNode = { name: 'Chi bộ tổ dân phố số 1', kind: 'cell', isGrassroots: false };
const school: OrganizationNode = {
  name: 'Chi bộ Trường Tiểu học Liên Bảo',
  kind: 'cell',
  isGrassroots: true,
};

describe('document layout rules', () => {
  it('prints a date as dd/mm/yyyy and in words with two-digit day and month', () => {
    expect(viDate('1985-05-08')).toBe('08/05/1985');
    expect(viDate('2026-12-31')).toBe('31/12/2026');
    expect(viDate(null)).toBe('');
    expect(viLongDate('2026-12-07')).toBe('ngày 07 tháng 12 năm 2026');
    expect(viLongDate('2025-07-01')).toBe('ngày 01 tháng 07 năm 2025');
    expect(() => viDate('07/12/2026')).toThrow();
  });

  it('names the committee that issues for a đảng bộ, and a cell by its own name', () => {
    expect(issuerName(city)).toBe('Thành ủy Vĩnh Yên');
    expect(issuerName(province)).toBe('Tỉnh ủy Phú Thọ');
    expect(issuerName(ward)).toBe('Đảng ủy phường Ngô Quyền');
    expect(issuerName({ ...ward, name: 'Đảng bộ xã Đạo Trù' })).toBe('Đảng ủy xã Đạo Trù');
    expect(issuerName({ ...ward, name: 'Đảng bộ Công ty Điện lực' })).toBe('Đảng ủy Công ty Điện lực');
    expect(issuerName({ ...ward, name: 'Ban Tuyên giáo' })).toBe('Ban Tuyên giáo');
    expect(issuerName(cell)).toBe('Chi bộ tổ dân phố số 1');
    expect(upperVi('Đảng ủy phường Ngô Quyền')).toBe('ĐẢNG ỦY PHƯỜNG NGÔ QUYỀN');
  });

  it('takes the place from the nearest đảng bộ of a named level, or none', () => {
    expect(placeOf([cell, ward, city, province])).toBe('Ngô Quyền');
    expect(placeOf([city, province])).toBe('Vĩnh Yên');
    expect(placeOf([cell, { ...ward, name: 'Đảng bộ Khối cơ quan' }])).toBeNull();
    expect(placeOf([])).toBeNull();
  });

  it('heads a cell report with its superior above it, a ward report with the city above it', () => {
    expect(documentHeading([cell, ward, city], '2026-12-07')).toEqual({
      superior: 'ĐẢNG BỘ PHƯỜNG NGÔ QUYỀN',
      issuer: 'CHI BỘ TỔ DÂN PHỐ SỐ 1',
      party: 'ĐẢNG CỘNG SẢN VIỆT NAM',
      placeAndDate: 'Ngô Quyền, ngày 07 tháng 12 năm 2026',
    });
    expect(documentHeading([ward, city], '2026-01-05')).toMatchObject({
      superior: 'ĐẢNG BỘ THÀNH PHỐ VĨNH YÊN',
      issuer: 'ĐẢNG ỦY PHƯỜNG NGÔ QUYỀN',
      placeAndDate: 'Ngô Quyền, ngày 05 tháng 01 năm 2026',
    });
    // top of the tree, no place known: no superior line, the date alone
    expect(documentHeading([{ ...city, name: 'Đảng bộ Khối doanh nghiệp' }], '2026-12-07')).toEqual({
      superior: null,
      issuer: 'ĐẢNG ỦY KHỐI DOANH NGHIỆP',
      party: 'ĐẢNG CỘNG SẢN VIỆT NAM',
      placeAndDate: 'ngày 07 tháng 12 năm 2026',
    });
  });

  it('signs for the cell, the grassroots đảng ủy or the standing committee', () => {
    expect(signatureBlock(cell, 'Nguyễn Văn An')).toEqual({
      onBehalfOf: 'T/M CHI BỘ',
      position: 'BÍ THƯ',
      name: 'Nguyễn Văn An',
    });
    expect(signatureBlock(school, null).onBehalfOf).toBe('T/M CHI BỘ');
    expect(signatureBlock(ward, null)).toEqual({ onBehalfOf: 'T/M ĐẢNG ỦY', position: 'BÍ THƯ', name: null });
    expect(signatureBlock(city, null).onBehalfOf).toBe('T/M BAN THƯỜNG VỤ');
  });

  it('sends a report to the committee above and keeps a file copy', () => {
    expect(recipientsOf([cell, ward, city])).toEqual(['Đảng ủy phường Ngô Quyền', 'Lưu chi bộ']);
    expect(recipientsOf([ward, city])).toEqual(['Ban Thường vụ Thành ủy Vĩnh Yên', 'Lưu Văn phòng cấp ủy']);
    expect(recipientsOf([city])).toEqual(['Lưu Văn phòng cấp ủy']);
  });
});
