import { describe, expect, it } from 'vitest';
import { escapeLike, foldVietnamese, normalizeStringsNfc } from './text.js';

describe('foldVietnamese', () => {
  it('removes tones, vowel marks and folds đ', () => {
    expect(foldVietnamese('Nguyễn Văn An')).toBe('nguyen van an');
    expect(foldVietnamese('  ĐẢNG   bộ Phường Ngô Quyền ')).toBe('dang bo phuong ngo quyen');
    expect(foldVietnamese('Trần Thị Đức Hạnh')).toBe('tran thi duc hanh');
  });
  it('treats precomposed and decomposed input alike', () => {
    expect(foldVietnamese('Nguye\u0302\u0303n')).toBe(foldVietnamese('Nguyễn'));
  });
  it('never makes text in other scripts longer (Hangul would decompose into jamo)', () => {
    const hangul = '한'.repeat(150);
    expect(foldVietnamese(hangul)).toBe(hangul);
    expect(foldVietnamese('Đặng 한국 Ünal')).toBe('dang 한국 unal');
  });
  it('cuts the folded text to a column length without leaving half a surrogate pair', () => {
    expect(foldVietnamese('İ'.repeat(200), 200)).toHaveLength(200);
    expect(foldVietnamese('a😀b', 2)).toBe('a');
    expect(foldVietnamese('Nguyễn', 200)).toBe('nguyen');
  });
});

describe('escapeLike', () => {
  it('escapes wildcards', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});

describe('normalizeStringsNfc', () => {
  it('puts every string of a body in NFC, nested objects and arrays included', () => {
    const body = {
      fullName: 'Nguye\u0302\u0303n Thi\u0323 Ha\u0306\u0300ng',
      items: [{ content: 'Ho\u0323c ta\u0323\u0302p' }, 'Đa\u0309ng'],
      version: 3,
      note: null,
    };
    normalizeStringsNfc(body);
    expect(body).toEqual({
      fullName: 'Nguyễn Thị Hằng',
      items: [{ content: 'Học tập' }, 'Đảng'],
      version: 3,
      note: null,
    });
  });
  it('shows the length a column will hold: a letter that NFC splits counts twice', () => {
    const body = { topic: '\u0958'.repeat(500) };
    normalizeStringsNfc(body);
    expect(body.topic).toHaveLength(1000);
  });
});
