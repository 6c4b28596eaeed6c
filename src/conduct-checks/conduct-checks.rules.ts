import type { ErrorDetail } from '../common/domain-error.js';

/** Codes listed twice in one request: each is a field error naming its position. */
export function duplicateCodeErrors(
  field: 'self' | 'conclusion',
  items: Array<{ code: number }>,
): ErrorDetail[] {
  const seen = new Set<number>();
  const errors: ErrorDetail[] = [];
  items.forEach((item, i) => {
    if (seen.has(item.code))
      errors.push({
        field: `${field}[${i}].code`,
        rule: 'unique',
        message: `${field}[${i}].code repeats code ${item.code}`,
      });
    seen.add(item.code);
  });
  return errors;
}

/** A valid year for a path parameter. */
export function isCheckYear(year: number): boolean {
  return Number.isInteger(year) && year >= 2000 && year <= 2100;
}

/** Whether a check holds notes someone other than the member could read. */
export function hasNotes(items: Array<{ selfNote: string | null; conclusionNote: string | null }>): boolean {
  return items.some((i) => !!i.selfNote || !!i.conclusionNote);
}
