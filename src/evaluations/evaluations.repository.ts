import { EntityManager } from 'typeorm';
import { SqlCondition } from '../common/scope.js';
import { Member } from '../members/member.entity.js';
import { EvaluationCycle } from './evaluation-cycle.entity.js';
import { Evaluation } from './evaluation.entity.js';

/** The queries of single evaluations and their list; generation's writes are in evaluation-writes.repository.ts. */

/** What an evaluation row carries from its member and cycle. */
export interface RawExtras {
  memberName: string;
  cycleStatus: string;
  ruleSetId: string;
}

function rows(em: EntityManager) {
  return em
    .createQueryBuilder(Evaluation, 'e')
    .innerJoin(Member, 'm', 'm.id = e.memberId')
    .innerJoin(EvaluationCycle, 'c', 'c.id = e.cycleId')
    .addSelect('m.fullName', 'memberName')
    .addSelect('c.status', 'cycleStatus')
    .addSelect('c.ruleSetId', 'ruleSetId');
}

/** One evaluation with its member's name and its cycle's status and rule set. */
export async function evaluationById(
  em: EntityManager,
  id: string,
): Promise<{ entity: Evaluation; raw: RawExtras } | null> {
  const { entities, raw } = await rows(em).where('e.id = :id', { id }).getRawAndEntities<RawExtras>();
  return entities[0] ? { entity: entities[0], raw: raw[0] } : null;
}

export interface EvaluationFilter {
  cycleId?: string;
  memberId?: string;
  status?: string;
  level?: string;
  /** Only cells at or below this path. */
  orgPath?: string;
  page: number;
  pageSize: number;
}

/** One page of the evaluations matching `cond` (the caller's scope) and the filter, by cell and name. */
export async function evaluationsPage(em: EntityManager, cond: SqlCondition, q: EvaluationFilter) {
  const qb = rows(em).where(cond.sql, cond.params);
  if (q.cycleId) qb.andWhere('e.cycleId = :cycleId', { cycleId: q.cycleId });
  if (q.memberId) qb.andWhere('e.memberId = :memberId', { memberId: q.memberId });
  if (q.status) qb.andWhere('e.status = :status', { status: q.status });
  if (q.level) qb.andWhere('COALESCE(e.decidedLevel, e.suggestedLevel) = :level', { level: q.level });
  if (q.orgPath !== undefined) qb.andWhere('e.cellPath LIKE :orgPath', { orgPath: `${q.orgPath}%` });
  const total = await qb.getCount();
  const { entities, raw } = await qb
    .orderBy('e.cellPath')
    .addOrderBy('m.searchName')
    .addOrderBy('e.id')
    .offset((q.page - 1) * q.pageSize)
    .limit(q.pageSize)
    .getRawAndEntities<RawExtras>();
  return { entities, raw, total };
}

/** Whether the meeting is one of the cell's. */
export async function meetingOfCellExists(
  em: EntityManager,
  meetingId: string,
  cellId: string,
): Promise<boolean> {
  const [sql, params] = em.dataSource.driver.escapeQueryWithParameters(
    `SELECT 1 AS "found" FROM "meeting" WHERE "id" = :meetingId AND "cellId" = :cellId`,
    { meetingId, cellId },
  );
  const found = await em.query<unknown[]>(sql, params);
  return found.length > 0;
}
