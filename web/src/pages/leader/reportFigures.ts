import type { ChildRow } from './reportsApi';

export type { ChildRow };
import { formatNumber, formatRate } from '../../lib/format';
import { groupOf, MANIFESTATION_GROUPS, ManifestationGroup } from '../../lib/manifestations';

/** Pure helpers of the leader's report pages (Báo cáo): the rate scale, the table's sort, the groups of the 27. */

/**
 * One colour scale for every rate of the per-child table (higher is better): the band a rate falls in.
 * The bands are the committees' usual reading of a rate (under half is weak, 90% and more is good);
 * the colours are backgrounds that keep dark text at 4.5:1 and more.
 */
export const RATE_BANDS = [
  { from: 0.9, label: 'Tốt', background: '#d3f9d8', color: '#0b4d1c' },
  { from: 0.7, label: 'Khá', background: '#e9fac8', color: '#2b4a06' },
  { from: 0.5, label: 'Trung bình', background: '#fff3bf', color: '#5c3c00' },
  { from: 0, label: 'Thấp', background: '#ffe3e3', color: '#7a0c0c' },
] as const;

export type RateBand = (typeof RATE_BANDS)[number];

/** The band of a rate 0..1; null (nothing to count) has none. */
export function rateBand(rate: number | null | undefined): RateBand | null {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return null;
  return RATE_BANDS.find((b) => rate >= b.from) ?? RATE_BANDS[RATE_BANDS.length - 1];
}

/** `70,88%` with its fraction beside it, `(17/24)`; a rate over nothing reads `không có số liệu (0/0)`. */
export function rateText(rate: number | null, numerator: number, denominator: number): string {
  const of = `${formatNumber(numerator)}/${formatNumber(denominator)}`;
  return rate === null ? `không có số liệu (${of})` : `${formatRate(rate)} (${of})`;
}

/** The columns the table sorts by: the API's whitelist (`sort` of GET /api/reports/organizations). */
export const CHILD_SORT_FIELDS = [
  'name',
  'members',
  'expected',
  'registrationRate',
  'studyParticipationRate',
  'meetingAttendanceRate',
  'doneRate',
  'lateSubmissions',
  'excellent',
  'incomplete',
  'manifestationsPresent',
  'openIssues',
] as const;
export type ChildSortField = (typeof CHILD_SORT_FIELDS)[number];
export type SortOrder = 'asc' | 'desc';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'vi');

/**
 * The API's order (docs/REPORTS.md, organizations report), so the table sorted in the page reads as
 * the file downloaded with the same `sort` and `order`: a null rate last in both orders, ties by name
 * in Vietnamese collation.
 */
export function sortChildRows<T extends Record<ChildSortField, string | number | null>>(
  rows: readonly T[],
  field: ChildSortField,
  order: SortOrder,
): T[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[field];
    const y = b[field];
    if (x === null && y === null) return byName(a as never, b as never);
    if (x === null) return 1;
    if (y === null) return -1;
    const c = typeof x === 'string' ? x.localeCompare(String(y), 'vi') : x - Number(y);
    return c !== 0 ? sign * c : byName(a as never, b as never);
  });
}

/** A click on a column heading: the same column turns the order round, another starts ascending (names) or descending (figures). */
export function nextSort(
  current: { field: ChildSortField; order: SortOrder },
  field: ChildSortField,
): { field: ChildSortField; order: SortOrder } {
  if (current.field === field) return { field, order: current.order === 'asc' ? 'desc' : 'asc' };
  return { field, order: field === 'name' ? 'asc' : 'desc' };
}

export interface ManifestationCount {
  code: number;
  atRisk: number;
  present: number;
}

/** The 27 counted by group (Nghị quyết 4 khóa XII: 1-9, 10-18, 19-27), without any name. */
export function manifestationGroups(
  counts: readonly ManifestationCount[],
): Array<{ key: ManifestationGroup; label: string; atRisk: number; present: number }> {
  return MANIFESTATION_GROUPS.map((g) => {
    const inGroup = counts.filter((c) => groupOf({ code: c.code, group: null }) === g.key);
    return {
      key: g.key,
      label: g.label,
      atRisk: inGroup.reduce((n, c) => n + c.atRisk, 0),
      present: inGroup.reduce((n, c) => n + c.present, 0),
    };
  });
}
