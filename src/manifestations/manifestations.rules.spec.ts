import { describe, expect, it } from 'vitest';
import { displayTextOf, groupOfManifestation, invalidCodes } from './manifestations.rules.js';

describe('displayTextOf', () => {
  it('shows verified wording as is and flags everything else', () => {
    expect(displayTextOf({ code: 1, text: 'Phai nhạt lý tưởng cách mạng', verified: true })).toBe(
      'Phai nhạt lý tưởng cách mạng',
    );
    expect(displayTextOf({ code: 5, text: 'Trong tự phê bình […]', verified: false })).toContain(
      'chưa đối chiếu',
    );
    expect(displayTextOf({ code: 7, text: null, verified: false })).toBe(
      'Số 7: Đang cập nhật nội dung chính thức',
    );
    expect(displayTextOf({ code: 8, text: null, verified: true })).toContain('Đang cập nhật');
  });
});

describe('groupOfManifestation', () => {
  it('splits the 27 into three groups of nine (NQ 04-NQ/TW)', () => {
    expect([1, 9, 10, 18, 19, 27].map(groupOfManifestation)).toEqual([
      'political-ideology',
      'political-ideology',
      'ethics-lifestyle',
      'ethics-lifestyle',
      'self-evolution',
      'self-evolution',
    ]);
  });
});

describe('invalidCodes', () => {
  it('reports codes outside the catalog and repeats', () => {
    expect(invalidCodes('prohibition', [1, 19, 20, 0, 3, 3])).toEqual([20, 0, 3]);
    expect(invalidCodes('manifestation', [27])).toEqual([]);
  });
});
