import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { hydrate, param, selectColumns } from '../common/raw-rows.js';
import { MemberCellHistory } from '../members/member-cell-history.entity.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { Actor } from '../common/actor.js';
import { Permission, Role } from '../common/permissions.js';
import { roleGrants } from '../common/role-permissions.js';

/**
 * Where an actor may use one permission. A leader's or secretary's role reaches the subtree below
 * its organisation (a cell has no children, so a secretary reaches one cell); a member's role
 * reaches their own records (selfMemberId) and, for reading what is published, their own cell.
 */
export interface Scope {
  all: boolean;
  /** Materialised-path prefixes of the organisations reached through leader/secretary roles. */
  paths: string[];
  /** Set when the permission comes (also) from the member role. */
  selfMemberId: string | null;
  /** The member's current cell path, when the permission comes from the member role. */
  selfCellPath: string | null;
}

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

export interface SqlCondition {
  sql: string;
  params: Record<string, string>;
}

@Injectable()
export class AccessService {
  /** `onlyRoles` narrows the scope to what some of the actor's roles give (e.g. a leader's part of a review scope). */
  scopeOf(actor: Actor, permission: Permission, onlyRoles?: readonly Role[]): Scope {
    const scope: Scope = { all: false, paths: [], selfMemberId: null, selfCellPath: null };
    for (const r of actor.roles) {
      if (!roleGrants(r.role, permission)) continue;
      if (onlyRoles && !onlyRoles.includes(r.role)) continue;
      if (r.role === 'admin') scope.all = true;
      else if (r.role === 'member') {
        scope.selfMemberId = actor.memberId;
        scope.selfCellPath = r.organizationPath;
      } else if (r.organizationPath && !scope.paths.some((p) => r.organizationPath!.startsWith(p))) {
        scope.paths = scope.paths.filter((p) => !p.startsWith(r.organizationPath!));
        scope.paths.push(r.organizationPath);
      }
    }
    return scope;
  }

  /** True when the organisation path lies in the leader/secretary part of the scope. */
  coversPath(scope: Scope, path: string | null | undefined): boolean {
    if (scope.all) return true;
    if (!path) return false;
    return scope.paths.some((p) => path.startsWith(p));
  }

  /**
   * SQL for "this path column lies in the scope's subtrees". `extra` ORs further conditions in
   * (e.g. the member's own rows). Lists always filter in SQL with this, never after loading.
   */
  pathCondition(scope: Scope, column: string, extra: SqlCondition[] = [], prefix = 'scope'): SqlCondition {
    if (scope.all) return { sql: '1=1', params: {} };
    const parts: string[] = [];
    const params: Record<string, string> = {};
    scope.paths.forEach((p, i) => {
      parts.push(`${column} LIKE :${prefix}${i}`);
      params[`${prefix}${i}`] = `${p}%`;
    });
    for (const e of extra) {
      parts.push(e.sql);
      Object.assign(params, e.params);
    }
    return parts.length ? { sql: `(${parts.join(' OR ')})`, params } : { sql: '1=0', params: {} };
  }

  /** Loads an organisation the actor may reach with `permission`; 404 otherwise (as if missing). */
  async visibleOrganization(
    em: EntityManager,
    actor: Actor,
    permission: Permission,
    id: string,
  ): Promise<Organization> {
    const scope = this.scopeOf(actor, permission);
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT ${selectColumns(em, Organization, 'o')} FROM "organization" "o" WHERE "o"."id" = ${param(em, 1)}`,
      [id],
    );
    if (!rows[0]) throw DomainError.notFound('Organization');
    const org = hydrate(em, Organization, rows[0], 'o');
    if (this.coversPath(scope, org.path)) return org;
    if (scope.selfCellPath && org.path === scope.selfCellPath) return org;
    throw DomainError.notFound('Organization');
  }

  /** Loads a member the actor may reach with `permission` (self, or in a subtree); 404 otherwise. */
  async visibleMember(
    em: EntityManager,
    actor: Actor,
    permission: Permission,
    id: string,
  ): Promise<{ member: Member; cellPath: string }> {
    const scope = this.scopeOf(actor, permission);
    // Runs on most member-facing requests: a prepared statement, not the QueryBuilder (raw-rows.ts).
    const rows: Array<Record<string, unknown> & { cellPath: string }> = await em.query(
      `SELECT ${selectColumns(em, Member, 'm')}, "o"."path" AS "cellPath" FROM "member" "m" ` +
        `INNER JOIN "organization" "o" ON "o"."id" = "m"."cellId" WHERE "m"."id" = ${param(em, 1)}`,
      [id],
    );
    if (!rows[0]) throw DomainError.notFound('Member');
    const member = hydrate(em, Member, rows[0], 'm');
    const cellPath = rows[0].cellPath;
    if (
      this.coversPath(scope, cellPath) ||
      (scope.selfMemberId !== null && scope.selfMemberId === member.id)
    ) {
      return { member, cellPath };
    }
    throw DomainError.notFound('Member');
  }

  /**
   * `visibleMember`, widened to the cells the member left: a leader or secretary whose scope held a
   * cell the member belonged to (member_cell_history) reaches them with `current` false, to read the
   * records made there. Anyone else: 404, as if missing.
   */
  async reachableMember(
    em: EntityManager,
    actor: Actor,
    permission: Permission,
    id: string,
  ): Promise<MemberReach> {
    const scope = this.scopeOf(actor, permission);
    const rows: Array<Record<string, unknown> & { cellPath: string; cellName: string }> = await em.query(
      `SELECT ${selectColumns(em, Member, 'm')}, "o"."path" AS "cellPath", "o"."name" AS "cellName" ` +
        `FROM "member" "m" INNER JOIN "organization" "o" ON "o"."id" = "m"."cellId" WHERE "m"."id" = ${param(em, 1)}`,
      [id],
    );
    if (!rows[0]) throw DomainError.notFound('Member');
    const member = hydrate(em, Member, rows[0], 'm');
    const { cellPath, cellName } = rows[0];
    const self = scope.selfMemberId !== null && scope.selfMemberId === member.id;
    const reach = { member, cellPath, cellName, allRecords: scope.all || self, scope };
    if (self || this.coversPath(scope, cellPath)) return { ...reach, current: true };
    if (scope.paths.length) {
      const past = this.pathCondition(scope, '"o"."path"', [], 'past');
      const found = await em
        .createQueryBuilder()
        .from(MemberCellHistory, 'h')
        .innerJoin(Organization, 'o', '"o"."id" = "h"."cellId"')
        .select('1', 'one')
        .where('"h"."memberId" = :memberId', { memberId: member.id })
        .andWhere(past.sql, past.params)
        .limit(1)
        .getRawOne<{ one: number }>();
      if (found) return { ...reach, current: false };
    }
    throw DomainError.notFound('Member');
  }

  /**
   * SQL for "a record of the reached member made in a cell the caller may read": every record for
   * `allRecords`, otherwise those whose cell path (`column`) lies in the scope.
   */
  recordCondition(reach: MemberReach, column: string, prefix = 'rec'): SqlCondition {
    if (reach.allRecords) return { sql: '1=1', params: {} };
    return this.pathCondition(reach.scope, column, [], prefix);
  }
}
