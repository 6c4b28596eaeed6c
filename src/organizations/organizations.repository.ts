import { EntityManager } from 'typeorm';
import { hydrate, param, selectColumns } from '../common/raw-rows.js';
import { SqlCondition } from '../common/scope.js';
import { Organization } from './organization.entity.js';
import { subtreeRewrite, TreeNode } from './organizations.rules.js';

/** An organisation by id, or null (a prepared statement: it runs on most requests, raw-rows.ts). */
export async function organizationById(em: EntityManager, id: string): Promise<Organization | null> {
  const rows: Array<Record<string, unknown>> = await em.query(
    `SELECT ${selectColumns(em, Organization, 'o')} FROM "organization" "o" WHERE "o"."id" = ${param(em, 1)}`,
    [id],
  );
  return rows[0] ? hydrate(em, Organization, rows[0], 'o') : null;
}

/** The organisations "o" matching `cond`, open ones only unless `includeClosed`, by depth and code. */
export function organizationsWhere(
  em: EntityManager,
  cond: SqlCondition,
  includeClosed: boolean,
): Promise<Organization[]> {
  const qb = em.createQueryBuilder(Organization, 'o').where(cond.sql, cond.params);
  if (!includeClosed) qb.andWhere('o.closedOn IS NULL');
  return qb.orderBy('o.depth').addOrderBy('o.code').getMany();
}

/** The organisations below `org` (not itself), as tree nodes. */
export function descendantNodes(
  em: EntityManager,
  org: Pick<Organization, 'id' | 'path'>,
): Promise<TreeNode[]> {
  return em
    .createQueryBuilder(Organization, 'o')
    .select(['o.id', 'o.kind', 'o.isGrassroots', 'o.path'])
    .where('o.path LIKE :p AND o.id <> :id', { p: `${org.path}%`, id: org.id })
    .getMany();
}

/** The open direct children of an organisation, by id. */
export function openChildren(em: EntityManager, id: string): Promise<Organization[]> {
  return em
    .createQueryBuilder(Organization, 'o')
    .where('o.parentId = :id AND o.closedOn IS NULL', { id })
    .orderBy('o.id')
    .getMany();
}

/**
 * Rewrites the path and depth of every descendant in one set-based UPDATE, whatever the size of
 * the subtree (the moved organisation itself is already written).
 */
export async function rebaseSubtree(
  em: EntityManager,
  oldPrefix: string,
  newPrefix: string,
  rootId: string,
): Promise<void> {
  const { cut, depthDelta } = subtreeRewrite(oldPrefix, newPrefix);
  await em
    .createQueryBuilder()
    .update(Organization)
    .set({
      path: () => `:newPrefix || SUBSTR("path", ${cut})`,
      depth: () => `"depth" + ${depthDelta}`,
    })
    .where(`"path" LIKE :oldPrefix AND "id" <> :rootId`)
    .setParameters({ newPrefix, oldPrefix: `${oldPrefix}%`, rootId })
    .execute();
}
