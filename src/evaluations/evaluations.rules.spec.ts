import { describe, expect, it } from 'vitest';
import { LONG_STANDING, perfectYear, REVIEW } from '../../test/factories/member-metrics.js';
import { emptyMetrics } from './evaluation-metrics.rules.js';
import { checkQuota, maxExcellent } from './evaluation-quota.rules.js';
import { addMonths, formatPoints } from './evaluation-reasons.rules.js';
import { levelByScore, scoreMember } from './evaluation-scoring.rules.js';
import { checkDecision, suggest } from './evaluations.rules.js';
import { disqualifiersOf, excellentShortfalls } from './level-conditions.rules.js';
import { notClassifiedReason } from './not-classified.rules.js';
import qd366v1 from '../../database/reference/rule-sets/QD366-2025.v1.json' with { type: 'json' };
import { normalizeRuleSet, RuleSetDefinition } from './rule-sets.js';

const R = normalizeRuleSet(qd366v1);

describe('scoring on 100 points', () => {
  it('gives 30 + 70 for a perfect year and shows every criterion', () => {
    const s = scoreMember(R, perfectYear());
    expect(s.total).toBe(100);
    expect(s.commonCriteria).toMatchObject({ points: 30, max: 30 });
    expect(s.taskResults).toMatchObject({ points: 70, max: 70 });
    expect(s.commonCriteria.criteria.map((c) => c.code)).toEqual(['ethics', 'discipline', 'cell_life']);
    expect(s.taskResults.criteria.map((c) => [c.code, c.max])).toEqual([
      ['registration', 10],
      ['item_outcomes', 40],
      ['cell_assessment', 20],
    ]);
    for (const c of [...s.commonCriteria.criteria, ...s.taskResults.criteria])
      expect(c.note.length).toBeGreaterThan(10);
  });

  it('weights partly done items half and counts unreported items as not done', () => {
    const m = perfectYear();
    m.items = { ...m.items, done: 6, partly: 2, notDone: 1, unreported: 1 };
    const outcomes = scoreMember(R, m).taskResults.criteria.find((c) => c.code === 'item_outcomes')!;
    expect(outcomes.points).toBe(28); // 40 * (6 + 1) / 10
  });

  it('scores attendance with excused absences at half weight, and no meetings as no deduction', () => {
    const m = perfectYear();
    m.meetings = { expected: 10, present: 6, excused: 2, absent: 2 };
    m.study = { expected: 0, present: 0, excused: 0, absent: 0 };
    const cellLife = scoreMember(R, m).commonCriteria.criteria.find((c) => c.code === 'cell_life')!;
    expect(cellLife.points).toBe(5 * 0.7 + 5);
    expect(cellLife.note).toContain('Chưa ghi nhận buổi học tập chuyên đề');
  });

  it('takes 30% of the registration points for a late yearly commitment and all without one', () => {
    const late = perfectYear();
    late.commitments.yearlyOnTime = false;
    expect(scoreMember(R, late).taskResults.criteria[0].points).toBe(7);
    const none = perfectYear();
    none.commitments.yearlyRegistered = false;
    expect(scoreMember(R, none).taskResults.criteria[0].points).toBe(0);
  });

  it('gives an empty year zero task points', () => {
    const s = scoreMember(R, emptyMetrics());
    expect(s.taskResults.points).toBe(0);
    expect(s.commonCriteria.points).toBe(30);
    expect(s.total).toBe(30);
  });

  it('zeroes the ethics and discipline criteria on a conclusion or an unremedied decision', () => {
    const m = perfectYear();
    m.conduct.concludedPresentCodes = [5];
    m.discipline = { records: 1, remedied: 0, prohibitionBreaches: 0, prohibitionBreachesRemedied: 0 };
    const [ethics, discipline] = scoreMember(R, m).commonCriteria.criteria;
    expect(ethics.points).toBe(0);
    expect(discipline.points).toBe(0);
  });
});

describe('levels by score', () => {
  it.each([
    [100, 'excellent'],
    [90, 'excellent'],
    [89.99, 'good'],
    [70, 'good'],
    [69.99, 'complete'],
    [50, 'complete'],
    [49.99, 'incomplete'],
    [0, 'incomplete'],
  ] as const)('%s points is %s', (score, level) => {
    expect(levelByScore(R, score)).toBe(level);
  });
});

describe('suggested level', () => {
  it('suggests excellent for a perfect year and says why in Vietnamese', () => {
    const s = suggest(R, LONG_STANDING, perfectYear(), REVIEW);
    expect(s.level).toBe('excellent');
    expect(s.score).toBe(100);
    expect(s.reasons.map((r) => r.text).join(' ')).toContain('Hoàn thành xuất sắc nhiệm vụ');
    expect(s.reasons[0].text).toContain('Tổng điểm gợi ý 100/100');
  });

  it('holds 90 points at good when an item is not done', () => {
    const m = perfectYear();
    m.items = { ...m.items, done: 9, partly: 1 };
    const s = suggest(R, LONG_STANDING, m, REVIEW);
    expect(s.score).toBe(98);
    expect(s.level).toBe('good');
    expect(s.reasons.map((r) => r.code)).toContain('excellent_items_not_all_done');
  });

  it('holds at good when fewer than 30% of items exceeded, and accepts exactly 30%', () => {
    const m = perfectYear();
    m.items.exceeded = 2;
    const s = suggest(R, LONG_STANDING, m, REVIEW);
    expect(s.level).toBe('good');
    expect(s.reasons.find((r) => r.code === 'excellent_exceeded_share')?.text).toContain(
      'Chỉ 20% nội dung vượt yêu cầu',
    );
    m.items.exceeded = 3;
    expect(suggest(R, LONG_STANDING, m, REVIEW).level).toBe('excellent');
  });

  it("holds at good while last year's shortcomings are not remedied", () => {
    const m = perfectYear();
    m.items = { ...m.items, remedyTotal: 2, remedyDone: 1 };
    expect(excellentShortfalls(R, m).map((r) => r.code)).toEqual(['excellent_remedy_not_done']);
    expect(suggest(R, LONG_STANDING, m, REVIEW).level).toBe('good');
  });

  it('gives good at exactly 70 and complete just below', () => {
    // 30 common + registration 10 + outcomes 40 * 0.75 = 30 + cell assessment 0 -> 70
    const m = perfectYear();
    m.items = {
      total: 4,
      done: 3,
      exceeded: 0,
      partly: 0,
      notDone: 1,
      unreported: 0,
      remedyTotal: 0,
      remedyDone: 0,
      late: 0,
    };
    m.ratings = { achieved: 0, partlyAchieved: 0, notAchieved: 0 };
    const s = suggest(R, LONG_STANDING, m, REVIEW);
    expect(s.score).toBe(70);
    expect(s.level).toBe('good');
    m.commitments.yearlyOnTime = false;
    expect(suggest(R, LONG_STANDING, m, REVIEW)).toMatchObject({ score: 67, level: 'complete' });
  });

  it('suggests incomplete below 50 points', () => {
    expect(suggest(R, LONG_STANDING, emptyMetrics(), REVIEW)).toMatchObject({
      score: 30,
      level: 'incomplete',
    });
  });
});

describe('disqualifiers', () => {
  it('forces incomplete for a disciplinary decision in the year, whatever the score', () => {
    const m = perfectYear();
    m.discipline.records = 1;
    const s = suggest(R, LONG_STANDING, m, REVIEW);
    expect(s.level).toBe('incomplete');
    expect(s.disqualifiers).toEqual(['disciplined_in_year']);
    expect(s.reasons.find((r) => r.code === 'disciplined_in_year')?.text).toContain(
      'Bị xử lý kỷ luật trong năm',
    );
  });

  it('does not count a decision recorded as self-detected and remedied', () => {
    const m = perfectYear();
    m.discipline = { records: 1, remedied: 1, prohibitionBreaches: 0, prohibitionBreachesRemedied: 0 };
    const s = suggest(R, LONG_STANDING, m, REVIEW);
    expect(s.disqualifiers).toEqual([]);
    expect(s.level).toBe('excellent');
    expect(s.reasons.map((r) => r.code)).toContain('discipline_remedied');
  });

  it('counts the unremedied one of two decisions', () => {
    const m = perfectYear();
    m.discipline = { records: 2, remedied: 1, prohibitionBreaches: 0, prohibitionBreachesRemedied: 0 };
    expect(disqualifiersOf(R, m).map((d) => d.code)).toEqual(['disciplined_in_year']);
  });

  it('forces incomplete for a concluded manifestation but not for a self-check', () => {
    const self = perfectYear();
    self.conduct = { ...self.conduct, selfAtRisk: 2, selfPresent: 1, concludedPresentCodes: [] };
    expect(suggest(R, LONG_STANDING, self, REVIEW).level).toBe('excellent');
    const concluded = perfectYear();
    concluded.conduct.concludedPresentCodes = [12, 19];
    const s = suggest(R, LONG_STANDING, concluded, REVIEW);
    expect(s.level).toBe('incomplete');
    expect(s.reasons.find((r) => r.code === 'concluded_manifestation')?.text).toContain(
      'biểu hiện số 12, 19',
    );
  });

  it('forces incomplete for a breach of QĐ 37-QĐ/TW and lists every disqualifier', () => {
    const m = perfectYear();
    m.discipline = { records: 1, remedied: 0, prohibitionBreaches: 1, prohibitionBreachesRemedied: 0 };
    m.conduct.concludedPresentCodes = [3];
    expect(disqualifiersOf(R, m).map((d) => d.code)).toEqual([
      'disciplined_in_year',
      'concluded_manifestation',
      'prohibition_breach',
    ]);
  });

  it('follows the rule set when a disqualifier is switched off', () => {
    const rules: RuleSetDefinition = { ...R, disqualifiers: { ...R.disqualifiers, discipline: false } };
    const m = perfectYear();
    m.discipline.records = 1;
    expect(disqualifiersOf(rules, m)).toEqual([]);
  });
});

describe('not classified', () => {
  it('lists an exempt member without a level, saying why', () => {
    const s = suggest(R, { ...LONG_STANDING, isExempt: true }, perfectYear(), REVIEW);
    expect(s).toMatchObject({ level: null, score: null, notClassifiedReason: 'exempt' });
    expect(s.reasons[0].text).toContain('miễn công tác và sinh hoạt đảng');
  });

  it('lists a member expelled before the review without a level', () => {
    const s = suggest(R, { ...LONG_STANDING, expelledOn: '2026-10-02' }, perfectYear(), REVIEW);
    expect(s.notClassifiedReason).toBe('expelled');
    expect(s.reasons[0].text).toContain('khai trừ');
    expect(notClassifiedReason(R, { ...LONG_STANDING, expelledOn: '2027-01-05' }, REVIEW)).toBeNull();
  });

  it('lists a suspended member without a level', () => {
    expect(
      suggest(R, { ...LONG_STANDING, isSuspended: true }, perfectYear(), REVIEW).notClassifiedReason,
    ).toBe('suspended');
  });

  it('does not classify a member admitted less than 6 months before the review', () => {
    const late = suggest(R, { ...LONG_STANDING, joinedPartyOn: '2026-07-01' }, perfectYear(), REVIEW);
    expect(late.notClassifiedReason).toBe('joined_recently');
    expect(late.reasons[0].text).toContain('01/07/2026');
    expect(notClassifiedReason(R, { ...LONG_STANDING, joinedPartyOn: '2026-06-30' }, REVIEW)).toBeNull();
    expect(notClassifiedReason(R, { ...LONG_STANDING, joinedPartyOn: null }, REVIEW)).toBeNull();
  });

  it('treats the admission window as a setting', () => {
    const off: RuleSetDefinition = {
      ...R,
      notClassified: { ...R.notClassified, minMonthsSinceAdmission: null },
    };
    expect(notClassifiedReason(off, { ...LONG_STANDING, joinedPartyOn: '2026-12-01' }, REVIEW)).toBeNull();
  });

  it('adds calendar months, clamping to the last day', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-06-30', 6)).toBe('2026-12-30');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });
});

describe('quota per grassroots organisation', () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 1],
    [7, 1],
    [9, 1],
    [10, 2],
    [15, 3],
    [35, 7],
    [100, 20],
  ])('%i good allow %i excellent (20%, rounded down)', (good, max) => {
    expect(maxExcellent(R, good)).toBe(max);
  });

  it('refuses 2 excellent for 7 good and accepts 1', () => {
    expect(checkQuota(R, { excellent: 2, good: 7 })).toEqual({
      excellent: 2,
      good: 7,
      maxExcellent: 1,
      ok: false,
    });
    expect(checkQuota(R, { excellent: 1, good: 7 }).ok).toBe(true);
  });

  it('reads the share from the rule set', () => {
    expect(maxExcellent({ ...R, quota: { ...R.quota, maxExcellentShareOfGood: 0.3 } }, 10)).toBe(3);
  });
});

describe('decisions', () => {
  it('accepts the suggested level without a comment', () => {
    expect(checkDecision({ level: 'good', disqualifiers: [] }, 'good', undefined)).toBeNull();
  });

  it('needs a comment to differ from the suggestion', () => {
    expect(checkDecision({ level: 'good', disqualifiers: [] }, 'excellent', '  ')?.rule).toBe(
      'comment_required',
    );
    expect(
      checkDecision({ level: 'good', disqualifiers: [] }, 'complete', 'Chi bộ thống nhất hạ một mức'),
    ).toBeNull();
  });

  it('refuses any level above a disqualifier, even with a comment', () => {
    const s = { level: 'incomplete' as const, disqualifiers: ['disciplined_in_year'] };
    expect(checkDecision(s, 'complete', 'đề nghị xem xét')?.rule).toBe('above_disqualifier');
    expect(checkDecision(s, 'incomplete', undefined)).toBeNull();
  });

  it('refuses a decision for a member who is not classified', () => {
    expect(checkDecision({ level: null, disqualifiers: [] }, 'good', 'x')?.rule).toBe('not_classified');
  });
});

describe('formatting', () => {
  it('writes points with a decimal comma', () => {
    expect(formatPoints(92.5)).toBe('92,5');
    expect(formatPoints(89.994)).toBe('89,99');
    expect(formatPoints(90)).toBe('90');
  });
});
