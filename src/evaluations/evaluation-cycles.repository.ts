import { EntityManager } from 'typeorm';
import { ErrorDetail } from '../common/domain-error.js';
import { Organization } from '../organizations/organization.entity.js';
import { EvaluationCycle } from './evaluation-cycle.entity.js';
import { checkQuota } from './evaluation-quota.rules.js';
import { EvaluationRuleSet } from './evaluation-rule-set.entity.js';
import { CycleQuery } from './evaluations.dto.js';
import type { GrassrootsSummary } from './evaluations.responses.js';
import { QuotaException } from './quota-exception.entity.js';
import { LEVEL_NAMES, RuleSetDefinition } from './rule-sets.js';

/**
 * The queries of evaluation cycles: opening one (the checks on the tree, overlapping cycles and the
 * rule set in force), the page of cycles in reach, and read-only aggregates over a cycle's
 * evaluations (the per-organisation summary and finalize's checks).
 */

/** Whether any of these organisations is a grassroots organisation. */
export async function anyGrassroots(em: EntityManager, ids: string[]): Promise<boolean> {
  if (ids.length === 0) return false;
  return em
    .createQueryBuilder(Organization, 'o')
    .where('o.id IN (:...ids)', { ids })
    .andWhere('o."isGrassroots"')
    .getExists();
}

/** A cycle of the year at, above or below the organisation at `path`. */
export async function overlappingCycle(
  em: EntityManager,
  year: number,
  path: string,
): Promise<EvaluationCycle | null> {
  return em
    .createQueryBuilder(EvaluationCycle, 'c')
    .where('c.year = :year', { year })
    .andWhere(`(c.organizationPath LIKE :sub OR :path LIKE c.organizationPath || '%')`, {
      sub: `${path}%`,
      path,
    })
    .getOne();
}

/** The newest rule set in force on `reviewDate` (only `ruleSetId` when given). */
export async function ruleSetInForce(
  em: EntityManager,
  reviewDate: string,
  ruleSetId?: string,
): Promise<EvaluationRuleSet | null> {
  const inForce = em
    .createQueryBuilder(EvaluationRuleSet, 'r')
    .where('r.effectiveFrom <= :d', { d: reviewDate });
  if (ruleSetId) inForce.andWhere('r.id = :ruleSetId', { ruleSetId });
  return inForce.orderBy('r.effectiveFrom', 'DESC').addOrderBy('r.version', 'DESC').getOne();
}

/**
 * One page of the cycles whose organisation lies at, above or below one of the `reach` paths (every
 * cycle when null), newest year first, and the total.
 */
export async function cyclesPage(
  em: EntityManager,
  reach: string[] | null,
  q: CycleQuery,
): Promise<[EvaluationCycle[], number]> {
  const qb = em
    .createQueryBuilder(EvaluationCycle, 'c')
    .innerJoin(EvaluationRuleSet, 'r', 'r.id = c.ruleSetId')
    .addSelect('r.id');
  if (reach) {
    const parts: string[] = [];
    const params: Record<string, string> = {};
    reach.forEach((p, i) => {
      parts.push(`c.organizationPath LIKE :below${i} OR :at${i} LIKE c.organizationPath || '%'`);
      params[`below${i}`] = `${p}%`;
      params[`at${i}`] = p;
    });
    qb.where(parts.length ? `(${parts.join(' OR ')})` : '1=0', params);
  }
  if (q.year) qb.andWhere('c.year = :year', { year: q.year });
  if (q.organizationId) qb.andWhere('c.organizationId = :orgId', { orgId: q.organizationId });
  return qb
    .orderBy('c.year', 'DESC')
    .addOrderBy('c.organizationPath')
    .skip((q.page - 1) * q.pageSize)
    .take(q.pageSize)
    .getManyAndCount();
}

/** The cycle's approvals to exceed the quota, by grassroots organisation. */
export async function quotaExceptions(
  em: EntityManager,
  cycleId: string,
): Promise<Map<string, QuotaException>> {
  const rows = await em.find(QuotaException, { where: { cycleId } });
  return new Map(rows.map((x) => [x.grassrootsId, x]));
}

type Raw = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);

/** Counts per grassroots organisation over the evaluations matching `cond` (the caller's scope). */
export async function grassrootsSummary(
  em: EntityManager,
  cycle: EvaluationCycle,
  rules: RuleSetDefinition,
  cond: { sql: string; params: Record<string, string> },
): Promise<GrassrootsSummary[]> {
  const levelSums = (column: string, prefix: string) =>
    (['excellent', 'good', 'complete', 'incomplete'] as const)
      .map((l) => `SUM(CASE WHEN e."${column}" = '${l}' THEN 1 ELSE 0 END) AS "${prefix}_${l}"`)
      .join(', ');
  const rows = await em
    .createQueryBuilder()
    .select([
      'e."grassrootsId" AS "organizationId"',
      'o."name" AS "organizationName"',
      'COUNT(*) AS "members"',
      `SUM(CASE WHEN e."status" = 'not_classified' THEN 1 ELSE 0 END) AS "notClassified"`,
      `SUM(CASE WHEN e."status" NOT IN ('decided', 'not_classified') THEN 1 ELSE 0 END) AS "undecided"`,
      levelSums('suggestedLevel', 's'),
      `${levelSums('decidedLevel', 'd').replaceAll('THEN 1', `AND e."status" = 'decided' THEN 1`)}`,
    ])
    .from('evaluation', 'e')
    .leftJoin('organization', 'o', 'o.id = e."grassrootsId"')
    .where('e."cycleId" = :cycleId', { cycleId: cycle.id })
    .andWhere(cond.sql, cond.params)
    .groupBy('e."grassrootsId"')
    .addGroupBy('o."name"')
    .orderBy('o."name"')
    .getRawMany<Raw>();
  const exceptions = await quotaExceptions(em, cycle.id);
  const exception = (orgId: unknown) => (typeof orgId === 'string' ? exceptions.get(orgId) : undefined);
  return rows.map((r) => {
    const levels = (prefix: string) => ({
      excellent: num(r[`${prefix}_excellent`]),
      good: num(r[`${prefix}_good`]),
      complete: num(r[`${prefix}_complete`]),
      incomplete: num(r[`${prefix}_incomplete`]),
    });
    const decided = levels('d');
    return {
      organizationId: (r.organizationId as string | null) ?? null,
      organizationName: (r.organizationName as string | null) ?? null,
      members: num(r.members),
      notClassified: num(r.notClassified),
      undecided: num(r.undecided),
      suggested: levels('s'),
      decided,
      quota: checkQuota(
        rules,
        { excellent: decided.excellent, good: decided.good },
        exception(r.organizationId)?.maxExcellent ?? null,
      ),
      quotaException: exception(r.organizationId)
        ? {
            decisionNumber: exception(r.organizationId)!.decisionNumber,
            decidedOn: exception(r.organizationId)!.decidedOn,
            approvedByOrganizationId: exception(r.organizationId)!.approvedByOrganizationId,
            maxExcellent: exception(r.organizationId)!.maxExcellent,
          }
        : null,
    };
  });
}

const ROUNDING_WORDS = { floor: 'down', ceil: 'up', round: 'to the nearest' } as const;

/** Every reason the cycle cannot be finalized, one entry per organisation and rule, naming the members. */
export async function finalizeFaults(
  em: EntityManager,
  cycle: EvaluationCycle,
  rules: RuleSetDefinition,
): Promise<ErrorDetail[]> {
  const rows = await em
    .createQueryBuilder()
    .select([
      'e."grassrootsId" AS "organizationId"',
      'o."name" AS "organizationName"',
      'e."memberId" AS "memberId"',
      'm."fullName" AS "fullName"',
      'e."id" AS "evaluationId"',
      'e."status" AS "status"',
      'e."decidedLevel" AS "decidedLevel"',
      'e."disqualifiers" AS "disqualifiers"',
    ])
    .from('evaluation', 'e')
    .innerJoin('member', 'm', 'm.id = e."memberId"')
    .leftJoin('organization', 'o', 'o.id = e."grassrootsId"')
    .where('e."cycleId" = :cycleId', { cycleId: cycle.id })
    .andWhere(`e."status" <> 'not_classified'`)
    .orderBy('o."name"')
    .addOrderBy('m."searchName"')
    .getRawMany<Raw>();
  const byOrg = new Map<
    string,
    { name: string | null; undecided: Raw[]; disqualified: Raw[]; excellent: Raw[]; good: number }
  >();
  for (const r of rows) {
    const key = (r.organizationId as string | null) ?? '';
    const entry = byOrg.get(key) ?? {
      name: (r.organizationName as string | null) ?? null,
      undecided: [],
      disqualified: [],
      excellent: [],
      good: 0,
    };
    byOrg.set(key, entry);
    // A refresh may have found a disqualifier after the decision was taken.
    if (r.status === 'decided' && r.decidedLevel !== 'incomplete' && r.disqualifiers !== '[]')
      entry.disqualified.push(r);
    if (r.status !== 'decided') entry.undecided.push(r);
    else if (r.decidedLevel === 'excellent') entry.excellent.push(r);
    else if (r.decidedLevel === 'good') entry.good++;
  }
  const member = (r: Raw) => ({
    evaluationId: r.evaluationId,
    memberId: r.memberId,
    fullName: r.fullName,
    status: r.status,
  });
  const faults: ErrorDetail[] = [];
  const exceptions = await quotaExceptions(em, cycle.id);
  for (const [orgId, e] of byOrg) {
    if (e.undecided.length > 0) {
      faults.push({
        rule: 'undecided',
        organizationId: orgId || null,
        organizationName: e.name,
        message: `${e.name ?? 'organisation'}: ${e.undecided.length} member(s) not yet decided`,
        members: e.undecided.map(member),
      });
    }
    if (e.disqualified.length > 0) {
      faults.push({
        rule: 'above_disqualifier',
        organizationId: orgId || null,
        organizationName: e.name,
        message: `${e.name ?? 'organisation'}: ${e.disqualified.length} member(s) decided above a disqualifier that forces ${LEVEL_NAMES.incomplete}`,
        members: e.disqualified.map(member),
      });
    }
    const exception = exceptions.get(orgId) ?? null;
    const quota = checkQuota(
      rules,
      { excellent: e.excellent.length, good: e.good },
      exception?.maxExcellent ?? null,
    );
    if (!quota.ok) {
      faults.push({
        rule: 'quota',
        organizationId: orgId || null,
        organizationName: e.name,
        message:
          exception && rules.quota.exceptionByHigherCommittee
            ? `${e.name ?? 'organisation'}: ${quota.excellent} decided ${LEVEL_NAMES.excellent} but at most ${quota.maxExcellent} allowed (approval ${exception.decisionNumber} of ${exception.decidedOn})`
            : `${e.name ?? 'organisation'}: ${quota.excellent} decided ${LEVEL_NAMES.excellent} but at most ${quota.maxExcellent} allowed (${Math.round(rules.quota.maxExcellentShareOfGood * 100)}% of ${quota.good} ${LEVEL_NAMES.good}, rounded ${ROUNDING_WORDS[rules.quota.rounding]})`,
        ...quota,
        members: e.excellent.map(member),
      });
    }
  }
  return faults;
}
