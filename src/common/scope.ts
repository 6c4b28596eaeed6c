import { Actor } from './actor.js';
import { Permission } from './permissions.js';
import { roleGrants } from './role-permissions.js';

/**
 * Where an actor may use one permission. A leader's or secretary's role reaches the subtree below
 * its organisation (a cell has no children, so a secretary reaches one cell); a member's role
 * reaches their own records (selfMemberId) and, for reading what is published, their own cell.
 * Pure functions of the actor; loading a record in scope is AccessService's (src/access).
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

export interface SqlCondition {
  sql: string;
  params: Record<string, string>;
}

export function scopeOf(actor: Actor, permission: Permission): Scope {
  const scope: Scope = { all: false, paths: [], selfMemberId: null, selfCellPath: null };
  for (const r of actor.roles) {
    if (!roleGrants(r.role, permission)) continue;
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
export function coversPath(scope: Scope, path: string | null | undefined): boolean {
  if (scope.all) return true;
  if (!path) return false;
  return scope.paths.some((p) => path.startsWith(p));
}

/**
 * SQL for "this path column lies in the scope's subtrees". `extra` ORs further conditions in
 * (e.g. the member's own rows). Lists always filter in SQL with this, never after loading.
 */
export function pathCondition(
  scope: Scope,
  column: string,
  extra: SqlCondition[] = [],
  prefix = 'scope',
): SqlCondition {
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
