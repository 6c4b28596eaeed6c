/**
 * A deliberately simple reference model of "what may this actor read", written from API.md's role
 * table and independent of src/auth: the attack suites compare the API's answers with it.
 *
 * - admin: everything;
 * - leader: the committee it leads and its whole subtree;
 * - secretary: its one cell;
 * - member (any account linked to a member): their own records, and their own cell as an organisation.
 * An object belongs to organisations (its cell, committee...) and/or members; it is "foreign" to an
 * actor when no role of the actor reaches any of them. Reading a foreign object is a leak, whatever
 * the resource, so that invariant also covers routes added after this file was written.
 */

export type RoleName = 'member' | 'secretary' | 'leader' | 'admin';

export interface ModelActor {
  name: string;
  memberId: string | null;
  /** The member's current cell, when linked to a member. */
  memberCellId: string | null;
  roles: Array<{ role: RoleName; organizationId: string | null }>;
}

export interface ModelOwner {
  orgIds: string[];
  memberIds: string[];
}

/** Materialised paths of the organisation tree ("/root/.../id/"), built from parent links. */
export class ModelTree {
  private readonly parent = new Map<string, string | null>();
  private readonly memberCell = new Map<string, string>();

  addOrg(id: string, parentId: string | null): void {
    this.parent.set(id, parentId);
  }

  addMember(id: string, cellId: string): void {
    this.memberCell.set(id, cellId);
  }

  cellOf(memberId: string): string | undefined {
    return this.memberCell.get(memberId);
  }

  hasOrg(id: string): boolean {
    return this.parent.has(id);
  }

  orgIds(): string[] {
    return [...this.parent.keys()];
  }

  memberIds(): string[] {
    return [...this.memberCell.keys()];
  }

  /** True when `id` is `root` or lies below it. */
  isWithin(id: string, root: string): boolean {
    let cur: string | null | undefined = id;
    for (let guard = 0; cur && guard < 1000; guard++) {
      if (cur === root) return true;
      cur = this.parent.get(cur);
    }
    return false;
  }
}

/** Organisations reached through leader/secretary roles (subtree roots). */
function managedRoots(actor: ModelActor): string[] {
  return actor.roles
    .filter((r) => (r.role === 'leader' || r.role === 'secretary') && r.organizationId)
    .map((r) => r.organizationId!);
}

const isAdmin = (a: ModelActor) => a.roles.some((r) => r.role === 'admin');

/**
 * Resources published downwards (API.md: "the year's theme, inherited by the subtree"; an evaluation cycle opened by a
 * committee covers its members): an object
 * owned by a committee is also visible to everything below it.
 */
export const INHERITED_RESOURCES = new Set(['study-themes', 'evaluation-cycles']);

/** The widest reach of any of the actor's roles: the "never a foreign row" line. */
export function inReach(actor: ModelActor, owner: ModelOwner, tree: ModelTree, inherited = false): boolean {
  if (isAdmin(actor)) return true;
  if (inherited) {
    const mine = [...managedRoots(actor), ...(actor.memberCellId ? [actor.memberCellId] : [])];
    if (owner.orgIds.some((o) => mine.some((m) => tree.isWithin(m, o)))) return true;
  }
  if (actor.memberId && owner.memberIds.includes(actor.memberId)) return true;
  const roots = managedRoots(actor);
  const orgs = [
    ...owner.orgIds,
    ...owner.memberIds.map((m) => tree.cellOf(m)).filter((x): x is string => Boolean(x)),
  ];
  if (orgs.some((o) => roots.some((r) => tree.isWithin(o, r)))) return true;
  // The member role reaches the member's own cell (published records, the cell itself).
  if (actor.memberCellId && orgs.includes(actor.memberCellId)) return true;
  return false;
}

/** Exact expectation for the foundation resources: may `actor` read this organisation? */
export function mayReadOrganization(actor: ModelActor, orgId: string, tree: ModelTree): boolean {
  if (isAdmin(actor)) return true;
  if (managedRoots(actor).some((r) => tree.isWithin(orgId, r))) return true;
  return actor.memberCellId === orgId;
}

/** May `actor` read this member's record? Members read only themselves (not their cell mates). */
export function mayReadMember(actor: ModelActor, memberId: string, tree: ModelTree): boolean {
  if (isAdmin(actor)) return true;
  if (actor.memberId === memberId) return true;
  const cell = tree.cellOf(memberId);
  return Boolean(cell && managedRoots(actor).some((r) => tree.isWithin(cell, r)));
}

/**
 * May `actor` manage this account? Admins: all; leaders: accounts of members of their subtree or
 * holding a role inside it. Secretaries and members do not manage accounts.
 */
export function mayManageUser(
  actor: ModelActor,
  user: { memberId: string | null; roles: Array<{ organizationId: string | null }> },
  tree: ModelTree,
): boolean {
  if (isAdmin(actor)) return true;
  const roots = actor.roles
    .filter((r) => r.role === 'leader' && r.organizationId)
    .map((r) => r.organizationId!);
  const orgs = [
    ...(user.memberId && tree.cellOf(user.memberId) ? [tree.cellOf(user.memberId)!] : []),
    ...user.roles.map((r) => r.organizationId).filter((x): x is string => Boolean(x)),
  ];
  return orgs.some((o) => roots.some((r) => tree.isWithin(o, r)));
}

/** API.md: members read their own commitments and the published (accepted or later) ones of their cell. */
export const PUBLISHED_COMMITMENT_STATUSES = ['accepted', 'reported', 'assessed'];

export function mayReadCommitment(
  actor: ModelActor,
  c: { memberId: string; cellId: string; status: string },
  tree: ModelTree,
): boolean {
  if (isAdmin(actor)) return true;
  if (actor.memberId === c.memberId) return true;
  if (managedRoots(actor).some((r) => tree.isWithin(c.cellId, r))) return true;
  return actor.memberCellId === c.cellId && PUBLISHED_COMMITMENT_STATUSES.includes(c.status);
}

/**
 * A year-end evaluation is the most sensitive record: its member, the cell's secretaries, the
 * leaders above and the admin read it; cell mates do not.
 */
export function mayReadEvaluation(
  actor: ModelActor,
  e: { memberId: string; cellId: string },
  tree: ModelTree,
): boolean {
  if (isAdmin(actor)) return true;
  if (actor.memberId === e.memberId) return true;
  return managedRoots(actor).some((r) => tree.isWithin(e.cellId, r));
}
