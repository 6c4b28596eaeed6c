/**
 * The one CSV writer of the service: every CSV download (reports, the import template) is made here.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet opens a cell that starts with `=`, `+`,
 * `-` or `@` as a formula, and a tab or carriage return before one as well, so a member or
 * organisation named `=HYPERLINK("http://x","Nguyễn")` became a live link in Excel. Such text cells
 * are written with a leading `'`, which Excel and LibreOffice show as text. Numbers are written as
 * numbers (a negative figure stays `-3`).
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text of one cell, neutralised when a spreadsheet would read it as a formula. */
export function csvText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV field (RFC 4180): text neutralised, then quoted when it holds a separator, quote or line break. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? String(value) : csvText(String(value));
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 CSV with a byte-order mark, so Excel shows Vietnamese letters; CRLF line ends. */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
): Buffer {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
