import { describe, expect, it } from 'vitest';
import { escapeLike, foldVietnamese } from './text.js';

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
