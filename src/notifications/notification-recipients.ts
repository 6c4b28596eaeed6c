import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { queryNamed } from '../common/raw-rows.js';
import { Member } from '../members/member.entity.js';
import { RoleAssignment } from '../auth/role-assignment.entity.js';
import { User } from '../auth/user.entity.js';

/** Who receives what: read-only lookups on the accounts module's tables. Inactive accounts receive nothing. */
@Injectable()
export class NotificationRecipients {
  /** The active account linked to a member, if any. */
  async accountOfMember(em: EntityManager, memberId: string): Promise<string | null> {
    // On every feedback write: a prepared statement, not the find-options QueryBuilder.
    const rows = await queryNamed<{ id: string }>(
      em,
      'SELECT "u"."id" AS "id" FROM "user_account" "u" WHERE "u"."memberId" = :memberId AND "u"."isActive" = :active LIMIT 1',
      { memberId, active: true },
    );
    return rows[0]?.id ?? null;
  }

  async accountsOfMembers(em: EntityManager, memberIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < memberIds.length; i += 500) {
      const users = await em.find(User, {
        where: { memberId: In(memberIds.slice(i, i + 500)), isActive: true },
        select: { id: true, memberId: true },
      });
      for (const u of users) out.set(u.memberId!, u.id);
    }
    return out;
  }

  /** Active accounts holding the secretary role of the cell. */
  async secretariesOf(em: EntityManager, cellId: string): Promise<string[]> {
    return this.holdersOf(em, 'secretary', [cellId]);
  }

  /** Active accounts holding `role` on any of the organisations. */
  async holdersOf(
    em: EntityManager,
    role: 'secretary' | 'leader',
    organizationIds: string[],
  ): Promise<string[]> {
    if (organizationIds.length === 0) return [];
    const rows = await em
      .createQueryBuilder(RoleAssignment, 'r')
      .innerJoin(User, 'u', 'u.id = r.userId')
      .select('r.userId', 'userId')
      .addSelect('r.organizationId', 'organizationId')
      .where('r.role = :role AND r.organizationId IN (:...ids) AND u.isActive = :active', {
        role,
        ids: organizationIds,
        active: true,
      })
      .getRawMany<{ userId: string; organizationId: string }>();
    return [...new Set(rows.map((r) => r.userId))];
  }

  async memberName(em: EntityManager, memberId: string): Promise<string> {
    const m = await em.findOne(Member, { where: { id: memberId }, select: { id: true, fullName: true } });
    return m?.fullName ?? 'Một đảng viên';
  }
}
