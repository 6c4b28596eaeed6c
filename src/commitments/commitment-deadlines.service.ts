import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { CommitmentDeadline } from './commitment-deadline.entity.js';
import { SetDeadlineDto } from './commitments.dto.js';
import {
  DeadlineRule,
  deadlineRuleErrors,
  effectiveDeadline,
  PERIOD_TYPES,
  PeriodType,
} from './commitments.rules.js';
import type { DeadlinesView, DeadlineView } from './commitments.responses.js';

/** Registration deadlines per organisation, inherited down the tree (nearest setting wins). */
@Injectable()
export class CommitmentDeadlinesService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** The rule in force for an organisation path ("/root/.../self/"). */
  async ruleFor(em: EntityManager, path: string, periodType: PeriodType): Promise<DeadlineRule> {
    return (await this.effective(em, path)).find((d) => d.periodType === periodType)!;
  }

  async getDeadlines(actor: Actor, organizationId: string): Promise<DeadlinesView> {
    return this.db.read(async (em) => {
      const org = await this.access.visibleOrganization(em, actor, 'commitment.read', organizationId);
      return { organizationId: org.id, deadlines: await this.effective(em, org.path) };
    });
  }

  async setDeadline(actor: Actor, dto: SetDeadlineDto): Promise<DeadlinesView> {
    const errors = deadlineRuleErrors(dto.periodType, dto);
    if (errors.length) throw DomainError.validation(errors, errors.map((e) => e.message).join('; '));
    return this.db.transaction(async (em) => {
      const org = await this.access.visibleOrganization(
        em,
        actor,
        'commitment.deadline.manage',
        dto.organizationId,
      );
      const existing = await em.findOneBy(CommitmentDeadline, {
        organizationId: org.id,
        periodType: dto.periodType,
      });
      if (existing) {
        await em.update(
          CommitmentDeadline,
          { id: existing.id },
          { monthOffset: dto.monthOffset, day: dto.day, version: existing.version + 1 },
        );
      } else {
        await em.insert(CommitmentDeadline, {
          organizationId: org.id,
          periodType: dto.periodType,
          monthOffset: dto.monthOffset,
          day: dto.day,
          version: 1,
        });
      }
      await this.audit.record(em, actor, {
        action: 'commitment.deadline.set',
        entityType: 'organization',
        entityId: org.id,
        organizationPath: org.path,
        changes: {
          periodType: dto.periodType,
          monthOffset: { from: existing?.monthOffset ?? null, to: dto.monthOffset },
          day: { from: existing?.day ?? null, to: dto.day },
        },
      });
      return { organizationId: org.id, deadlines: await this.effective(em, org.path) };
    });
  }

  /** Removes the organisation's own rule for a period type; it inherits again. */
  async clearDeadline(actor: Actor, organizationId: string, periodType: PeriodType): Promise<DeadlinesView> {
    return this.db.transaction(async (em) => {
      const org = await this.access.visibleOrganization(
        em,
        actor,
        'commitment.deadline.manage',
        organizationId,
      );
      const existing = await em.findOneBy(CommitmentDeadline, { organizationId: org.id, periodType });
      if (!existing) throw DomainError.notFound('Deadline');
      await em.delete(CommitmentDeadline, { id: existing.id });
      await this.audit.record(em, actor, {
        action: 'commitment.deadline.clear',
        entityType: 'organization',
        entityId: org.id,
        organizationPath: org.path,
        changes: { periodType, monthOffset: existing.monthOffset, day: existing.day },
      });
      return { organizationId: org.id, deadlines: await this.effective(em, org.path) };
    });
  }

  private async effective(em: EntityManager, path: string): Promise<DeadlineView[]> {
    const ids = path.split('/').filter(Boolean);
    const rows = await em.find(CommitmentDeadline, { where: { organizationId: In(ids) } });
    return PERIOD_TYPES.map((periodType) => {
      const ancestry = ids.map((organizationId) => {
        const r = rows.find((x) => x.organizationId === organizationId && x.periodType === periodType);
        return { organizationId, rule: r ? { monthOffset: r.monthOffset, day: r.day } : null };
      });
      return { periodType, ...effectiveDeadline(periodType, ancestry) };
    });
  }
}
