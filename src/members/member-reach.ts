import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Permission } from '../common/permissions.js';
import { coversPath, pathCondition, Scope, scopeOf, SqlCondition } from '../common/scope.js';
import { Member } from './member.entity.js';
import { everInCellWhere, memberWithCell } from './members.repository.js';

/**
 * A member reached for their records. `current`: through their current cell or as themselves (what
 * `visibleMember` answers); otherwise only through a cell of the scope they belonged to before a
 * transfer, where the records made in that cell stay readable (API.md, "Rules that hold everywhere").
 * `allRecords`: the caller reads the member's records wherever they were made (the member themselves,
 * an admin); anyone else reads those made in cells of `scope` and the formal record.
 */
export interface MemberReach {
  member: Member;
  /** The member's current cell. */
  cellPath: string;
  cellName: string;
  current: boolean;
  allRecords: boolean;
  scope: Scope;
}

/** Loads a member the actor may reach with `permission` (self, or in a subtree); 404 otherwise. */
export async function visibleMember(
  em: EntityManager,
  actor: Actor,
  permission: Permission,
  id: string,
): Promise<{ member: Member; cellPath: string }> {
  const scope = scopeOf(actor, permission);
  const found = await memberWithCell(em, id);
  if (!found) throw DomainError.notFound('Member');
  const { member, cellPath } = found;
  if (coversPath(scope, cellPath) || (scope.selfMemberId !== null && scope.selfMemberId === member.id)) {
    return { member, cellPath };
  }
  throw DomainError.notFound('Member');
}

/**
 * `visibleMember`, widened to the cells the member left: a leader or secretary whose scope held a
 * cell the member belonged to (member_cell_history) reaches them with `current` false, to read the
 * records made there. Anyone else: 404, as if missing.
 */
export async function reachableMember(
  em: EntityManager,
  actor: Actor,
  permission: Permission,
  id: string,
): Promise<MemberReach> {
  const scope = scopeOf(actor, permission);
  const found = await memberWithCell(em, id);
  if (!found) throw DomainError.notFound('Member');
  const { member, cellPath, cellName } = found;
  const self = scope.selfMemberId !== null && scope.selfMemberId === member.id;
  const reach = { member, cellPath, cellName, allRecords: scope.all || self, scope };
  if (self || coversPath(scope, cellPath)) return { ...reach, current: true };
  if (scope.paths.length) {
    const past = pathCondition(scope, '"o"."path"', [], 'past');
    if (await everInCellWhere(em, member.id, past)) return { ...reach, current: false };
  }
  throw DomainError.notFound('Member');
}

/**
 * SQL for "a record of the reached member made in a cell the caller may read": every record for
 * `allRecords`, otherwise those whose cell path (`column`) lies in the scope.
 */
export function recordCondition(reach: MemberReach, column: string, prefix = 'rec'): SqlCondition {
  if (reach.allRecords) return { sql: '1=1', params: {} };
  return pathCondition(reach.scope, column, [], prefix);
}
