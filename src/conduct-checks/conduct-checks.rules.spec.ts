import { describe, expect, it } from 'vitest';
import {
  duplicateCodeErrors,
  hasNotes,
  isCheckYear,
  isCompetentConclusion,
  isProposal,
} from './conduct-checks.rules.js';

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

  describe('a present that forces a level needs a competent body, a number and a date', () => {
    const all = ['cell_meeting', 'committee', 'inspection_commission'];
    const concluded = {
      status: 'present' as const,
      concludingBody: 'cell_meeting' as const,
      documentNumber: '05-NQ/CB',
      documentDate: '2026-03-12',
    };
    it('counts a recorded resolution of the cell meeting', () => {
      expect(isCompetentConclusion(all, concluded)).toBe(true);
      expect(isProposal(all, concluded)).toBe(false);
    });
    it('takes the secretary’s entry alone as a proposal', () => {
      const alone = {
        status: 'present' as const,
        concludingBody: null,
        documentNumber: null,
        documentDate: null,
      };
      expect(isCompetentConclusion(all, alone)).toBe(false);
      expect(isProposal(all, alone)).toBe(true);
    });
    it('wants both the number and the date', () => {
      expect(isCompetentConclusion(all, { ...concluded, documentNumber: '' })).toBe(false);
      expect(isCompetentConclusion(all, { ...concluded, documentDate: null })).toBe(false);
    });
    it('follows the rule set’s list of bodies', () => {
      expect(isCompetentConclusion(['committee', 'inspection_commission'], concluded)).toBe(false);
      expect(isCompetentConclusion(['committee'], { ...concluded, concludingBody: 'committee' })).toBe(true);
    });
    it('counts every present when the rule set lists no bodies (versions 1 and 2)', () => {
      const alone = {
        status: 'present' as const,
        concludingBody: null,
        documentNumber: null,
        documentDate: null,
      };
      expect(isCompetentConclusion(null, alone)).toBe(true);
      expect(isProposal(null, alone)).toBe(false);
      expect(isCompetentConclusion(null, { ...alone, status: 'at_risk' })).toBe(false);
    });
    it('never counts at_risk or none, recorded or not', () => {
      expect(isCompetentConclusion(all, { ...concluded, status: 'at_risk' })).toBe(false);
      expect(isProposal(all, { ...concluded, status: 'none' })).toBe(false);
    });
  });
});
