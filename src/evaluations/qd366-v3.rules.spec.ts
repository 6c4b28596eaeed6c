import { describe, expect, it } from 'vitest';
import { LONG_STANDING, perfectYear, REVIEW } from '../../test/factories/member-metrics.js';
import qd366v2 from '../../database/reference/rule-sets/QD366-2025.v2.json' with { type: 'json' };
import qd366v3 from '../../database/reference/rule-sets/QD366-2025.v3.json' with { type: 'json' };
import { reasonFlags } from './evaluation-reasons.rules.js';
import { suggest } from './evaluations.rules.js';
import { competentBodiesOf, normalizeRuleSet, RULE_KEYS } from './rule-sets.js';

const V2 = normalizeRuleSet(qd366v2);
const V3 = normalizeRuleSet(qd366v3);

describe('QĐ 366 version 3: conclusions by the competent body', () => {
  it('lists the competent bodies as data; versions before it list none', () => {
    expect(competentBodiesOf(V3)).toEqual(['cell_meeting', 'committee', 'inspection_commission']);
    expect(competentBodiesOf(V2)).toBeNull();
    expect(V3.basis['disqualifiers.competentBodies']).toMatchObject({ source: 'missing', verified: false });
    expect(V3.unverified).toContain('disqualifiers.competentBodies');
    const keys = [...RULE_KEYS, 'disqualifiers.competentBodies' as const];
    for (const key of keys) expect(V3.basis[key], key).toBeDefined();
    expect(V3.unverified.sort()).toEqual(keys.filter((k) => !V3.basis[k].verified).sort());
  });

  it('names the document of each competent conclusion in the reason and forces incomplete', () => {
    const m = perfectYear();
    m.conduct.concludedPresentCodes = [12, 19, 3];
    m.conduct.conclusions = [
      { code: 12, body: 'cell_meeting', documentNumber: '05-NQ/CB', documentDate: '2026-03-12' },
      { code: 19, body: 'cell_meeting', documentNumber: '05-NQ/CB', documentDate: '2026-03-12' },
      { code: 3, body: 'inspection_commission', documentNumber: '21-KL/UBKT', documentDate: '2026-09-01' },
    ];
    const s = suggest(V3, LONG_STANDING, m, REVIEW);
    expect(s.level).toBe('incomplete');
    expect(s.disqualifiers).toEqual(['concluded_manifestation']);
    const reason = s.reasons.find((r) => r.code === 'concluded_manifestation')!;
    expect(reason.text).toBe(
      'Bị cấp có thẩm quyền kết luận có biểu hiện suy thoái, "tự diễn biến", "tự chuyển hóa" ' +
        '(biểu hiện số 12, 19: Nghị quyết chi bộ số 05-NQ/CB ngày 12/03/2026; ' +
        'biểu hiện số 3: Kết luận của ủy ban kiểm tra số 21-KL/UBKT ngày 01/09/2026) ' +
        'nên xếp loại Không hoàn thành nhiệm vụ.',
    );
    expect(reason).toMatchObject({ unverified: true, source: 'secondary_quotation' });
  });

  it("shows the cell's present without a competent conclusion as a proposal: excellent stays excellent", () => {
    const m = perfectYear();
    m.conduct.proposedPresentCodes = [7];
    const s = suggest(V3, LONG_STANDING, m, REVIEW);
    expect(s.score).toBe(100);
    expect(s.level).toBe('excellent');
    expect(s.disqualifiers).toEqual([]);
    const proposal = s.reasons.find((r) => r.code === 'proposed_manifestation')!;
    expect(proposal).toMatchObject({ effect: 'info', unverified: true, source: 'missing' });
    expect(proposal.text).toBe(
      'Chi bộ ghi nhận có biểu hiện số 7 nhưng chưa có kết luận của cấp có thẩm quyền (nghị quyết chi bộ, ' +
        'kết luận của cấp ủy, kết luận của ủy ban kiểm tra, có số và ngày văn bản): là đề xuất, chưa là căn ' +
        'cứ xếp loại Không hoàn thành nhiệm vụ.',
    );
    // A stored reason without its flag gets it from the same rule on reading.
    const stored = { code: proposal.code, effect: proposal.effect, text: proposal.text };
    expect(reasonFlags(V3, stored)).toMatchObject({ unverified: true, source: 'missing' });
  });

  it('keeps version 2 as it was: the concluded code forces incomplete with the old wording, no proposal reason', () => {
    const m = perfectYear();
    m.conduct.concludedPresentCodes = [12];
    m.conduct.proposedPresentCodes = [7];
    const s = suggest(V2, LONG_STANDING, m, REVIEW);
    expect(s.level).toBe('incomplete');
    expect(s.reasons.find((r) => r.code === 'concluded_manifestation')?.text).toBe(
      'Chi bộ hoặc cấp ủy kết luận có biểu hiện suy thoái, "tự diễn biến", "tự chuyển hóa" (biểu hiện số 12) nên xếp loại Không hoàn thành nhiệm vụ.',
    );
    expect(s.reasons.some((r) => r.code === 'proposed_manifestation')).toBe(false);
  });
});
