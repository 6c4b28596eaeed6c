import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../auth/access.service.js';
import { Actor } from '../auth/actor.js';
import { Database } from '../common/database.service.js';
import { vnToday } from '../common/dates.js';
import { DomainError } from '../common/domain-error.js';
import { CellLifeRates, YearRate } from '../meetings/cell-life-rates.repository.js';
import { Organization } from '../organizations/organization.entity.js';
import { referenceDateOf } from '../study-themes/study-themes.rules.js';
import { ReportFile, sheetFile } from './report-files.js';
import {
  classificationSheet,
  leadersSheet,
  organizationsSheet,
  overviewSheet,
  trendSheet,
} from './report-sheets.js';
import { memberReviewDocx, ReviewHeader } from './member-review-docx.js';
import { overviewPdf } from './overview-pdf.js';
import { MemberReviewQuery, OrganizationsReportQuery, OverviewQuery, ReportQuery } from './reports.dto.js';
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

export interface Overview {
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

interface ReportHead {
  organizationId: string;
  organizationName: string;
  year: number;
  generatedAt: string;
}

const yearRange = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

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
  ) {}

  async overview(actor: Actor, q: OverviewQuery): Promise<Overview | ReportFile> {
    const overview = await this.db.read(async (em) => {
      const org = await this.scopedOrganization(em, actor, q.organizationId);
      return this.overviewOf(em, org, q.year);
    });
    if (!q.format || q.format === 'json') return overview;
    if (q.format === 'pdf') return overviewPdf(overview);
    return sheetFile(overviewSheet(overview), q.format);
  }

  async organizations(
    actor: Actor,
    q: OrganizationsReportQuery,
  ): Promise<(ReportHead & { sort: string; order: string; items: OrganizationRow[] }) | ReportFile> {
    const sort = q.sort ?? 'name';
    const order = q.order ?? 'asc';
    const report = await this.db.read(async (em) => {
      const org = await this.scopedOrganization(em, actor, q.organizationId);
      const today = vnToday();
      // The cell-life rates of every child in one grouped statement each; the other figures as one
      // set of aggregates per child organisation (a handful to a few dozen), never per member.
      const byId = (rates: YearRate[]) => new Map(rates.map((r) => [r.organizationId, r]));
      const reg = byId(await this.rates.registrationByChild(em, org.path, q.year, today));
      const study = byId(await this.rates.participationByChild(em, org.path, q.year, today));
      const members = await this.repo.memberCountsByChild(em, org.path, referenceDateOf(q.year, today));
      const rows: OrganizationRow[] = [];
      for (const child of await this.repo.children(em, org.id))
        rows.push(
          await this.rowOf(em, child, q.year, today, {
            members: members.get(child.id),
            reg: reg.get(child.id),
            study: study.get(child.id),
          }),
        );
      return { ...this.head(org, q.year), sort, order, items: sortRows(rows, sort, order) };
    });
    if (!q.format || q.format === 'json') return report;
    return sheetFile(organizationsSheet(report, report.items), q.format);
  }

  async classification(
    actor: Actor,
    q: ReportQuery,
  ): Promise<(ReportHead & { items: ClassificationRow[] }) | ReportFile> {
    const report = await this.db.read(async (em) => {
      const org = await this.scopedOrganization(em, actor, q.organizationId);
      return { ...this.head(org, q.year), items: await this.repo.classification(em, org.path, q.year) };
    });
    if (!q.format || q.format === 'json') return report;
    return sheetFile(classificationSheet(report, report.items), q.format);
  }

  async leadersFirst(
    actor: Actor,
    q: ReportQuery,
  ): Promise<(ReportHead & { items: LeaderView[] }) | ReportFile> {
    const report = await this.db.read(async (em) => {
      const org = await this.scopedOrganization(em, actor, q.organizationId);
      const rows = await this.repo.leaders(em, org.path, q.year);
      const items = rows.map((r) => ({
        ...r,
        status: leadersFirstStatus(r.headFirstSubmittedAt, r.firstMemberSubmittedAt),
      }));
      return { ...this.head(org, q.year), items };
    });
    if (!q.format || q.format === 'json') return report;
    return sheetFile(leadersSheet(report, report.items), q.format);
  }

  async trend(actor: Actor, q: ReportQuery): Promise<(ReportHead & { months: TrendMonth[] }) | ReportFile> {
    const report = await this.db.read(async (em) => {
      const org = await this.scopedOrganization(em, actor, q.organizationId);
      const day = referenceDateOf(q.year, vnToday());
      const members = await this.repo.memberCounts(em, org.path, day);
      const periods = await this.repo.periodRegistrations(em, org.path, q.year, day);
      const monthly = periodRegistrations('monthly', periods.monthly, members.expected);
      const months: TrendMonth[] = [];
      for (let m = 1; m <= 12; m++) {
        const from = `${q.year}-${String(m).padStart(2, '0')}-01`;
        const to = lastDayOfMonth(q.year, m);
        const a = await this.rates.attendance(em, { pathPrefix: org.path, memberId: null, from, to });
        const mc = await this.repo.meetingCounts(em, org.path, from, to);
        months.push({
          month: m,
          registration: monthly[m - 1],
          meetingAttendance: {
            rate: a.rate,
            present: a.present,
            excused: a.excused,
            absent: a.absent,
            expected: a.expected,
          },
          meetings: { regular: mc.regular, thematic: mc.thematic, study: mc.study },
          issuesRaised: mc.issuesRaised,
        });
      }
      return { ...this.head(org, q.year), months };
    });
    if (!q.format || q.format === 'json') return report;
    return sheetFile(trendSheet(report, report.months), q.format);
  }

  /** Bản kiểm điểm cá nhân (DOCX) of a member in the caller's reach, filled from the year's records. */
  async memberReview(actor: Actor, memberId: string, q: MemberReviewQuery): Promise<ReportFile> {
    const { header, data } = await this.db.read(async (em) => {
      const { member } = await this.access.visibleMember(em, actor, 'report.read', memberId);
      const cell = await em.findOneByOrFail(Organization, { id: member.cellId });
      const parent = cell.parentId ? await em.findOneBy(Organization, { id: cell.parentId }) : null;
      const header: ReviewHeader = {
        year: q.year,
        fullName: member.fullName,
        dateOfBirth: member.dateOfBirth,
        status: member.status,
        joinedPartyOn: member.joinedPartyOn,
        position: member.position,
        cellName: cell.name,
        parentName: parent?.name ?? null,
        generatedAt: new Date(),
      };
      return { header, data: await this.repo.memberReview(em, member.id, q.year) };
    });
    return memberReviewDocx(header, data);
  }

  /** Every overview figure of one organisation's subtree for one year. */
  async overviewOf(em: EntityManager, org: Organization, year: number, today = vnToday()): Promise<Overview> {
    const day = referenceDateOf(year, today);
    const { from, to } = yearRange(year);
    const members = await this.repo.memberCounts(em, org.path, day);
    const yearly = await this.rates.registration(em, org.id, org.path, year, today);
    const periods = await this.repo.periodRegistrations(em, org.path, year, day);
    const study = await this.rates.participation(em, org.id, org.path, year, today);
    const att = await this.rates.attendance(em, { pathPrefix: org.path, memberId: null, from, to });
    const c = await this.repo.commitmentCounts(em, org.path, year);
    const meetings = await this.repo.meetingCounts(em, org.path, from, to);
    return {
      ...this.head(org, year),
      referenceDate: day,
      members,
      registration: {
        yearly: {
          period: 'Y',
          rate: yearly.rate,
          registered: yearly.registered ?? 0,
          expected: yearly.expected,
        },
        quarterly: periodRegistrations('quarterly', periods.quarterly, members.expected),
        monthly: periodRegistrations('monthly', periods.monthly, members.expected),
      },
      studyParticipation: {
        rate: study.rate,
        participated: study.participated ?? 0,
        expected: study.expected,
      },
      meetingAttendance: {
        rate: att.rate,
        present: att.present,
        excused: att.excused,
        absent: att.absent,
        expected: att.expected,
      },
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
   * The per-organisation figures of one child's subtree; its member counts, registration and
   * participation come from the grouped statements (`...ByChild`), counted per child when missing.
   */
  private async rowOf(
    em: EntityManager,
    org: Organization,
    year: number,
    today: string,
    grouped: { members?: MemberCounts; reg?: YearRate; study?: YearRate } = {},
  ): Promise<OrganizationRow> {
    const day = referenceDateOf(year, today);
    const { from, to } = yearRange(year);
    const members = grouped.members ?? (await this.repo.memberCounts(em, org.path, day));
    const reg = grouped.reg ?? (await this.rates.registration(em, org.id, org.path, year, today));
    const study = grouped.study ?? (await this.rates.participation(em, org.id, org.path, year, today));
    const att = await this.rates.attendance(em, { pathPrefix: org.path, memberId: null, from, to });
    const c = await this.repo.commitmentCounts(em, org.path, year);
    const levels = await this.repo.levelCounts(em, org.path, year);
    const manifestations = await this.repo.manifestations(em, org.path, year);
    const meetings = await this.repo.meetingCounts(em, org.path, from, to);
    return {
      organizationId: org.id,
      name: org.name,
      kind: org.kind,
      members: members.total,
      expected: members.expected,
      registrationRate: reg.rate,
      registered: reg.registered ?? 0,
      studyParticipationRate: study.rate,
      participated: study.participated ?? 0,
      meetingAttendanceRate: att.rate,
      attendancePresent: att.present,
      attendanceExpected: att.expected,
      doneRate: fraction(c.done, c.items),
      itemsDone: c.done,
      items: c.items,
      lateSubmissions: c.late,
      excellent: levels.excellent,
      good: levels.good,
      complete: levels.complete,
      incomplete: levels.incomplete,
      unclassified: levels.unclassified,
      manifestationsPresent: manifestations.reduce((n, m) => n + m.present, 0),
      openIssues: meetings.issuesOpen,
    };
  }

  private head(org: Organization, year: number): ReportHead {
    return {
      organizationId: org.id,
      organizationName: org.name,
      year,
      generatedAt: new Date().toISOString(),
    };
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
