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
});

describe('escapeLike', () => {
  it('escapes wildcards', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});
