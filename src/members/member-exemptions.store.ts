import { EntityManager } from 'typeorm';
import { vnToday } from '../common/dates.js';
import { MemberExemption } from './member-exemption.entity.js';
import { Member } from './member.entity.js';
import { addDays, covers } from './member-exemptions.rules.js';
import { endExemption, writeExemptFlag } from './members.repository.js';

/**
 * Writes on exemption periods shared by the members service (the `isExempt` flag of POST and PATCH
 * /api/members) and the exemptions service, inside the caller's transaction.
 */

/** A member's periods, latest first. */
export function periodsOf(em: EntityManager, memberId: string): Promise<MemberExemption[]> {
  return em.find(MemberExemption, {
    where: { memberId },
    order: { fromDate: 'DESC', createdAt: 'DESC', id: 'ASC' },
  });
}

/**
 * Keeps `member.isExempt` equal to "a period covers today" for the readers that filter on the column
 * (rosters, reminders, reports); bumps the member's version when it changes. Returns the flag.
 */
export async function syncExemptFlag(
  em: EntityManager,
  member: Pick<Member, 'id' | 'isExempt'>,
): Promise<boolean> {
  const today = vnToday();
  const now = (await periodsOf(em, member.id)).some((p) => covers({ from: p.fromDate, to: p.toDate }, today));
  if (now !== !!member.isExempt) await writeExemptFlag(em, member.id, now);
  return now;
}

/**
 * `isExempt: true` on a member: an open period from today with ground "other", unless one already
 * covers today. `false`: the periods covering today end yesterday (one that starts today is removed).
 */
export async function setExemptToday(
  em: EntityManager,
  memberId: string,
  exempt: boolean,
  userId: string | null,
): Promise<void> {
  const today = vnToday();
  const periods = await periodsOf(em, memberId);
  const current = periods.filter((p) => covers({ from: p.fromDate, to: p.toDate }, today));
  if (exempt) {
    if (current.length) return;
    // A later period already recorded ends the open one the day before it starts.
    const next = periods
      .filter((p) => p.fromDate > today)
      .sort((a, b) => (a.fromDate < b.fromDate ? -1 : 1))[0];
    await em.insert(MemberExemption, {
      memberId,
      fromDate: today,
      toDate: next ? addDays(next.fromDate, -1) : null,
      ground: 'other',
      note: null,
      recordedByUserId: userId,
      version: 1,
    });
    return;
  }
  for (const p of current) {
    if (p.fromDate >= today) await em.delete(MemberExemption, { id: p.id });
    else await endExemption(em, p.id, addDays(today, -1));
  }
}
