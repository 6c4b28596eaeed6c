import { describe, expect, it } from 'vitest';
import type { RuleSetDefinition } from '../../../../../src/evaluations/rule-sets';
import {
  checkQuota as serverCheckQuota,
  maxExcellent as serverMaxExcellent,
} from '../../../../../src/evaluations/evaluation-quota.rules';
import {
  blockersFromDetails,
  blockerWords,
  checkQuota,
  DecisionRow,
  maxExcellent,
  organizationStandings,
  QuotaRule,
} from './quota';

const V2: QuotaRule = { maxExcellentShareOfGood: 0.2, rounding: 'floor', exceptionByHigherCommittee: true };
const V1: QuotaRule = { ...V2, exceptionByHigherCommittee: false };

const ORG_A = 'a0000000-0000-4000-8000-000000000001';
const ORG_B = 'b0000000-0000-4000-8000-000000000002';
const orgs = new Map<string | null, { name: string | null; exceptionMax: number | null }>([
  [ORG_A, { name: 'Đảng bộ phường Hội Hợp', exceptionMax: null }],
  [ORG_B, { name: 'Chi bộ Trường Mầm non Liên Bảo', exceptionMax: null }],
]);

function row(id: string, org: string, over: Partial<DecisionRow> = {}): DecisionRow {
  return {
    id,
    memberName: `Nguyễn Thị ${id}`,
    grassrootsOrganizationId: org,
    status: 'proposed',
    decidedLevel: null,
    disqualifiers: [],
    ...over,
  };
}

describe('the quota of Hoàn thành xuất sắc nhiệm vụ', () => {
  it('is the share of the good, rounded as the rule set says', () => {
    expect(maxExcellent(V2, 4)).toBe(0);
    expect(maxExcellent(V2, 5)).toBe(1);
    expect(maxExcellent(V2, 7)).toBe(1);
    expect(maxExcellent(V2, 15)).toBe(3); // 0.2 x 15 = 3.0000000000000004
    expect(maxExcellent({ ...V2, rounding: 'ceil' }, 6)).toBe(2);
    expect(maxExcellent({ ...V2, rounding: 'ceil' }, 15)).toBe(3);
    expect(maxExcellent({ ...V2, rounding: 'round' }, 8)).toBe(2);
  });

  it('equals the API’s finalize check for every count, rounding and approval', () => {
    for (const rounding of ['floor', 'round', 'ceil'] as const)
      for (const exceptionByHigherCommittee of [true, false]) {
        const rule: QuotaRule = { maxExcellentShareOfGood: 0.2, rounding, exceptionByHigherCommittee };
        const server = { quota: { ...rule, source: '' } } as unknown as RuleSetDefinition;
        for (let good = 0; good <= 120; good++) {
          expect(maxExcellent(rule, good)).toBe(serverMaxExcellent(server, good));
          for (const excellent of [0, 1, 2, 5, 30])
            for (const exception of [null, 0, 3, 40])
              expect(checkQuota(rule, { excellent, good }, exception)).toEqual(
                serverCheckQuota(server, { excellent, good }, exception),
              );
        }
      }
  });

  it('counts an approval of the higher committee only where the rule set allows one', () => {
    expect(checkQuota(V2, { excellent: 3, good: 5 }, 3)).toEqual({
      excellent: 3,
      good: 5,
      maxExcellent: 3,
      ok: true,
    });
    expect(checkQuota(V1, { excellent: 3, good: 5 }, 3).ok).toBe(false);
    // An approval below the plain quota never lowers it.
    expect(checkQuota(V2, { excellent: 2, good: 10 }, 1).maxExcellent).toBe(2);
  });
});

describe('organizationStandings', () => {
  const rows = [
    row('1', ORG_A, { status: 'decided', decidedLevel: 'excellent' }),
    row('2', ORG_A, { status: 'decided', decidedLevel: 'good' }),
    row('3', ORG_A, { status: 'decided', decidedLevel: 'good' }),
    row('4', ORG_A, { status: 'decided', decidedLevel: 'good' }),
    row('5', ORG_A, { status: 'decided', decidedLevel: 'good' }),
    row('6', ORG_A, { status: 'self_assessed' }),
    row('7', ORG_A, { status: 'not_classified' }),
    row('8', ORG_B, { status: 'decided', decidedLevel: 'good', disqualifiers: ['concluded_manifestation'] }),
  ];

  it('counts saved decisions per grassroots organisation and what blocks finalize', () => {
    const [a, b] = organizationStandings(rows, {}, V2, orgs);
    expect(a).toMatchObject({
      organizationId: ORG_A,
      classified: 6,
      undecided: 1,
      decided: { excellent: 1, good: 4, complete: 0, incomplete: 0 },
      quota: { excellent: 1, good: 4, maxExcellent: 0, ok: false },
    });
    expect(a.blockers.map((x) => x.rule)).toEqual(['undecided', 'quota']);
    expect(a.blockers[1].members).toEqual([{ evaluationId: '1', fullName: 'Nguyễn Thị 1' }]);
    expect(b.blockers.map((x) => x.rule)).toEqual(['above_disqualifier']);
  });

  it('recomputes as unsaved choices change: one more good lifts the quota to one', () => {
    const [a] = organizationStandings(rows, { '6': 'good' }, V2, orgs);
    expect(a.undecided).toBe(0);
    expect(a.quota).toEqual({ excellent: 1, good: 5, maxExcellent: 1, ok: true });
    expect(a.blockers).toEqual([]);
    // A second excellent in place of a good breaks it again; not classified rows never count.
    const [again] = organizationStandings(rows, { '6': 'good', '2': 'excellent', '7': 'good' }, V2, orgs);
    expect(again.quota).toEqual({ excellent: 2, good: 4, maxExcellent: 0, ok: false });
  });

  it('counts a recorded approval', () => {
    const withApproval = new Map(orgs).set(ORG_A, { name: 'Đảng bộ phường Hội Hợp', exceptionMax: 1 });
    const [a] = organizationStandings(rows, { '6': 'complete' }, V2, withApproval);
    expect(a.quota).toEqual({ excellent: 1, good: 4, maxExcellent: 1, ok: true });
  });
});

describe('the refusal of finalize in words', () => {
  const details = [
    {
      rule: 'undecided',
      organizationId: ORG_B,
      organizationName: 'Chi bộ Trường Mầm non Liên Bảo',
      message: 'Chi bộ Trường Mầm non Liên Bảo: 1 member(s) not yet decided',
      members: [{ evaluationId: 'e9', memberId: 'm9', fullName: 'Lê Văn Tâm', status: 'pending' }],
    },
    {
      rule: 'quota',
      organizationId: ORG_A,
      organizationName: 'Đảng bộ phường Hội Hợp',
      message: 'Đảng bộ phường Hội Hợp: 2 decided ... but at most 1 allowed',
      excellent: 2,
      good: 5,
      maxExcellent: 1,
      ok: false,
      members: [
        { evaluationId: 'e1', fullName: 'Nguyễn Thị Hằng' },
        { evaluationId: 'e2', fullName: 'Trần Văn Bình' },
      ],
    },
    { field: 'status', rule: 'somethingElse', message: 'not a finalize fault' },
  ];

  it('names each organisation, the rule and the members, never a code', () => {
    const blockers = blockersFromDetails(details);
    expect(blockers).toHaveLength(2);
    const words = blockers.map((b) => blockerWords(b, V2));
    expect(words[0]).toBe(
      'Chi bộ Trường Mầm non Liên Bảo: 1 đảng viên chưa được cấp ủy quyết định xếp loại (Lê Văn Tâm).',
    );
    expect(words[1]).toBe(
      'Đảng bộ phường Hội Hợp: 2 đảng viên được quyết định Hoàn thành xuất sắc nhiệm vụ, vượt định mức: tối đa 1 (20% của 5 Hoàn thành tốt nhiệm vụ, làm tròn xuống) (Nguyễn Thị Hằng, Trần Văn Bình).',
    );
    for (const w of words) expect(w).not.toMatch(/undecided|quota|[A-Z]{2,}_/);
  });

  it('says the approval when it sets the number', () => {
    const [, quota] = blockersFromDetails(details);
    expect(
      blockerWords({ ...quota, excellent: 4, maxExcellent: 3 }, V2, {
        decisionNumber: '125-QĐ/TU',
        decidedOn: '2026-11-20',
        maxExcellent: 3,
      }),
    ).toContain('tối đa 3 theo Quyết định 125-QĐ/TU ngày 20/11/2026 của cấp ủy cấp trên');
  });
});
