import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Permission } from '../common/permissions.js';
import { hydrate, param, selectColumns } from '../common/raw-rows.js';
import { coversPath, scopeOf } from '../common/scope.js';
import { Organization } from './organization.entity.js';

/** Loads an organisation the actor may reach with `permission`; 404 otherwise (as if missing). */
export async function visibleOrganization(
  em: EntityManager,
  actor: Actor,
  permission: Permission,
  id: string,
): Promise<Organization> {
  const scope = scopeOf(actor, permission);
  const rows: Array<Record<string, unknown>> = await em.query(
    `SELECT ${selectColumns(em, Organization, 'o')} FROM "organization" "o" WHERE "o"."id" = ${param(em, 1)}`,
    [id],
  );
  if (!rows[0]) throw DomainError.notFound('Organization');
  const org = hydrate(em, Organization, rows[0], 'o');
  if (coversPath(scope, org.path)) return org;
  if (scope.selfCellPath && org.path === scope.selfCellPath) return org;
  throw DomainError.notFound('Organization');
}
