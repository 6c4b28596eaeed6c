import { describe, expect, it } from 'vitest';
import { isIsoDate } from '../common/dates.js';
import { buildDemoPlan, planCells, planCommittees } from './demo-plan.js';

const TODAY = '2026-11-26';

describe(buildDemoPlan.name, () => {
  const plan = buildDemoPlan({ today: TODAY });
  const cells = planCells(plan.root);
  const members = cells.flatMap((c) => c.members);

  it('has one city committee, four grassroots ward committees, twelve cells and 300 members', () => {
    const committees = planCommittees(plan.root);
    expect(committees).toHaveLength(5);
    expect(committees.filter((c) => c.isGrassroots)).toHaveLength(4);
    expect(cells).toHaveLength(12);
    expect(members).toHaveLength(300);
  });

  it('uses unique organisation codes and unique party card numbers', () => {
    const codes = [...planCommittees(plan.root), ...cells].map((o) => o.code);
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
    expect(plan.logins.map((l) => l.role)).toEqual(['leader', 'leader', 'secretary', 'secretary', 'member']);
    for (const l of plan.logins) {
      const cell = cells.find((c) => c.code === l.member.cellCode)!;
      const m = cell.members[l.member.index];
      expect(m).toBeDefined();
      expect(m.isExempt).toBe(false);
      if (l.role === 'secretary') expect(l.organizationCode).toBe(cell.code);
    }
  });

  it('is deterministic for a seed and date', () => {
    expect(buildDemoPlan({ today: TODAY })).toEqual(plan);
    expect(buildDemoPlan({ today: TODAY, seed: 1 })).not.toEqual(plan);
  });
});
