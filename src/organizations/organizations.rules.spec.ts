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
  ClosureNode,
  planClosure,
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

describe(planClosure.name, () => {
  const TODAY = '2026-12-07';
  const ward: ClosureNode = { id: 'wa', kind: 'committee', path: '/city/wa/', closedOn: null };
  const other: ClosureNode = { id: 'wb', kind: 'committee', path: '/city/wb/', closedOn: null };
  const third: ClosureNode = { id: 'wc', kind: 'committee', path: '/city/wc/', closedOn: null };
  const cellA: ClosureNode = { id: 'ca', kind: 'cell', path: '/city/wa/ca/', closedOn: null };
  const cellB: ClosureNode = { id: 'cb', kind: 'cell', path: '/city/wb/cb/', closedOn: null };
  const children = [{ id: 'c1' }, { id: 'c2' }];
  const merge = { mode: 'merge' as const, closedOn: '2025-06-30', successorIds: ['wb'] };
  const rule = (r: ReturnType<typeof planClosure>) => ('violation' in r ? r.violation.rule : null);

  it('moves every open child to the one successor of a merge', () => {
    expect(planClosure(ward, merge, [other], children, 0, TODAY)).toEqual({
      moves: [
        { childId: 'c1', toId: 'wb' },
        { childId: 'c2', toId: 'wb' },
      ],
    });
    // closing on the day itself is allowed; a cell without members merges with nothing to move
    expect(
      planClosure(cellA, { ...merge, closedOn: TODAY, successorIds: ['cb'] }, [cellB], [], 0, TODAY),
    ).toEqual({
      moves: [],
    });
  });

  it('moves each child where a split says, once each, to one of the successors', () => {
    const split = {
      mode: 'split' as const,
      closedOn: '2025-06-30',
      successorIds: ['wb', 'wc'],
      moves: [
        { childId: 'c2', toId: 'wc' },
        { childId: 'c1', toId: 'wb' },
      ],
    };
    expect(planClosure(ward, split, [other, third], children, 0, TODAY)).toEqual({ moves: split.moves });
    const missing = { ...split, moves: [split.moves[0]] };
    expect(rule(planClosure(ward, missing, [other, third], children, 0, TODAY))).toBe('moves_cover_children');
    const twice = { ...split, moves: [split.moves[0], split.moves[0]] };
    expect(rule(planClosure(ward, twice, [other, third], children, 0, TODAY))).toBe('moves_cover_children');
    const stranger = { ...split, moves: [split.moves[0], { childId: 'cx', toId: 'wb' }] };
    expect(rule(planClosure(ward, stranger, [other, third], children, 0, TODAY))).toBe(
      'moves_cover_children',
    );
    const elsewhere = { ...split, moves: [split.moves[0], { childId: 'c1', toId: 'city' }] };
    expect(rule(planClosure(ward, elsewhere, [other, third], children, 0, TODAY))).toBe('move_to_successor');
  });

  it('refuses bad requests (400) before state conflicts (409)', () => {
    const cases: Array<[Parameters<typeof planClosure>, string, string]> = [
      [
        [ward, { ...merge, closedOn: '2026-12-08' }, [other], children, 0, TODAY],
        'not_in_future',
        'validation',
      ],
      [
        [ward, { ...merge, successorIds: ['wb', 'wc'] }, [other, third], children, 0, TODAY],
        'merge_one_successor',
        'validation',
      ],
      [
        [ward, { ...merge, mode: 'split' }, [other], children, 0, TODAY],
        'split_two_successors',
        'validation',
      ],
      [
        [ward, { ...merge, mode: 'split', successorIds: ['wb', 'wb'] }, [other, other], children, 0, TODAY],
        'unique',
        'validation',
      ],
      [[ward, { ...merge, moves: [] }, [other], children, 0, TODAY], 'moves_only_for_split', 'validation'],
      [
        [{ ...ward, closedOn: '2025-01-01' }, merge, [other], children, 0, TODAY],
        'already_closed',
        'conflict',
      ],
      [
        [ward, { ...merge, successorIds: ['ca'] }, [cellA], children, 0, TODAY],
        'successor_inside',
        'conflict',
      ],
      [
        [ward, { ...merge, successorIds: ['wa'] }, [ward], children, 0, TODAY],
        'successor_inside',
        'conflict',
      ],
      [
        [ward, merge, [{ ...other, closedOn: '2025-06-30' }], children, 0, TODAY],
        'successor_closed',
        'conflict',
      ],
      [[ward, { ...merge, successorIds: ['cb'] }, [cellB], children, 0, TODAY], 'successor_kind', 'conflict'],
      [[cellA, { ...merge, successorIds: ['cb'] }, [cellB], [], 2, TODAY], 'cell_has_members', 'conflict'],
    ];
    for (const [args, expected, kind] of cases) {
      const r = planClosure(...args);
      expect(rule(r), expected).toBe(expected);
      expect('violation' in r && r.violation.kind).toBe(kind);
    }
  });
});
