import type { ErrorDetail } from '../common/domain-error.js';
import type { CheckStatus, ConcludingBody } from './conduct-check.entity.js';

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

/** A cell's entry on one manifestation, with the document it rests on if one was recorded. */
export interface ConclusionEntry {
  status: CheckStatus | null;
  concludingBody: ConcludingBody | null;
  documentNumber: string | null;
  documentDate: string | null;
}

/**
 * Whether an entry is a conclusion by a competent body (QĐ 124-QĐ/TW, carried into QĐ 366-QĐ/TW
 * unverified: "bị cấp có thẩm quyền kết luận có biểu hiện suy thoái..."): `present`, by one of the
 * bodies the rule set accepts, with the document's number and date. Anything else `present` is a
 * proposal. `competentBodies` null (rule sets before version 3): every `present` counts.
 */
export function isCompetentConclusion(competentBodies: readonly string[] | null, e: ConclusionEntry): boolean {
  if (competentBodies === null) return e.status === 'present';
  return (
    e.status === 'present' &&
    e.concludingBody !== null &&
    competentBodies.includes(e.concludingBody) &&
    !!e.documentNumber &&
    !!e.documentDate
  );
}

/** A `present` entry that does not count as a competent body's conclusion. */
export function isProposal(competentBodies: readonly string[] | null, e: ConclusionEntry): boolean {
  return e.status === 'present' && !isCompetentConclusion(competentBodies, e);
}
