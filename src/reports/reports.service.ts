import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { Database, ReportRead, Staleness } from '../common/database.service.js';
import { vnToday } from '../common/dates.js';
import { DomainError } from '../common/domain-error.js';
import { rateOf, referenceDateOf } from '../common/rates.js';
import { CellLifeRates, YearRate } from '../meetings/cell-life-rates.repository.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { ancestorIds } from '../organizations/organizations.rules.js';
import { ReportCache, ReportKey } from './report-cache.js';
import { ReportFile, sheetFile } from './report-files.js';
import { REPORT_TABLES } from './report-tables.js';
import {
  classificationSheet,
  leadersSheet,
  organizationsSheet,
  overviewSheet,
  trendSheet,
  trendYearsSheet,
} from './report-sheets.js';
import { memberReviewDocx, ReviewHeader } from './member-review-docx.js';
import { overviewPdf, PrintedLayout } from './overview-pdf.js';
import {
  documentHeading,
  OrganizationNode,
  recipientsOf,
  signatureBlock,
} from '../common/document-layout.rules.js';
import {
  MemberReviewQuery,
  OrganizationsReportQuery,
  OverviewQuery,
  ReportQuery,
  TrendQuery,
} from './reports.dto.js';
import {
  ClassificationRow,
  LevelCounts,
  MemberCounts,
  QuotaRow,
  ReportsRepository,
} from './reports.repository.js';
import {
  allManifestations,
  fraction,
  LeadersFirstStatus,
  lastDayOfMonth,
  leadersFirstStatus,
  ManifestationCount,
  PeriodRegistration,
  periodRegistrations,
  sortRows,
} from './reports.rules.js';

export interface Overview extends Partial<Staleness> {
  organizationId: string;
  organizationName: string;
  year: number;
  /** The day membership is counted on: 31 December, or today while the year runs. */
  referenceDate: string;
  generatedAt: string;
  members: MemberCounts;
  registration: {
    yearly: PeriodRegistration;
    quarterly: PeriodRegistration[];
    monthly: PeriodRegistration[];
  };
  studyParticipation: { rate: number | null; participated: number; expected: number };
  /** Of the expected members who studied (`studyParticipation.participated`), those registered yearly. */
  followAmongStudied: { rate: number | null; registered: number; studied: number };
  /** Cells of the subtree that held at least one study meeting in the year. */
  studyCoverage: { rate: number | null; held: number; organizations: number };
  meetingAttendance: {
    rate: number | null;
    present: number;
    excused: number;
    absent: number;
    expected: number;
  };
  meetings: { regular: number; thematic: number; study: number };
  outcomes: {
    items: number;
    done: number;
    exceeded: number;
    partly: number;
    notDone: number;
    unreported: number;
    doneRate: number | null;
    assessed: number;
    achieved: number;
    partlyAchieved: number;
    notAchieved: number;
    achievedRate: number | null;
  };
  lateSubmissions: { rate: number | null; late: number; submitted: number };
  evaluation: LevelCounts;
  quota: QuotaRow[];
  manifestations: ManifestationCount[];
  meetingIssues: { raised: number; open: number };
}

export interface OrganizationRow {
  organizationId: string;
  name: string;
  kind: string;
  members: number;
  expected: number;
  registrationRate: number | null;
  registered: number;
  studyParticipationRate: number | null;
  participated: number;
  meetingAttendanceRate: number | null;
  attendancePresent: number;
  attendanceExpected: number;
  doneRate: number | null;
  itemsDone: number;
  items: number;
  lateSubmissions: number;
  excellent: number;
  good: number;
  complete: number;
  incomplete: number;
  unclassified: number;
  manifestationsPresent: number;
  openIssues: number;
}

export interface LeaderView {
  organizationId: string;
  organizationName: string;
  kind: string;
  headMemberId: string;
  headName: string;
  headFirstSubmittedAt: string | null;
  firstMemberSubmittedAt: string | null;
  membersSubmitted: number;
  membersBeforeHead: number;
  status: LeadersFirstStatus;
}

export interface TrendMonth {
  month: number;
  registration: PeriodRegistration;
  meetingAttendance: {
    rate: number | null;
    present: number;
    excused: number;
    absent: number;
    expected: number;
  };
  meetings: { regular: number; thematic: number; study: number };
  issuesRaised: number;
}

export interface ReportHead extends Partial<Staleness> {
  organizationId: string;
  organizationName: string;
  year: number;
  generatedAt: string;
}

/** The most behind of several readings' stalenesses (none: every reading current). */
function stalest(all: readonly Staleness[]): Staleness | null {
  return all.reduce<Staleness | null>(
    (worst, s) => (worst === null || s.replicaLagSeconds > worst.replicaLagSeconds ? s : worst),
    null,
  );
}

const yearRange = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/** Most years one year-over-year trend spans. */
export const MAX_TREND_YEARS = 10;

type AttendanceFigures = Overview['meetingAttendance'];

const attendanceOf = (a: AttendanceFigures | null): AttendanceFigures =>
  a
    ? { rate: a.rate, present: a.present, excused: a.excused, absent: a.absent, expected: a.expected }
    : { rate: null, present: 0, excused: 0, absent: 0, expected: 0 };

export interface TrendReport extends ReportHead {
  by: 'month';
  months: TrendMonth[];
}

/** One year of a year-over-year trend: the overview's figures of that year. */
export type TrendYear = Omit<
  Overview,
  'organizationId' | 'organizationName' | 'generatedAt' | 'asOf' | 'replicaLagSeconds'
>;

/** The overview's figures without its heading (organisation, time of computation). */
export function trendYearOf(o: Overview): TrendYear {
  const figures: Partial<Overview> = { ...o };
  delete figures.organizationId;
  delete figures.organizationName;
  delete figures.generatedAt;
  delete figures.asOf;
  delete figures.replicaLagSeconds;
  return figures as TrendYear;
}

export interface TrendYearsReport extends ReportHead {
  by: 'year';
  from: number;
  to: number;
  years: TrendYear[];
}

/**
 * Leadership reports (docs/REPORTS.md): read-only, scoped to the caller's subtree, answered as JSON
 * or as a file. Figures come from ReportsRepository (SQL aggregates) and CellLifeRates (the cell-life
 * rates, one definition shared with the meetings and study-theme endpoints).
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly repo: ReportsRepository,
    private readonly rates: CellLifeRates,
    private readonly cache: ReportCache,
  ) {}

  async overview(actor: Actor, q: OverviewQuery): Promise<Overview | ReportFile> {
    const org = await this.scoped(actor, q.organizationId);
    const { value: overview, staleness } = await this.cachedOverview(org, q.year, vnToday(), q.format);
    if (!q.format || q.format === 'json') return { ...overview, ...staleness };
    if (q.format === 'pdf') return overviewPdf(overview, await this.printedLayout(org));
    return sheetFile(overviewSheet(overview), q.format);
  }

  async organizations(
    actor: Actor,
    q: OrganizationsReportQuery,
  ): Promise<(ReportHead & { sort: string; order: string; items: OrganizationRow[] }) | ReportFile> {
    const sort = q.sort ?? 'name';
    const order = q.order ?? 'asc';
    const org = await this.scoped(actor, q.organizationId);
    const today = vnToday();
    // Cached unsorted, with the time it was computed; each request sorts its own copy.
    const {
      value: { rows, ...head },
      staleness,
    } = await this.reading(
      q.format,
      {
        report: 'organizations',
        organizationId: org.id,
        parts: [q.year, referenceDateOf(q.year, today)],
        tables: REPORT_TABLES.organizations,
      },
      async (em) => ({
        ...this.head(org, q.year),
        rows: await this.childRows(em, org, q.year, today),
      }),
      (r) => r.rows.length,
    );
    const report = { ...head, ...staleness, sort, order, items: sortRows(rows, sort, order) };
    if (!q.format || q.format === 'json') return report;
    return sheetFile(organizationsSheet(report, report.items), q.format);
  }

  async classification(
    actor: Actor,
    q: ReportQuery,
  ): Promise<(ReportHead & { items: ClassificationRow[] }) | ReportFile> {
    const org = await this.scoped(actor, q.organizationId);
    const { value, staleness } = await this.reading(
      q.format,
      {
        report: 'classification',
        organizationId: org.id,
        parts: [q.year],
        tables: REPORT_TABLES.classification,
      },
      async (em) => ({
        ...this.head(org, q.year),
        items: await this.repo.classification(em, org.path, q.year),
      }),
      (r) => r.items.length,
    );
    const report = { ...value, ...staleness };
    if (!q.format || q.format === 'json') return report;
    return sheetFile(classificationSheet(report, report.items), q.format);
  }

  async leadersFirst(
    actor: Actor,
    q: ReportQuery,
  ): Promise<(ReportHead & { items: LeaderView[] }) | ReportFile> {
    const org = await this.scoped(actor, q.organizationId);
    const { value, staleness } = await this.reading(
      q.format,
      {
        report: 'leaders-first',
        organizationId: org.id,
        parts: [q.year],
        tables: REPORT_TABLES.leadersFirst,
      },
      async (em) => {
        const rows = await this.repo.leaders(em, org.path, q.year);
        const items = rows.map((r) => ({
          ...r,
          status: leadersFirstStatus(r.headFirstSubmittedAt, r.firstMemberSubmittedAt),
        }));
        return { ...this.head(org, q.year), items };
      },
      (r) => r.items.length,
    );
    const report = { ...value, ...staleness };
    if (!q.format || q.format === 'json') return report;
    return sheetFile(leadersSheet(report, report.items), q.format);
  }

  /**
   * By month (default): registration, meetings and attendance per month of `year`. By year
   * (`by=year&from&to`): the overview's figures for each year from..to, each as the overview of that
   * year would answer them.
   */
  async trend(actor: Actor, q: TrendQuery): Promise<TrendReport | TrendYearsReport | ReportFile> {
    const org = await this.scoped(actor, q.organizationId);
    if (q.by === 'year') {
      const from = q.from!;
      const to = q.to!;
      if (from > to) throw DomainError.invalidField('to', 'min', 'to must not be before from');
      if (to - from >= MAX_TREND_YEARS)
        throw DomainError.invalidField('to', 'max', `at most ${MAX_TREND_YEARS} years from \`from\``);
      const today = vnToday();
      const years: TrendYear[] = [];
      const stale: Staleness[] = [];
      for (let y = from; y <= to; y++) {
        const { value, staleness } = await this.cachedOverview(org, y, today, q.format);
        years.push(trendYearOf(value));
        if (staleness) stale.push(staleness);
      }
      const report = { ...this.head(org, to), ...stalest(stale), by: 'year' as const, from, to, years };
      if (!q.format || q.format === 'json') return report;
      return sheetFile(trendYearsSheet(report, years), q.format);
    }
    const year = q.year!;
    const day = referenceDateOf(year, vnToday());
    const { value, staleness } = await this.reading(
      q.format,
      { report: 'trend-month', organizationId: org.id, parts: [year, day], tables: REPORT_TABLES.trendMonth },
      async (em) => ({
        ...this.head(org, year),
        by: 'month' as const,
        months: await this.monthsOf(em, org, year, day),
      }),
    );
    const report = { ...value, ...staleness };
    if (!q.format || q.format === 'json') return report;
    return sheetFile(trendSheet(report, report.months), q.format);
  }

  /**
   * Bản kiểm điểm cá nhân (DOCX) filled from the year's records: of the caller's own member record, or
   * of a member in a leader's or secretary's reach, with the records made in the caller's cells and
   * the formal record (docs/REPORTS.md, "Member review"). A secretary or leader of a cell the member
   * left gets the records made there, under that cell's name; anyone else's answers 404.
   */
  async memberReview(actor: Actor, memberId: string, q: MemberReviewQuery): Promise<ReportFile> {
    const { header, data } = await this.db.read(async (em) => {
      const reach = await this.access.reachableMember(em, actor, 'report.member-review', memberId);
      const { member } = reach;
      const made = this.access.recordCondition(reach, '"o"."path"');
      const formal = reach.current ? { sql: '1=1', params: {} } : made;
      const cellId = reach.current ? member.cellId : await this.repo.lastCellOf(em, member.id, made);
      const cell = await em.findOneByOrFail(Organization, { id: cellId });
      const chain = await this.chainOf(em, cell);
      const cellHead = cell.headMemberId
        ? await em.findOne(Member, { where: { id: cell.headMemberId }, select: { id: true, fullName: true } })
        : null;
      const header: ReviewHeader = {
        year: q.year,
        fullName: member.fullName,
        dateOfBirth: member.dateOfBirth,
        status: member.status,
        joinedPartyOn: member.joinedPartyOn,
        position: member.position,
        cellName: cell.name,
        heading: documentHeading(chain, vnToday()),
        cellSignature: signatureBlock(cell, cellHead?.fullName ?? null),
        recipients: [cell.name, 'Lưu hồ sơ đảng viên'],
      };
      return { header, data: await this.repo.memberReview(em, member.id, q.year, { made, formal }) };
    });
    return memberReviewDocx(header, data);
  }

  private async monthsOf(
    em: EntityManager,
    org: Organization,
    year: number,
    day: string,
  ): Promise<TrendMonth[]> {
    const members = await this.repo.memberCounts(em, org.path, day);
    const periods = await this.repo.periodRegistrations(em, org.path, year, day);
    const monthly = periodRegistrations('monthly', periods.monthly, members.expected);
    const meetings = await this.repo.meetingCountsByMonth(em, org.path, year);
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

  /** The overview of an organisation the caller may read (checked before), computed again once a table it reads is written. */
  private cachedOverview(
    org: Organization,
    year: number,
    today: string,
    format: string | undefined,
  ): Promise<ReportRead<Overview>> {
    return this.reading(
      format,
      {
        report: 'overview',
        organizationId: org.id,
        parts: [year, referenceDateOf(year, today)],
        tables: REPORT_TABLES.overview,
      },
      (em) => this.overviewOf(em, org, year, today),
    );
  }

  /**
   * A report's figures from the cache, or computed by `work` on a replica when there are any
   * (Database.report). A JSON answer may come from a replica within REPLICA_MAX_LAG_SECONDS and then
   * states its `asOf` and `replicaLagSeconds`; a file (XLSX, CSV, PDF) states nothing, so it is
   * computed only from current rows (a caught-up replica or the primary).
   */
  private async reading<T>(
    format: string | undefined,
    key: ReportKey,
    work: (em: EntityManager) => Promise<T>,
    weight?: (value: T) => number,
  ): Promise<ReportRead<T>> {
    const json = !format || format === 'json';
    const read = await this.cache.getRead(key, () => this.db.report(work, { allowLag: json }), weight);
    // A file's request may have joined a JSON request's computation on a lagging replica.
    if (read.staleness && !json) return this.db.report(work, { allowLag: false });
    return read;
  }

  /**
   * One row per direct child of `org` (name order), each figure counted over the child's subtree. Every
   * figure of all children comes from one or two grouped statements (`...ByChild`); attendance from
   * the per-cell counts of CellLifeRates, added up per child.
   */
  private async childRows(
    em: EntityManager,
    org: Organization,
    year: number,
    today: string,
  ): Promise<OrganizationRow[]> {
    const day = referenceDateOf(year, today);
    const { from, to } = yearRange(year);
    const byId = (rates: YearRate[]) => new Map(rates.map((r) => [r.organizationId, r]));
    const reg = byId(await this.rates.registrationByChild(em, org.path, year, today));
    const study = byId(await this.rates.participationByChild(em, org.path, year, today));
    const members = await this.repo.memberCountsByChild(em, org.path, day);
    const commitments = await this.repo.commitmentCountsByChild(em, org.path, year);
    const levels = await this.repo.levelCountsByChild(em, org.path, year);
    const manifestations = await this.repo.manifestationsByChild(em, org.path, year);
    const meetings = await this.repo.meetingCountsByChild(em, org.path, from, to);
    const children = await this.repo.children(em, org.id, from);
    const cells = await this.rates.attendance(em, { pathPrefix: org.path, memberId: null, from, to }, 'cell');
    const attendance = await this.repo.attendanceByChild(em, org.path, cells);
    return children.map((child) => {
      const m = members.get(child.id);
      const r = reg.get(child.id);
      const st = study.get(child.id);
      const a = attendance.get(child.id) ?? attendanceOf(null);
      const c = commitments.get(child.id);
      const l = levels.get(child.id);
      return {
        organizationId: child.id,
        name: child.name,
        kind: child.kind,
        members: m?.total ?? 0,
        expected: m?.expected ?? 0,
        registrationRate: r?.rate ?? null,
        registered: r?.registered ?? 0,
        studyParticipationRate: st?.rate ?? null,
        participated: st?.participated ?? 0,
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

  /** Every overview figure of one organisation's subtree for one year. */
  async overviewOf(em: EntityManager, org: Organization, year: number, today = vnToday()): Promise<Overview> {
    const day = referenceDateOf(year, today);
    const { from, to } = yearRange(year);
    // Member counts, yearly, quarterly and monthly registration and study participation: one statement
    // that tests the roll once.
    const { registered, participated, studiedRegistered, periods, ...members } =
      await this.repo.memberFigures(em, org.path, year, day);
    const yearly = rateOf(registered, members.expected);
    const study = rateOf(participated, members.expected);
    const att = await this.rates.attendance(em, { pathPrefix: org.path, memberId: null, from, to });
    const c = await this.repo.commitmentCounts(em, org.path, year);
    const meetings = await this.repo.meetingCounts(em, org.path, from, to);
    const coverage = await this.repo.studyCoverage(em, org.path, from, to);
    return {
      ...this.head(org, year),
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
      evaluation: await this.repo.levelCounts(em, org.path, year),
      quota: await this.repo.quotaStatus(em, org.path, year),
      manifestations: allManifestations(await this.repo.manifestations(em, org.path, year)),
      meetingIssues: { raised: meetings.issuesRaised, open: meetings.issuesOpen },
    };
  }

  /**
   * The party document's layout around a report printed for `org` (document-layout.rules.ts): its
   * heading (the organisation under its superior, the place, today's date), recipients and signature
   * block (the organisation's head, when recorded).
   */
  private printedLayout(org: Organization): Promise<PrintedLayout> {
    return this.db.read(async (em) => {
      const chain = await this.chainOf(em, org);
      const head = org.headMemberId
        ? await em.findOne(Member, { where: { id: org.headMemberId }, select: { id: true, fullName: true } })
        : null;
      return {
        heading: documentHeading(chain, vnToday()),
        signature: signatureBlock(org, head?.fullName ?? null),
        recipients: recipientsOf(chain),
      };
    });
  }

  /** The organisation and its ancestors, from it up to the top of the tree. */
  private async chainOf(em: EntityManager, org: Organization): Promise<OrganizationNode[]> {
    const ids = ancestorIds(org.path);
    const ancestors = ids.length
      ? await em.find(Organization, {
          where: { id: In(ids) },
          select: { id: true, name: true, kind: true, isGrassroots: true, depth: true },
        })
      : [];
    return [org, ...ancestors.sort((a, b) => b.depth - a.depth)];
  }

  private head(org: Organization, year: number): ReportHead {
    return {
      organizationId: org.id,
      organizationName: org.name,
      year,
      generatedAt: new Date().toISOString(),
    };
  }

  /** `scopedOrganization` in a read of its own: the organisation a report may be computed (and cached) for. */
  private scoped(actor: Actor, id: string): Promise<Organization> {
    return this.db.read((em) => this.scopedOrganization(em, actor, id));
  }

  /**
   * Reports name an organisation's figures: only leaders and secretaries over it (a secretary's reach
   * is their cell). Anything else answers 404, as if it did not exist.
   */
  private async scopedOrganization(em: EntityManager, actor: Actor, id: string): Promise<Organization> {
    const org = await this.access.visibleOrganization(em, actor, 'report.read', id);
    if (!this.access.coversPath(this.access.scopeOf(actor, 'report.read'), org.path))
      throw DomainError.notFound('Organization');
    return org;
  }
}
