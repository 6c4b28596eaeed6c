import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { commonError, DomainError } from '../common/domain-error.js';
import { evaluationError } from './evaluations.errors.js';
import { Database } from '../common/database.service.js';
import { vnToday } from '../common/dates.js';
import { EvaluationInput } from './evaluation-input.entity.js';
import {
  EvaluationInputQuery,
  RecordEvaluationInputDto,
  WithdrawEvaluationInputDto,
} from './evaluations.dto.js';
import type { EvaluationInputView } from './evaluations.responses.js';

function toView(x: EvaluationInput): EvaluationInputView {
  return {
    id: x.id,
    memberId: x.memberId,
    year: x.year,
    kind: x.kind,
    basis: x.basis,
    documentNumber: x.documentNumber,
    documentDate: x.documentDate,
    recordedByUserId: x.recordedByUserId,
    createdAt: x.createdAt,
    withdrawn: x.withdrawnAt
      ? { at: x.withdrawnAt, reason: x.withdrawnReason, byUserId: x.withdrawnByUserId }
      : null,
  };
}

/**
 * Facts the cell or committee records for a member's year-end evaluation (a breach of the duty to set
 * an example; a civil servant rated "không hoàn thành nhiệm vụ" at work). Generation reads them; they
 * take effect at the next generation. A secretary of the member's cell or a leader above records and
 * withdraws them, never about themselves; everyone who may read the member's evaluation reads them.
 */
@Injectable()
export class EvaluationInputsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async listInputs(actor: Actor, q: EvaluationInputQuery): Promise<EvaluationInputView[]> {
    return this.db.read(async (em) => {
      const { member } = await this.access.visibleMember(em, actor, 'evaluation.read', q.memberId);
      const rows = await em.find(EvaluationInput, {
        where: { memberId: member.id, ...(q.year ? { year: q.year } : {}) },
        order: { year: 'DESC', createdAt: 'ASC', id: 'ASC' },
      });
      return rows.map(toView);
    });
  }

  async recordInput(actor: Actor, dto: RecordEvaluationInputDto): Promise<EvaluationInputView> {
    if (dto.documentDate && dto.documentDate > vnToday())
      throw DomainError.invalidField('documentDate', 'notInFuture', 'documentDate is after today');
    return this.db.transaction(async (em) => {
      const { member, cellPath } = await this.access.visibleMember(
        em,
        actor,
        'evaluation.read',
        dto.memberId,
      );
      this.assertRecorder(actor, cellPath, member.id);
      const saved = await em.save(
        em.create(EvaluationInput, {
          memberId: member.id,
          year: dto.year,
          kind: dto.kind,
          basis: dto.basis,
          documentNumber: dto.documentNumber ?? null,
          documentDate: dto.documentDate ?? null,
          recordedByUserId: actor.userId,
          withdrawnAt: null,
          withdrawnReason: null,
          withdrawnByUserId: null,
        }),
      );
      await this.audit.record(em, actor, {
        action: 'evaluation.input.record',
        entityType: 'evaluation_input',
        entityId: saved.id,
        organizationPath: cellPath,
        changes: {
          memberId: member.id,
          year: dto.year,
          kind: dto.kind,
          documentNumber: saved.documentNumber,
        },
      });
      return toView(await em.findOneByOrFail(EvaluationInput, { id: saved.id }));
    });
  }

  async withdrawInput(
    actor: Actor,
    id: string,
    dto: WithdrawEvaluationInputDto,
  ): Promise<EvaluationInputView> {
    return this.db.transaction(async (em) => {
      const x = await em.findOneBy(EvaluationInput, { id });
      if (!x) throw DomainError.notFound('Evaluation input');
      const { cellPath } = await this.access.visibleMember(em, actor, 'evaluation.read', x.memberId);
      this.assertRecorder(actor, cellPath, x.memberId);
      const now = new Date();
      const result = await em.update(
        EvaluationInput,
        { id, withdrawnAt: IsNull() },
        { withdrawnAt: now, withdrawnReason: dto.reason, withdrawnByUserId: actor.userId },
      );
      if (!result.affected) {
        throw evaluationError('EVALUATION_INPUT_WITHDRAWN', 'This evaluation input is withdrawn already');
      }
      await this.audit.record(em, actor, {
        action: 'evaluation.input.withdraw',
        entityType: 'evaluation_input',
        entityId: id,
        organizationPath: cellPath,
        changes: { withdrawnAt: { from: null, to: now.toISOString() } },
        reason: dto.reason,
      });
      return toView(await em.findOneByOrFail(EvaluationInput, { id }));
    });
  }

  /** A secretary of the member's cell or a leader above; never about oneself. */
  private assertRecorder(actor: Actor, cellPath: string, memberId: string): void {
    if (!this.access.coversPath(this.access.scopeOf(actor, 'evaluation.input'), cellPath)) {
      throw evaluationError(
        'EVALUATION_NOT_ALLOWED',
        "Your roles do not reach this member's cell for evaluation.input",
      );
    }
    if (actor.memberId !== null && actor.memberId === memberId) {
      throw commonError('SELF_REVIEW', 'Nobody records evaluation inputs about themselves');
    }
  }
}
