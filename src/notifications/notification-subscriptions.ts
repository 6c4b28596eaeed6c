import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CommitmentFeedbackPosted, CommitmentStepTaken } from '../commitments/commitments.events.js';
import { DomainEvents } from '../common/domain-events.js';
import { EvaluationCycleFinalized } from '../evaluations/evaluations.events.js';
import { Level, LEVEL_NAMES, LEVELS } from '../evaluations/rule-sets.js';
import { NotificationsService } from './notifications.service.js';
import { decidedLevelsOfAccounts } from './notifications.repository.js';

/**
 * The other modules' domain events this module answers with notifications, in the writer's
 * transaction: a commitment step, feedback on a commitment, a finalized evaluation cycle.
 */
@Injectable()
export class NotificationSubscriptions implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.events.subscribe(CommitmentStepTaken, async (em, e) => {
      await this.notifications.commitmentTransitioned(em, e.commitment, e.action, e.reason);
    });
    this.events.subscribe(CommitmentFeedbackPosted, async (em, e) => {
      await this.notifications.feedbackPosted(
        em,
        e.commitment,
        e.authorUserId,
        e.authorMemberId,
        e.feedbackId,
      );
    });
    this.events.subscribe(EvaluationCycleFinalized, (em, e) => this.evaluationDecided(em, e));
  }

  /**
   * Members are told their level when the cycle is finalized. The key makes a re-finalize after a
   * reopen notify only those whose level changed.
   */
  private async evaluationDecided(
    em: EntityManager,
    cycle: { cycleId: string; year: number },
  ): Promise<void> {
    // One set-based read of the members' active accounts and decided levels.
    const rows = await decidedLevelsOfAccounts<Level>(em, cycle.cycleId);
    for (const level of LEVELS) {
      await this.notifications.notify(em, {
        recipientUserIds: rows.filter((r) => r.level === level).map((r) => r.userId),
        kind: 'evaluation.decided',
        title: `Kết quả xếp loại chất lượng đảng viên năm ${cycle.year}`,
        body: `Cấp ủy đã quyết định xếp loại chất lượng đảng viên năm ${cycle.year}: ${LEVEL_NAMES[level]}.`,
        entityType: 'evaluation_cycle',
        entityId: cycle.cycleId,
        dedupeKey: (userId) => `evaluation.decided:${cycle.cycleId}:${userId}:${level}`,
      });
    }
  }
}
