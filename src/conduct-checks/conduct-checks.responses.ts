import {
  arrayOf,
  bool,
  component,
  count,
  date,
  dateTime,
  integer,
  nullable,
  object,
  oneOf,
  type Static,
  str,
  text,
  uuid,
  version,
  year,
} from '../common/schema-kit.js';
import { MANIFESTATION_GROUPS } from '../manifestations/manifestations.rules.js';
import { CHECK_STATUSES, CONCLUDING_BODIES } from './conduct-check.entity.js';

/** The shapes conduct-checks answers (common/schema-kit.ts: the schema and its type in one declaration). */

export const ConductCheckItemView = object({
  code: integer({ minimum: 1, maximum: 27 }),
  group: nullable(oneOf(MANIFESTATION_GROUPS)),
  text: nullable(str),
  displayText: text(),
  verified: bool,
  self: nullable(object({ status: oneOf(CHECK_STATUSES), note: nullable(str) })),
  conclusion: nullable(
    object({
      status: oneOf(CHECK_STATUSES),
      note: nullable(str),
      concludedAt: nullable(dateTime),
      /** Who concluded and the document; null: the secretary's entry alone (a `present` is a proposal). */
      document: nullable(object({ body: oneOf(CONCLUDING_BODIES), number: str, date })),
    }),
  ),
});
export type ConductCheckItemView = Static<typeof ConductCheckItemView>;

export const ConductCheckView = component(
  'ConductCheckView',
  object({
    id: nullable(uuid),
    memberId: uuid,
    /** The cell the check belongs to: where it was made (the current cell before any entry). */
    cellId: uuid,
    cellName: text(),
    year,
    quarter: integer({ minimum: 0, maximum: 4 }),
    /** The manifestation catalog version the check was made against (the current one before any entry). */
    catalogVersion: version,
    version: count,
    /** The member's checks of the period the caller may read, each with its cell (`?cellId=` picks one). */
    checks: arrayOf(object({ id: uuid, cellId: uuid, cellName: text() })),
    items: arrayOf(ConductCheckItemView),
  }),
);
export type ConductCheckView = Static<typeof ConductCheckView>;

const quarter = integer({ minimum: 0, maximum: 4 });
const code = integer({ minimum: 1, maximum: 27 });

/** A row of GET /api/conduct-checks: one member's check of a period, counted (no notes). */
export const ConductCheckRow = object({
  id: uuid,
  memberId: uuid,
  fullName: str,
  cellId: uuid,
  year,
  quarter,
  catalogVersion: integer({ minimum: 1 }),
  version,
  /** Items the member answered in the self-check. */
  selfAnswered: count,
  selfAtRisk: count,
  selfPresent: count,
  /** Items the cell has concluded on. */
  concluded: count,
  concludedPresent: count,
});
export type ConductCheckRow = Static<typeof ConductCheckRow>;

/** GET /api/conduct-checks/summary: counts per manifestation over a subtree. */
export const ConductSummary = object({
  organizationId: uuid,
  year,
  quarter,
  /** Members with a check for the period in the subtree. */
  checkedMembers: count,
  items: arrayOf(
    object({
      code,
      selfAtRisk: count,
      selfPresent: count,
      concludedAtRisk: count,
      concludedPresent: count,
    }),
  ),
});
export type ConductSummary = Static<typeof ConductSummary>;
