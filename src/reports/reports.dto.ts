import { IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { ORGANIZATION_SORT_FIELDS, OrganizationSortField } from './reports.rules.js';
import { IsQueryYear } from '../common/year.js';
import { YearScopeQuery } from '../common/year-scope.dto.js';

export { YearScopeQuery };

export const TABLE_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];
export const OVERVIEW_FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;
export type OverviewFormat = (typeof OVERVIEW_FORMATS)[number];

export class ReportQuery extends YearScopeQuery {
  /** `json` (default) or a download. */
  @IsOptional()
  @IsIn(TABLE_FORMATS)
  format?: TableFormat;
}

export class OverviewQuery extends YearScopeQuery {
  /** `json` (default) or a download; `pdf` is the printed page with the level chart. */
  @IsOptional()
  @IsIn(OVERVIEW_FORMATS)
  format?: OverviewFormat;
}

export class OrganizationsReportQuery extends ReportQuery {
  /** Sort field (whitelisted); default `name`. */
  @IsOptional()
  @IsIn(ORGANIZATION_SORT_FIELDS)
  sort?: OrganizationSortField;

  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

/** A member's year for the individual review document (bản kiểm điểm cá nhân). */
export class MemberReviewQuery {
  @IsQueryYear()
  year: number;
}

export const TREND_BY = ['month', 'year'] as const;

/**
 * `by=month` (default): the months of `year`. `by=year`: the years `from`..`to` (at most 10), each with
 * the overview's figures.
 */
export class TrendQuery {
  @IsUUID()
  organizationId: string;

  @IsOptional()
  @IsIn(TREND_BY)
  by?: (typeof TREND_BY)[number];

  /** Required by month; ignored by year. */
  @ValidateIf((q: TrendQuery) => q.by !== 'year' || q.year !== undefined)
  @IsQueryYear()
  year?: number;

  /** First year, required by year. */
  @ValidateIf((q: TrendQuery) => q.by === 'year' || q.from !== undefined)
  @IsQueryYear()
  from?: number;

  /** Last year (from..to, at most 10 years), required by year. */
  @ValidateIf((q: TrendQuery) => q.by === 'year' || q.to !== undefined)
  @IsQueryYear()
  to?: number;

  @IsOptional()
  @IsIn(TABLE_FORMATS)
  format?: TableFormat;
}
