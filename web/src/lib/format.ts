/**
 * Vietnamese formatting (UI.md): dates dd/mm/yyyy, numbers `1.234`, rates `70,88%`, times in
 * Asia/Ho_Chi_Minh whatever the device's own time zone.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const dateTimeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026-03-05` (a calendar date of the API) -> `05/03/2026`; no time zone involved. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDate;
}

/**
 * `5/3/2026` or `05/03/2026` -> `2026-03-05`; empty -> null. Anything else is passed on as typed, so
 * the API's answer (a date rule on that field) is shown next to it.
 */
export function parseVnDate(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : t;
}

function partsOf(instant: string | Date): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const p of dateTimeParts.formatToParts(typeof instant === 'string' ? new Date(instant) : instant))
    parts[p.type] = p.value;
  return parts;
}

/** A UTC timestamp -> `14:05 05/03/2026` in Vietnam's time. */
export function formatDateTime(instant: string | Date | null | undefined): string {
  if (!instant) return '';
  const p = partsOf(instant);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/** Today's calendar date in Vietnam, as the API writes dates: `2026-12-07`. */
export function vnToday(now: Date = new Date()): string {
  const p = partsOf(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** 1234 -> `1.234`; 3.5 -> `3,5`. */
export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : numberFormat.format(n);
}

/** A fraction 0..1 -> `70,88%` (at most two decimals). */
export function formatRate(fraction: number | null | undefined): string {
  return fraction === null || fraction === undefined ? '' : `${numberFormat.format(fraction * 100)}%`;
}

export type PeriodType = 'yearly' | 'quarterly' | 'monthly';

/** `Năm 2026`, `Quý 2/2026`, `Tháng 12/2026`. */
export function formatPeriod(p: {
  year: number;
  periodType: PeriodType;
  periodIndex?: number | null;
}): string {
  if (p.periodType === 'yearly') return `Năm ${p.year}`;
  return `${p.periodType === 'quarterly' ? 'Quý' : 'Tháng'} ${p.periodIndex ?? ''}/${p.year}`;
}
