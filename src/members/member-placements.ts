import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Organization } from '../organizations/organization.entity.js';
import { OrganizationMembers, OrganizationMembersPort } from '../organizations/organization-members.js';
import { Member } from './member.entity.js';

/** The member questions of the organisations module (closing a cell, naming a head), answered here. */
@Injectable()
export class MemberPlacements implements OrganizationMembers, OnModuleInit {
  constructor(private readonly port: OrganizationMembersPort) {}

  onModuleInit(): void {
    this.port.provide(this);
  }

  onRoll(em: EntityManager, cellId: string): Promise<number> {
    return em
      .createQueryBuilder(Member, 'm')
      .where('m.cellId = :cellId', { cellId })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM "disciplinary_record" "x" WHERE "x"."memberId" = "m"."id" AND "x"."form" = 'expulsion')`,
      )
      .getCount();
  }

  inSubtree(em: EntityManager, memberId: string, path: string): Promise<boolean> {
    return em
      .createQueryBuilder(Member, 'm')
      .innerJoin(Organization, 'c', 'c.id = m.cellId')
      .where('m.id = :memberId AND c.path LIKE :p', { memberId, p: `${path}%` })
      .getExists();
  }
}
