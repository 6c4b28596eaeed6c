import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { CommitmentStepsService, Changes } from './commitment-steps.service.js';
import {
  AcceptCommitmentDto,
  AssessCommitmentDto,
  BulkAcceptDto,
  ReopenCommitmentDto,
  ReturnCommitmentDto,
} from './commitments.dto.js';
import { CommitmentsRepository } from './commitments.repository.js';
import type { BulkAccepted, CommitmentView } from './commitments.responses.js';
import { CommitmentAction } from './commitments.rules.js';

/** The secretary's side: accept (one or many), return, assess, reopen. */
@Injectable()
export class CommitmentReviewsService {
  constructor(
    private readonly db: Database,
    private readonly repo: CommitmentsRepository,
    private readonly steps: CommitmentStepsService,
  ) {}

  async acceptCommitment(actor: Actor, id: string, dto: AcceptCommitmentDto): Promise<CommitmentView> {
    return this.db.transaction(async (em) => {
      await this.acceptOne(em, actor, id, dto.comment ?? null, dto.version);
      return this.repo.viewById(em, id);
    });
  }

  /** All or nothing: every id is checked and accepted in one transaction, or none is. */
  async acceptMany(actor: Actor, dto: BulkAcceptDto): Promise<BulkAccepted> {
    return this.db.transaction(async (em) => {
      for (const [i, id] of dto.ids.entries()) {
        try {
          await this.acceptOne(em, actor, id, dto.comment ?? null, undefined);
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          throw e.restated(`ids.${i}: ${e.message}`, [
            {
              field: `ids.${i}`,
              rule: e.code,
              message: e.message,
              id,
              ...(e.details && !Array.isArray(e.details) ? e.details : {}),
            },
          ]);
        }
      }
      const items = await this.repo.summariesByIds(em, dto.ids);
      return { accepted: items.length, items };
    });
  }

  async returnCommitment(actor: Actor, id: string, dto: ReturnCommitmentDto): Promise<CommitmentView> {
    return this.db.transaction(async (em) => {
      const v = await this.steps.loadForAction(em, actor, id, 'return');
      await this.steps.transition(
        em,
        actor,
        v,
        'return',
        { reviewComment: dto.reason },
        dto.version,
        dto.reason,
      );
      return this.repo.viewById(em, id);
    });
  }

  async assessCommitment(actor: Actor, id: string, dto: AssessCommitmentDto): Promise<CommitmentView> {
    return this.db.transaction(async (em) => {
      const v = await this.steps.loadForAction(em, actor, id, 'assess');
      const shortcomings = (dto.shortcomings ?? []).map((s) => s.trim().normalize('NFC')).filter(Boolean);
      await this.steps.transition(
        em,
        actor,
        v,
        'assess',
        {
          rating: dto.rating,
          assessmentComment: dto.comment ?? null,
          shortcomings: shortcomings.length ? JSON.stringify(shortcomings) : null,
          assessedAt: new Date(),
          assessedByUserId: actor.userId,
        },
        dto.version,
        dto.comment ?? null,
      );
      return this.repo.viewById(em, id);
    });
  }

  async reopenCommitment(actor: Actor, id: string, dto: ReopenCommitmentDto): Promise<CommitmentView> {
    const action: CommitmentAction = dto.to === 'draft' ? 'reopen_to_draft' : 'reopen_to_accepted';
    return this.db.transaction(async (em) => {
      const v = await this.steps.loadForAction(em, actor, id, action);
      // The previous assessment stays in the audit entry and the history; the new cycle starts clean.
      const changes: Changes = {
        rating: null,
        assessmentComment: null,
        shortcomings: null,
        assessedAt: null,
        assessedByUserId: null,
      };
      if (dto.to === 'draft')
        Object.assign(changes, { acceptedAt: null, acceptedByUserId: null, reportedAt: null });
      await this.steps.transition(em, actor, v, action, changes, dto.version, dto.reason);
      return this.repo.viewById(em, id);
    });
  }

  private async acceptOne(
    em: EntityManager,
    actor: Actor,
    id: string,
    comment: string | null,
    version: number | undefined,
  ) {
    const v = await this.steps.loadForAction(em, actor, id, 'accept');
    await this.steps.transition(
      em,
      actor,
      v,
      'accept',
      { acceptedAt: new Date(), acceptedByUserId: actor.userId, reviewComment: comment },
      version,
      comment,
    );
  }
}
