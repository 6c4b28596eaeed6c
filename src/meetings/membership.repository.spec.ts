import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource, EntityManager } from 'typeorm';
import { nextDay } from '../common/rates.js';
import { migratedMemoryDatabase, organizationMaker } from '../../test/factories/memory-database.js';
import { DisciplinaryRecord } from '../discipline/disciplinary-record.entity.js';
import { MemberCellHistory } from '../members/member-cell-history.entity.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import {
  expectedFromCellsSql,
  expectedSql,
  onRollFromCellsSql,
  onRollSql,
  rollParams,
} from './membership.repository.js';

/**
 * `onRollFromCellsSql` / `expectedFromCellsSql` (the roll reached from the subtree's cells, for the
 * reports) select exactly the members of `onRollSql` / `expectedSql`, on every subtree and day of a
 * fixture with the cases of the rule: moves into, out of and within a subtree, a member's first history
 * row starting after the day, a move in after the day, joining the party after the day, an expulsion,
 * exemption and suspension.
 *
 * Ward W (cells C1, C2 and sub-committee S with cell C3); ward X (cell D1).
 * | member | history                                              | flags                    |
 * | An     | C1 since 2024                                        |                          |
 * | Bình   | C1 since 2024                                        | exempt                   |
 * | Cường  | C1 from 01/07/2025                                   | joined the party then    |
 * | Dung   | C1, to D1 on 01/05/2025                              |                          |
 * | Em     | D1, to C2 on 01/06/2025                              |                          |
 * | Phúc   | C1, to C2 on 01/08/2025, to C3 on 01/10/2025         | moves within W           |
 * | Giang  | C2 since 2024                                        | expelled 01/09/2025      |
 * | Hà     | C2 since 2024                                        | suspended                |
 * | Khánh  | C2 from 01/02/2026                                   | joins the party then     |
 * | Lan    | C2 from 01/03/2026 (first row)                       |                          |
 * | Minh   | C3 from 01/03/2026 (first row), to D1 on 01/04/2026  |                          |
 * | Ngọc   | D1, to C1 on 01/02/2026                              | moves in after 2025      |
 */
describe('membership.repository', () => {
  let ds: DataSource;
  let em: EntityManager;
  const name = new Map<string, string>();
  const org: Record<string, Organization> = {};

  beforeAll(async () => {
    ds = await migratedMemoryDatabase([Organization, Member, MemberCellHistory, DisciplinaryRecord]);
    em = ds.manager;
    const mkOrg = organizationMaker(em, org);
    await mkOrg('W', null, 'committee');
    await mkOrg('X', null, 'committee');
    await mkOrg('C1', org.W, 'cell');
    await mkOrg('C2', org.W, 'cell');
    await mkOrg('S', org.W, 'committee');
    await mkOrg('C3', org.S, 'cell');
    await mkOrg('D1', org.X, 'cell');

    const at = (d: string) => new Date(`${d}T00:00:00Z`);
    const mkMember = async (
      fullName: string,
      cells: Array<[cell: string, from: string]>,
      extra: Partial<Member> = {},
    ) => {
      const mid = randomUUID();
      name.set(mid, fullName);
      await em.insert(Member, {
        id: mid,
        fullName,
        searchName: fullName.toLowerCase(),
        cellId: org[cells[cells.length - 1][0]].id,
        status: 'official',
        isExempt: false,
        isSuspended: false,
        version: 1,
        ...extra,
      });
      for (const [i, [cell, from]] of cells.entries())
        await em.insert(MemberCellHistory, {
          memberId: mid,
          cellId: org[cell].id,
          fromAt: at(from),
          toAt: i + 1 < cells.length ? at(cells[i + 1][1]) : null,
          reason: null,
        });
      return mid;
    };
    await mkMember('An', [['C1', '2024-01-01']]);
    await mkMember('Bình', [['C1', '2024-01-01']], { isExempt: true });
    await mkMember('Cường', [['C1', '2025-07-01']], { joinedPartyOn: '2025-07-01' });
    await mkMember('Dung', [
      ['C1', '2024-01-01'],
      ['D1', '2025-05-01'],
    ]);
    await mkMember('Em', [
      ['D1', '2024-01-01'],
      ['C2', '2025-06-01'],
    ]);
    await mkMember('Phúc', [
      ['C1', '2024-01-01'],
      ['C2', '2025-08-01'],
      ['C3', '2025-10-01'],
    ]);
    const giang = await mkMember('Giang', [['C2', '2024-01-01']]);
    await mkMember('Hà', [['C2', '2024-01-01']], { isSuspended: true });
    await mkMember('Khánh', [['C2', '2026-02-01']], { joinedPartyOn: '2026-02-01' });
    await mkMember('Lan', [['C2', '2026-03-01']]);
    await mkMember('Minh', [
      ['C3', '2026-03-01'],
      ['D1', '2026-04-01'],
    ]);
    await mkMember('Ngọc', [
      ['D1', '2024-01-01'],
      ['C1', '2026-02-01'],
    ]);
    await em.insert(DisciplinaryRecord, {
      memberId: giang,
      cellId: org.C2.id,
      decidedOn: '2025-09-01',
      form: 'expulsion',
      decisionNumber: '01-QĐ/ĐU',
      reason: 'Khai trừ',
      prohibitionCodes: null,
      prohibitionCatalogVersion: 1,
      selfDetectedAndRemedied: false,
      createdByUserId: null,
    });
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  /** Names of the members "m" meeting `condition` (made with prefix 'r') on the subtree and day. */
  const members = async (condition: string, key: string, day: string): Promise<string[]> => {
    const rows = await em
      .createQueryBuilder()
      .from(Member, 'm')
      .select(`"m"."id"`, 'id')
      .where(condition, rollParams('r', org[key].path, day, nextDay(day)))
      .getRawMany<{ id: string }>();
    return rows.map((r) => name.get(r.id)!).sort();
  };

  const DAYS = [
    '2024-06-30',
    '2025-05-01',
    '2025-06-30',
    '2025-08-31',
    '2025-12-31',
    '2026-03-15',
    '2026-06-30',
  ];

  it('the fixture has the cases: W on 31/12/2025 and 15/03/2026 by hand', async () => {
    expect(await members(onRollSql('r'), 'W', '2025-12-31')).toEqual(
      ['An', 'Bình', 'Cường', 'Em', 'Hà', 'Lan', 'Minh', 'Phúc'].sort(),
    );
    expect(await members(expectedSql('r'), 'W', '2026-03-15')).toEqual(
      ['An', 'Cường', 'Em', 'Khánh', 'Lan', 'Minh', 'Ngọc', 'Phúc'].sort(),
    );
  });

  for (const key of ['W', 'X', 'S', 'C1', 'C2', 'C3', 'D1'])
    it(`onRollFromCellsSql and expectedFromCellsSql select the members of onRollSql and expectedSql (${key})`, async () => {
      for (const day of DAYS) {
        expect(await members(onRollFromCellsSql('r'), key, day), `${key} ${day}`).toEqual(
          await members(onRollSql('r'), key, day),
        );
        expect(await members(expectedFromCellsSql('r'), key, day), `${key} ${day}`).toEqual(
          await members(expectedSql('r'), key, day),
        );
      }
    });

  it('counts a move from the day it was made in Vietnam, not in UTC', async () => {
    // Ward Y: Oanh moves from E1 to E2 at 01:30 on 2 May 2026 in Vietnam, 18:30 on 1 May in UTC.
    const mkOrg = organizationMaker(em, org);
    await mkOrg('Y', null, 'committee');
    await mkOrg('E1', org.Y, 'cell');
    await mkOrg('E2', org.Y, 'cell');
    const oanh = randomUUID();
    name.set(oanh, 'Oanh');
    await em.insert(Member, {
      id: oanh,
      fullName: 'Đỗ Thị Oanh',
      searchName: 'do thi oanh',
      cellId: org.E2.id,
      status: 'official',
      isExempt: false,
      isSuspended: false,
      version: 1,
    });
    const moved = new Date('2026-05-01T18:30:00Z');
    await em.insert(MemberCellHistory, [
      {
        memberId: oanh,
        cellId: org.E1.id,
        fromAt: new Date('2024-01-01T00:00:00Z'),
        toAt: moved,
        reason: null,
      },
      { memberId: oanh, cellId: org.E2.id, fromAt: moved, toAt: null, reason: 'Chuyển sinh hoạt' },
    ]);
    for (const condition of [onRollSql('r'), onRollFromCellsSql('r')]) {
      expect(await members(condition, 'E1', '2026-05-01')).toEqual(['Oanh']);
      expect(await members(condition, 'E2', '2026-05-01')).toEqual([]);
      expect(await members(condition, 'E1', '2026-05-02')).toEqual([]);
      expect(await members(condition, 'E2', '2026-05-02')).toEqual(['Oanh']);
    }
  });

  it('a member who moved between cells of the subtree counts once', async () => {
    const r = await em
      .createQueryBuilder()
      .from(Member, 'm')
      .select('COUNT(*)', 'n')
      .where(onRollFromCellsSql('r'), rollParams('r', org.W.path, '2025-12-31', '2026-01-01'))
      .getRawOne<{ n: number }>();
    expect(Number(r?.n)).toBe(8);
  });
});
