import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../../api/client';
import { committeesAbove, organizationNames } from './organizations';

type Node = Schemas['OrganizationNode'];

const node = (id: string, name: string, parentId: string | null, children: Node[] = []): Node =>
  ({
    id,
    code: id,
    name,
    kind: children.length ? 'committee' : 'cell',
    isGrassroots: false,
    parentId,
    headMemberId: null,
    closedOn: null,
    children,
  }) as unknown as Node;

const TREE: Node[] = [
  node('city', 'Đảng bộ thành phố Vĩnh Yên', null, [
    node('block', 'Đảng bộ Khối Doanh nghiệp thành phố', 'city', [
      node('company', 'Đảng bộ Công ty Cổ phần Môi trường Vĩnh Yên', 'block', [
        node('team', 'Chi bộ Đội Vệ sinh môi trường', 'company'),
      ]),
      node('water', 'Chi bộ Công ty TNHH Cấp nước Vĩnh Yên', 'block'),
    ]),
    node('ward', 'Đảng bộ phường Liên Bảo', 'city'),
  ]),
];

describe('committeesAbove (who may approve exceeding the quota)', () => {
  it('lists the organisations above, nearest first, up to the top of the tree the leader sees', () => {
    expect(committeesAbove(TREE, 'company')).toEqual([
      { id: 'block', name: 'Đảng bộ Khối Doanh nghiệp thành phố' },
      { id: 'city', name: 'Đảng bộ thành phố Vĩnh Yên' },
    ]);
    expect(committeesAbove(TREE, 'water').map((c) => c.id)).toEqual(['block', 'city']);
  });

  it('stops where the tree stops: a parent outside the leader’s reach is not offered', () => {
    const subtree = TREE[0].children!.slice(0, 1); // the block alone; its parent (the city) unseen
    expect(committeesAbove(subtree, 'company')).toEqual([
      { id: 'block', name: 'Đảng bộ Khối Doanh nghiệp thành phố' },
    ]);
    expect(committeesAbove(subtree, 'block')).toEqual([]);
  });

  it('knows nothing above an organisation not in the tree', () => {
    expect(committeesAbove(TREE, 'elsewhere')).toEqual([]);
    expect(organizationNames(TREE).get('team')).toBe('Chi bộ Đội Vệ sinh môi trường');
  });
});
