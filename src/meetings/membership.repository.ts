import { vnDayStartUtc } from '../common/dates.js';

/**
 * The roll of members as SQL fragments, shared by the cell-life rates, the meeting roster and the
 * reports, so every figure counts members the same way (docs/CELL-LIFE.md). They expect the member
 * table under the alias "m" and take named parameters `:<p>Like` (organisation path prefix + '%'),
 * `:<p>Day` (YYYY-MM-DD) and `:<p>Next` (the instant the day after begins in Vietnam, in UTC, as the
 * history's timestamps are stored: `rollParams` makes them). Identifiers are quoted for PostgreSQL.
 *
 * A member is on the roll of a subtree on a day when:
 * - a member_cell_history row puts them in a cell of the subtree at the end of that day (a member's
 *   first row counts from the start: it records when the member was entered in the system, not when
 *   they joined the cell);
 * - they had joined the party by that day (joinedPartyOn, when known);
 * - no expulsion decided on or before that day (disciplinary_record, form expulsion).
 */
export function onRollSql(p: string): string {
  return `(EXISTS (SELECT 1 FROM "member_cell_history" "${p}h" INNER JOIN "organization" "${p}c" ON "${p}c"."id" = "${p}h"."cellId"
      WHERE "${p}h"."memberId" = "m"."id" AND "${p}c"."path" LIKE :${p}Like
        AND ${holdsOnDaySql(p)})
    AND ${admittedSql(p)})`;
}

/**
 * The same condition as `onRollSql(p)`, with the same parameters, driven from the subtree's cells: the
 * member's id is among those of the history rows of the subtree's cells (reached through the history's
 * cellId index) that hold on the day. For a pass over the members of a whole subtree (the reports):
 * `onRollSql` looks up each member's history and each row's cell path again, several times slower
 * (100,000 members: 0.7 s). A member with several such rows (a move between two cells of the subtree)
 * counts once, as with EXISTS. Proved equal to `onRollSql` in membership.repository.spec.ts.
 */
export function onRollFromCellsSql(p: string): string {
  return `("m"."id" IN (SELECT "${p}h"."memberId" FROM "member_cell_history" "${p}h"
      WHERE "${p}h"."cellId" IN (SELECT "${p}c"."id" FROM "organization" "${p}c" WHERE "${p}c"."path" LIKE :${p}Like)
        AND ${holdsOnDaySql(p)})
    AND ${admittedSql(p)})`;
}

/** `expectedSql` built on `onRollFromCellsSql`: the same members, for a pass over a whole subtree. */
export function expectedFromCellsSql(p: string): string {
  return `(${onRollFromCellsSql(p)} AND NOT "m"."isExempt" AND NOT "m"."isSuspended")`;
}

/**
 * The history row "<p>h" holds the member at the end of the day; a member's first row counts from the
 * start (it records when the member was entered in the system, not when they joined the cell).
 */
export function holdsOnDaySql(p: string): string {
  return `("${p}h"."toAt" IS NULL OR "${p}h"."toAt" >= :${p}Next)
        AND ("${p}h"."fromAt" < :${p}Next OR NOT EXISTS (SELECT 1 FROM "member_cell_history" "${p}h0"
              WHERE "${p}h0"."memberId" = "${p}h"."memberId" AND "${p}h0"."fromAt" < "${p}h"."fromAt"))`;
}

/** The member "m" had joined the party by the day (when known) and was not expelled on or before it. */
export function admittedSql(p: string): string {
  return `("m"."joinedPartyOn" IS NULL OR "m"."joinedPartyOn" <= :${p}Day)
    AND NOT EXISTS (SELECT 1 FROM "disciplinary_record" "${p}x"
      WHERE "${p}x"."memberId" = "m"."id" AND "${p}x"."form" = 'expulsion' AND "${p}x"."decidedOn" <= :${p}Day)`;
}

/** On the roll and expected to take part: not exempt (miễn sinh hoạt) and not suspended (đình chỉ). */
export function expectedSql(p: string): string {
  return `(${onRollSql(p)} AND NOT "m"."isExempt" AND NOT "m"."isSuspended")`;
}

/** The parameters of the fragments above for a subtree and a day; `next` is the day after `day`. */
export function rollParams(p: string, pathPrefix: string, day: string, next: string): Record<string, string> {
  return { [`${p}Like`]: `${pathPrefix}%`, [`${p}Day`]: day, [`${p}Next`]: vnDayStartUtc(next) };
}
