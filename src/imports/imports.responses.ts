import { arrayOf, bool, count, integer, object, type Static, str, text } from '../common/schema-kit.js';

/** The shapes imports answers (common/schema-kit.ts: the schema and its type in one declaration). */

/** POST /api/members/import: what a (dry) run found and did. */
export const ImportReport = object({
  dryRun: bool,
  totalRows: count,
  validRows: count,
  created: count,
  /** Every bad row: spreadsheet row number, column header and reason. Empty when all rows are good. */
  errors: arrayOf(
    object({
      row: integer({ minimum: 1 }),
      column: str,
      field: text(),
      rule: text(),
      message: text(),
    }),
  ),
});
export type ImportReport = Static<typeof ImportReport>;
