import { describe, expect, it } from 'vitest';
import {
  flattenTree,
  foldVietnamese,
  kindLabel,
  matchesQuery,
  moveTargets,
  OrgNode,
  visibleInSearch,
} from './tree';

function org(id: string, name: string, kind: 'committee' | 'cell', extra: Partial<OrgNode> = {}): OrgNode {
  return {
    id,
    code: id.toUpperCase(),
    name,
    kind,
    isGrassroots: false,
    parentId: null,
    headMemberId: null,
    closedOn: null,
    closure: null,
    successorIds: null,
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

/** Thành ủy > (phường Ngô Quyền > 2 chi bộ, phường Liên Bảo > 1 chi bộ). */
const tree: OrgNode[] = [
  org('city', 'Đảng bộ thành phố Vĩnh Yên', 'committee', {
    children: [
      org('nq', 'Đảng bộ phường Ngô Quyền', 'committee', {
        parentId: 'city',
        isGrassroots: true,
        children: [
          org('nq3', 'Chi bộ Tổ dân phố số 3', 'cell', { parentId: 'nq' }),
          org('nqyt', 'Chi bộ Trạm Y tế', 'cell', { parentId: 'nq' }),
        ],
      }),
      org('lb', 'Đảng bộ phường Liên Bảo', 'committee', {
        parentId: 'city',
        isGrassroots: true,
        children: [org('lb1', 'Chi bộ Tổ dân phố số 1', 'cell', { parentId: 'lb' })],
      }),
      org('old', 'Đảng bộ phường cũ', 'committee', { parentId: 'city', closedOn: '2025-06-30' }),
    ],
  }),
];

describe('the organisation tree', () => {
  it('reads each organisation before its children, siblings by name, with depth and ancestors', () => {
    const flat = flattenTree(tree);
    expect(flat.map((f) => f.node.id)).toEqual(['city', 'old', 'lb', 'lb1', 'nq', 'nq3', 'nqyt']);
    expect(flat.find((f) => f.node.id === 'nq3')).toMatchObject({ depth: 2, ancestors: ['city', 'nq'] });
  });

  it('folds Vietnamese as the API does: diacritics, đ and case ignored', () => {
    expect(foldVietnamese('Nguyễn Thị Hằng')).toBe('nguyen thi hang');
    expect(foldVietnamese('  Đống   Đa ')).toBe('dong da');
    expect(matchesQuery('Đảng bộ phường Ngô Quyền', 'ngo quyen')).toBe(true);
    expect(matchesQuery('Đảng bộ phường Ngô Quyền', 'quyền ngô')).toBe(true);
    expect(matchesQuery('Đảng bộ phường Liên Bảo', 'ngo')).toBe(false);
  });

  it('a search shows the matches with their ancestors, and everything when empty', () => {
    const flat = flattenTree(tree);
    expect([...visibleInSearch(flat, 'tram y te')].sort()).toEqual(['city', 'nq', 'nqyt']);
    expect(visibleInSearch(flat, 'LB1')).toEqual(new Set(['city', 'lb', 'lb1']));
    expect(visibleInSearch(flat, '  ').size).toBe(flat.length);
  });

  it('offers as move targets only open committees outside the subtree, not the current parent', () => {
    const flat = flattenTree(tree);
    expect(moveTargets(flat, 'nq3').map((f) => f.node.id)).toEqual(['city', 'lb']);
    expect(moveTargets(flat, 'nq').map((f) => f.node.id)).toEqual(['lb']);
    expect(moveTargets(flat, 'city')).toEqual([]);
  });

  it('names the kinds with the glossary', () => {
    expect(kindLabel({ kind: 'committee', isGrassroots: true })).toBe('Đảng bộ cơ sở');
    expect(kindLabel({ kind: 'cell', isGrassroots: true })).toBe('Chi bộ cơ sở');
    expect(kindLabel({ kind: 'cell', isGrassroots: false })).toBe('Chi bộ');
    expect(kindLabel({ kind: 'committee', isGrassroots: false })).toBe('Đảng bộ');
  });
});
