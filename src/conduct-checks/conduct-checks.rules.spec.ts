import { describe, expect, it } from 'vitest';
import { duplicateCodeErrors, hasNotes, isCheckYear } from './conduct-checks.rules.js';

describe('conduct check rules', () => {
  it('names repeated codes by position', () => {
    expect(duplicateCodeErrors('self', [{ code: 1 }, { code: 2 }, { code: 1 }]).map((e) => e.field)).toEqual([
      'self[2].code',
    ]);
  });
  it('knows when a check holds notes', () => {
    expect(hasNotes([{ selfNote: null, conclusionNote: null }])).toBe(false);
    expect(hasNotes([{ selfNote: null, conclusionNote: 'Chi bộ nhắc nhở' }])).toBe(true);
  });
  it('accepts years 2000-2100', () => {
    expect([1999, 2000, 2026, 2100, 2101, 2026.5].map(isCheckYear)).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
