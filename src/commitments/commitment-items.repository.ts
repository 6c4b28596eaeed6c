import { EntityManager } from 'typeorm';
import { param } from '../common/raw-rows.js';
import { CommitmentItem } from './commitment-item.entity.js';
import { Commitment } from './commitment.entity.js';
import { Outcome } from './commitments.rules.js';

/** Of these item ids, those of live items of the member's yearly commitment of the year. */
export async function liveYearlyItemIds(
  em: EntityManager,
  ids: string[],
  memberId: string,
  year: number,
): Promise<Set<string>> {
  const found = await em
    .createQueryBuilder(CommitmentItem, 'i')
    .innerJoin(Commitment, 'p', 'p.id = i.commitmentId')
    .select('i.id', 'id')
    .where('i.id IN (:...ids)', { ids })
    .andWhere('i.removedAt IS NULL')
    .andWhere("p.memberId = :memberId AND p.year = :year AND p.periodType = 'yearly'", { memberId, year })
    .getRawMany<{ id: string }>();
  return new Set(found.map((r) => r.id));
}

/** A commitment's live items, what its counts are made of (read through their covering report index). */
export function liveItemTallies(
  em: EntityManager,
  commitmentId: string,
): Promise<Array<{ category: string; outcome: Outcome | null; exceeded: boolean | null }>> {
  return em.query(
    `SELECT "i"."category", "i"."outcome", "i"."exceeded" FROM "commitment_item" "i" ` +
      `WHERE "i"."commitmentId" = ${param(em, 1)} AND "i"."removedAt" IS NULL`,
    [commitmentId],
  );
}

/** A member's full name, or null. */
export async function memberFullName(em: EntityManager, memberId: string): Promise<string | null> {
  const rows: Array<{ fullName: string }> = await em.query(
    `SELECT "m"."fullName" AS "fullName" FROM "member" "m" WHERE "m"."id" = ${param(em, 1)}`,
    [memberId],
  );
  return rows[0]?.fullName ?? null;
}
