import { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Organization } from '../organizations/organization.entity.js';
import { Meeting } from './meeting.entity.js';

/**
 * Loads a meeting the actor may reach: leaders and secretaries over its cell, and (for reading) the
 * members of that cell. Anything else answers 404, as if missing.
 */
export async function visibleMeeting(
  em: EntityManager,
  access: AccessService,
  actor: Actor,
  permission: 'meeting.read' | 'meeting.manage',
  id: string,
): Promise<{ meeting: Meeting; cell: Organization }> {
  const meeting = await em.findOneBy(Meeting, { id });
  if (!meeting) throw DomainError.notFound('Meeting');
  const cell = await em.findOneByOrFail(Organization, { id: meeting.cellId });
  const scope = access.scopeOf(actor, permission);
  if (
    access.coversPath(scope, cell.path) ||
    (scope.selfCellPath !== null && scope.selfCellPath === cell.path)
  ) {
    return { meeting, cell };
  }
  throw DomainError.notFound('Meeting');
}
