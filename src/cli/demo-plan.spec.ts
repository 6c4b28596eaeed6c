import { describe, expect, it } from 'vitest';
import { isIsoDate } from '../common/dates.js';
import { buildDemoPlan, planCells, planCommittees, REFORM_DAY } from './demo-plan.js';

const TODAY = '2026-11-26';

describe(buildDemoPlan.name, () => {
  const plan = buildDemoPlan({ today: TODAY });
  const cells = planCells(plan.root);
  const members = cells.flatMap((c) => c.members);

  it('has one provincial committee, four grassroots ward committees, twelve cells and 300 members', () => {
    const committees = planCommittees(plan.root);
    expect(committees).toHaveLength(5);
    expect(committees.filter((c) => c.isGrassroots)).toHaveLength(4);
    expect(cells).toHaveLength(12);
    expect(members).toHaveLength(300);
  });

  it('has no district level in the current year: the province stands directly over the ward committees', () => {
    expect(plan.root).toMatchObject({ name: 'Đảng bộ tỉnh Phú Thọ', isGrassroots: false });
    expect(plan.root.committees.map((c) => c.name)).toEqual([
      'Đảng bộ phường Liên Bảo',
      'Đảng bộ phường Ngô Quyền',
      'Đảng bộ phường Đống Đa',
      'Đảng bộ phường Tích Sơn',
    ]);
    for (const ward of plan.root.committees) {
      // Grassroots committees with cells only: nothing between the province and the wards.
      expect(ward.isGrassroots).toBe(true);
      expect(ward.committees).toEqual([]);
      expect(ward.cells.length).toBeGreaterThan(0);
    }
    // The province's own cell is a chi bộ cơ sở, where the Bí thư Tỉnh ủy is a member.
    expect(plan.root.cells).toHaveLength(1);
    expect(plan.root.cells[0]).toMatchObject({ name: 'Chi bộ Văn phòng Tỉnh ủy', isGrassroots: true });
    const head = plan.root.cells[0].members[plan.root.head.index];
    expect(head.position).toBe('Bí thư Tỉnh ủy');
    expect(JSON.stringify(plan.root)).not.toMatch(/thành phố|Thành ủy/);
  });

  it('keeps the Vĩnh Yên city committee as a past unit, closed on 1 July 2025 into the province', () => {
    expect(REFORM_DAY).toBe('2025-07-01');
    const city = plan.past.find((p) => p.name === 'Đảng bộ thành phố Vĩnh Yên')!;
    expect(city).toMatchObject({ code: 'TP-VY', closedOn: '2025-07-01', successorCode: plan.root.code });
    expect(city.reason).toMatch(/cấp huyện/);
    // Every ward of the current tree stood under the city until then; its own cell merged into the province's.
    expect(city.formerChildren).toEqual(plan.root.committees.map((c) => c.code));
    expect(city.cells).toEqual([
      { code: 'TP-VY.VPTU', name: 'Chi bộ Văn phòng Thành ủy', successorCode: plan.root.cells[0].code },
    ]);
    // The city stood under the Vĩnh Phúc provincial committee, merged into Phú Thọ the same day and closed first.
    const province = plan.past.find((p) => p.code === city.parentCode)!;
    expect(province).toMatchObject({
      name: 'Đảng bộ tỉnh Vĩnh Phúc',
      parentCode: null,
      closedOn: '2025-07-01',
      successorCode: plan.root.code,
    });
    expect(plan.past.indexOf(province)).toBeLessThan(plan.past.indexOf(city));
    // No current login is scoped to a closed unit.
    const pastCodes = new Set(plan.past.flatMap((p) => [p.code, ...p.cells.map((c) => c.code)]));
    for (const l of plan.logins) expect(pastCodes.has(l.organizationCode ?? '')).toBe(false);
  });

  it('uses unique organisation codes and unique party card numbers', () => {
    const codes = [
      ...planCommittees(plan.root),
      ...cells,
      ...plan.past,
      ...plan.past.flatMap((p) => p.cells),
    ].map((o) => o.code);
    expect(new Set(codes).size).toBe(codes.length);
    const cards = members.flatMap((m) => (m.partyCardNumber ? [m.partyCardNumber] : []));
    expect(new Set(cards).size).toBe(cards.length);
    expect(cards.every((c) => /^[0-9]{8}$/.test(c))).toBe(true);
  });

  it('mixes official, probationary and a few exempt members', () => {
    const probationary = members.filter((m) => m.status === 'probationary');
    const exempt = members.filter((m) => m.isExempt);
    expect(probationary.length).toBeGreaterThanOrEqual(5);
    expect(probationary.length).toBeLessThan(30);
    expect(exempt.length).toBeGreaterThanOrEqual(2);
    expect(exempt.length).toBeLessThan(20);
    // A probationary member has no party card yet and was admitted within the last 12 months.
    for (const m of probationary) {
      expect(m.partyCardNumber).toBeUndefined();
      expect(m.joinedPartyOn > '2025-11-26' && m.joinedPartyOn < TODAY).toBe(true);
    }
    expect(exempt.every((m) => m.status === 'official')).toBe(true);
  });

  it('gives real dates: admitted at 18 or older, before today', () => {
    for (const m of members) {
      expect(isIsoDate(m.dateOfBirth)).toBe(true);
      expect(isIsoDate(m.joinedPartyOn)).toBe(true);
      expect(m.joinedPartyOn < TODAY).toBe(true);
      expect(Number(m.joinedPartyOn.slice(0, 4)) - Number(m.dateOfBirth.slice(0, 4))).toBeGreaterThanOrEqual(
        18,
      );
    }
  });

  it('makes the first member of each cell its secretary, active and official', () => {
    for (const cell of cells) {
      expect(cell.members[0]).toMatchObject({
        position: 'Bí thư chi bộ',
        status: 'official',
        isExempt: false,
      });
      expect(cell.members[1]).toMatchObject({
        position: 'Phó Bí thư chi bộ',
        status: 'official',
        isExempt: false,
      });
    }
  });

  it('points every login at an active member of the right organisation', () => {
    expect(plan.logins.map((l) => l.role)).toEqual([
      'leader',
      'leader',
      'leader',
      'secretary',
      'secretary',
      'member',
    ]);
    // Both province logins see the whole tree; the older name is kept working.
    expect(plan.logins.filter((l) => l.organizationCode === plan.root.code).map((l) => l.username)).toEqual([
      'tinhuy.phutho',
      'thanhuy.vinhyen',
    ]);
    for (const l of plan.logins) {
      const cell = cells.find((c) => c.code === l.member.cellCode)!;
      const m = cell.members[l.member.index];
      expect(m).toBeDefined();
      expect(m.isExempt).toBe(false);
      if (l.role === 'secretary') expect(l.organizationCode).toBe(cell.code);
    }
  });

  describe('the current year (life)', () => {
    const { life } = plan;
    const memberAt = (ref: { cellCode: string; index: number }) =>
      cells.find((c) => c.code === ref.cellCode)!.members[ref.index];
    const yearly = life.commitments.filter((c) => c.periodType === 'yearly');

    it('has most active members of every cell register a yearly commitment of five categories', () => {
      expect(life.year).toBe(2026);
      for (const cell of cells) {
        const active = cell.members.filter((m) => !m.isExempt).length;
        const registered = yearly.filter((c) => c.member.cellCode === cell.code);
        expect(registered.length).toBeGreaterThanOrEqual(Math.floor(active * 0.75));
        expect(registered.length).toBeLessThan(active);
        expect(new Set(registered.map((c) => c.member.index)).size).toBe(registered.length);
      }
      for (const c of yearly) {
        expect(memberAt(c.member).isExempt).toBe(false);
        expect(new Set(c.items.map((i) => i.category))).toEqual(
          new Set(['study', 'follow', 'duty', 'resolution4', 'lifestyle']),
        );
        for (const item of c.items) {
          if (item.category === 'resolution4') {
            expect(item.manifestationCodes!.length).toBeGreaterThan(0);
            expect(item.manifestationCodes!.every((code) => code >= 1 && code <= 27)).toBe(true);
          } else expect(item.manifestationCodes).toBeUndefined();
        }
      }
    });

    it('has each cell secretary accept most, return one with a reason and leave some in the queue', () => {
      for (const cell of cells) {
        const own = yearly.filter((c) => c.member.cellCode === cell.code);
        const returned = own.filter((c) => c.review === 'return');
        expect(returned).toHaveLength(1);
        expect(returned[0].returnReason).toMatch(/bổ sung/);
        expect(own.filter((c) => c.review === 'wait').length).toBeGreaterThanOrEqual(2);
        expect(own.filter((c) => c.review === 'accept').length).toBeGreaterThan(own.length / 2);
        expect(own.some((c) => c.feedback)).toBe(true);
        expect(own.some((c) => c.outcomes)).toBe(true);
      }
      for (const c of life.commitments) {
        if (c.outcomes) expect(c.review).toBe('accept');
        if (c.feedback) expect(c.review).toBe('accept');
        if (c.outcomes) expect(c.outcomes).toHaveLength(c.items.length);
      }
    });

    it('lets the members with a login act themselves and the cell secretary enter for the others', () => {
      const usernames = new Set([...plan.logins, ...life.secretaries].map((l) => l.username));
      expect(life.secretaries).toHaveLength(11);
      expect(usernames.size).toBe(plan.logins.length + 11);
      for (const l of life.secretaries) expect(l.username).toMatch(/^bithu\.[a-z0-9-]+$/);
      for (const c of life.commitments) {
        expect(usernames.has(c.owner)).toBe(true);
        expect(usernames.has(c.reviewer)).toBe(true);
        // Nobody reviews their own commitment (SELF_REVIEW).
        if (c.review !== 'wait') {
          const reviewer = [...plan.logins, ...life.secretaries].find((l) => l.username === c.reviewer)!;
          expect(reviewer.member).not.toEqual(c.member);
        }
      }
      const member = plan.logins.find((l) => l.role === 'member')!;
      const mine = yearly.find(
        (c) => c.member.cellCode === member.member.cellCode && c.member.index === member.member.index,
      );
      expect(mine).toMatchObject({ owner: 'dangvien.tdp1', reviewer: 'bithu.tdp1', review: 'accept' });
      const secretarys = yearly.find((c) => c.owner === 'bithu.tdp1' && c.member.index === 0);
      expect(secretarys).toMatchObject({ reviewer: 'phobithu.tdp1', review: 'accept' });
      // The secretaries register first (nêu gương).
      expect(life.commitments[0].member.index).toBe(0);
    });

    it('never has the login that entered a commitment for a member also decide it (issue 14)', () => {
      const all = [...plan.logins, ...life.secretaries];
      let onBehalf = 0;
      for (const c of life.commitments) {
        const owner = all.find((l) => l.username === c.owner)!;
        if (owner.member.cellCode === c.member.cellCode && owner.member.index === c.member.index) continue;
        onBehalf += 1;
        expect(c.reviewer).not.toBe(c.owner);
      }
      expect(onBehalf).toBeGreaterThan(0);
      // With a deputy's login the deputy enters and the secretary keeps a queue to review.
      const tdp1 = life.commitments.filter((c) => c.member.cellCode === 'P-LB.TDP1' && c.review === 'wait');
      expect(tdp1.some((c) => c.owner === 'phobithu.tdp1' && c.reviewer === 'bithu.tdp1')).toBe(true);
    });

    it('plans a few quarterly commitments of the current quarter', () => {
      const quarterly = life.commitments.filter((c) => c.periodType === 'quarterly');
      expect(quarterly).toHaveLength(3 * cells.length);
      expect(quarterly.every((c) => c.periodIndex === 4 && c.review === 'accept')).toBe(true);
    });

    it('holds a study and a regular meeting per cell, this year and not after today, with the roll of the day', () => {
      expect(life.meetings).toHaveLength(2 * cells.length);
      for (const cell of cells) {
        const held = life.meetings.filter((m) => m.cellCode === cell.code);
        expect(held.map((m) => m.kind).sort()).toEqual(['regular', 'study']);
        expect(life.recorders[cell.code]).toMatch(/^bithu\./);
        for (const m of held) {
          expect(m.heldOn.startsWith('2026-') && m.heldOn <= TODAY).toBe(true);
          expect(m.present.length).toBeGreaterThan(cell.members.length / 2);
          const listed = [...m.present, ...m.excused];
          expect(new Set(listed).size).toBe(listed.length);
          for (const i of listed) expect(cell.members[i].joinedPartyOn <= m.heldOn).toBe(true);
        }
      }
    });

    it('keeps meetings inside the year early in January', () => {
      const early = buildDemoPlan({ today: '2027-01-02' }).life;
      expect(early.year).toBe(2027);
      expect(early.meetings.every((m) => m.heldOn === '2027-01-02')).toBe(true);
      expect(
        early.commitments.filter((c) => c.periodType === 'quarterly').every((c) => c.periodIndex === 1),
      ).toBe(true);
    });
  });

  describe('when things happen (demo-year)', () => {
    const { life } = plan;
    const STEP_ORDER = ['created', 'submitted', 'reviewed', 'feedback', 'reported', 'assessed'] as const;
    const vnDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);

    it('registers yearly commitments in January (a few in February), never after today, steps in order', () => {
      const yearly = life.commitments.filter((c) => c.periodType === 'yearly');
      const days = yearly.map((c) => vnDay(c.at.submitted));
      expect(days.filter((d) => d.startsWith('2026-01-')).length / days.length).toBeGreaterThan(0.9);
      expect(days.every((d) => d >= '2026-01-02' && d <= '2026-02-03')).toBe(true);
      expect(new Set(days).size).toBeGreaterThan(15);
      for (const c of life.commitments) {
        const times = STEP_ORDER.map((step) => Date.parse(c.at[step]));
        for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
        expect(vnDay(c.at.created) <= TODAY).toBe(true);
        expect(vnDay(c.at.assessed) <= TODAY).toBe(true);
      }
      for (const m of life.meetings) expect(vnDay(m.at)).toBe(m.heldOn);
    });

    it('gives the featured member a returned, a draft, results due and góp ý, and earlier months assessed', () => {
      const member = plan.logins.find((l) => l.role === 'member')!.member;
      const mine = life.commitments.filter(
        (c) => c.member.cellCode === member.cellCode && c.member.index === member.index,
      );
      const monthly = mine.filter((c) => c.periodType === 'monthly');
      expect(monthly.find((c) => c.year === 2026 && c.periodIndex === 11)).toMatchObject({
        review: 'return',
      });
      expect(monthly.find((c) => c.year === 2026 && c.periodIndex === 12)).toMatchObject({ review: 'draft' });
      const october = monthly.find((c) => c.periodIndex === 10)!;
      expect(october).toMatchObject({ review: 'accept', feedback: expect.anything() });
      expect(october.outcomes).toBeUndefined();
      expect(monthly.filter((c) => c.rating)).toHaveLength(9);
      for (const c of monthly.filter((x) => x.year === 2026 && x.periodIndex! <= 11))
        expect(Number(vnDay(c.at.submitted).slice(5, 7))).toBe(c.periodIndex);
      const yearly = mine.find((c) => c.periodType === 'yearly')!;
      expect(yearly).toMatchObject({ review: 'accept', feedback: expect.anything() });
      expect(yearly.outcomes).toBeUndefined();
    });

    it('writes next January as the draft in December, and keeps January alone early in the year', () => {
      const december = buildDemoPlan({ today: '2026-12-07' }).life;
      const member = plan.logins.find((l) => l.role === 'member')!.member;
      const draft = december.commitments.find(
        (c) =>
          c.review === 'draft' && c.member.index === member.index && c.member.cellCode === member.cellCode,
      );
      expect(draft).toMatchObject({ year: 2027, periodType: 'monthly', periodIndex: 1 });
      const january = buildDemoPlan({ today: '2027-01-02' }).life;
      const monthly = january.commitments.filter((c) => c.periodType === 'monthly');
      expect(monthly.every((c) => c.year === 2027 && c.periodIndex! <= 2)).toBe(true);
      expect(monthly.some((c) => c.review === 'return' && c.periodIndex === 1)).toBe(true);
      for (const c of january.commitments) expect(vnDay(c.at.assessed) <= '2027-01-02').toBe(true);
    });
  });

  it('is deterministic for a seed and date', () => {
    expect(buildDemoPlan({ today: TODAY })).toEqual(plan);
    expect(buildDemoPlan({ today: TODAY, seed: 1 })).not.toEqual(plan);
  });
});
