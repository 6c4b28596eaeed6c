import type { Schemas } from '../../api/client';

/** The organisation tree as GET /api/organizations answers it (roots with nested children). */
export type OrgNode = Schemas['OrganizationNode'];

/** One organisation in the tree's reading order, with its depth and the ids above it. */
export interface FlatOrg {
  node: OrgNode;
  depth: number;
  /** Ids of its ancestors, the root first. */
  ancestors: string[];
}

/** "Nguyễn Văn Đức" -> "nguyen van duc": the same folding as the API's name search. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when every word of the query is in the text, diacritics and case ignored. */
export function matchesQuery(text: string, query: string): boolean {
  const words = foldVietnamese(query).split(' ').filter(Boolean);
  const folded = foldVietnamese(text);
  return words.every((w) => folded.includes(w));
}

/** The tree in reading order (each organisation before its children, siblings by name). */
export function flattenTree(roots: OrgNode[]): FlatOrg[] {
  const out: FlatOrg[] = [];
  const walk = (nodes: OrgNode[], depth: number, ancestors: string[]) => {
    for (const node of [...nodes].sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
      out.push({ node, depth, ancestors });
      walk(node.children ?? [], depth + 1, [...ancestors, node.id]);
    }
  };
  walk(roots, 0, []);
  return out;
}

/**
 * The organisations a search shows: those whose name or code matches, with their ancestors (so each
 * is seen where it sits). An empty query shows everything.
 */
export function visibleInSearch(flat: FlatOrg[], query: string): Set<string> {
  if (!foldVietnamese(query)) return new Set(flat.map((f) => f.node.id));
  const shown = new Set<string>();
  for (const f of flat) {
    if (matchesQuery(`${f.node.name} ${f.node.code}`, query)) {
      shown.add(f.node.id);
      for (const a of f.ancestors) shown.add(a);
    }
  }
  return shown;
}

/**
 * Where an organisation could move: committees that are neither itself nor inside it (a cell has no
 * children). The tree's other rules (grassroots not nested, every cell under a grassroots
 * organisation, open evaluation cycles) are the API's to check; its refusal is shown in words.
 */
export function moveTargets(flat: FlatOrg[], id: string): FlatOrg[] {
  return flat.filter(
    (f) =>
      f.node.kind === 'committee' &&
      f.node.id !== id &&
      !f.ancestors.includes(id) &&
      !f.node.closedOn &&
      flat.find((x) => x.node.id === id)?.node.parentId !== f.node.id,
  );
}

/** What an organisation is, in the glossary's words. */
export function kindLabel(node: Pick<OrgNode, 'kind' | 'isGrassroots'>): string {
  if (node.kind === 'cell') return node.isGrassroots ? 'Chi bộ cơ sở' : 'Chi bộ';
  return node.isGrassroots ? 'Đảng bộ cơ sở' : 'Đảng bộ';
}

/** "Chi bộ Tổ dân phố số 1" indented by depth, for a picker. */
export function pickerLabel(f: FlatOrg): string {
  return `${'\u00a0\u00a0'.repeat(f.depth)}${f.node.name} (${f.node.code})`;
}

/** Names by id, for lists that carry only an organisation's id (a member's cell, a role's scope). */
export function namesById(flat: FlatOrg[]): Map<string, string> {
  return new Map(flat.map((f) => [f.node.id, f.node.name]));
}
