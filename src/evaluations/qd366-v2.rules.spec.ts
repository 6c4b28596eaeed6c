import { describe, expect, it } from 'vitest';
import { LONG_STANDING, perfectYear, REVIEW } from '../../test/factories/member-metrics.js';
import qd366v1 from '../../database/reference/rule-sets/QD366-2025.v1.json' with { type: 'json' };
import qd366v2 from '../../database/reference/rule-sets/QD366-2025.v2.json' with { type: 'json' };
import { MemberMetrics, withMetricDefaults } from './evaluation-metrics.rules.js';
import { checkQuota, maxExcellent } from './evaluation-quota.rules.js';
import { scoreMember } from './evaluation-scoring.rules.js';
import { suggest } from './evaluations.rules.js';
import { normalizeRuleSet, RULE_KEYS, RuleSetDefinition } from './rule-sets.js';

const V1 = normalizeRuleSet(qd366v1);
const V2 = normalizeRuleSet(qd366v2);

/** 9 of 10 items done, none exceeded, nothing to remedy, the cell rated every commitment "partly". */
function oneItemNotDone(): MemberMetrics {
  const m = perfectYear();
  m.items = { ...m.items, done: 9, notDone: 1, exceeded: 0, remedyTotal: 0, remedyDone: 0 };
  m.ratings = { achieved: 0, partlyAchieved: 5, notAchieved: 0 };
  return m;
}

const codes = (m: MemberMetrics, rules: RuleSetDefinition = V2) =>
  suggest(rules, LONG_STANDING, m, REVIEW).reasons.map((r) => r.code);

describe('QĐ 366 version 2: the 30 points follow QĐ 366’s topics, each fed by inputs (rule-set data)', () => {
  it('splits 30 points into three topics of 10 and gives a perfect year 100', () => {
    const s = scoreMember(V2, perfectYear());
    expect(s.commonCriteria.criteria.map((c) => [c.code, c.max])).toEqual([
      ['political_example', 10],
      ['innovation', 10],
      ['self_criticism', 10],
    ]);
    expect(s.total).toBe(100);
  });

  it('takes meeting and study attendance as inputs of the first topic, not a topic of their own', () => {
    const m = perfectYear();
    m.meetings = { expected: 10, present: 6, excused: 2, absent: 2 };
    m.study = { expected: 0, present: 0, excused: 0, absent: 0 };
    m.items = { ...m.items, total: 20, done: 20, exceeded: 3, remedyTotal: 2, remedyDone: 1 };
    const c = scoreMember(V2, m).commonCriteria.criteria;
    // 6 (clear of conclusions, discipline, breaches) + 2 x (6 + 0.5 x 2) / 10 + 2 (no study sessions: no deduction)
    expect(c[0].points).toBe(9.4);
    expect(c[0].note).toContain('Sinh hoạt chi bộ: có mặt 6/10 buổi');
    // 3 of 20 exceeded = 15%, half of the 30% that gives full points
    expect(c[1].points).toBe(5);
    // 1 of 2 shortcomings remedied
    expect(c[2].points).toBe(5);
  });

  it('zeroes only the conduct share of the first topic on a recorded breach', () => {
    const m = perfectYear();
    m.findings.exemplaryDutyBreaches = 1;
    const c = scoreMember(V2, m).commonCriteria.criteria[0];
    expect(c.points).toBe(4);
    expect(c.note).toContain('Vi phạm trách nhiệm nêu gương (1 lần ghi nhận).');
  });

  it('keeps every version 1 figure: same criteria, same points, metrics stored before the new fields', () => {
    const stored = JSON.parse(JSON.stringify(oneItemNotDone())) as Record<string, Record<string, unknown>>;
    delete stored.findings;
    delete stored.items.late;
    delete stored.discipline.prohibitionBreachesRemedied;
    const m = withMetricDefaults(stored);
    const s = scoreMember(V1, m);
    expect(s.commonCriteria.criteria.map((c) => [c.code, c.points])).toEqual([
      ['ethics', 10],
      ['discipline', 10],
      ['cell_life', 10],
    ]);
    expect(s.total).toBe(86); // 30 + 10 + 40 x 0.9 + 20 x 0.5
    expect(suggest(V1, LONG_STANDING, m, REVIEW).level).toBe('good');
  });
});

describe('QĐ 366 version 2: "Hoàn thành tốt" needs 100% of the items done, on time (Điều 11 khoản 2)', () => {
  it('suggests complete, not good, for 76 points with one item not done', () => {
    const s = suggest(V2, LONG_STANDING, oneItemNotDone(), REVIEW);
    // common 10 + 0 (nothing exceeded) + 10 (nothing to remedy); tasks 10 + 36 + 10
    expect(s.score).toBe(76);
    expect(s.level).toBe('complete');
    const cap = s.reasons.find((r) => r.code === 'good_items_not_all_done')!;
    expect(cap.text).toBe(
      'Còn 1/10 nội dung cam kết chưa hoàn thành, nên chưa đủ điều kiện Hoàn thành tốt nhiệm vụ.',
    );
    expect(cap).toMatchObject({ effect: 'caps_level', unverified: true, source: 'paraphrase' });
    expect(s.reasons.at(-1)).toMatchObject({
      code: 'capped_at_complete',
      text: 'Mức gợi ý: Hoàn thành nhiệm vụ.',
    });
  });

  it('counts an item done after its due date as done but not on time: 100 points, complete', () => {
    const m = perfectYear();
    m.items.late = 1;
    const s = suggest(V2, LONG_STANDING, m, REVIEW);
    expect(s.score).toBe(100);
    expect(s.level).toBe('complete');
    expect(codes(m)).toEqual(expect.arrayContaining(['excellent_items_late', 'good_items_late']));
    expect(scoreMember(V2, m).taskResults.criteria[1].note).toContain(
      'hoàn thành 10 (1 nội dung hoàn thành sau hạn)',
    );
  });

  it('holds an excellent score at good when only the excellent conditions fail', () => {
    const m = perfectYear();
    m.items.exceeded = 2;
    const s = suggest(V2, LONG_STANDING, m, REVIEW);
    expect(s.score).toBe(96.67); // innovation 10 x 0.2 / 0.3
    expect(s.level).toBe('good');
    expect(s.reasons.at(-1)!.code).toBe('capped_at_good');
  });

  it('leaves version 1 as it was: 86 points with one item not done stays good', () => {
    expect(suggest(V1, LONG_STANDING, oneItemNotDone(), REVIEW).level).toBe('good');
  });
});

describe('QĐ 366 version 2: disqualifiers', () => {
  it('does not let "self-detected and remedied" excuse a QĐ 37 breach, only the discipline', () => {
    const m = perfectYear();
    m.discipline = { records: 1, remedied: 1, prohibitionBreaches: 0, prohibitionBreachesRemedied: 1 };
    const s = suggest(V2, LONG_STANDING, m, REVIEW);
    expect(s.level).toBe('incomplete');
    expect(s.disqualifiers).toEqual(['prohibition_breach']);
    expect(s.reasons.find((r) => r.code === 'prohibition_breach')!.text).toContain(
      'kể cả 1 vi phạm đã tự phát hiện và khắc phục',
    );
    // Version 1 excused both.
    expect(suggest(V1, LONG_STANDING, m, REVIEW).disqualifiers).toEqual([]);
  });

  it('forces incomplete for a recorded breach of the duty to set an example, flagged unverified', () => {
    const m = perfectYear();
    m.findings.exemplaryDutyBreaches = 2;
    const s = suggest(V2, LONG_STANDING, m, REVIEW);
    expect(s.level).toBe('incomplete');
    expect(s.disqualifiers).toEqual(['exemplary_duty_breach']);
    expect(s.reasons.find((r) => r.code === 'exemplary_duty_breach')).toMatchObject({
      effect: 'forces_incomplete',
      unverified: true,
      source: 'secondary_quotation',
    });
  });

  it('forces incomplete under 50% of the items done (4 of 10), not at 5 of 10', () => {
    const m = perfectYear();
    m.items = { ...m.items, done: 4, notDone: 6, exceeded: 0 };
    expect(suggest(V2, LONG_STANDING, m, REVIEW).disqualifiers).toEqual(['under_half_targets']);
    m.items = { ...m.items, done: 5, notDone: 5 };
    expect(suggest(V2, LONG_STANDING, m, REVIEW).disqualifiers).toEqual([]);
  });

  it('forces incomplete for a civil servant rated "không hoàn thành nhiệm vụ" at work, as the cell recorded it', () => {
    const m = perfectYear();
    m.findings.stateRatingIncomplete = true;
    const s = suggest(V2, LONG_STANDING, m, REVIEW);
    expect(s.disqualifiers).toEqual(['state_rating_incomplete']);
    expect(s.reasons.find((r) => r.code === 'state_rating_incomplete')!.unverified).toBe(true);
  });
});

describe('QĐ 366 version 2: every reason says whether its rule was compared with the official text', () => {
  it('flags every reason of a classified member and names the source', () => {
    const reasons = suggest(V2, LONG_STANDING, oneItemNotDone(), REVIEW).reasons;
    for (const r of reasons) expect(typeof r.unverified).toBe('boolean');
    expect(reasons.find((r) => r.code === 'level_by_score')).toMatchObject({
      unverified: true,
      source: 'secondary_quotation',
    });
  });

  it('does not flag the exemption, which rests on the text of QĐ 294 itself', () => {
    const s = suggest(V2, { ...LONG_STANDING, isExempt: true }, perfectYear(), REVIEW);
    expect(s.reasons).toEqual([
      expect.objectContaining({ code: 'not_classified_exempt', unverified: false, source: 'official' }),
    ]);
  });

  it('describes every rule key, and lists as unverified exactly those not compared with the official text', () => {
    for (const key of RULE_KEYS) expect(V2.basis[key], key).toBeDefined();
    expect(V2.unverified.sort()).toEqual(RULE_KEYS.filter((k) => !V2.basis[k].verified).sort());
  });
});

describe('QĐ 366 version 2: quota rounding and the higher committee’s exception', () => {
  it('rounds as the rule set says', () => {
    const as = (rounding: 'floor' | 'ceil' | 'round') => ({ ...V2, quota: { ...V2.quota, rounding } });
    expect([7, 8, 15].map((g) => maxExcellent(V2, g))).toEqual([1, 1, 3]);
    expect([7, 8, 15].map((g) => maxExcellent(as('round'), g))).toEqual([1, 2, 3]);
    expect([7, 8, 15].map((g) => maxExcellent(as('ceil'), g))).toEqual([2, 2, 3]);
  });

  it('counts an approved exception instead of the quota, only where the rule set allows one', () => {
    expect(checkQuota(V2, { excellent: 3, good: 7 }, 3)).toEqual({
      excellent: 3,
      good: 7,
      maxExcellent: 3,
      ok: true,
    });
    expect(checkQuota(V2, { excellent: 3, good: 7 })).toMatchObject({ maxExcellent: 1, ok: false });
    expect(checkQuota(V1, { excellent: 3, good: 7 }, 3)).toMatchObject({ maxExcellent: 1, ok: false });
    // An approval never lowers the quota.
    expect(checkQuota(V2, { excellent: 2, good: 10 }, 0)).toMatchObject({ maxExcellent: 2, ok: true });
  });
});
