import { Injectable } from '@nestjs/common';
import { Actor } from '../common/actor.js';
import { Database } from '../common/database.service.js';
import { vnToday } from '../common/dates.js';
import { DomainError } from '../common/domain-error.js';
import { CommitmentDeadlinesService } from './commitment-deadlines.service.js';
import { CommitmentItemsService } from './commitment-items.service.js';
import { Changes, CommitmentStepsService, periodOf } from './commitment-steps.service.js';
import { ReportResultsDto, VersionDto } from './commitments.dto.js';
import { commitmentError } from './commitments.errors.js';
import { CommitmentsRepository } from './commitments.repository.js';
import type { CommitmentView } from './commitments.responses.js';
import { deadlineOf, hasPeriodStarted, isLate, periodStart, resultErrors } from './commitments.rules.js';

/**
 * A registered commitment's way forward on the member's side: submitted (its deadline fixed at the
 * first submission) and its results reported.
 */
@Injectable()
export class CommitmentProgressService {
  constructor(
    private readonly db: Database,
    private readonly repo: CommitmentsRepository,
    private readonly deadlines: CommitmentDeadlinesService,
    private readonly steps: CommitmentStepsService,
    private readonly items: CommitmentItemsService,
  ) {}

  async submitCommitment(actor: Actor, id: string, dto: VersionDto): Promise<CommitmentView> {
    return this.db.transaction(async (em) => {
      const v = await this.steps.loadForAction(em, actor, id, 'submit');
      const c = v.commitment;
      if ((await this.repo.liveItems(em, c.id)).length === 0) {
        throw DomainError.invalidField(
          'items',
          'notEmpty',
          'a commitment needs at least one item before it is submitted',
        );
      }
      const now = new Date();
      const changes: Changes = { submittedAt: now };
      if (!c.firstSubmittedAt) {
        const rule = await this.deadlines.ruleFor(em, v.cellPath, c.periodType);
        const deadlineOn = deadlineOf(periodOf(c), rule);
        Object.assign(changes, { firstSubmittedAt: now, deadlineOn, late: isLate(vnToday(now), deadlineOn) });
      }
      await this.steps.transition(em, actor, v, 'submit', changes, dto.version, null);
      return this.repo.viewById(em, c.id);
    });
  }

  async reportResults(actor: Actor, id: string, dto: ReportResultsDto): Promise<CommitmentView> {
    return this.db.transaction(async (em) => {
      const v = await this.steps.loadForAction(em, actor, id, 'report');
      const c = v.commitment;
      const today = vnToday();
      if (!hasPeriodStarted(periodOf(c), today)) {
        throw commitmentError(
          'COMMITMENT_PERIOD_NOT_STARTED',
          'Results are reported from the first day of the period',
          {
            periodStart: periodStart(periodOf(c)),
            today,
          },
        );
      }
      const items = await this.repo.liveItems(em, c.id);
      const reported = new Set(items.filter((i) => i.outcome !== null).map((i) => i.id));
      const errors = resultErrors(
        items.map((i) => i.id),
        reported,
        dto.items,
        today,
      );
      if (errors.length) throw DomainError.validation(errors, errors.map((e) => e.message).join('; '));
      await this.steps.transition(em, actor, v, 'report', { reportedAt: new Date() }, dto.version, null, {
        outcomes: Object.fromEntries(dto.items.map((r) => [r.itemId, r.outcome])),
      });
      await this.items.writeOutcomes(em, c.id, dto.items);
      return this.repo.viewById(em, id);
    });
  }
}
