import { describe, expect, it } from 'vitest';
import {
  enteredByReviewer,
  hasStepOnBehalf,
  type StepRecord,
  ACTION_ROLE,
  allowedActions,
  carryForwardItems,
  COMMITMENT_ACTIONS,
  COMMITMENT_STATUSES,
  CommitmentAction,
  CommitmentStatus,
  currentPeriods,
  deadlineOf,
  deadlineRuleErrors,
  DEFAULT_DEADLINES,
  effectiveDeadline,
  hasPeriodStarted,
  isLate,
  isPublished,
  itemCounts,
  itemErrors,
  nextStatus,
  NO_ITEMS,
  periodEnd,
  periodErrors,
  periodIndexOf,
  periodKeyOf,
  periodStart,
  resultErrors,
} from './commitments.rules.js';

/** The expected machine, written out by hand so the table in the rules is checked, not copied. */
const EXPECTED: Record<string, CommitmentStatus> = {
  'draft:edit': 'draft',
  'draft:carry_forward': 'draft',
  'draft:submit': 'submitted',
  'submitted:accept': 'accepted',
  'submitted:return': 'returned',
  'returned:edit': 'returned',
  'returned:carry_forward': 'returned',
  'returned:submit': 'submitted',
  'accepted:report': 'reported',
  'accepted:reopen_to_draft': 'draft',
  'accepted:present': 'accepted',
  'reported:report': 'reported',
  'reported:assess': 'assessed',
  'reported:reopen_to_draft': 'draft',
  'reported:reopen_to_accepted': 'accepted',
  'reported:present': 'reported',
  'assessed:reopen_to_draft': 'draft',
  'assessed:reopen_to_accepted': 'accepted',
  'assessed:present': 'assessed',
};

describe('commitment status machine', () => {
  const cases: Array<[CommitmentStatus, CommitmentAction]> = COMMITMENT_STATUSES.flatMap((s) =>
    COMMITMENT_ACTIONS.map((a) => [s, a] as [CommitmentStatus, CommitmentAction]),
  );

  it.each(cases)('from %s, %s goes where the table says (or nowhere)', (status, action) => {
    expect(nextStatus(status, action)).toBe(EXPECTED[`${status}:${action}`] ?? null);
  });

  it('covers every status x action pair exactly once', () => {
    expect(cases).toHaveLength(COMMITMENT_STATUSES.length * COMMITMENT_ACTIONS.length);
  });

  it('lists the allowed actions of each status', () => {
    expect(allowedActions('draft')).toEqual(['edit', 'carry_forward', 'submit']);
    expect(allowedActions('submitted')).toEqual(['accept', 'return']);
    expect(allowedActions('assessed')).toEqual(['reopen_to_draft', 'reopen_to_accepted', 'present']);
  });

  it('never lets the owner move a commitment into accepted or assessed', () => {
    for (const s of COMMITMENT_STATUSES) {
      for (const a of COMMITMENT_ACTIONS) {
        const to = nextStatus(s, a);
        if (ACTION_ROLE[a] === 'owner' && to) expect(['accepted', 'assessed']).not.toContain(to);
      }
    }
  });

  it('publishes only accepted and later commitments', () => {
    expect(COMMITMENT_STATUSES.filter(isPublished)).toEqual(['accepted', 'reported', 'assessed']);
  });
});

describe('commitment periods', () => {
  it('stores yearly as key 0 and answers periodIndex null', () => {
    expect(periodKeyOf({ periodIndex: null })).toBe(0);
    expect(periodKeyOf({ periodIndex: 3 })).toBe(3);
    expect(periodIndexOf('yearly', 0)).toBeNull();
    expect(periodIndexOf('monthly', 7)).toBe(7);
  });

  it('validates the period index per type and names the field', () => {
    expect(periodErrors({ year: 2026, periodType: 'yearly', periodIndex: null })).toEqual([]);
    expect(periodErrors({ year: 2026, periodType: 'yearly', periodIndex: 1 })[0].field).toBe('periodIndex');
    expect(periodErrors({ year: 2026, periodType: 'quarterly', periodIndex: 5 })[0].field).toBe(
      'periodIndex',
    );
    expect(periodErrors({ year: 2026, periodType: 'quarterly', periodIndex: null })[0].field).toBe(
      'periodIndex',
    );
    expect(periodErrors({ year: 2026, periodType: 'monthly', periodIndex: 12 })).toEqual([]);
    expect(periodErrors({ year: 2026, periodType: 'monthly', periodIndex: 0 })[0].field).toBe('periodIndex');
    expect(periodErrors({ year: 1999, periodType: 'yearly', periodIndex: null })[0].field).toBe('year');
  });

  it('knows the first and last day of each period', () => {
    expect(periodStart({ year: 2026, periodType: 'yearly', periodIndex: null })).toBe('2026-01-01');
    expect(periodEnd({ year: 2026, periodType: 'yearly', periodIndex: null })).toBe('2026-12-31');
    expect(periodStart({ year: 2026, periodType: 'quarterly', periodIndex: 3 })).toBe('2026-07-01');
    expect(periodEnd({ year: 2026, periodType: 'quarterly', periodIndex: 4 })).toBe('2026-12-31');
    expect(periodEnd({ year: 2028, periodType: 'monthly', periodIndex: 2 })).toBe('2028-02-29');
  });

  it('allows results from the first day of the period, not before', () => {
    const q3 = { year: 2026, periodType: 'quarterly' as const, periodIndex: 3 };
    expect(hasPeriodStarted(q3, '2026-06-30')).toBe(false);
    expect(hasPeriodStarted(q3, '2026-07-01')).toBe(true);
  });

  it('finds the current yearly, quarterly and monthly periods', () => {
    expect(currentPeriods('2026-11-26')).toEqual([
      { year: 2026, periodType: 'yearly', periodIndex: null },
      { year: 2026, periodType: 'quarterly', periodIndex: 4 },
      { year: 2026, periodType: 'monthly', periodIndex: 11 },
    ]);
  });
});

describe('registration deadlines', () => {
  it('defaults to 31 January, the 10th of the quarter and the 5th of the month', () => {
    expect(
      deadlineOf({ year: 2026, periodType: 'yearly', periodIndex: null }, DEFAULT_DEADLINES.yearly),
    ).toBe('2026-01-31');
    expect(
      deadlineOf({ year: 2026, periodType: 'quarterly', periodIndex: 2 }, DEFAULT_DEADLINES.quarterly),
    ).toBe('2026-04-10');
    expect(deadlineOf({ year: 2026, periodType: 'monthly', periodIndex: 9 }, DEFAULT_DEADLINES.monthly)).toBe(
      '2026-09-05',
    );
  });

  it('clamps a day past the month end to its last day', () => {
    expect(
      deadlineOf({ year: 2026, periodType: 'yearly', periodIndex: null }, { monthOffset: 1, day: 31 }),
    ).toBe('2026-02-28');
  });

  it('takes the nearest rule up the tree, else the default', () => {
    const ancestry = [
      { organizationId: 'city', rule: { monthOffset: 1, day: 15 } },
      { organizationId: 'ward', rule: { monthOffset: 0, day: 20 } },
      { organizationId: 'cell', rule: null },
    ];
    expect(effectiveDeadline('yearly', ancestry)).toEqual({
      monthOffset: 0,
      day: 20,
      sourceOrganizationId: 'ward',
    });
    expect(effectiveDeadline('monthly', [{ organizationId: 'cell', rule: null }])).toEqual({
      ...DEFAULT_DEADLINES.monthly,
      sourceOrganizationId: null,
    });
  });

  it('checks the month offset against the period length', () => {
    expect(deadlineRuleErrors('quarterly', { monthOffset: 2, day: 10 })).toEqual([]);
    expect(deadlineRuleErrors('quarterly', { monthOffset: 3, day: 10 })[0].field).toBe('monthOffset');
    expect(deadlineRuleErrors('monthly', { monthOffset: 1, day: 5 })[0].field).toBe('monthOffset');
  });

  it('is late only after the deadline day', () => {
    expect(isLate('2026-01-31', '2026-01-31')).toBe(false);
    expect(isLate('2026-02-01', '2026-01-31')).toBe(true);
  });
});

describe('commitment items', () => {
  it('requires manifestation codes 1-27 for resolution4 items', () => {
    expect(
      itemErrors({ category: 'resolution4', content: 'Giữ gìn phẩm chất' }, 2, 'yearly')[0],
    ).toMatchObject({
      field: 'items.2.manifestationCodes',
    });
    expect(
      itemErrors({ category: 'resolution4', content: 'x', manifestationCodes: [0, 28] }, 0, 'yearly').map(
        (e) => e.field,
      ),
    ).toEqual(['items.0.manifestationCodes.0', 'items.0.manifestationCodes.1']);
    expect(
      itemErrors({ category: 'resolution4', content: 'x', manifestationCodes: [1, 27] }, 0, 'yearly'),
    ).toEqual([]);
    expect(
      itemErrors({ category: 'resolution4', content: 'x', manifestationCodes: [4, 4] }, 0, 'yearly')[0].rule,
    ).toBe('unique');
  });

  it('lets only quarterly and monthly items point to a yearly item', () => {
    expect(itemErrors({ category: 'study', content: 'x', parentItemId: 'p' }, 0, 'yearly')[0].field).toBe(
      'items.0.parentItemId',
    );
    expect(itemErrors({ category: 'study', content: 'x', parentItemId: 'p' }, 0, 'monthly')).toEqual([]);
  });

  it('checks a results report: known items, once each, all covered, exceeded only when done', () => {
    const live = ['a', 'b'];
    expect(
      resultErrors(live, new Set(), [
        { itemId: 'a', outcome: 'done', exceeded: true },
        { itemId: 'b', outcome: 'partly' },
      ]),
    ).toEqual([]);
    expect(resultErrors(live, new Set(), [{ itemId: 'a', outcome: 'done' }]).map((e) => e.field)).toEqual([
      'items',
    ]);
    expect(resultErrors(live, new Set(['b']), [{ itemId: 'a', outcome: 'done' }])).toEqual([]);
    expect(
      resultErrors(live, new Set(['b']), [{ itemId: 'z', outcome: 'done' }]).map((e) => e.field),
    ).toEqual(['items.0.itemId', 'items']);
    expect(
      resultErrors(live, new Set(['b']), [{ itemId: 'a', outcome: 'partly', exceeded: true }])[0].field,
    ).toBe('items.0.exceeded');
    expect(
      resultErrors(live, new Set(), [
        { itemId: 'a', outcome: 'done' },
        { itemId: 'a', outcome: 'done' },
        { itemId: 'b', outcome: 'done' },
      ])[0],
    ).toMatchObject({ field: 'items.1.itemId', rule: 'unique' });
  });
});

describe('carry-forward', () => {
  const previous = {
    commitmentId: 'prev',
    items: [
      { id: 'i1', content: 'Đọc sách về Bác Hồ', outcome: 'done' as const },
      { id: 'i2', content: 'Vận động hộ gia đình phân loại rác', outcome: 'partly' as const },
      { id: 'i3', content: 'Bỏ thuốc lá', outcome: 'not_done' as const },
      { id: 'i4', content: 'Chưa báo cáo', outcome: null },
    ],
    shortcomings: ['Chưa gương mẫu tham gia sinh hoạt đúng giờ'],
  };

  it('pulls unfinished items and shortcomings as remedy items', () => {
    const out = carryForwardItems(previous, new Set());
    expect(out.map((o) => o.sourceRef)).toEqual(['item:i2', 'item:i3', 'shortcoming:prev:0']);
    expect(out.every((o) => o.category === 'remedy')).toBe(true);
    expect(out[2].content).toContain('sinh hoạt đúng giờ');
  });

  it('adds nothing twice', () => {
    expect(carryForwardItems(previous, new Set(['item:i2', 'item:i3', 'shortcoming:prev:0']))).toEqual([]);
  });
});

describe('itemCounts (kept on the commitment row)', () => {
  const item = (
    category: string,
    outcome: 'done' | 'partly' | 'not_done' | null,
    exceeded: boolean | number | null = null,
    removedAt: Date | null = null,
  ) => ({ category, outcome, exceeded, removedAt });

  it('counts nothing for no items', () => {
    expect(itemCounts([])).toEqual(NO_ITEMS);
  });

  it('counts every outcome once, exceeded among the done, and the follow items', () => {
    expect(
      itemCounts([
        item('study', 'done', true),
        item('follow', 'done', false),
        item('follow', 'partly'),
        item('duty', 'not_done'),
        item('remedy', null),
        item('lifestyle', 'done', 1),
      ]),
    ).toEqual({
      itemCount: 6,
      itemsDone: 3,
      itemsExceeded: 2,
      itemsPartly: 1,
      itemsNotDone: 1,
      itemsUnreported: 1,
      followItems: 2,
    });
  });

  it('skips removed items, whatever their outcome or category', () => {
    expect(
      itemCounts([
        item('follow', 'done', true, new Date()),
        item('duty', null),
        item('follow', 'partly', null, new Date()),
      ]),
    ).toEqual({ ...NO_ITEMS, itemCount: 1, itemsUnreported: 1 });
  });

  it('counts exceeded only with done (0/1 booleans as SQLite returns them)', () => {
    const c = itemCounts([item('duty', 'partly', true), item('duty', 'done', 0), item('duty', 'done', 1)]);
    expect(c.itemsExceeded).toBe(1);
    expect(c.itemsDone).toBe(2);
  });

  it('adds up to the item count', () => {
    const c = itemCounts([
      item('study', 'done'),
      item('follow', null),
      item('duty', 'not_done'),
      item('x', 'partly'),
    ]);
    expect(c.itemsDone + c.itemsPartly + c.itemsNotDone + c.itemsUnreported).toBe(c.itemCount);
  });
});

describe('enteredByReviewer (separation of duties)', () => {
  const secretary = 'u-secretary';
  const deputy = 'u-deputy';
  const member = 'u-member';
  const onBehalf = (action: StepRecord['action'], actorUserId = secretary): StepRecord => ({
    action,
    actorUserId,
    onBehalf: true,
  });
  const own = (action: StepRecord['action']): StepRecord => ({ action, actorUserId: member, onBehalf: false });

  it('keeps the account that did an owner step for the member from accepting, returning or assessing', () => {
    for (const step of ['create', 'edit', 'carry_forward', 'submit', 'report'] as const) {
      const history = [own('create'), onBehalf(step)];
      for (const action of ['accept', 'return', 'assess'] as const)
        expect(enteredByReviewer(history, secretary, action), `${step} then ${action}`).toBe(true);
    }
  });

  it('lets another secretary decide, and the same one reopen or record the presentation', () => {
    const history = [onBehalf('create'), onBehalf('submit')];
    expect(enteredByReviewer(history, deputy, 'accept')).toBe(false);
    expect(enteredByReviewer(history, secretary, 'reopen_to_draft')).toBe(false);
    expect(enteredByReviewer(history, secretary, 'present')).toBe(false);
  });

  it('does not count the secretary’s own review steps or the member’s own steps', () => {
    const reviewed = [own('create'), own('submit'), onBehalf('accept'), own('report')];
    expect(enteredByReviewer(reviewed, secretary, 'assess')).toBe(false);
    expect(hasStepOnBehalf(reviewed)).toBe(false);
  });

  it('tells when any owner step was done on the member’s behalf', () => {
    expect(hasStepOnBehalf([own('create'), onBehalf('report', deputy)])).toBe(true);
    expect(hasStepOnBehalf([])).toBe(false);
  });
});
