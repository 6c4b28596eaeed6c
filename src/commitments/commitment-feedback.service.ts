import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../auth/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { Page, PageQuery, pageOf } from '../common/pagination.js';
import { Member } from '../members/member.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { CommitmentFeedback } from './commitment-feedback.entity.js';
import { CommitmentItem } from './commitment-item.entity.js';
import { CreateFeedbackDto } from './commitments.dto.js';
import { CommitmentsRepository } from './commitments.repository.js';

export type FeedbackView = Omit<CommitmentFeedback, never>;

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
    private readonly notifications: NotificationsService,
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
      const { commitment, cellPath } = await this.repo.loadVisible(
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
      const author = actor.memberId
        ? await em.findOne(Member, { where: { id: actor.memberId }, select: { id: true, fullName: true } })
        : null;
      const feedback = em.create(CommitmentFeedback, {
        commitmentId,
        itemId: dto.itemId ?? null,
        parentId: dto.parentId ?? null,
        kind: dto.kind,
        content: dto.content,
        authorUserId: actor.userId === 'system' ? null : actor.userId,
        authorMemberId: actor.memberId,
        authorName: author?.fullName ?? actor.username,
        createdAt: new Date(),
      });
      await em.save(feedback);
      await this.notifications.feedbackPosted(em, commitment, actor.userId, feedback.id);
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
}
