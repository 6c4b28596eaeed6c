import { EntityManager } from 'typeorm';
import { PageQuery } from '../common/pagination.js';
import { SqlCondition } from '../common/scope.js';
import { Organization } from '../organizations/organization.entity.js';
import { DisciplinaryRecord } from './disciplinary-record.entity.js';

/**
 * A member's decisions made in cells matching `made` (a condition on the cell's "o"."path"): one page,
 * newest first, with the total, and the first expulsion among them (null when none).
 */
export async function memberRecordsPage(
  em: EntityManager,
  memberId: string,
  made: SqlCondition,
  q: PageQuery,
): Promise<{ rows: DisciplinaryRecord[]; total: number; expulsion: DisciplinaryRecord | null }> {
  const base = () =>
    em
      .createQueryBuilder(DisciplinaryRecord, 'd')
      .innerJoin(Organization, 'o', '"o"."id" = "d"."cellId"')
      .where('"d"."memberId" = :memberId', { memberId })
      .andWhere(made.sql, made.params);
  const [rows, total] = await base()
    .orderBy('d.decidedOn', 'DESC')
    .addOrderBy('d.createdAt', 'DESC')
    .addOrderBy('d.id', 'ASC')
    .offset((q.page - 1) * q.pageSize)
    .limit(q.pageSize)
    .getManyAndCount();
  const expulsion = await base().andWhere(`"d"."form" = 'expulsion'`).orderBy('d.decidedOn', 'ASC').getOne();
  return { rows, total, expulsion };
}

/** A member's decisions dated in a year, oldest first. */
export function memberRecordsInYear(
  em: EntityManager,
  memberId: string,
  year: number,
): Promise<DisciplinaryRecord[]> {
  return em
    .createQueryBuilder(DisciplinaryRecord, 'd')
    .where('d.memberId = :memberId AND d.decidedOn >= :from AND d.decidedOn <= :to', {
      memberId,
      from: `${year}-01-01`,
      to: `${year}-12-31`,
    })
    .orderBy('d.decidedOn')
    .getMany();
}
