/**
 * Pure rules on exemption periods (miễn công tác và sinh hoạt đảng). Dates are YYYY-MM-DD strings,
 * both ends inclusive; `to` null is an open period.
 */

export interface Period {
  from: string;
  to: string | null;
}

/** Whether a period covers `day`. */
export function covers(p: Period, day: string): boolean {
  return p.from <= day && (p.to === null || p.to >= day);
}

/** Whether two periods share at least one day. */
export function overlaps(a: Period, b: Period): boolean {
  return (a.to === null || a.to >= b.from) && (b.to === null || b.to >= a.from);
}

/** The day after / before a YYYY-MM-DD date. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Days of `year` (365 or 366). */
export function daysInYear(year: number): number {
  return daysBetween(`${year}-01-01`, `${year}-12-31`);
}

/**
 * Days of `year` covered by the periods (which never overlap), each clipped to the year.
 */
export function exemptDaysInYear(periods: Period[], year: number): number {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  let days = 0;
  for (const p of periods) {
    const from = p.from > first ? p.from : first;
    const to = p.to === null || p.to > last ? last : p.to;
    if (from <= to) days += daysBetween(from, to);
  }
  return days;
}

/**
 * The day the member's own review falls due: the end of a temporary exemption (a period with an
 * end); none for an open one.
 */
export function reviewDueOn(p: Period): string | null {
  return p.to;
}
