import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** What the organisations module asks about members; the members module owns the table and answers. */
export interface OrganizationMembers {
  /** Members whose current cell this is and who are not expelled (a cell closes once they have moved). */
  onRoll(em: EntityManager, cellId: string): Promise<number>;
  /** Whether the member's current cell lies in the subtree at `path`. */
  inSubtree(em: EntityManager, memberId: string, path: string): Promise<boolean>;
}

/**
 * The port through which the organisations module asks its member questions: the members module
 * plugs its answers in at init (`MemberPlacements`), so this module imports nothing of members.
 */
@Injectable()
export class OrganizationMembersPort implements OrganizationMembers {
  private answers: OrganizationMembers | null = null;

  provide(answers: OrganizationMembers): void {
    this.answers = answers;
  }

  onRoll(em: EntityManager, cellId: string): Promise<number> {
    return this.plugged().onRoll(em, cellId);
  }

  inSubtree(em: EntityManager, memberId: string, path: string): Promise<boolean> {
    return this.plugged().inSubtree(em, memberId, path);
  }

  private plugged(): OrganizationMembers {
    if (!this.answers) throw new Error('OrganizationMembersPort: the members module is not loaded');
    return this.answers;
  }
}
