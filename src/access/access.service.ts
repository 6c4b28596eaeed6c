import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor.js';
import { Permission } from '../common/permissions.js';
import { coversPath, pathCondition, Scope, scopeOf, SqlCondition } from '../common/scope.js';
import { Member } from '../members/member.entity.js';
import { MemberReach, reachableMember, recordCondition, visibleMember } from '../members/member-reach.js';
import { Organization } from '../organizations/organization.entity.js';
import { visibleOrganization } from '../organizations/visible-organization.js';

export type { Scope, SqlCondition } from '../common/scope.js';
export type { MemberReach } from '../members/member-reach.js';

/**
 * Record scope, the second layer of authorization (the first is the route's permission, checked by
 * the global AuthGuard): where an actor may use a permission (common/scope.ts) and the organisation
 * or member they ask for, loaded only when in that scope (404 otherwise, as if missing). The
 * features ask this service; organizations/ and members/, below it, use the functions it gathers.
 */
@Injectable()
export class AccessService {
  scopeOf(actor: Actor, permission: Permission): Scope {
    return scopeOf(actor, permission);
  }

  /** True when the organisation path lies in the leader/secretary part of the scope. */
  coversPath(scope: Scope, path: string | null | undefined): boolean {
    return coversPath(scope, path);
  }

  /**
   * SQL for "this path column lies in the scope's subtrees". `extra` ORs further conditions in
   * (e.g. the member's own rows). Lists always filter in SQL with this, never after loading.
   */
  pathCondition(scope: Scope, column: string, extra: SqlCondition[] = [], prefix = 'scope'): SqlCondition {
    return pathCondition(scope, column, extra, prefix);
  }

  /** Loads an organisation the actor may reach with `permission`; 404 otherwise (as if missing). */
  visibleOrganization(
    em: EntityManager,
    actor: Actor,
    permission: Permission,
    id: string,
  ): Promise<Organization> {
    return visibleOrganization(em, actor, permission, id);
  }

  /** Loads a member the actor may reach with `permission` (self, or in a subtree); 404 otherwise. */
  visibleMember(
    em: EntityManager,
    actor: Actor,
    permission: Permission,
    id: string,
  ): Promise<{ member: Member; cellPath: string }> {
    return visibleMember(em, actor, permission, id);
  }

  /**
   * `visibleMember`, widened to the cells the member left (member_cell_history): a leader or
   * secretary whose scope held such a cell reaches them with `current` false. Otherwise 404.
   */
  reachableMember(em: EntityManager, actor: Actor, permission: Permission, id: string): Promise<MemberReach> {
    return reachableMember(em, actor, permission, id);
  }

  /**
   * SQL for "a record of the reached member made in a cell the caller may read": every record for
   * `allRecords`, otherwise those whose cell path (`column`) lies in the scope.
   */
  recordCondition(reach: MemberReach, column: string, prefix = 'rec'): SqlCondition {
    return recordCondition(reach, column, prefix);
  }
}
