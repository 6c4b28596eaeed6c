/** Periods and deadlines are calendar dates in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Built once: constructing an Intl.DateTimeFormat costs ~100 µs, formatting with it ~1 µs. */
const vnDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: VN_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's calendar date in Vietnam as YYYY-MM-DD. */
export function vnToday(now: Date = new Date()): string {
  return vnDate.format(now);
}

/**
 * The instant Vietnam's day `isoDate` begins (00:00 in Asia/Ho_Chi_Minh), written as the stored UTC
 * timestamps are ('YYYY-MM-DD HH:MM:SS.SSS', both engines; PostgreSQL runs with TZ=UTC): what a
 * timestamp is compared with to ask "before this day, in Vietnam".
 */
export function vnDayStartUtc(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00+07:00`).toISOString().replace('T', ' ').replace('Z', '');
}

/** True when `value` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
