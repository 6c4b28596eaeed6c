import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { commonError, DomainError } from '../common/domain-error.js';
import { commitmentError } from './commitments.errors.js';
import { DomainEvents } from '../common/domain-events.js';
import { updateVersioned } from '../common/versioned-update.js';
import { CommitmentTransition } from './commitment-transition.entity.js';
import { Commitment } from './commitment.entity.js';
import { CommitmentStepTaken } from './commitments.events.js';
import { CommitmentsRepository, VisibleCommitment } from './commitments.repository.js';
import {
  ACTION_ROLE,
  allowedActions,
  CommitmentAction,
  CommitmentStatus,
  enteredByReviewer,
  hasStepOnBehalf,
  nextStatus,
  Period,
  periodIndexOf,
} from './commitments.rules.js';

export type Changes = Partial<Omit<Commitment, 'id' | 'version' | 'createdAt' | 'updatedAt'>>;

export function periodOf(c: Commitment): Period {
  return { year: c.year, periodType: c.periodType, periodIndex: periodIndexOf(c.periodType, c.periodKey) };
}

export function illegal(status: CommitmentStatus, action: CommitmentAction): DomainError {
  return commitmentError('COMMITMENT_ILLEGAL_TRANSITION', `A ${status} commitment cannot be ${action}`, {
    status,
    action,
    allowedActions: allowedActions(status),
  });
}

/**
 * The one path every workflow step takes: who may act (owner or reviewer, never on their own
 * commitment as reviewer), whether the status machine allows it, the versioned status change, and
 * the history row, audit entry and notifications in the same transaction.
 */
@Injectable()
export class CommitmentStepsService {
  constructor(
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly repo: CommitmentsRepository,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Loads a commitment for an action: visible to the actor (else 404), the actor may do this kind of
   * action on it (else 403; a reviewer never reviews their own: SELF_REVIEW), and the action is legal
   * from its current status (else 409 with the status).
   */
  async loadForAction(
    em: EntityManager,
    actor: Actor,
    id: string,
    action: CommitmentAction,
  ): Promise<VisibleCommitment> {
    const v = await this.repo.loadVisible(em, actor, 'commitment.read', id);
    const c = v.commitment;
    if (ACTION_ROLE[action] === 'owner') {
      const scope = this.access.scopeOf(actor, 'commitment.write');
      const own = scope.selfMemberId !== null && scope.selfMemberId === c.memberId;
      if (!own && !this.access.coversPath(scope, v.cellPath)) {
        throw commitmentError(
          'COMMITMENT_NOT_YOURS',
          'Only the member (or a secretary of the cell on their behalf) may do this',
        );
      }
    } else {
      // A secretary reviews their cell; a leader only the cell secretaries' own commitments (API.md:
      // a secretary's own commitment goes to another secretary of the cell or the committee above).
      // Also the commitments a secretary entered or carried on a member's behalf: that secretary
      // does not decide them (separation of duties), so the committee above may.
      const history = await this.repo.stepHistory(em, c.id);
      const cellScope = this.access.scopeOf(actor, 'commitment.review.cell');
      if (!this.access.coversPath(cellScope, v.cellPath)) {
        const leaderScope = this.access.scopeOf(actor, 'commitment.review.committee');
        const leaderMay =
          this.access.coversPath(leaderScope, v.cellPath) &&
          (hasStepOnBehalf(history) || (await this.repo.isCellSecretary(em, c.memberId, c.cellId)));
        if (!leaderMay) {
          throw commitmentError(
            'COMMITMENT_NOT_REVIEWER',
            "Only a secretary of the cell where it was made may review it (a leader of the committee above reviews the secretaries' own)",
          );
        }
      }
      if (actor.memberId !== null && actor.memberId === c.memberId) {
        throw commonError(
          'SELF_REVIEW',
          'You cannot review your own commitment; another secretary of the cell or the committee above does',
        );
      }
      if (enteredByReviewer(history, actor.userId, action)) {
        throw commitmentError(
          'COMMITMENT_ENTERED_BY_REVIEWER',
          'You entered or carried this commitment on the member’s behalf, so you cannot also decide it; another secretary of the cell or the committee above does',
          { action },
        );
      }
    }
    if (nextStatus(c.status, action) === null) throw illegal(c.status, action);
    return v;
  }

  /** Moves the status (conditional on the version), then records the step. */
  async transition(
    em: EntityManager,
    actor: Actor,
    v: VisibleCommitment,
    action: CommitmentAction,
    changes: Changes,
    expectedVersion: number | undefined,
    reason: string | null,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const c = v.commitment;
    const to = nextStatus(c.status, action);
    if (!to) throw illegal(c.status, action);
    await updateVersioned(em, Commitment, c.id, expectedVersion ?? c.version, { ...changes, status: to });
    const diff: Record<string, unknown> = { status: { from: c.status, to }, ...extra };
    for (const [k, val] of Object.entries(changes)) {
      const before = (c as unknown as Record<string, unknown>)[k];
      diff[k] = {
        from: before instanceof Date ? before.toISOString() : (before ?? null),
        to: val instanceof Date ? val.toISOString() : val,
      };
    }
    await this.recordStep(em, actor, c, v.cellPath, action, c.status, to, reason, diff);
  }

  /** One history row and one audit entry per step, in the caller's transaction. */
  async recordStep(
    em: EntityManager,
    actor: Actor,
    c: Commitment,
    cellPath: string,
    action: CommitmentAction | 'create',
    from: CommitmentStatus | null,
    to: CommitmentStatus,
    reason: string | null,
    changes: Record<string, unknown>,
  ): Promise<void> {
    const seq = (await em.countBy(CommitmentTransition, { commitmentId: c.id })) + 1;
    await em.insert(CommitmentTransition, {
      commitmentId: c.id,
      seq,
      action,
      fromStatus: from,
      toStatus: to,
      actorUserId: actor.userId === 'system' ? null : actor.userId,
      actorMemberId: actor.memberId,
      actorUsername: actor.username,
      onBehalf: actor.memberId !== c.memberId,
      reason,
      at: new Date(),
    });
    await this.audit.record(em, actor, {
      action: `commitment.${action}`,
      entityType: 'commitment',
      entityId: c.id,
      organizationPath: cellPath,
      changes,
      reason,
    });
    // Same transaction: submit notifies the cell's secretaries; accept, return and assess the member.
    if (action !== 'create')
      await this.events.publish(em, CommitmentStepTaken, { commitment: c, action, reason });
  }
}
