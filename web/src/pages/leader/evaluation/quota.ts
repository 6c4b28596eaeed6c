import { formatDate, formatRate } from '../../../lib/format';
import { LEVEL_LABELS } from '../../../lib/labels';

/**
 * The quota of "Hoàn thành xuất sắc nhiệm vụ" per grassroots organisation, and everything else that
 * blocks finalizing a cycle, computed in the page as the leader decides. Pure, and the same
 * arithmetic as the API's finalize check (src/evaluations/evaluation-quota.rules.ts `checkQuota`,
 * evaluation-cycles.repository.ts `finalizeFaults`): over decided levels, excellent may not exceed the
 * rule set's share of the good, rounded as the rule set says, or the number a recorded approval of
 * the higher committee allows where the rule set has that exception.
 */

export type Level = 'excellent' | 'good' | 'complete' | 'incomplete';
export const LEVELS: readonly Level[] = ['excellent', 'good', 'complete', 'incomplete'];

/** The cycle's `ruleSet.quota` (GET /api/evaluation-cycles/:id). */
export interface QuotaRule {
  maxExcellentShareOfGood: number;
  rounding: 'floor' | 'round' | 'ceil';
  exceptionByHigherCommittee: boolean;
}

export interface QuotaCheck {
  excellent: number;
  good: number;
  maxExcellent: number;
  ok: boolean;
}

/** share x good, rounded as the rule set says (the epsilons keep 0.2 x 15 from drifting past 3). */
export function maxExcellent(rule: QuotaRule, good: number): number {
  const exact = good * rule.maxExcellentShareOfGood;
  switch (rule.rounding) {
    case 'ceil':
      return Math.ceil(exact - 1e-9);
    case 'round':
      return Math.round(exact + 1e-9);
    case 'floor':
      return Math.floor(exact + 1e-9);
  }
}

/** `exceptionMax`: the number the higher committee approved, counted where the rule set allows it. */
export function checkQuota(
  rule: QuotaRule,
  counts: { excellent: number; good: number },
  exceptionMax: number | null = null,
): QuotaCheck {
  const plain = maxExcellent(rule, counts.good);
  const max =
    exceptionMax !== null && rule.exceptionByHigherCommittee ? Math.max(exceptionMax, plain) : plain;
  return { excellent: counts.excellent, good: counts.good, maxExcellent: max, ok: counts.excellent <= max };
}

/** What the finalize check reads of one evaluation. */
export interface DecisionRow {
  id: string;
  memberName: string;
  grassrootsOrganizationId: string | null;
  status: string;
  /** The saved decision. */
  decidedLevel: Level | null;
  disqualifiers: string[];
}

/** The level a row counts with: the unsaved choice, else the saved decision; null while undecided. */
export function effectiveLevel(row: DecisionRow, drafts: Readonly<Record<string, Level>>): Level | null {
  if (row.status === 'not_classified') return null;
  return drafts[row.id] ?? (row.status === 'decided' ? row.decidedLevel : null);
}

export type BlockerRule = 'undecided' | 'above_disqualifier' | 'quota';

/** One reason a cycle cannot be finalized: the shape of a `details` entry of the API's 409. */
export interface Blocker {
  rule: BlockerRule;
  organizationId: string | null;
  organizationName: string | null;
  members: Array<{ evaluationId?: string; fullName: string }>;
  excellent?: number;
  good?: number;
  maxExcellent?: number;
}

export interface OrganizationStanding {
  organizationId: string | null;
  /** Classified members (the not classified take no part in the quota). */
  classified: number;
  undecided: number;
  decided: Record<Level, number>;
  quota: QuotaCheck;
  blockers: Blocker[];
}

/**
 * Per grassroots organisation of the rows: the decided counts (with the unsaved choices), the quota,
 * and what would block finalize, in the API's order (undecided, above a disqualifier, quota).
 */
export function organizationStandings(
  rows: readonly DecisionRow[],
  drafts: Readonly<Record<string, Level>>,
  rule: QuotaRule,
  organizations: ReadonlyMap<string | null, { name: string | null; exceptionMax: number | null }>,
): OrganizationStanding[] {
  const byOrg = new Map<string | null, DecisionRow[]>();
  for (const row of rows) {
    if (row.status === 'not_classified') continue;
    const list = byOrg.get(row.grassrootsOrganizationId) ?? [];
    list.push(row);
    byOrg.set(row.grassrootsOrganizationId, list);
  }
  return [...byOrg].map(([organizationId, list]) => {
    const org = organizations.get(organizationId);
    const organizationName = org?.name ?? null;
    const decided: Record<Level, number> = { excellent: 0, good: 0, complete: 0, incomplete: 0 };
    const undecided: DecisionRow[] = [];
    const disqualified: DecisionRow[] = [];
    const excellent: DecisionRow[] = [];
    for (const row of list) {
      const level = effectiveLevel(row, drafts);
      if (level === null) {
        undecided.push(row);
        continue;
      }
      decided[level]++;
      if (level !== 'incomplete' && row.disqualifiers.length > 0) disqualified.push(row);
      if (level === 'excellent') excellent.push(row);
    }
    const quota = checkQuota(
      rule,
      { excellent: decided.excellent, good: decided.good },
      org?.exceptionMax ?? null,
    );
    const members = (r: DecisionRow[]) => r.map((x) => ({ evaluationId: x.id, fullName: x.memberName }));
    const blockers: Blocker[] = [];
    if (undecided.length)
      blockers.push({ rule: 'undecided', organizationId, organizationName, members: members(undecided) });
    if (disqualified.length)
      blockers.push({
        rule: 'above_disqualifier',
        organizationId,
        organizationName,
        members: members(disqualified),
      });
    if (!quota.ok)
      blockers.push({
        rule: 'quota',
        organizationId,
        organizationName,
        members: members(excellent),
        ...quota,
      });
    return { organizationId, classified: list.length, undecided: undecided.length, decided, quota, blockers };
  });
}

const ROUNDING_WORDS: Record<QuotaRule['rounding'], string> = {
  floor: 'làm tròn xuống',
  ceil: 'làm tròn lên',
  round: 'làm tròn',
};

/** `20% của 7 Hoàn thành tốt nhiệm vụ, làm tròn xuống: tối đa 1`; the approval when one is counted. */
export function quotaWords(
  rule: QuotaRule,
  quota: { good: number; maxExcellent: number },
  exception: { decisionNumber: string; decidedOn: string; maxExcellent: number } | null = null,
): string {
  const plain = `${formatRate(rule.maxExcellentShareOfGood)} của ${quota.good} ${LEVEL_LABELS.good}, ${ROUNDING_WORDS[rule.rounding]}`;
  if (
    exception &&
    rule.exceptionByHigherCommittee &&
    exception.maxExcellent >= maxExcellent(rule, quota.good)
  )
    return `tối đa ${quota.maxExcellent} theo Quyết định ${exception.decisionNumber} ngày ${formatDate(exception.decidedOn)} của cấp ủy cấp trên (định mức thường: ${plain})`;
  return `tối đa ${quota.maxExcellent} (${plain})`;
}

/** One blocker in words (UI.md: never a raw code): the organisation, the rule, the members. */
export function blockerWords(
  blocker: Blocker,
  rule: QuotaRule,
  exception: { decisionNumber: string; decidedOn: string; maxExcellent: number } | null = null,
): string {
  const org = blocker.organizationName ?? 'Tổ chức cơ sở đảng';
  const n = blocker.members.length;
  const names = blocker.members.map((m) => m.fullName).join(', ');
  switch (blocker.rule) {
    case 'undecided':
      return `${org}: ${n} đảng viên chưa được cấp ủy quyết định xếp loại (${names}).`;
    case 'above_disqualifier':
      return `${org}: ${n} đảng viên có căn cứ buộc xếp ${LEVEL_LABELS.incomplete} nhưng được quyết định mức cao hơn (${names}).`;
    case 'quota':
      return `${org}: ${blocker.excellent ?? n} đảng viên được quyết định ${LEVEL_LABELS.excellent}, vượt định mức: ${quotaWords(
        rule,
        { good: blocker.good ?? 0, maxExcellent: blocker.maxExcellent ?? 0 },
        exception,
      )} (${names}).`;
  }
}

/** The `details` of the API's EVALUATION_FINALIZE_BLOCKED, read defensively into blockers. */
export function blockersFromDetails(details: ReadonlyArray<Record<string, unknown>>): Blocker[] {
  const rules: readonly string[] = ['undecided', 'above_disqualifier', 'quota'];
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return details
    .filter((d) => typeof d.rule === 'string' && rules.includes(d.rule))
    .map((d) => ({
      rule: d.rule as BlockerRule,
      organizationId: typeof d.organizationId === 'string' ? d.organizationId : null,
      organizationName: typeof d.organizationName === 'string' ? d.organizationName : null,
      members: (Array.isArray(d.members) ? (d.members as Array<Record<string, unknown>>) : []).map((m) => ({
        evaluationId: typeof m.evaluationId === 'string' ? m.evaluationId : undefined,
        fullName: typeof m.fullName === 'string' ? m.fullName : '',
      })),
      excellent: num(d.excellent),
      good: num(d.good),
      maxExcellent: num(d.maxExcellent),
    }));
}
