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
