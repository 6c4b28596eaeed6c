import { EntityManager } from 'typeorm';
import { escapeLike } from '../common/text.js';
import { AuditEntry } from './audit-entry.entity.js';
import { AuditQuery } from './audit.dto.js';

/**
 * One page of audit entries matching the query, newest first, with the total. `paths` null: every
 * entry; else the entries about organisations under one of these paths (at least one).
 */
export function auditEntriesPage(
  em: EntityManager,
  paths: string[] | null,
  q: AuditQuery,
): Promise<[AuditEntry[], number]> {
  const qb = em.getRepository(AuditEntry).createQueryBuilder('a');
  if (paths) {
    qb.andWhere(
      `(${paths.map((_, i) => `a.organizationPath LIKE :p${i} ESCAPE '\\'`).join(' OR ')})`,
      Object.fromEntries(paths.map((p, i) => [`p${i}`, `${escapeLike(p)}%`])),
    );
  }
  if (q.action) qb.andWhere('a.action = :action', { action: q.action });
  if (q.entityType) qb.andWhere('a.entityType = :entityType', { entityType: q.entityType });
  if (q.entityId) qb.andWhere('a.entityId = :entityId', { entityId: q.entityId });
  if (q.actorUserId) qb.andWhere('a.actorUserId = :actorUserId', { actorUserId: q.actorUserId });
  if (q.from) qb.andWhere('a.at >= :from', { from: new Date(q.from) });
  if (q.to) qb.andWhere('a.at <= :to', { to: new Date(q.to) });
  return qb
    .orderBy('a.at', 'DESC')
    .addOrderBy('a.id', 'DESC')
    .skip((q.page - 1) * q.pageSize)
    .take(q.pageSize)
    .getManyAndCount();
}
