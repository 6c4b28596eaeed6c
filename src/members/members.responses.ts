import {
  bool,
  component,
  date,
  dateTime,
  nullable,
  object,
  oneOf,
  type Static,
  str,
  text,
  uuid,
  version,
} from '../common/schema-kit.js';
import { EXEMPTION_GROUNDS } from './member-exemption.entity.js';

/** The shapes members answers (common/schema-kit.ts: the schema and its type in one declaration). */

/**
 * A member as the API shows it. `expelledOn`: the day of an expulsion (khai trừ) decided in a
 * disciplinary record, or null; the member is off the roll from that day (src/discipline).
 */
export const MemberView = component(
  'MemberView',
  object({
    id: uuid,
    createdAt: dateTime,
    updatedAt: dateTime,
    fullName: text(),
    partyCardNumber: nullable(str),
    dateOfBirth: nullable(date),
    gender: nullable(oneOf(['male', 'female', 'other'])),
    cellId: uuid,
    status: oneOf(['official', 'probationary']),
    joinedPartyOn: nullable(date),
    position: nullable(str),
    isExempt: bool,
    isSuspended: bool,
    version,
    /** The day of an expulsion decision (khai trừ), null when none. */
    expelledOn: nullable(date),
  }),
);
export type MemberView = Static<typeof MemberView>;

/** An exemption period from party work and activities (docs/MEMBERS.md, "Exemptions"). */
export const ExemptionView = component(
  'ExemptionView',
  object({
    id: uuid,
    memberId: uuid,
    from: date,
    to: nullable(date),
    ground: oneOf(EXEMPTION_GROUNDS),
    note: nullable(str),
    /** The member's own review at the end of a temporary exemption; null for an open one. */
    reviewDueOn: nullable(date),
    version,
    createdAt: dateTime,
  }),
);
export type ExemptionView = Static<typeof ExemptionView>;
