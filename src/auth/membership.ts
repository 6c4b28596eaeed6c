import { EntityManager, In, IsNull } from 'typeorm';
import { User } from './user.entity.js';
import { Session } from './session.entity.js';

/**
 * When a member's membership ends, and what that does to their accounts. Membership ends with an
 * expulsion (khai trừ, a disciplinary record of form `expulsion`) from the day it is decided; the
 * member record's status (official, probationary) has no value meaning "ended". From that day no
 * account linked to the member signs in, refreshes or uses an access token; the records stay.
 */

/**
 * SQL for the first day on which the member in `memberColumn` is no longer a member (YYYY-MM-DD,
 * null when never), read from the discipline module's table. Cast to text so both engines answer
 * the same string (PostgreSQL's driver would otherwise turn a date into a JS Date).
 */
export function membershipEndedOnSql(memberColumn: string): string {
  return (
    `(SELECT CAST(MIN("x"."decidedOn") AS VARCHAR(10)) FROM "disciplinary_record" "x" ` +
    `WHERE "x"."memberId" = ${memberColumn} AND "x"."form" = 'expulsion')`
  );
}

/** True when membership that ends on `endedOn` has ended by `today` (both YYYY-MM-DD, Vietnam's calendar). */
export function membershipEnded(endedOn: string | null | undefined, today: string): boolean {
  return typeof endedOn === 'string' && endedOn <= today;
}

/** The instant (ms) a membership ending on `endedOn` takes effect: that day's midnight in Vietnam (UTC+7). */
export function membershipEndsAt(endedOn: string): number {
  return Date.parse(`${endedOn}T00:00:00+07:00`);
}

export const MEMBERSHIP_ENDED_REASON = 'membership_ended';

/** Revokes every open session of the accounts linked to a member, in the caller's transaction. */
export async function revokeMemberSessions(em: EntityManager, memberId: string): Promise<number> {
  const users = await em.find(User, { where: { memberId }, select: { id: true } });
  if (users.length === 0) return 0;
  const res = await em.update(
    Session,
    { userId: In(users.map((u) => u.id)), revokedAt: IsNull() },
    { revokedAt: new Date(), revokedReason: MEMBERSHIP_ENDED_REASON },
  );
  return res.affected ?? 0;
}
