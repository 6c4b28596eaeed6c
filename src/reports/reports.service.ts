import { Injectable } from '@nestjs/common';
import { Actor } from '../common/actor.js';
import { Staleness } from '../common/database.service.js';
import { vnToday } from '../common/dates.js';
import { DomainError } from '../common/domain-error.js';
import { referenceDateOf } from '../common/rates.js';
import { ClassificationRepository } from './classification.repository.js';
import { LeadersRepository } from './leaders.repository.js';
import { overviewPdf } from './overview-pdf.js';
import { ReportFiguresService } from './report-figures.service.js';
import { ReportFile, sheetFile } from './report-files.js';
import { reportHead, ReportReader, ReportSpec } from './report-reader.js';
import {
  classificationSheet,
  leadersSheet,
  organizationsSheet,
  overviewSheet,
  trendSheet,
  trendYearsSheet,
} from './report-sheets.js';
import { REPORT_TABLES } from './report-tables.js';
import { OrganizationsReportQuery, OverviewQuery, ReportQuery, TrendQuery } from './reports.dto.js';
import { leadersFirstStatus, sortRows } from './reports.rules.js';
import type {
  ClassificationReport,
  LeadersFirstReport,
  OrganizationsReport,
  Overview,
  TrendReport,
  TrendYear,
  TrendYearsReport,
} from './reports.responses.js';

/** The most behind of several readings' stalenesses (none: every reading current). */
function stalest(all: readonly Staleness[]): Staleness | null {
  return all.reduce<Staleness | null>(
    (worst, s) => (worst === null || s.replicaLagSeconds > worst.replicaLagSeconds ? s : worst),
    null,
  );
}

/** Most years one year-over-year trend spans. */
export const MAX_TREND_YEARS = 10;

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

/** JSON (the default) rather than a file. */
const isJson = <F extends string>(format: F | undefined): format is Extract<F, 'json'> | undefined =>
  !format || format === 'json';

/**
 * Leadership reports (docs/REPORTS.md): read-only, scoped to the caller's subtree, answered as JSON
 * or as a file. Each report names its figures once (a ReportSpec: cache key, tables, computation);
 * ReportReader runs the skeleton (scope check, cache, replica routing) and each method formats.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reader: ReportReader,
    private readonly figures: ReportFiguresService,
    private readonly leaders: LeadersRepository,
    private readonly lists: ClassificationRepository,
  ) {}

  async overview(actor: Actor, q: OverviewQuery): Promise<Overview | ReportFile> {
    const spec = this.overviewSpec(q.year, vnToday());
    const { org, value, staleness } = await this.reader.run(actor, q.organizationId, q.format, spec);
    if (isJson(q.format)) return { ...value, ...staleness };
    if (q.format === 'pdf') return overviewPdf(value, await this.reader.printedLayout(org));
    return sheetFile(overviewSheet(value), q.format);
  }

  async organizations(actor: Actor, q: OrganizationsReportQuery): Promise<OrganizationsReport | ReportFile> {
    const sort = q.sort ?? 'name';
    const order = q.order ?? 'asc';
    const today = vnToday();
    // Cached unsorted, with the time it was computed; each request sorts its own copy.
    const { value, staleness } = await this.reader.run(actor, q.organizationId, q.format, {
      report: 'organizations',
      parts: [q.year, referenceDateOf(q.year, today)],
      tables: REPORT_TABLES.organizations,
      compute: async (em, org) => ({
        ...reportHead(org, q.year),
        rows: await this.figures.childRows(em, org, q.year, today),
      }),
      weight: (r) => r.rows.length,
    });
    const { rows, ...head } = value;
    const report = { ...head, ...staleness, sort, order, items: sortRows(rows, sort, order) };
    if (isJson(q.format)) return report;
    return sheetFile(organizationsSheet(report, report.items), q.format);
  }

  async classification(actor: Actor, q: ReportQuery): Promise<ClassificationReport | ReportFile> {
    const { value, staleness } = await this.reader.run(actor, q.organizationId, q.format, {
      report: 'classification',
      parts: [q.year],
      tables: REPORT_TABLES.classification,
      compute: async (em, org) => ({
        ...reportHead(org, q.year),
        items: await this.lists.classification(em, org.path, q.year),
      }),
      weight: (r) => r.items.length,
    });
    const report = { ...value, ...staleness };
    if (isJson(q.format)) return report;
    return sheetFile(classificationSheet(report, report.items), q.format);
  }

  async leadersFirst(actor: Actor, q: ReportQuery): Promise<LeadersFirstReport | ReportFile> {
    const { value, staleness } = await this.reader.run(actor, q.organizationId, q.format, {
      report: 'leaders-first',
      parts: [q.year],
      tables: REPORT_TABLES.leadersFirst,
      compute: async (em, org) => {
        const rows = await this.leaders.leaders(em, org.path, q.year);
        const items = rows.map((r) => ({
          ...r,
          status: leadersFirstStatus(r.headFirstSubmittedAt, r.firstMemberSubmittedAt),
        }));
        return { ...reportHead(org, q.year), items };
      },
      weight: (r) => r.items.length,
    });
    const report = { ...value, ...staleness };
    if (isJson(q.format)) return report;
    return sheetFile(leadersSheet(report, report.items), q.format);
  }

  /**
   * By month (default): registration, meetings and attendance per month of `year`. By year
   * (`by=year&from&to`): the overview's figures for each year from..to, each as the overview of that
   * year would answer them.
   */
  async trend(actor: Actor, q: TrendQuery): Promise<TrendReport | TrendYearsReport | ReportFile> {
    if (q.by === 'year') return this.trendByYear(actor, q);
    const year = q.year!;
    const day = referenceDateOf(year, vnToday());
    const { value, staleness } = await this.reader.run(actor, q.organizationId, q.format, {
      report: 'trend-month',
      parts: [year, day],
      tables: REPORT_TABLES.trendMonth,
      compute: async (em, org) => ({
        ...reportHead(org, year),
        by: 'month' as const,
        months: await this.figures.monthsOf(em, org, year, day),
      }),
    });
    const report = { ...value, ...staleness };
    if (isJson(q.format)) return report;
    return sheetFile(trendSheet(report, report.months), q.format);
  }

  private async trendByYear(actor: Actor, q: TrendQuery): Promise<TrendYearsReport | ReportFile> {
    const org = await this.reader.scoped(actor, q.organizationId);
    const from = q.from!;
    const to = q.to!;
    if (from > to) throw DomainError.invalidField('to', 'min', 'to must not be before from');
    if (to - from >= MAX_TREND_YEARS)
      throw DomainError.invalidField('to', 'max', `at most ${MAX_TREND_YEARS} years from \`from\``);
    const today = vnToday();
    const years: TrendYear[] = [];
    const stale: Staleness[] = [];
    for (let y = from; y <= to; y++) {
      const { value, staleness } = await this.reader.figuresOf(org, q.format, this.overviewSpec(y, today));
      years.push(trendYearOf(value));
      if (staleness) stale.push(staleness);
    }
    const report = { ...reportHead(org, to), ...stalest(stale), by: 'year' as const, from, to, years };
    if (isJson(q.format)) return report;
    return sheetFile(trendYearsSheet(report, years), q.format);
  }

  /** The overview of one year, computed again once a table it reads is written. */
  private overviewSpec(year: number, today: string): ReportSpec<Overview> {
    return {
      report: 'overview',
      parts: [year, referenceDateOf(year, today)],
      tables: REPORT_TABLES.overview,
      compute: (em, org) => this.figures.overviewOf(em, org, year, today),
    };
  }
}
