import { useQuery } from '@tanstack/react-query';
import { api, Schemas } from '../../../api/client';
import { unwrap } from '../../../lib/errors';

type OrganizationNode = Schemas['OrganizationNode'];

/** The organisation tree the leader sees (GET /api/organizations). */
export function useOrganizationTree() {
  return useQuery({
    queryKey: ['organizations', 'tree'],
    queryFn: () => unwrap(api.GET('/api/organizations')),
    staleTime: 60_000,
  });
}

/** id -> name over the whole tree. */
export function organizationNames(tree: readonly OrganizationNode[]): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (nodes: readonly OrganizationNode[]) => {
    for (const n of nodes) {
      names.set(n.id, n.name);
      walk(n.children ?? []);
    }
  };
  walk(tree);
  return names;
}

/**
 * Where a cycle may be opened: a grassroots organisation or a committee above one, never below a
 * grassroots organisation (the quota is counted per grassroots organisation; the API refuses the rest).
 * Depth first, each with its depth for indenting the choice.
 */
export function cycleOrganizations(
  tree: readonly OrganizationNode[],
): Array<{ id: string; name: string; depth: number }> {
  const out: Array<{ id: string; name: string; depth: number }> = [];
  const walk = (nodes: readonly OrganizationNode[], depth: number) => {
    for (const n of nodes) {
      if (n.closedOn) continue;
      if (n.kind === 'committee' || n.isGrassroots) out.push({ id: n.id, name: n.name, depth });
      if (!n.isGrassroots) walk(n.children ?? [], depth + 1);
    }
  };
  walk(tree, 0);
  return out;
}

/**
 * The committees above an organisation in the tree the leader sees, nearest first: who may approve a
 * grassroots organisation's exceeding the quota (the API takes any organisation above it).
 */
export function committeesAbove(
  tree: readonly OrganizationNode[],
  id: string,
): Array<{ id: string; name: string }> {
  const byId = new Map<string, OrganizationNode>();
  const walk = (nodes: readonly OrganizationNode[]) => {
    for (const n of nodes) {
      byId.set(n.id, n);
      walk(n.children ?? []);
    }
  };
  walk(tree);
  const out: Array<{ id: string; name: string }> = [];
  for (let p = byId.get(id)?.parentId; p && byId.has(p) && out.length <= byId.size; p = byId.get(p)?.parentId)
    out.push({ id: p, name: byId.get(p)!.name });
  return out;
}
