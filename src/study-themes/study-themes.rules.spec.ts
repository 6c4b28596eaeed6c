import { describe, expect, it } from 'vitest';
import { effectiveThemeOf } from './study-themes.rules.js';

describe('effectiveThemeOf', () => {
  it('takes the theme set nearest to the organisation on its path', () => {
    const themes = new Map([
      ['city', 'Chuyên đề của Thành ủy'],
      ['ward', 'Chuyên đề của Đảng ủy phường'],
    ]);
    expect(effectiveThemeOf('/city/ward/cell/', themes)).toBe('Chuyên đề của Đảng ủy phường');
    expect(effectiveThemeOf('/city/other/cell/', themes)).toBe('Chuyên đề của Thành ủy');
    expect(effectiveThemeOf('/elsewhere/cell/', themes)).toBeNull();
  });
});
