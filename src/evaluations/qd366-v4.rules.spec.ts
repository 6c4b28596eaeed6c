import { describe, expect, it } from 'vitest';
import { perfectYear, REVIEW } from '../../test/factories/member-metrics.js';
import qd366v3 from '../../database/reference/rule-sets/QD366-2025.v3.json' with { type: 'json' };
import qd366v4 from '../../database/reference/rule-sets/QD366-2025.v4.json' with { type: 'json' };
import { MemberFacts } from './evaluation-metrics.rules.js';
import { suggest } from './evaluations.rules.js';
import { LATER_RULE_KEYS, normalizeRuleSet, RULE_KEYS, RuleSetDefinition } from './rule-sets.js';

const V3 = normalizeRuleSet(qd366v3);
const V4 = normalizeRuleSet(qd366v4);

function facts(exemptions: MemberFacts['exemptions'], isExempt = false): MemberFacts {
  return { isExempt, isSuspended: false, joinedPartyOn: '2010-05-19', exemptions };
}

describe('QĐ 366 version 4: exemption periods', () => {
  it('carries the threshold as data, with its basis', () => {
    expect(V4.notClassified.exemptShareOfYear).toBe(1);
    expect(V3.notClassified.exemptShareOfYear).toBeUndefined();
    const keys = [...RULE_KEYS, ...LATER_RULE_KEYS];
    for (const key of keys) expect(V4.basis[key], key).toBeDefined();
    expect(V4.unverified.sort()).toEqual(keys.filter((k) => !V4.basis[k].verified).sort());
  });

  it('does not classify a member exempt the whole year (an open period from 2020)', () => {
    const s = suggest(V4, facts([{ from: '2020-06-01', to: null, ground: 'age' }]), perfectYear(), REVIEW);
    expect(s).toMatchObject({ notClassifiedReason: 'exempt', level: null, score: null });
    expect(s.reasons[0]).toMatchObject({
      code: 'not_classified_exempt',
      unverified: false,
      source: 'official',
    });
    expect(s.reasons[0].text).toBe(
      'Đảng viên được miễn công tác và sinh hoạt đảng cả năm 2026 (từ 01/06/2020, tuổi cao) nên không đánh giá, xếp loại chất lượng (QĐ 294-QĐ/TW, mục 7.2.3).',
    );
  });

  it('covers the whole year with two periods end to end', () => {
    const s = suggest(
      V4,
      facts([
        { from: '2025-11-01', to: '2026-06-30', ground: 'long_illness' },
        { from: '2026-07-01', to: '2027-03-31', ground: 'long_illness' },
      ]),
      perfectYear(),
      REVIEW,
    );
    expect(s.notClassifiedReason).toBe('exempt');
  });

  it('evaluates a member exempt for part of the year on the rest, and says so', () => {
    // 1 March - 31 August 2026: 184 of 365 days; the period ended, so the member's own review is due.
    const s = suggest(
      V4,
      facts([{ from: '2026-03-01', to: '2026-08-31', ground: 'maternity' }]),
      perfectYear(),
      REVIEW,
    );
    expect(s.level).toBe('excellent');
    expect(s.score).toBe(100);
    const r = s.reasons.find((x) => x.code === 'exempt_part_of_year')!;
    expect(r).toMatchObject({ effect: 'info', unverified: true, source: 'paraphrase' });
    expect(r.text).toBe(
      'Được miễn công tác và sinh hoạt đảng 184/365 ngày của năm 2026 (từ 01/03/2026 đến 31/08/2026, thai sản): ' +
        'đánh giá, xếp loại trên thời gian còn lại. Hết thời gian miễn ngày 31/08/2026: đảng viên tự kiểm điểm trước chi bộ.',
    );
  });

  it('reads a lower threshold from the data: half the year or more is not classified', () => {
    const half: RuleSetDefinition = { ...V4, notClassified: { ...V4.notClassified, exemptShareOfYear: 0.5 } };
    const f = facts([{ from: '2026-03-01', to: '2026-08-31', ground: 'maternity' }]);
    const s = suggest(half, f, perfectYear(), REVIEW);
    expect(s.notClassifiedReason).toBe('exempt');
    expect(s.reasons[0]).toMatchObject({ unverified: true, source: 'paraphrase' });
    expect(s.reasons[0].text).toContain('184/365 ngày của năm 2026');
    // 1 March - 30 April: 61 days, under half: evaluated.
    const short = facts([{ from: '2026-03-01', to: '2026-04-30', ground: 'other' }]);
    expect(suggest(half, short, perfectYear(), REVIEW).level).toBe('excellent');
  });

  it('ignores the old flag under version 4, and version 3 still reads it', () => {
    expect(suggest(V4, facts([], true), perfectYear(), REVIEW).level).toBe('excellent');
    expect(suggest(V3, facts([], true), perfectYear(), REVIEW).notClassifiedReason).toBe('exempt');
    // ...and version 3 does not read periods.
    expect(
      suggest(V3, facts([{ from: '2020-01-01', to: null, ground: 'age' }]), perfectYear(), REVIEW).level,
    ).toBe('excellent');
  });
});
