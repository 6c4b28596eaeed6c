/**
 * Pure rules of the organisation tree (QĐ 294-QĐ/TW on the party's organisation):
 * - committees (đảng bộ) hold committees and cells; a cell (chi bộ) has no children;
 * - a grassroots organisation (tổ chức cơ sở đảng: đảng bộ cơ sở or chi bộ cơ sở) cannot sit inside
 *   another grassroots organisation;
 * - every cell has a grassroots organisation at or above it: a cell that is not under a grassroots
 *   committee is itself a chi bộ cơ sở (isGrassroots).
 * Paths are "/rootId/.../selfId/".
 */
export interface TreeNode {
  id: string;
  kind: 'committee' | 'cell';
  isGrassroots: boolean;
  path: string;
}

export type TreeViolation =
  | { rule: 'top_level_is_committee'; message: string }
  | { rule: 'cell_has_no_children'; message: string }
  | { rule: 'no_cycle'; message: string }
  | { rule: 'grassroots_not_nested'; message: string }
  | { rule: 'cell_needs_grassroots'; message: string };

export function pathOf(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

export function depthOf(path: string): number {
  return path.split('/').filter(Boolean).length - 1;
}

export function ancestorIds(path: string): string[] {
  return path.split('/').filter(Boolean).slice(0, -1);
}

export function isInSubtree(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath);
}

/** New path of a node in a moved subtree. */
export function rebasePath(path: string, oldPrefix: string, newPrefix: string): string {
  if (!path.startsWith(oldPrefix)) throw new Error(`${path} is not under ${oldPrefix}`);
  return newPrefix + path.slice(oldPrefix.length);
}

/**
 * The SQL form of `rebasePath` for a whole subtree: `newPrefix || SUBSTR(path, cut)` (SUBSTR counts
 * from 1 on both engines) and `depth + depthDelta`.
 */
export function subtreeRewrite(oldPrefix: string, newPrefix: string): { cut: number; depthDelta: number } {
  return { cut: oldPrefix.length + 1, depthDelta: depthOf(newPrefix) - depthOf(oldPrefix) };
}

/**
 * The grassroots organisation (tổ chức cơ sở đảng) of the cells under `node`, given its ancestors:
 * the node itself when it is grassroots, else the grassroots ancestor (grassroots organisations do
 * not nest, so there is at most one), else null (its cells are covered by grassroots organisations
 * inside its subtree).
 */
export function grassrootsOf(
  node: Pick<TreeNode, 'id' | 'isGrassroots'>,
  ancestors: Pick<TreeNode, 'id' | 'isGrassroots' | 'path'>[],
): string | null {
  if (node.isGrassroots) return node.id;
  const above = ancestors.filter((a) => a.isGrassroots).sort((a, b) => b.path.length - a.path.length)[0];
  return above?.id ?? null;
}

/**
 * Checks a subtree placed under `parent` (null: top level). `subtree` holds the node itself first and,
 * for a move or a change, its descendants with their current paths; `ancestors` are the new parent's
 * ancestors and the parent itself.
 */
export function checkPlacement(
  node: Pick<TreeNode, 'kind' | 'isGrassroots'> & { path?: string },
  parent: TreeNode | null,
  ancestors: TreeNode[],
  descendants: TreeNode[] = [],
): TreeViolation | null {
  if (!parent && node.kind !== 'committee') {
    return { rule: 'top_level_is_committee', message: 'A top-level organisation must be a committee' };
  }
  if (parent?.kind === 'cell') {
    return { rule: 'cell_has_no_children', message: 'A cell (chi bộ) cannot have child organisations' };
  }
  if (node.kind === 'cell' && descendants.length > 0) {
    return { rule: 'cell_has_no_children', message: 'An organisation with children cannot become a cell' };
  }
  if (parent && node.path && isInSubtree(parent.path, node.path)) {
    return {
      rule: 'no_cycle',
      message: 'An organisation cannot be moved under itself or its own descendant',
    };
  }
  const grassrootsAbove = ancestors.some((a) => a.isGrassroots);
  if (grassrootsAbove && (node.isGrassroots || descendants.some((d) => d.isGrassroots))) {
    return {
      rule: 'grassroots_not_nested',
      message: 'A grassroots organisation cannot be placed inside another grassroots organisation',
    };
  }
  // Every cell in the placed subtree needs a grassroots organisation at or above it.
  const covered = grassrootsAbove || node.isGrassroots;
  if (!covered) {
    if (node.kind === 'cell') {
      return {
        rule: 'cell_needs_grassroots',
        message: 'A cell outside a grassroots committee must itself be grassroots (chi bộ cơ sở)',
      };
    }
    const grassrootsPaths = descendants.filter((d) => d.isGrassroots).map((d) => d.path);
    const orphan = descendants.find(
      (d) => d.kind === 'cell' && !d.isGrassroots && !grassrootsPaths.some((p) => d.path.startsWith(p)),
    );
    if (orphan) {
      return {
        rule: 'cell_needs_grassroots',
        message: 'A cell in this subtree would be left without a grassroots organisation above it',
      };
    }
  }
  return null;
}

/**
 * Closing an organisation (the 2025 reform, QĐ 294-QĐ/TW §10.1: no district level, units merged or
 * split): `merge` hands everything to one successor, `split` shares the open direct children among
 * two or more successors. A committee's open children move under their successor in the same
 * operation; a cell has no children, and closes only once its members have been transferred.
 */
export type ClosureMode = 'merge' | 'split';

export interface ClosureNode {
  id: string;
  kind: 'committee' | 'cell';
  path: string;
  closedOn: string | null;
}

export interface ClosureRequest {
  mode: ClosureMode;
  closedOn: string;
  successorIds: string[];
  /** For a split: every open child's destination (one of the successors). */
  moves?: Array<{ childId: string; toId: string }>;
}

export interface ClosureViolation {
  /** `validation` answers 400, `conflict` 409. */
  kind: 'validation' | 'conflict';
  field: 'closedOn' | 'successorIds' | 'moves' | 'id';
  rule:
    | 'not_in_future'
    | 'merge_one_successor'
    | 'split_two_successors'
    | 'unique'
    | 'moves_only_for_split'
    | 'moves_cover_children'
    | 'move_to_successor'
    | 'already_closed'
    | 'successor_closed'
    | 'successor_inside'
    | 'successor_kind'
    | 'cell_has_members';
  message: string;
}

/**
 * The closure's plan (each open child and its new parent), or the first rule it breaks. `today` is the
 * Vietnam date; `members` the members still on the roll of a closing cell.
 */
export function planClosure(
  org: ClosureNode,
  req: ClosureRequest,
  successors: ClosureNode[],
  openChildren: Array<Pick<ClosureNode, 'id'>>,
  members: number,
  today: string,
): { violation: ClosureViolation } | { moves: Array<{ childId: string; toId: string }> } {
  const bad = (
    kind: ClosureViolation['kind'],
    field: ClosureViolation['field'],
    rule: ClosureViolation['rule'],
    message: string,
  ) => ({ violation: { kind, field, rule, message } });
  if (req.closedOn > today)
    return bad('validation', 'closedOn', 'not_in_future', 'closedOn must not be after today');
  const ids = req.successorIds;
  if (new Set(ids).size !== ids.length)
    return bad('validation', 'successorIds', 'unique', 'successorIds must not repeat an organisation');
  if (req.mode === 'merge' && ids.length !== 1)
    return bad('validation', 'successorIds', 'merge_one_successor', 'a merge names exactly one successor');
  if (req.mode === 'split' && ids.length < 2)
    return bad('validation', 'successorIds', 'split_two_successors', 'a split names at least two successors');
  if (req.mode === 'merge' && req.moves !== undefined)
    return bad('validation', 'moves', 'moves_only_for_split', 'moves are given for a split only');
  if (org.closedOn !== null)
    return bad('conflict', 'id', 'already_closed', 'This organisation is already closed');
  for (const s of successors) {
    if (isInSubtree(s.path, org.path))
      return bad(
        'conflict',
        'successorIds',
        'successor_inside',
        'A successor cannot be the organisation itself or lie inside it',
      );
    if (s.closedOn !== null)
      return bad('conflict', 'successorIds', 'successor_closed', 'A successor must be an open organisation');
    if (s.kind !== org.kind)
      return bad(
        'conflict',
        'successorIds',
        'successor_kind',
        org.kind === 'cell'
          ? 'A cell is merged into or split among cells'
          : 'A committee is merged into or split among committees',
      );
  }
  if (org.kind === 'cell' && members > 0)
    return bad(
      'conflict',
      'id',
      'cell_has_members',
      `${members} member(s) are still in this cell: transfer them to the successor cells first`,
    );
  if (req.mode === 'merge') return { moves: openChildren.map((c) => ({ childId: c.id, toId: ids[0] })) };
  const moves = req.moves ?? [];
  const children = new Set(openChildren.map((c) => c.id));
  const given = new Set(moves.map((m) => m.childId));
  if (moves.length !== given.size || given.size !== children.size || [...given].some((c) => !children.has(c)))
    return bad(
      'validation',
      'moves',
      'moves_cover_children',
      'moves must give every open child organisation exactly once',
    );
  if (moves.some((m) => !ids.includes(m.toId)))
    return bad('validation', 'moves', 'move_to_successor', 'each move goes to one of the successorIds');
  return { moves };
}
