/**
 * The yearly rates of cell life shared by meetings, study themes and reports (docs/CELL-LIFE.md has
 * the definitions): pure helpers.
 */

export interface Rate {
  rate: number | null;
  numerator: number;
  denominator: number;
}

/** A fraction 0..1 with its parts; null when nobody is expected (no division by zero). */
export function rateOf(numerator: number, denominator: number): Rate {
  return {
    rate: denominator > 0 ? Math.round((numerator / denominator) * 10000) / 10000 : null,
    numerator,
    denominator,
  };
}

/**
 * The day membership is counted on for a year: 31 December, or today while the year is running.
 * Members who joined before it and had not left by it are the ones expected.
 */
export function referenceDateOf(year: number, today: string): string {
  const end = `${year}-12-31`;
  return today < end ? (today < `${year}-01-01` ? `${year}-01-01` : today) : end;
}

/** The calendar day after an ISO date, used as an exclusive upper bound on timestamps. */
export function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
