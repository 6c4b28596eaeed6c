import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import { unwrap } from '../../lib/errors';

/**
 * The report answers of the API (docs/REPORTS.md), typed from its OpenAPI document. The same 200
 * answer also describes the files (`format`), so openapi-fetch types `data` as JSON or a string: the
 * queries below ask for JSON and say so.
 */
type Json<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer T } } } };
}
  ? T
  : never;

export type Overview = Json<'/api/reports/overview'>;
export type OrganizationsReport = Json<'/api/reports/organizations'>;
export type ChildRow = OrganizationsReport['items'][number];
export type LeadersReport = Json<'/api/reports/leaders-first'>;
export type ClassificationReport = Json<'/api/reports/classification'>;
type Trend = Json<'/api/reports/trend'>;
export type MonthTrend = Extract<Trend, { by: 'month' }>;
export type YearTrend = Extract<Trend, { by: 'year' }>;

export type Scope = {
  organizationId: string;
  year: number;
};

/** Years the year-over-year trend spans, the chosen year last. */
export const TREND_YEARS = 5;

// Each report is its own query, so the page shows each part as soon as its answer arrives.

export function useOverview({ organizationId, year }: Scope) {
  return useQuery({
    queryKey: ['reports', 'overview', organizationId, year],
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/reports/overview', { params: { query: { organizationId, year } } }),
      )) as Overview,
    placeholderData: keepPreviousData,
  });
}

/** Unsorted as the API's default (name); the page sorts its own copy. */
export function useChildRows({ organizationId, year }: Scope) {
  return useQuery({
    queryKey: ['reports', 'organizations', organizationId, year],
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/reports/organizations', { params: { query: { organizationId, year } } }),
      )) as OrganizationsReport,
  });
}

export function useLeadersFirst({ organizationId, year }: Scope) {
  return useQuery({
    queryKey: ['reports', 'leaders-first', organizationId, year],
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/reports/leaders-first', { params: { query: { organizationId, year } } }),
      )) as LeadersReport,
  });
}

export function useClassification({ organizationId, year }: Scope) {
  return useQuery({
    queryKey: ['reports', 'classification', organizationId, year],
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/reports/classification', { params: { query: { organizationId, year } } }),
      )) as ClassificationReport,
  });
}

export function useMonthTrend({ organizationId, year }: Scope) {
  return useQuery({
    queryKey: ['reports', 'trend', 'month', organizationId, year],
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/reports/trend', { params: { query: { organizationId, year, by: 'month' } } }),
      )) as MonthTrend,
  });
}

export function useYearTrend({ organizationId, year }: Scope) {
  return useQuery({
    queryKey: ['reports', 'trend', 'year', organizationId, year],
    queryFn: async () =>
      (await unwrap(
        api.GET('/api/reports/trend', {
          params: { query: { organizationId, by: 'year', from: year - TREND_YEARS + 1, to: year } },
        }),
      )) as YearTrend,
  });
}

/** One organisation (name, parent) for the trail above the one shown. */
export function useOrganization(id: string | null) {
  return useQuery({
    queryKey: ['organizations', 'one', id],
    enabled: id !== null,
    staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/api/organizations/{id}', { params: { path: { id: id! } } })),
  });
}

/** The path of a report as a file (`format`), with the query it was shown with. */
export function reportFileUrl(
  report: 'overview' | 'organizations' | 'leaders-first' | 'classification' | 'trend',
  query: Record<string, string | number>,
  format: string,
): string {
  const params = new URLSearchParams(
    Object.entries({ ...query, format }).map(([k, v]) => [k, String(v)] as [string, string]),
  );
  return `/api/reports/${report}?${params.toString()}`;
}
