import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { DomainEvents } from '../common/domain-events.js';
import { Page, PageQuery, pageOf } from '../common/pagination.js';
import { insertRow } from '../common/raw-rows.js';
import { CommitmentFeedback } from './commitment-feedback.entity.js';
import { CommitmentItem } from './commitment-item.entity.js';
import { CreateFeedbackDto } from './commitments.dto.js';
import { CommitmentFeedbackPosted } from './commitments.events.js';
import { CommitmentsRepository } from './commitments.repository.js';
import type { FeedbackView } from './commitments.responses.js';
import { memberFullName } from './commitment-items.repository.js';

/**
 * Góp ý on a commitment: the member, the cell's members once it is accepted (published), the
 * secretary and the leaders above may read and write it; everyone else gets 404.
 */
@Injectable()
export class CommitmentFeedbackService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly repo: CommitmentsRepository,
    private readonly events: DomainEvents,
  ) {}

  async listFeedback(actor: Actor, commitmentId: string, q: PageQuery): Promise<Page<FeedbackView>> {
    return this.db.read(async (em) => {
      await this.repo.loadVisible(em, actor, 'commitment.feedback', commitmentId);
      const [rows, total] = await em.findAndCount(CommitmentFeedback, {
        where: { commitmentId },
        order: { createdAt: 'ASC', id: 'ASC' },
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      });
      return pageOf(rows, total, q);
    });
  }

  async giveFeedback(actor: Actor, commitmentId: string, dto: CreateFeedbackDto): Promise<FeedbackView> {
    return this.db.transaction(async (em) => {
      const { commitment, cellPath, memberName } = await this.repo.loadVisible(
        em,
        actor,
        'commitment.feedback',
        commitmentId,
      );
      if (dto.itemId && !(await em.existsBy(CommitmentItem, { id: dto.itemId, commitmentId }))) {
        throw DomainError.invalidField(
          'itemId',
          'itemOfCommitment',
          'itemId is not an item of this commitment',
        );
      }
      if (dto.parentId && !(await em.existsBy(CommitmentFeedback, { id: dto.parentId, commitmentId }))) {
        throw DomainError.invalidField(
          'parentId',
          'feedbackOfCommitment',
          'parentId is not feedback on this commitment',
        );
      }
      // The author's name: the commitment's own member (most feedback) is already loaded with it.
      const authorName = !actor.memberId
        ? null
        : actor.memberId === commitment.memberId
          ? memberName || null
          : await this.memberName(em, actor.memberId);
      const feedback = Object.assign(new CommitmentFeedback(), {
        id: randomUUID(),
        commitmentId,
        itemId: dto.itemId ?? null,
        parentId: dto.parentId ?? null,
        kind: dto.kind,
        content: dto.content,
        authorUserId: actor.userId === 'system' ? null : actor.userId,
        authorMemberId: actor.memberId,
        authorName: authorName ?? actor.username,
        createdAt: new Date(),
      });
      // A plain INSERT (no entity persistence machinery); the row is returned as built, as before.
      await insertRow(em, CommitmentFeedback, feedback);
      await this.events.publish(em, CommitmentFeedbackPosted, {
        commitment,
        authorUserId: actor.userId,
        authorMemberId: actor.memberId,
        feedbackId: feedback.id,
      });
      await this.audit.record(em, actor, {
        action: 'commitment.feedback',
        entityType: 'commitment',
        entityId: commitment.id,
        organizationPath: cellPath,
        changes: { feedbackId: feedback.id, kind: feedback.kind, itemId: feedback.itemId },
      });
      return feedback;
    });
  }

  private async memberName(em: EntityManager, memberId: string): Promise<string | null> {
    return memberFullName(em, memberId);
  }
}
