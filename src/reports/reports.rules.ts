/**
 * Pure rules of the reports (no Nest, no I/O): how a count becomes a rate, the quota status, the
 * leaders-first verdict, the whitelisted sort of the per-organisation table and the
 * download file names. Every figure is defined in docs/REPORTS.md.
 */
import { Level, LEVEL_NAMES } from '../evaluations/rule-sets.js';

/** A fraction 0..1 (4 decimals) beside its parts; null when the denominator is 0 (nobody to count). */
export function fraction(numerator: number, denominator: number): number | null {
  return denominator > 0 ? Math.round((numerator / denominator) * 10000) / 10000 : null;
}

/** A rate as Vietnamese print it: `40,00%`, or `—` when there is nothing to count. */
export function percentVi(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(2).replace('.', ',')}%`;
}

/**
 * The sentence committees write in their Chỉ thị 05 reports (e.g. Thành ủy Vĩnh Yên: "tỷ lệ tham gia
 * học các chuyên đề đạt trên 95%", "trên 90% đảng viên dự học đều đăng ký làm theo"), from the
 * overview's own figures, each rate beside its numerator and denominator.
 */
export function studySentence(o: {
  studyParticipation: { rate: number | null; participated: number; expected: number };
  followAmongStudied: { rate: number | null; registered: number; studied: number };
  studyCoverage: { rate: number | null; held: number; organizations: number };
}): string {
  const s = o.studyParticipation;
  const f = o.followAmongStudied;
  const c = o.studyCoverage;
  return (
    `${c.held}/${c.organizations} chi bộ (${percentVi(c.rate)}) tổ chức học tập chuyên đề; ` +
    `tỷ lệ đảng viên tham gia học tập chuyên đề đạt ${percentVi(s.rate)} (${s.participated}/${s.expected}); ` +
    `${percentVi(f.rate)} đảng viên dự học đăng ký làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh ` +
    `(${f.registered}/${f.studied}).`
  );
}

export interface PeriodRegistration {
  /** `Y` for the year, `Q1`..`Q4`, `M1`..`M12`. */
  period: string;
  rate: number | null;
  registered: number;
  expected: number;
}

/**
 * Registration per quarter or month from the GROUP BY rows (periodKey -> registered), with the same
 * `expected` for every period (members expected on the year's reference day). Periods without a row
 * count 0 registered.
 */
export function periodRegistrations(
  periodType: 'quarterly' | 'monthly',
  registeredByKey: ReadonlyMap<number, number>,
  expected: number,
): PeriodRegistration[] {
  const n = periodType === 'quarterly' ? 4 : 12;
  const prefix = periodType === 'quarterly' ? 'Q' : 'M';
  return Array.from({ length: n }, (_, i) => {
    const registered = registeredByKey.get(i + 1) ?? 0;
    return { period: `${prefix}${i + 1}`, rate: fraction(registered, expected), registered, expected };
  });
}

/** Severity of a cell's conclusion on one manifestation; a member counts once per code, at their worst. */
export const CONCLUSION_SEVERITY = { none: 0, at_risk: 1, present: 2 } as const;

export interface ManifestationCount {
  code: number;
  atRisk: number;
  present: number;
}

/** All 27 codes of NQ 04-NQ/TW in order, zero where no conclusion was recorded. */
export function allManifestations(rows: ReadonlyArray<ManifestationCount>): ManifestationCount[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return Array.from({ length: 27 }, (_, i) => {
    const r = byCode.get(i + 1);
    return { code: i + 1, atRisk: r?.atRisk ?? 0, present: r?.present ?? 0 };
  });
}

export type LeadersFirstStatus = 'first' | 'not_first' | 'head_not_submitted' | 'no_member_submitted';

/**
 * Nêu gương, học trước làm theo trước: the head's yearly commitment was first submitted no later than
 * the first submission of anyone they lead. A tie counts as first (nobody preceded the head).
 */
export function leadersFirstStatus(headAt: string | null, firstMemberAt: string | null): LeadersFirstStatus {
  if (!headAt) return 'head_not_submitted';
  if (!firstMemberAt) return 'no_member_submitted';
  return headAt <= firstMemberAt ? 'first' : 'not_first';
}

/** Fields of the per-organisation table a client may sort by (anything else is a 400). */
export const ORGANIZATION_SORT_FIELDS = [
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
export type OrganizationSortField = (typeof ORGANIZATION_SORT_FIELDS)[number];

/**
 * Sorts rows by a whitelisted field; null (a rate with nothing to count) always goes last, so the cells
 * that lag come first with `asc`. Ties keep the name order.
 */
export function sortRows<T extends Record<OrganizationSortField, string | number | null>>(
  rows: readonly T[],
  field: OrganizationSortField,
  order: 'asc' | 'desc',
): T[] {
  const sign = order === 'asc' ? 1 : -1;
  const byName = (a: T, b: T) => String(a.name).localeCompare(String(b.name), 'vi');
  return [...rows].sort((a, b) => {
    const x = a[field];
    const y = b[field];
    if (x === null && y === null) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    const c = typeof x === 'string' ? x.localeCompare(String(y), 'vi') : x - Number(y);
    return c !== 0 ? sign * c : byName(a, b);
  });
}

/** The Vietnamese name of a level, or an empty cell. */
export function levelName(level: Level | null | undefined): string {
  return level ? LEVEL_NAMES[level] : '';
}

export const NOT_CLASSIFIED_NAMES: Record<string, string> = {
  exempt: 'Miễn công tác và sinh hoạt đảng (không xếp loại)',
  suspended: 'Đình chỉ sinh hoạt đảng (không xếp loại)',
  joined_recently: 'Vào Đảng chưa đủ 6 tháng (không xếp loại)',
  expelled: 'Bị khai trừ trong năm (không xếp loại)',
};

// A download's file name and Content-Disposition are shared with the meetings' documents.
export { asciiFileName, contentDisposition } from '../common/text.js';

/** Vietnam wall-clock time of an instant, for "Xuất lúc" lines: `dd/mm/yyyy hh:mm`. */
export function vnDateTime(at: Date): string {
  const vn = new Date(at.getTime() + 7 * 3600 * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(vn.getUTCDate())}/${p(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()} ${p(vn.getUTCHours())}:${p(vn.getUTCMinutes())}`;
}

/** A timestamp read back from either engine (SQLite answers 'YYYY-MM-DD HH:MM:SS.sss' in UTC) as ISO. */
export function isoTimestamp(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'string') return null;
  const s = v;
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The last calendar day of a month as YYYY-MM-DD (a real date: PostgreSQL refuses 2026-02-31). */
export function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return d.toISOString().slice(0, 10);
}
