import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource, EntityManager } from 'typeorm';
import { migratedMemoryDatabase, organizationMaker } from '../../test/factories/memory-database.js';
import { CommitmentItem } from '../commitments/commitment-item.entity.js';
import { Commitment } from '../commitments/commitment.entity.js';
import { itemCounts, Outcome } from '../commitments/commitments.rules.js';
import { ConductCheck, ConductCheckItem } from '../conduct-checks/conduct-check.entity.js';
import { DisciplinaryRecord } from '../discipline/disciplinary-record.entity.js';
import { EvaluationCycle } from '../evaluations/evaluation-cycle.entity.js';
import { EvaluationRuleSet } from '../evaluations/evaluation-rule-set.entity.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { CellLifeRates } from '../meetings/cell-life-rates.repository.js';
import { Meeting, MeetingAttendance, MeetingIssue } from '../meetings/meeting.entity.js';
import { MemberCellHistory } from '../members/member-cell-history.entity.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { ChildFiguresRepository } from './child-figures.repository.js';
import { ClassificationRepository } from './classification.repository.js';
import { LeadersRepository } from './leaders.repository.js';
import { OverviewRepository } from './overview.repository.js';
import { TrendRepository } from './trend.repository.js';

/**
 * The report figures of docs/REPORTS.md on a fixture small enough to count by hand. Year 2025,
 * membership counted on 31/12/2025.
 *
 * Ward W (grassroots, head Em) with cells C1 (head An) and C2; ward X (grassroots) with cell D1.
 * | member | cell | flags                 |
 * | An     | C1   | official              |
 * | Bình   | C1   | probationary          |
 * | Cường  | C1   | official, exempt      |
 * | Dung   | C2   | official, suspended   |
 * | Em     | C2   | official              |
 * | Phúc   | D1   | official (outside W)  |
 */
describe('report repositories', () => {
  let ds: DataSource;
  let em: EntityManager;
  const overview = new OverviewRepository();
  const childFigures = new ChildFiguresRepository();
  const trend = new TrendRepository();
  const leaders = new LeadersRepository();
  const lists = new ClassificationRepository();
  const id: Record<string, string> = {};
  const org: Record<string, Organization> = {};
  const DAY = '2025-12-31';

  beforeAll(async () => {
    ds = await migratedMemoryDatabase([
      Organization,
      Member,
      MemberCellHistory,
      DisciplinaryRecord,
      Commitment,
      CommitmentItem,
      ConductCheck,
      ConductCheckItem,
      Meeting,
      MeetingAttendance,
      MeetingIssue,
      EvaluationCycle,
      EvaluationRuleSet,
      Evaluation,
    ]);
    em = ds.manager;
    const mkOrg = organizationMaker(em, org);
    await mkOrg('W', null, 'committee');
    await mkOrg('X', null, 'committee');
    await mkOrg('C1', org.W, 'cell');
    await mkOrg('C2', org.W, 'cell');
    await mkOrg('D1', org.X, 'cell');

    const mkMember = async (name: string, cell: string, extra: Partial<Member> = {}) => {
      const mid = randomUUID();
      id[name] = mid;
      await em.insert(Member, {
        id: mid,
        fullName: name,
        searchName: name.toLowerCase(),
        cellId: org[cell].id,
        status: 'official',
        isExempt: false,
        isSuspended: false,
        version: 1,
        ...extra,
      });
      await em.insert(MemberCellHistory, {
        memberId: mid,
        cellId: org[cell].id,
        fromAt: new Date('2024-01-01T00:00:00Z'),
        toAt: null,
        reason: null,
      });
    };
    await mkMember('An', 'C1');
    await mkMember('Bình', 'C1', { status: 'probationary' });
    await mkMember('Cường', 'C1', { isExempt: true });
    await mkMember('Dung', 'C2', { isSuspended: true });
    await mkMember('Em', 'C2');
    await mkMember('Phúc', 'D1');
    await em.update(Organization, { id: org.C1.id }, { headMemberId: id.An });
    await em.update(Organization, { id: org.W.id }, { headMemberId: id.Em });

    const commitment = async (
      who: string,
      cell: string,
      periodType: 'yearly' | 'quarterly' | 'monthly',
      periodKey: number,
      status: string,
      extra: { late?: boolean; first?: string; rating?: string } = {},
      items: Array<{ outcome: string | null; exceeded?: boolean; removed?: boolean; category?: string }> = [],
    ) => {
      const cid = randomUUID();
      await em.insert(Commitment, {
        id: cid,
        memberId: id[who],
        cellId: org[cell].id,
        year: 2025,
        periodType,
        periodKey,
        status: status as Commitment['status'],
        late: extra.late ?? false,
        firstSubmittedAt: extra.first ? new Date(extra.first) : null,
        rating: (extra.rating ?? null) as Commitment['rating'],
        enteredOnBehalf: false,
        version: 1,
        // The item counts the services keep on the row (the outcome figures read them).
        ...itemCounts(
          items.map((i) => ({
            category: i.category ?? 'duty',
            outcome: i.outcome as Outcome | null,
            exceeded: i.outcome === 'done' ? (i.exceeded ?? false) : null,
            removedAt: i.removed ? new Date('2025-03-01T00:00:00Z') : null,
          })),
        ),
      });
      let position = 0;
      for (const i of items) {
        await em.insert(CommitmentItem, {
          commitmentId: cid,
          position: position++,
          category: (i.category ?? 'duty') as CommitmentItem['category'],
          content: 'Nội dung',
          outcome: i.outcome as CommitmentItem['outcome'],
          exceeded: i.outcome === 'done' ? (i.exceeded ?? false) : null,
          removedAt: i.removed ? new Date('2025-03-01T00:00:00Z') : null,
        });
      }
    };
    // Items counted: reported or assessed commitments only, removed items excluded.
    await commitment(
      'An',
      'C1',
      'yearly',
      0,
      'assessed',
      { first: '2025-01-10T02:00:00Z', rating: 'achieved' },
      [
        { outcome: 'done', exceeded: true, category: 'follow' },
        { outcome: 'partly' },
        { outcome: 'done', removed: true },
        { outcome: 'not_done' },
      ],
    );
    await commitment('Bình', 'C1', 'yearly', 0, 'reported', { late: true, first: '2025-02-05T02:00:00Z' }, [
      { outcome: 'done', category: 'follow' },
      { outcome: null },
    ]);
    await commitment('Em', 'C2', 'yearly', 0, 'draft', {}, [{ outcome: 'done' }]);
    await commitment('An', 'C1', 'quarterly', 2, 'reported', { first: '2025-04-02T02:00:00Z' }, [
      { outcome: 'partly' },
    ]);
    await commitment('An', 'C1', 'quarterly', 1, 'accepted', { late: true, first: '2025-01-20T02:00:00Z' }, [
      { outcome: 'done' },
    ]);
    await commitment('Bình', 'C1', 'quarterly', 1, 'submitted', {
      late: true,
      first: '2025-01-21T02:00:00Z',
    });
    await commitment('Cường', 'C1', 'quarterly', 1, 'accepted', { first: '2025-01-05T02:00:00Z' });
    await commitment(
      'Em',
      'C2',
      'monthly',
      3,
      'assessed',
      { first: '2025-03-01T02:00:00Z', rating: 'not_achieved' },
      [{ outcome: 'done' }],
    );
    await commitment('Phúc', 'D1', 'quarterly', 1, 'accepted', { late: true, first: '2025-01-02T02:00:00Z' });

    const check = async (
      who: string,
      cell: string,
      year: number,
      quarter: number,
      items: Array<[code: number, self: string | null, conclusion: string | null]>,
    ) => {
      const kid = randomUUID();
      await em.insert(ConductCheck, {
        id: kid,
        memberId: id[who],
        cellId: org[cell].id,
        year,
        quarter,
        catalogVersion: 1,
        version: 1,
      });
      for (const [code, self, conclusion] of items) {
        await em.insert(ConductCheckItem, {
          checkId: kid,
          code,
          selfStatus: self as ConductCheckItem['selfStatus'],
          conclusionStatus: conclusion as ConductCheckItem['conclusionStatus'],
        });
      }
    };
    await check('An', 'C1', 2025, 0, [[2, 'none', 'at_risk']]);
    await check('An', 'C1', 2025, 2, [[2, 'none', 'present']]);
    await check('Bình', 'C1', 2025, 0, [
      [2, 'at_risk', 'at_risk'],
      [5, 'none', 'none'],
      [9, 'present', 'at_risk'],
    ]);
    await check('Em', 'C2', 2025, 0, [[9, 'present', null]]);
    await check('Phúc', 'D1', 2025, 0, [[2, 'none', 'present']]);
    await check('An', 'C1', 2024, 0, [[3, 'none', 'present']]);

    const meeting = async (
      cell: string,
      heldOn: string,
      kind: 'regular' | 'thematic' | 'study',
      issues: string[] = [],
    ) => {
      const mid = randomUUID();
      await em.insert(Meeting, {
        id: mid,
        cellId: org[cell].id,
        heldOn,
        kind,
        topic: 'Sinh hoạt',
        version: 1,
      });
      for (const status of issues) {
        await em.insert(MeetingIssue, {
          meetingId: mid,
          cellId: org[cell].id,
          title: 'Vấn đề',
          status: status as 'open',
          version: 1,
        });
      }
    };
    await meeting('C1', '2025-02-10', 'regular', ['open', 'resolved']);
    await meeting('C2', '2025-03-01', 'study');
    await meeting('C1', '2024-12-20', 'regular', ['open']);
    await meeting('D1', '2025-05-01', 'thematic', ['open']);

    const ruleSet = await em.findOneByOrFail(EvaluationRuleSet, { code: 'QD366-2025' });
    const cycle = async (o: Organization) => {
      const cid = randomUUID();
      await em.insert(EvaluationCycle, {
        id: cid,
        organizationId: o.id,
        organizationPath: o.path,
        year: 2025,
        reviewDate: DAY,
        ruleSetId: ruleSet.id,
        status: 'open',
        version: 1,
      });
      return cid;
    };
    const cw = await cycle(org.W);
    const cx = await cycle(org.X);
    const evaluation = async (
      cycleId: string,
      who: string,
      cell: string,
      grassroots: string,
      status: Evaluation['status'],
      levels: Partial<Evaluation> = {},
    ) =>
      em.insert(Evaluation, {
        cycleId,
        memberId: id[who],
        cellId: org[cell].id,
        cellPath: org[cell].path,
        grassrootsId: org[grassroots].id,
        status,
        disqualifiers: '[]',
        reasons: '[]',
        metrics: '{}',
        generatedAt: new Date('2025-12-01T00:00:00Z'),
        version: 1,
        ...levels,
      });
    await evaluation(cw, 'An', 'C1', 'W', 'decided', {
      selfLevel: 'excellent',
      proposedLevel: 'excellent',
      decidedLevel: 'excellent',
    });
    await evaluation(cw, 'Bình', 'C1', 'W', 'decided', { decidedLevel: 'good' });
    await evaluation(cw, 'Cường', 'C1', 'W', 'not_classified', { notClassifiedReason: 'exempt' });
    await evaluation(cw, 'Dung', 'C2', 'W', 'not_classified', { notClassifiedReason: 'suspended' });
    await evaluation(cw, 'Em', 'C2', 'W', 'proposed', { proposedLevel: 'good' });
    await evaluation(cx, 'Phúc', 'D1', 'X', 'decided', { decidedLevel: 'good' });
  });
  afterAll(() => ds.destroy());

  it('counts the members on the roll by status and flags', async () => {
    expect(await trend.memberCounts(em, org.W.path, DAY)).toEqual({
      total: 5,
      official: 4,
      probationary: 1,
      exempt: 1,
      suspended: 1,
      expected: 3,
    });
    expect(await trend.memberCounts(em, org.C2.path, DAY)).toMatchObject({ total: 2, expected: 1 });
  });

  it('counts the members, the registered, the studied and the periods in one statement, equal to the cell-life rates', async () => {
    // W: An and Bình registered (reported-or-later yearly follow item), Em only a draft; no study.
    expect(await overview.memberFigures(em, org.W.path, 2025, DAY)).toEqual({
      ...(await trend.memberCounts(em, org.W.path, DAY)),
      registered: 2,
      participated: 0,
      studiedRegistered: 0,
      periods: await trend.periodRegistrations(em, org.W.path, 2025, DAY),
    });
    const rates = new CellLifeRates();
    for (const o of Object.values(org)) {
      const f = await overview.memberFigures(em, o.path, 2025, DAY);
      const reg = await rates.registration(em, o.id, o.path, 2025, '2026-11-26');
      const study = await rates.participation(em, o.id, o.path, 2025, '2026-11-26');
      expect(f).toEqual({
        ...(await trend.memberCounts(em, o.path, DAY)),
        registered: reg.registered,
        participated: study.participated,
        // nobody of the fixture studied (its study meeting in C2 has no one present)
        studiedRegistered: 0,
        periods: await trend.periodRegistrations(em, o.path, 2025, DAY),
      });
      expect([reg.expected, study.expected]).toEqual([f.expected, f.expected]);
    }
  });

  it('counts expected members with an accepted-or-later commitment per quarter and month', async () => {
    // An Q1 accepted and Q2 reported; Bình Q1 only submitted; Cường exempt; Em M3 assessed; Phúc outside.
    const r = await trend.periodRegistrations(em, org.W.path, 2025, DAY);
    expect([...r.quarterly.entries()].sort()).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect([...r.monthly.entries()]).toEqual([[3, 1]]);
  });

  it('counts the members of every child in one statement, equal to the per-child counts', async () => {
    const byChild = await childFigures.memberCountsByChild(em, org.W.path, DAY);
    expect(byChild.get(org.C1.id)).toEqual({
      total: 3,
      official: 2,
      probationary: 1,
      exempt: 1,
      suspended: 0,
      expected: 2,
    });
    for (const parent of [org.W, org.X, org.C1]) {
      const children = await childFigures.children(em, parent.id, '2025-01-01');
      const grouped = await childFigures.memberCountsByChild(em, parent.path, DAY);
      expect(grouped.size).toBe(children.length);
      for (const c of children) expect(grouped.get(c.id)).toEqual(await trend.memberCounts(em, c.path, DAY));
    }
  });

  it('counts the cell-life rates of every child in one statement, equal to the per-child figures', async () => {
    const rates = new CellLifeRates();
    // C1: An and Bình expected (Cường exempt), both with a reported-or-later yearly follow item;
    // C2: Em expected (Dung suspended), only a draft. Nobody attended a study meeting.
    const reg = await rates.registrationByChild(em, org.W.path, 2025, '2026-11-26');
    expect(reg.map((r) => [r.organizationId, r.registered, r.expected])).toEqual([
      [org.C1.id, 2, 2],
      [org.C2.id, 0, 1],
    ]);
    for (const parent of [org.W, org.X]) {
      const children = await childFigures.children(em, parent.id, '2025-01-01');
      const perChild = async (fn: 'registration' | 'participation') => {
        const out = [];
        for (const c of children) out.push(await rates[fn](em, c.id, c.path, 2025, '2026-11-26'));
        return out;
      };
      expect(await rates.registrationByChild(em, parent.path, 2025, '2026-11-26')).toEqual(
        await perChild('registration'),
      );
      expect(await rates.participationByChild(em, parent.path, 2025, '2026-11-26')).toEqual(
        await perChild('participation'),
      );
      // The report's one statement per child: the same expected, registered and participated.
      const figures = await childFigures.memberFiguresByChild(em, parent.path, 2025, DAY);
      // Equal to the per-child figures (above).
      const reg = await rates.registrationByChild(em, parent.path, 2025, '2026-11-26');
      const study = await rates.participationByChild(em, parent.path, 2025, '2026-11-26');
      expect(
        children.map((c) => {
          const f = figures.get(c.id);
          return [f?.expected ?? 0, f?.registered ?? 0, f?.participated ?? 0];
        }),
      ).toEqual(children.map((_, i) => [reg[i].expected, reg[i].registered, study[i].participated]));
    }
  });

  it('counts every figure of every child in grouped statements, equal to the per-child figures', async () => {
    const rates = new CellLifeRates();
    const [from, to] = ['2025-01-01', '2025-12-31'];
    for (const parent of [org.W, org.X, org.C1]) {
      const children = await childFigures.children(em, parent.id, '2025-01-01');
      const commitments = await childFigures.commitmentCountsByChild(em, parent.path, 2025);
      const levels = await childFigures.levelCountsByChild(em, parent.path, 2025);
      const manifestations = await childFigures.manifestationsByChild(em, parent.path, 2025);
      const meetings = await childFigures.meetingCountsByChild(em, parent.path, from, to);
      const cells = await rates.attendance(em, { pathPrefix: parent.path, memberId: null, from, to }, 'cell');
      const attendance = await childFigures.attendanceByChild(em, parent.path, cells);
      // A child missing from a grouped answer has nothing to count: the figures of an empty subtree.
      const none = '/nowhere/';
      for (const c of children) {
        expect(commitments.get(c.id) ?? (await overview.commitmentCounts(em, none, 2025))).toEqual(
          await overview.commitmentCounts(em, c.path, 2025),
        );
        expect(levels.get(c.id) ?? (await overview.levelCounts(em, none, 2025))).toEqual(
          await overview.levelCounts(em, c.path, 2025),
        );
        expect(manifestations.get(c.id) ?? []).toEqual(await overview.manifestations(em, c.path, 2025));
        expect(meetings.get(c.id) ?? (await overview.meetingCounts(em, none, from, to))).toEqual(
          await overview.meetingCounts(em, c.path, from, to),
        );
        expect(
          attendance.get(c.id) ??
            (await rates.attendance(em, { pathPrefix: none, memberId: null, from, to })),
        ).toEqual(await rates.attendance(em, { pathPrefix: c.path, memberId: null, from, to }));
      }
    }
    // The hand-counted figures, grouped: C1 holds An's and Bình's commitments, C2 Em's.
    expect(
      [...(await childFigures.commitmentCountsByChild(em, org.W.path, 2025)).values()].reduce(
        (n, c) => n + c.items,
        0,
      ),
    ).toBe(7);
    expect((await childFigures.levelCountsByChild(em, org.W.path, 2025)).get(org.C1.id)?.excellent).toBe(1);
    expect(
      [...(await childFigures.meetingCountsByChild(em, org.W.path, from, to)).values()].reduce(
        (n, m) => n + m.issuesRaised,
        0,
      ),
    ).toBe(2);
  });

  it('counts meetings per month in one grouped statement, equal to the counts of each month', async () => {
    const none = await overview.meetingCounts(em, '/nowhere/', '2025-01-01', '2025-12-31');
    for (const o of [org.W, org.C1, org.X]) {
      const byMonth = await trend.meetingCountsByMonth(em, o.path, 2025);
      for (let m = 1; m <= 12; m++) {
        const from = `2025-${String(m).padStart(2, '0')}-01`;
        const to = new Date(Date.UTC(2025, m, 0)).toISOString().slice(0, 10);
        expect(byMonth.get(m) ?? none, `${o.code} month ${m}`).toEqual(
          await overview.meetingCounts(em, o.path, from, to),
        );
      }
    }
    expect([...(await trend.meetingCountsByMonth(em, org.W.path, 2025)).values()]).not.toHaveLength(0);
  });

  it('counts item outcomes, ratings and late first submissions of the subtree', async () => {
    expect(await overview.commitmentCounts(em, org.W.path, 2025)).toEqual({
      items: 7,
      done: 3,
      exceeded: 1,
      partly: 2,
      notDone: 1,
      unreported: 1,
      assessed: 2,
      achieved: 1,
      partlyAchieved: 0,
      notAchieved: 1,
      submitted: 7,
      late: 3,
    });
  });

  it('counts each member once per manifestation, at the worst conclusion of the year', async () => {
    expect(await overview.manifestations(em, org.W.path, 2025)).toEqual([
      { code: 2, atRisk: 1, present: 1 },
      { code: 9, atRisk: 1, present: 0 },
    ]);
    expect(await overview.manifestations(em, org.X.path, 2025)).toEqual([{ code: 2, atRisk: 0, present: 1 }]);
  });

  it('counts decided levels, not classified and undecided evaluations of the year', async () => {
    expect(await overview.levelCounts(em, org.W.path, 2025)).toEqual({
      total: 5,
      excellent: 1,
      good: 1,
      complete: 0,
      incomplete: 0,
      unclassified: 2,
      undecided: 1,
    });
    expect((await overview.levelCounts(em, org.W.path, 2024)).total).toBe(0);
  });

  it('checks the quota per grassroots organisation with the pinned rule set', async () => {
    // 1 good allows floor(0.2 x 1) = 0 excellent; W decided 1.
    expect(await overview.quotaStatus(em, org.W.path, 2025)).toEqual([
      {
        organizationId: org.W.id,
        organizationName: 'Tổ chức W',
        excellent: 1,
        good: 1,
        maxExcellent: 0,
        ok: false,
      },
    ]);
    expect(await overview.quotaStatus(em, org.X.path, 2025)).toEqual([
      {
        organizationId: org.X.id,
        organizationName: 'Tổ chức X',
        excellent: 0,
        good: 1,
        maxExcellent: 0,
        ok: true,
      },
    ]);
    expect(await overview.quotaStatus(em, org.C1.path, 2025)).toEqual([]);
  });

  it('counts meetings by kind and the issues raised at them in the date range', async () => {
    expect(await overview.meetingCounts(em, org.W.path, '2025-01-01', '2025-12-31')).toEqual({
      regular: 1,
      thematic: 0,
      study: 1,
      issuesRaised: 2,
      issuesOpen: 1,
    });
  });

  it('compares each head with the members they lead', async () => {
    const rows = await leaders.leaders(em, org.W.path, 2025);
    expect(
      rows.map((r) => [r.organizationName, r.headName, r.membersSubmitted, r.membersBeforeHead]),
    ).toEqual([
      ['Tổ chức W', 'Em', 2, 0],
      ['Tổ chức C1', 'An', 1, 0],
    ]);
    expect(rows[0].headFirstSubmittedAt).toBeNull();
    expect(rows[1]).toMatchObject({
      headFirstSubmittedAt: '2025-01-10T02:00:00.000Z',
      firstMemberSubmittedAt: '2025-02-05T02:00:00.000Z',
    });
  });

  it('lists the classification with the decided level only once decided', async () => {
    const rows = await lists.classification(em, org.W.path, 2025);
    expect(rows.map((r) => [r.fullName, r.decidedLevel, r.proposedLevel])).toEqual([
      ['An', 'excellent', 'excellent'],
      ['Bình', 'good', null],
      ['Cường', null, null],
      ['Dung', null, null],
      ['Em', null, 'good'],
    ]);
  });
});
