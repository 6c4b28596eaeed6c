import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Permission } from '../common/permissions.js';
import { coversPath, scopeOf } from '../common/scope.js';
import { Organization } from './organization.entity.js';
import { organizationById } from './organizations.repository.js';

/** Loads an organisation the actor may reach with `permission`; 404 otherwise (as if missing). */
export async function visibleOrganization(
  em: EntityManager,
  actor: Actor,
  permission: Permission,
  id: string,
): Promise<Organization> {
  const scope = scopeOf(actor, permission);
  const org = await organizationById(em, id);
  if (!org) throw DomainError.notFound('Organization');
  if (coversPath(scope, org.path)) return org;
  if (scope.selfCellPath && org.path === scope.selfCellPath) return org;
  throw DomainError.notFound('Organization');
}
