import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { vnToday } from '../common/dates.js';
import { rateOf, referenceDateOf } from '../common/rates.js';
import { CellLifeRates } from '../meetings/cell-life-rates.repository.js';
import { Organization } from '../organizations/organization.entity.js';
import { ChildFiguresRepository } from './child-figures.repository.js';
import { OverviewRepository } from './overview.repository.js';
import { reportHead } from './report-reader.js';
import { allManifestations, fraction, lastDayOfMonth, periodRegistrations } from './reports.rules.js';
import type { OrganizationRow, Overview, TrendMonth } from './reports.responses.js';
import { TrendRepository } from './trend.repository.js';

const yearRange = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

type AttendanceFigures = Overview['meetingAttendance'];

const attendanceOf = (a: AttendanceFigures | null): AttendanceFigures =>
  a
    ? { rate: a.rate, present: a.present, excused: a.excused, absent: a.absent, expected: a.expected }
    : { rate: null, present: 0, excused: 0, absent: 0, expected: 0 };

/**
 * The figures of the overview, the per-child table and the monthly trend (docs/REPORTS.md), computed
 * from the report repositories (SQL aggregates) and CellLifeRates (the cell-life rates, one definition
 * shared with the meetings and study-theme endpoints). ReportsService caches and formats them.
 */
@Injectable()
export class ReportFiguresService {
  constructor(
    private readonly rates: CellLifeRates,
    private readonly overview: OverviewRepository,
    private readonly children: ChildFiguresRepository,
    private readonly trend: TrendRepository,
  ) {}

  /** Every overview figure of one organisation's subtree for one year. */
  async overviewOf(em: EntityManager, org: Organization, year: number, today = vnToday()): Promise<Overview> {
    const day = referenceDateOf(year, today);
    // Two lanes, each on a pooled connection of its own on PostgreSQL outside a unit of work (one
    // connection, in turn, on SQLite or a replica's runner): the roll statement, which tests the roll
    // once for member counts, yearly/quarterly/monthly registration and study participation, beside
    // the other statements one after another. At most two connections for one report.
    const [roll, rest] = await Promise.all([
      this.overview.memberFigures(em, org.path, year, day),
      this.overviewRest(em, org, year),
    ]);
    const { registered, participated, studiedRegistered, periods, ...members } = roll;
    const { att, c, meetings, coverage, evaluation, quota, manifestations } = rest;
    const yearly = rateOf(registered, members.expected);
    const study = rateOf(participated, members.expected);
    return {
      ...reportHead(org, year),
      referenceDate: day,
      members,
      registration: {
        yearly: {
          period: 'Y',
          rate: yearly.rate,
          registered,
          expected: members.expected,
        },
        quarterly: periodRegistrations('quarterly', periods.quarterly, members.expected),
        monthly: periodRegistrations('monthly', periods.monthly, members.expected),
      },
      studyParticipation: {
        rate: study.rate,
        participated,
        expected: members.expected,
      },
      followAmongStudied: {
        rate: fraction(studiedRegistered, participated),
        registered: studiedRegistered,
        studied: participated,
      },
      studyCoverage: {
        rate: fraction(coverage.held, coverage.organizations),
        held: coverage.held,
        organizations: coverage.organizations,
      },
      meetingAttendance: attendanceOf(att),
      meetings: { regular: meetings.regular, thematic: meetings.thematic, study: meetings.study },
      outcomes: {
        items: c.items,
        done: c.done,
        exceeded: c.exceeded,
        partly: c.partly,
        notDone: c.notDone,
        unreported: c.unreported,
        doneRate: fraction(c.done, c.items),
        assessed: c.assessed,
        achieved: c.achieved,
        partlyAchieved: c.partlyAchieved,
        notAchieved: c.notAchieved,
        achievedRate: fraction(c.achieved, c.assessed),
      },
      lateSubmissions: { rate: fraction(c.late, c.submitted), late: c.late, submitted: c.submitted },
      evaluation,
      quota,
      manifestations: allManifestations(manifestations),
      meetingIssues: { raised: meetings.issuesRaised, open: meetings.issuesOpen },
    };
  }

  /** The overview's statements besides the roll, one after another. */
  private async overviewRest(em: EntityManager, org: Organization, year: number) {
    const { from, to } = yearRange(year);
    const att = await this.rates.attendance(em, { pathPrefix: org.path, memberId: null, from, to });
    const c = await this.overview.commitmentCounts(em, org.path, year);
    const meetings = await this.overview.meetingCounts(em, org.path, from, to);
    const coverage = await this.overview.studyCoverage(em, org.path, from, to);
    const evaluation = await this.overview.levelCounts(em, org.path, year);
    const quota = await this.overview.quotaStatus(em, org.path, year);
    const manifestations = await this.overview.manifestations(em, org.path, year);
    return { att, c, meetings, coverage, evaluation, quota, manifestations };
  }

  /**
   * One row per direct child of `org` (name order), each figure counted over the child's subtree. Every
   * figure of all children comes from one or two grouped statements (`...ByChild`); attendance from
   * the per-cell counts of CellLifeRates, added up per child.
   */
  async childRows(
    em: EntityManager,
    org: Organization,
    year: number,
    today: string,
  ): Promise<OrganizationRow[]> {
    const day = referenceDateOf(year, today);
    const { from, to } = yearRange(year);
    // Members, registration and study participation per child (one statement that tests the roll
    // once) beside the other statements one after another: two lanes, as in overviewOf.
    const [members, rest] = await Promise.all([
      this.children.memberFiguresByChild(em, org.path, year, day),
      (async () => {
        const commitments = await this.children.commitmentCountsByChild(em, org.path, year);
        const levels = await this.children.levelCountsByChild(em, org.path, year);
        const manifestations = await this.children.manifestationsByChild(em, org.path, year);
        const meetings = await this.children.meetingCountsByChild(em, org.path, from, to);
        const children = await this.children.children(em, org.id, from);
        const cells = await this.rates.attendance(em, { pathPrefix: org.path, memberId: null, from, to }, 'cell');
        const attendance = await this.children.attendanceByChild(em, org.path, cells);
        return { commitments, levels, manifestations, meetings, children, attendance };
      })(),
    ]);
    const { commitments, levels, manifestations, meetings, children, attendance } = rest;
    return children.map((child) => {
      const m = members.get(child.id);
      const a = attendance.get(child.id) ?? attendanceOf(null);
      const c = commitments.get(child.id);
      const l = levels.get(child.id);
      return {
        organizationId: child.id,
        name: child.name,
        kind: child.kind,
        members: m?.total ?? 0,
        expected: m?.expected ?? 0,
        registrationRate: rateOf(m?.registered ?? 0, m?.expected ?? 0).rate,
        registered: m?.registered ?? 0,
        studyParticipationRate: rateOf(m?.participated ?? 0, m?.expected ?? 0).rate,
        participated: m?.participated ?? 0,
        meetingAttendanceRate: a.rate,
        attendancePresent: a.present,
        attendanceExpected: a.expected,
        doneRate: fraction(c?.done ?? 0, c?.items ?? 0),
        itemsDone: c?.done ?? 0,
        items: c?.items ?? 0,
        lateSubmissions: c?.late ?? 0,
        excellent: l?.excellent ?? 0,
        good: l?.good ?? 0,
        complete: l?.complete ?? 0,
        incomplete: l?.incomplete ?? 0,
        unclassified: l?.unclassified ?? 0,
        manifestationsPresent: (manifestations.get(child.id) ?? []).reduce((n, x) => n + x.present, 0),
        openIssues: meetings.get(child.id)?.issuesOpen ?? 0,
      };
    });
  }

  async monthsOf(em: EntityManager, org: Organization, year: number, day: string): Promise<TrendMonth[]> {
    const members = await this.trend.memberCounts(em, org.path, day);
    const periods = await this.trend.periodRegistrations(em, org.path, year, day);
    const monthly = periodRegistrations('monthly', periods.monthly, members.expected);
    const meetings = await this.trend.meetingCountsByMonth(em, org.path, year);
    const months: TrendMonth[] = [];
    for (let m = 1; m <= 12; m++) {
      const from = `${year}-${String(m).padStart(2, '0')}-01`;
      const to = lastDayOfMonth(year, m);
      const a = await this.rates.attendance(em, { pathPrefix: org.path, memberId: null, from, to });
      const mc = meetings.get(m) ?? { regular: 0, thematic: 0, study: 0, issuesRaised: 0, issuesOpen: 0 };
      months.push({
        month: m,
        registration: monthly[m - 1],
        meetingAttendance: attendanceOf(a),
        meetings: { regular: mc.regular, thematic: mc.thematic, study: mc.study },
        issuesRaised: mc.issuesRaised,
      });
    }
    return months;
  }
}
