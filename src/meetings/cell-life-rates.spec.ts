import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { migratedMemoryDatabase, organizationMaker } from '../../test/factories/memory-database.js';
import { CommitmentItem } from '../commitments/commitment-item.entity.js';
import { Commitment } from '../commitments/commitment.entity.js';
import { itemCounts } from '../commitments/commitments.rules.js';
import { DisciplinaryRecord } from '../discipline/disciplinary-record.entity.js';
import { MemberCellHistory } from '../members/member-cell-history.entity.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { CellLifeRates } from './cell-life-rates.repository.js';
import { Meeting, MeetingAttendance } from './meeting.entity.js';
import { meetingAttendanceCounts } from './meetings.rules.js';

/**
 * The rate definitions of docs/CELL-LIFE.md on a fixture small enough to count by hand.
 *
 * Ward W (cells C1, C2) and ward X (cell D1). Year 2025, counted on 31/12/2025:
 * | member | where, when                                   | expected in W? |
 * | An     | C1 since 2024                                 | yes            |
 * | Bình   | C1, exempt                                    | no (exempt)    |
 * | Cường  | C1 from 01/07/2025, joined the party then     | yes            |
 * | Dung   | C1, moved to D1 on 01/05/2025                 | no (left W)    |
 * | Em     | D1, moved to C2 on 01/06/2025                 | yes            |
 * | Giang  | C2, expelled 01/09/2025                       | no (expelled)  |
 * | Hà     | C2, suspended                                 | no (suspended) |
 * | Khánh  | C2, joins the party 01/02/2026                | no (not yet)   |
 * | Lan    | C2, first entered in the system in 2026       | yes (first row counts from the start) |
 * Expected in W = 4 (An, Cường, Em, Lan).
 */
describe(CellLifeRates.name, () => {
  let ds: DataSource;
  const rates = new CellLifeRates();
  const id: Record<string, string> = {};
  const org: Record<string, Organization> = {};

  beforeAll(async () => {
    ds = await migratedMemoryDatabase([
      Organization,
      Member,
      MemberCellHistory,
      Meeting,
      MeetingAttendance,
      DisciplinaryRecord,
      Commitment,
      CommitmentItem,
    ]);
    const em = ds.manager;
    const mkOrg = organizationMaker(em, org);
    await mkOrg('W', null, 'committee');
    await mkOrg('X', null, 'committee');
    await mkOrg('C1', org.W, 'cell');
    await mkOrg('C2', org.W, 'cell');
    await mkOrg('D1', org.X, 'cell');

    const at = (d: string) => new Date(`${d}T00:00:00Z`);
    const mkMember = async (
      name: string,
      moves: Array<[cell: string, from: string, to: string | null]>,
      extra: Partial<Member> = {},
    ) => {
      const mid = randomUUID();
      id[name] = mid;
      const current = moves[moves.length - 1][0];
      await em.insert(Member, {
        id: mid,
        fullName: name,
        searchName: name.toLowerCase(),
        cellId: org[current].id,
        status: 'official',
        isExempt: false,
        isSuspended: false,
        version: 1,
        ...extra,
      });
      for (const [cell, from, to] of moves) {
        await em.insert(MemberCellHistory, {
          memberId: mid,
          cellId: org[cell].id,
          fromAt: at(from),
          toAt: to ? at(to) : null,
          reason: null,
        });
      }
    };
    await mkMember('An', [['C1', '2024-01-01', null]]);
    await mkMember('Bình', [['C1', '2024-01-01', null]], { isExempt: true });
    await mkMember('Cường', [['C1', '2025-07-01', null]], { joinedPartyOn: '2025-07-01' });
    await mkMember('Dung', [
      ['C1', '2024-01-01', '2025-05-01'],
      ['D1', '2025-05-01', null],
    ]);
    await mkMember('Em', [
      ['D1', '2024-01-01', '2025-06-01'],
      ['C2', '2025-06-01', null],
    ]);
    await mkMember('Giang', [['C2', '2024-01-01', null]]);
    await mkMember('Hà', [['C2', '2024-01-01', null]], { isSuspended: true });
    await mkMember('Khánh', [['C2', '2026-02-01', null]], { joinedPartyOn: '2026-02-01' });
    await mkMember('Lan', [['C2', '2026-03-01', null]]);
    await em.insert(DisciplinaryRecord, {
      memberId: id['Giang'],
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

    const meeting = async (
      cell: string,
      heldOn: string,
      kind: Meeting['kind'],
      rows: Array<[string, MeetingAttendance['status'], boolean]>,
    ) => {
      const mid = randomUUID();
      await em.insert(Meeting, {
        id: mid,
        cellId: org[cell].id,
        heldOn,
        kind,
        topic: 'Sinh hoạt',
        studyThemeId: null,
        guests: null,
        minutes: null,
        createdByUserId: null,
        version: 1,
      });
      for (const [name, status, expected] of rows)
        await em.insert(MeetingAttendance, {
          meetingId: mid,
          memberId: id[name],
          status,
          expected,
          note: null,
        });
      // The counts the meetings service keeps on the row (the subtree's attendance rate reads them).
      await em.update(
        Meeting,
        { id: mid },
        meetingAttendanceCounts(rows.map(([, status, expected]) => ({ status, expected }))),
      );
    };
    await meeting('C1', '2024-12-20', 'study', [['Cường', 'present', true]]); // last year: does not count for 2025
    await meeting('C1', '2025-04-10', 'study', [
      ['An', 'present', true],
      ['Bình', 'present', false],
      ['Dung', 'present', true],
    ]);
    await meeting('D1', '2025-03-01', 'study', [['Em', 'present', true]]); // before Em moved into W: still participation
    await meeting('C2', '2025-10-01', 'regular', [
      ['Em', 'absent', true],
      ['Lan', 'present', true],
      ['Hà', 'absent', false],
    ]);

    const commitment = async (
      name: string,
      periodType: 'yearly' | 'quarterly',
      status: Commitment['status'],
      categories: string[],
    ) => {
      const cid = randomUUID();
      const member = await em.findOneByOrFail(Member, { id: id[name] });
      await em.insert(Commitment, {
        id: cid,
        memberId: member.id,
        cellId: member.cellId,
        year: 2025,
        periodType,
        periodKey: periodType === 'yearly' ? 0 : 1,
        status,
        version: 1,
        // The item counts the services keep on the row (REGISTERED reads followItems).
        ...itemCounts(categories.map((category) => ({ category, outcome: null, exceeded: null }))),
      });
      let position = 0;
      for (const category of categories) {
        await em.insert(CommitmentItem, {
          commitmentId: cid,
          position: position++,
          category: category as CommitmentItem['category'],
          content: 'Nội dung cam kết',
        });
      }
    };
    await commitment('An', 'yearly', 'accepted', ['follow', 'duty']); // registered
    await commitment('Cường', 'yearly', 'submitted', ['follow']); // not accepted yet
    await commitment('Cường', 'quarterly', 'accepted', ['follow']); // not yearly
    await commitment('Em', 'yearly', 'assessed', ['duty']); // no follow item
    await commitment('Lan', 'yearly', 'reported', ['follow']); // registered
    await commitment('Bình', 'yearly', 'accepted', ['follow']); // exempt: not expected
    await commitment('Dung', 'yearly', 'accepted', ['follow']); // left W
  });
  afterAll(() => ds?.destroy());

  it('counts the members expected in a subtree and the study participation: 2 of 4', async () => {
    const r = await rates.participation(ds.manager, org.W.id, org.W.path, 2025, '2026-11-26');
    expect(r).toMatchObject({
      referenceDate: '2025-12-31',
      expected: 4,
      participated: 2,
      numerator: 2,
      denominator: 4,
      rate: 0.5,
    });
  });

  it('counts registration: accepted-or-later yearly commitments with a follow item, 2 of 4', async () => {
    const r = await rates.registration(ds.manager, org.W.id, org.W.path, 2025, '2026-11-26');
    expect(r).toMatchObject({ expected: 4, registered: 2, rate: 0.5 });
  });

  it('counts the other ward on its own: Dung moved in, Em moved out', async () => {
    const p = await rates.participation(ds.manager, org.X.id, org.X.path, 2025, '2026-11-26');
    expect(p).toMatchObject({ expected: 1, participated: 1, rate: 1 });
    const r = await rates.registration(ds.manager, org.X.id, org.X.path, 2025, '2026-11-26');
    expect(r).toMatchObject({ expected: 1, registered: 1 });
  });

  it("counts a member's first history row from the start (it records data entry, not joining the cell)", async () => {
    // W in 2019: An, Dung, Giang and Lan (first rows), not Em (first row in D1), Cường/Khánh (joined later)
    const r = await rates.participation(ds.manager, org.W.id, org.W.path, 2019, '2026-11-26');
    expect(r).toMatchObject({ referenceDate: '2019-12-31', expected: 4, participated: 0, rate: 0 });
  });

  it('counts the same rates per child in one statement as per organisation', async () => {
    // Hand count for W's cells in 2025: C1 expects An and Cường (Bình exempt, Dung left), An studied
    // and registered; C2 expects Em and Lan, Em studied (in D1), Lan registered.
    const p = await rates.participationByChild(ds.manager, org.W.path, 2025, '2026-11-26');
    expect(p.map((r) => [r.organizationId, r.expected, r.participated])).toEqual([
      [org.C1.id, 2, 1],
      [org.C2.id, 2, 1],
    ]);
    const r = await rates.registrationByChild(ds.manager, org.W.path, 2025, '2026-11-26');
    expect(r.map((x) => [x.organizationId, x.expected, x.registered])).toEqual([
      [org.C1.id, 2, 1],
      [org.C2.id, 2, 1],
    ]);
    // Equal to the per-organisation figures, field by field, for every parent, year and reference day
    // (the first-row rule in 2019, a running year, and a cell with no children).
    for (const [year, today] of [
      [2025, '2026-11-26'],
      [2025, '2025-05-15'],
      [2019, '2026-11-26'],
      [2026, '2026-11-26'],
    ] as const) {
      for (const parent of ['W', 'X', 'C1']) {
        const children = await ds.manager.find(Organization, {
          where: { parentId: org[parent].id },
          order: { name: 'ASC' },
        });
        const each = async (fn: 'participation' | 'registration') => {
          const out = [];
          for (const c of children) out.push(await rates[fn](ds.manager, c.id, c.path, year, today));
          return out;
        };
        expect(await rates.participationByChild(ds.manager, org[parent].path, year, today)).toEqual(
          await each('participation'),
        );
        expect(await rates.registrationByChild(ds.manager, org[parent].path, year, today)).toEqual(
          await each('registration'),
        );
      }
    }
  });

  it('answers a null rate when nobody is expected', async () => {
    const r = await rates.attendance(ds.manager, {
      pathPrefix: org.W.path,
      memberId: null,
      from: '2019-01-01',
      to: '2019-12-31',
    });
    expect(r).toEqual({ present: 0, excused: 0, absent: 0, expected: 0, rate: null });
  });

  it('computes attendance over expected rows only, per subtree, cell and member', async () => {
    const f = { pathPrefix: org.W.path, memberId: null, from: '2025-01-01', to: '2025-12-31' };
    expect(await rates.attendance(ds.manager, f)).toEqual({
      present: 3,
      excused: 0,
      absent: 1,
      expected: 4,
      rate: 0.75,
    });
    const cells = await rates.attendance(ds.manager, f, 'cell');
    expect(cells.map((c) => [c.cellName, c.present, c.expected])).toEqual([
      ['Tổ chức C1', 2, 2],
      ['Tổ chức C2', 1, 2],
    ]);
    const em = await rates.attendance(ds.manager, {
      pathPrefix: null,
      memberId: id['Em'],
      from: '2025-01-01',
      to: '2025-12-31',
    });
    expect(em).toMatchObject({ present: 1, absent: 1, expected: 2, rate: 0.5 });
    const window = await rates.attendance(ds.manager, { ...f, from: '2025-05-01', to: '2025-12-31' });
    expect(window).toMatchObject({ present: 1, expected: 2 });
  });

  it('sums the counts kept on the meetings to what the expected rows give, over any range', async () => {
    for (const [pathPrefix, from, to] of [
      [org.W.path, '2025-01-01', '2025-12-31'],
      [null, '2024-01-01', '2025-12-31'],
      [org.C2.path, '2025-10-01', '2025-10-01'],
    ] as const) {
      const f = { pathPrefix, memberId: null, from, to };
      const members = await rates.attendance(ds.manager, f, 'member'); // read from the rows
      const sum = (k: 'present' | 'excused' | 'absent' | 'expected') => members.reduce((n, r) => n + r[k], 0);
      expect(await rates.attendance(ds.manager, f)).toMatchObject({
        present: sum('present'),
        excused: sum('excused'),
        absent: sum('absent'),
        expected: sum('expected'),
      });
    }
  });

  it('builds a meeting roster from the cell history, party joining date and expulsions', async () => {
    const names = async (cell: string, day: string) => {
      const roster = await rates.roster(ds.manager, org[cell].path, day);
      const byId = Object.fromEntries(Object.entries(id).map(([k, v]) => [v, k]));
      return roster.map((r) => `${byId[r.memberId]}${r.expected ? '' : '*'}`).sort();
    };
    expect(await names('C1', '2025-04-30')).toEqual(['An', 'Bình*', 'Dung']);
    expect(await names('C1', '2025-05-02')).toEqual(['An', 'Bình*']);
    expect(await names('C1', '2025-07-01')).toEqual(['An', 'Bình*', 'Cường']);
    expect(await names('C2', '2025-08-15')).toEqual(['Em', 'Giang', 'Hà*', 'Lan']);
    expect(await names('C2', '2025-09-01')).toEqual(['Em', 'Hà*', 'Lan']);
  });
});
