import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrganizationMembers, OrganizationMembersPort } from '../organizations/organization-members.js';
import { countOnRoll, memberInSubtree } from './members.repository.js';

/** The member questions of the organisations module (closing a cell, naming a head), answered here. */
@Injectable()
export class MemberPlacements implements OrganizationMembers, OnModuleInit {
  constructor(private readonly port: OrganizationMembersPort) {}

  onModuleInit(): void {
    this.port.provide(this);
  }

  onRoll(em: EntityManager, cellId: string): Promise<number> {
    return countOnRoll(em, cellId);
  }

  inSubtree(em: EntityManager, memberId: string, path: string): Promise<boolean> {
    return memberInSubtree(em, memberId, path);
  }
}
