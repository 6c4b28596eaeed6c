import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Member } from '../members/member.entity.js';
import { User } from '../auth/user.entity.js';
import { activeAccountOfMember, roleHolders } from './notifications.repository.js';

/** Who receives what: read-only lookups on the accounts module's tables. Inactive accounts receive nothing. */
@Injectable()
export class NotificationRecipients {
  /** The active account linked to a member, if any. */
  async accountOfMember(em: EntityManager, memberId: string): Promise<string | null> {
    return activeAccountOfMember(em, memberId);
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

  /** Active accounts holding the leader role of any of the committees. */
  async leadersOf(em: EntityManager, committeeIds: string[]): Promise<string[]> {
    return this.holdersOf(em, 'leader', committeeIds);
  }

  /** Active accounts holding `role` on any of the organisations. */
  private async holdersOf(
    em: EntityManager,
    role: 'secretary' | 'leader',
    organizationIds: string[],
  ): Promise<string[]> {
    if (organizationIds.length === 0) return [];
    const rows = await roleHolders(em, role, organizationIds);
    return [...new Set(rows.map((r) => r.userId))];
  }

  async memberName(em: EntityManager, memberId: string): Promise<string> {
    const m = await em.findOne(Member, { where: { id: memberId }, select: { id: true, fullName: true } });
    return m?.fullName ?? 'Một đảng viên';
  }
}
