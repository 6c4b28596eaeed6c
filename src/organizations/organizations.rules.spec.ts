import { describe, expect, it } from 'vitest';
import {
  ancestorIds,
  checkPlacement,
  depthOf,
  grassrootsOf,
  isInSubtree,
  pathOf,
  rebasePath,
  subtreeRewrite,
  TreeNode,
} from './organizations.rules.js';

const city: TreeNode = { id: 'city', kind: 'committee', isGrassroots: false, path: '/city/' };
const ward: TreeNode = { id: 'ward', kind: 'committee', isGrassroots: true, path: '/city/ward/' };
const cell: TreeNode = { id: 'cell', kind: 'cell', isGrassroots: false, path: '/city/ward/cell/' };

describe('organization tree rules', () => {
  it('builds paths and depths', () => {
    expect(pathOf(null, 'a')).toBe('/a/');
    expect(pathOf('/a/', 'b')).toBe('/a/b/');
    expect(depthOf('/a/b/c/')).toBe(2);
    expect(ancestorIds('/a/b/c/')).toEqual(['a', 'b']);
    expect(isInSubtree('/a/b/c/', '/a/b/')).toBe(true);
    expect(isInSubtree('/a/bc/', '/a/b/')).toBe(false);
  });

  it('rebases a moved path', () => {
    expect(rebasePath('/a/b/c/', '/a/b/', '/x/b/')).toBe('/x/b/c/');
    expect(() => rebasePath('/z/', '/a/', '/b/')).toThrow();
  });

  it('gives the SQL rewrite of a subtree the same paths and depths as rebasePath', () => {
    const cases: Array<[string, string, string]> = [
      ['/a/b/c/d/', '/a/b/', '/x/y/z/b/'], // three levels deeper
      ['/a/b/c/d/', '/a/b/', '/b/'], // to the top
      ['/a/b/', '/a/b/', '/x/b/'], // the moved node itself
    ];
    for (const [path, oldPrefix, newPrefix] of cases) {
      const { cut, depthDelta } = subtreeRewrite(oldPrefix, newPrefix);
      const sql = newPrefix + path.substring(cut - 1); // SUBSTR(path, cut) counts from 1
      expect(sql).toBe(rebasePath(path, oldPrefix, newPrefix));
      expect(depthOf(path) + depthDelta).toBe(depthOf(sql));
    }
  });

  it('finds the grassroots organisation of a node’s cells', () => {
    const sub: TreeNode = { id: 'sub', kind: 'committee', isGrassroots: false, path: '/city/ward/sub/' };
    expect(grassrootsOf(cell, [city, ward])).toBe('ward');
    expect(grassrootsOf(sub, [ward, city])).toBe('ward');
    expect(grassrootsOf(ward, [city])).toBe('ward');
    expect(grassrootsOf({ id: 'x', isGrassroots: false }, [city])).toBeNull();
  });

  it('accepts the usual city > ward > cell tree', () => {
    expect(checkPlacement({ kind: 'committee', isGrassroots: false }, null, [])).toBeNull();
    expect(checkPlacement({ kind: 'committee', isGrassroots: true }, city, [city])).toBeNull();
    expect(checkPlacement({ kind: 'cell', isGrassroots: false }, ward, [city, ward])).toBeNull();
    expect(checkPlacement({ kind: 'cell', isGrassroots: true }, city, [city])).toBeNull();
  });

  it('refuses a top-level cell', () => {
    expect(checkPlacement({ kind: 'cell', isGrassroots: true }, null, [])?.rule).toBe(
      'top_level_is_committee',
    );
  });

  it('refuses children under a cell', () => {
    expect(checkPlacement({ kind: 'cell', isGrassroots: false }, cell, [city, ward, cell])?.rule).toBe(
      'cell_has_no_children',
    );
  });

  it('refuses turning a node with children into a cell', () => {
    expect(
      checkPlacement({ kind: 'cell', isGrassroots: true, path: '/city/ward/' }, city, [city], [cell])?.rule,
    ).toBe('cell_has_no_children');
  });

  it('refuses a cycle', () => {
    expect(checkPlacement({ ...ward }, cell, [city, ward, cell])?.rule).toBe('cell_has_no_children');
    const sub: TreeNode = { id: 'sub', kind: 'committee', isGrassroots: false, path: '/city/ward/sub/' };
    expect(checkPlacement({ ...ward }, sub, [city, ward, sub])?.rule).toBe('no_cycle');
    expect(checkPlacement({ ...ward }, ward, [city, ward])?.rule).toBe('no_cycle');
  });

  it('refuses nested grassroots organisations', () => {
    expect(checkPlacement({ kind: 'cell', isGrassroots: true }, ward, [city, ward])?.rule).toBe(
      'grassroots_not_nested',
    );
    const other: TreeNode = { id: 'w2', kind: 'committee', isGrassroots: true, path: '/city/w2/' };
    expect(checkPlacement({ ...other }, ward, [city, ward])?.rule).toBe('grassroots_not_nested');
  });

  it('refuses a cell without a grassroots organisation above it', () => {
    expect(checkPlacement({ kind: 'cell', isGrassroots: false }, city, [city])?.rule).toBe(
      'cell_needs_grassroots',
    );
    // ward loses its grassroots flag while its cell is not grassroots
    expect(checkPlacement({ ...ward, isGrassroots: false }, city, [city], [cell])?.rule).toBe(
      'cell_needs_grassroots',
    );
  });
});
