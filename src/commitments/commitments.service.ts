import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { commitmentError } from './commitments.errors.js';
import { isUniqueViolation } from '../common/driver-errors.js';
import { Database } from '../common/database.service.js';
import { Page, pageOf } from '../common/pagination.js';
import { updateVersioned } from '../common/versioned-update.js';
import { Organization } from '../organizations/organization.entity.js';
import { CommitmentItemsService } from './commitment-items.service.js';
import { CommitmentStepsService } from './commitment-steps.service.js';
import { Commitment } from './commitment.entity.js';
import {
  CarryForwardDto,
  CommitmentQuery,
  CreateCommitmentDto,
  UpdateCommitmentDto,
} from './commitments.dto.js';
import type { CommitmentSummary, CommitmentView } from './commitments.responses.js';
import { CommitmentsRepository } from './commitments.repository.js';
import { isPublished, itemErrors, Period, periodErrors, periodKeyOf } from './commitments.rules.js';

/** Every table a list page reads (ReadCache). */
const LIST_TABLES = ['commitment', 'organization', 'member'] as const;
/** Every table a commitment's view reads (ReadCache). */
const VIEW_TABLES = [
  'commitment',
  'organization',
  'member',
  'commitment_item',
  'commitment_transition',
] as const;

function duplicate(existingId: string | null): DomainError {
  return commitmentError('COMMITMENT_DUPLICATE', 'This member already has a commitment for this period', {
    existingId,
  });
}

/**
 * The member's side of a commitment: list and read, register (or a secretary on the member's behalf),
 * edit, carry forward; and markPresented for the meetings module. Submitting and reporting results
 * are in CommitmentProgressService, the secretary's steps in CommitmentReviewsService.
 */
@Injectable()
export class CommitmentsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly repo: CommitmentsRepository,
    private readonly steps: CommitmentStepsService,
    private readonly items: CommitmentItemsService,
  ) {}

  async listCommitments(actor: Actor, q: CommitmentQuery): Promise<Page<CommitmentSummary>> {
    const scope = this.access.scopeOf(actor, 'commitment.read');
    // The page depends on the scope and the query only (the organisation filter is checked in scope).
    const key = `commitments:list:${JSON.stringify(scope)}:${JSON.stringify(q)}`;
    return this.repo.cachedRead(key, LIST_TABLES, async (em) => {
      const org = q.organizationId
        ? await this.access.visibleOrganization(em, actor, 'commitment.read', q.organizationId)
        : null;
      const filters = {
        memberId: q.memberId,
        year: q.year,
        periodType: q.periodType,
        periodKey: q.periodIndex,
        status: q.status,
      };
      const { items, total } = await this.repo.summaryPage(em, scope, org?.path ?? null, filters, q);
      return pageOf(items, total, q);
    });
  }

  async getCommitment(actor: Actor, id: string): Promise<CommitmentView> {
    // The view is the same for everyone who may see it (allowedActions follow the status only), so
    // it is cached per commitment and the caller's scope is checked on every request.
    const found = await this.repo.cachedRead(`commitments:view:${id}`, VIEW_TABLES, async (em) => {
      const loaded = await this.repo.loadById(em, id);
      return loaded && { ...loaded, view: await this.repo.view(em, loaded.commitment, loaded.memberName) };
    });
    if (
      !found ||
      !this.repo.canSee(this.access.scopeOf(actor, 'commitment.read'), found.commitment, found.cellPath)
    )
      throw DomainError.notFound('Commitment');
    return found.view;
  }

  async createCommitment(actor: Actor, dto: CreateCommitmentDto): Promise<CommitmentView> {
    const period: Period = {
      year: dto.year,
      periodType: dto.periodType,
      periodIndex: dto.periodIndex ?? null,
    };
    const errors = [
      ...periodErrors(period),
      ...dto.items.flatMap((item, i) => itemErrors(item, i, dto.periodType)),
    ];
    if (dto.carryForward && dto.periodType !== 'yearly') {
      errors.push({
        field: 'carryForward',
        rule: 'yearlyOnly',
        message: 'carryForward applies to a yearly commitment',
      });
    }
    if (errors.length) throw DomainError.validation(errors, errors.map((e) => e.message).join('; '));
    return this.db.transaction(async (em) => {
      const memberId = dto.memberId ?? actor.memberId;
      if (!memberId)
        throw DomainError.invalidField(
          'memberId',
          'required',
          'memberId is required: your account is not linked to a member',
        );
      const { member, cellPath } = await this.access.visibleMember(em, actor, 'commitment.write', memberId);
      const onBehalf = member.id !== actor.memberId;
      if (onBehalf && !this.access.coversPath(this.access.scopeOf(actor, 'commitment.write'), cellPath)) {
        throw DomainError.notFound('Member');
      }
      const periodKey = periodKeyOf(period);
      const existing = await em.findOne(Commitment, {
        where: { memberId: member.id, year: dto.year, periodType: dto.periodType, periodKey },
        select: { id: true },
      });
      if (existing) {
        throw duplicate(existing.id);
      }
      const c = em.create(Commitment, {
        memberId: member.id,
        cellId: member.cellId,
        year: dto.year,
        periodType: dto.periodType,
        periodKey,
        status: 'draft',
        deadlineOn: null,
        late: false,
        firstSubmittedAt: null,
        submittedAt: null,
        acceptedAt: null,
        acceptedByUserId: null,
        reviewComment: null,
        reportedAt: null,
        assessedAt: null,
        assessedByUserId: null,
        rating: null,
        assessmentComment: null,
        shortcomings: null,
        presentedAtMeetingId: null,
        presentedAt: null,
        enteredByUserId: actor.userId === 'system' ? null : actor.userId,
        enteredOnBehalf: onBehalf,
        version: 1,
      });
      // The existence check above settles it on SQLite (writes are serialised); on PostgreSQL two
      // concurrent creations can both pass it, and the unique index decides.
      await em.save(c).catch((e: unknown) => {
        if (isUniqueViolation(e)) throw duplicate(null);
        throw e;
      });
      await this.items.writeItems(em, c, dto.items, []);
      await this.steps.recordStep(
        em,
        actor,
        c,
        cellPath,
        'create',
        null,
        'draft',
        onBehalf ? 'entered on behalf of the member' : null,
        {
          year: c.year,
          periodType: c.periodType,
          periodIndex: period.periodIndex,
          items: dto.items.length,
        },
      );
      if (dto.carryForward) {
        const added = await this.items.pullRemedies(em, c);
        if (added > 0) {
          await this.steps.recordStep(
            em,
            actor,
            c,
            cellPath,
            'carry_forward',
            'draft',
            'draft',
            `${added} remedy items carried forward`,
            { added },
          );
        }
      }
      return this.repo.viewById(em, c.id);
    });
  }

  async updateCommitment(actor: Actor, id: string, dto: UpdateCommitmentDto): Promise<CommitmentView> {
    return this.db.transaction(async (em) => {
      const v = await this.steps.loadForAction(em, actor, id, 'edit');
      const c = v.commitment;
      const errors = dto.items.flatMap((item, i) => itemErrors(item, i, c.periodType));
      if (errors.length) throw DomainError.validation(errors, errors.map((e) => e.message).join('; '));
      await updateVersioned(em, Commitment, c.id, dto.version, {});
      const existing = await this.repo.liveItems(em, c.id);
      await this.items.writeItems(em, c, dto.items, existing);
      await this.steps.recordStep(em, actor, c, v.cellPath, 'edit', c.status, c.status, null, {
        items: dto.items.length,
      });
      return this.repo.viewById(em, c.id);
    });
  }

  async carryForward(actor: Actor, id: string, dto: CarryForwardDto): Promise<CommitmentView> {
    return this.db.transaction(async (em) => {
      const v = await this.steps.loadForAction(em, actor, id, 'carry_forward');
      const c = v.commitment;
      if (c.periodType !== 'yearly') {
        throw commitmentError(
          'COMMITMENT_NOT_YEARLY',
          'Only a yearly commitment takes last year’s remedies',
          {
            periodType: c.periodType,
          },
        );
      }
      await updateVersioned(em, Commitment, c.id, dto.version, {});
      const added = await this.items.pullRemedies(em, c);
      await this.steps.recordStep(
        em,
        actor,
        c,
        v.cellPath,
        'carry_forward',
        c.status,
        c.status,
        `${added} remedy items carried forward`,
        {
          added,
        },
      );
      return this.repo.viewById(em, c.id);
    });
  }

  /**
   * For the meetings module, inside its own transaction: records that these commitments of `cellId`
   * were made public (công khai) at meeting `meetingId`. Each must belong to that cell and be accepted
   * or later; otherwise the whole call fails naming `presentedCommitmentIds.<i>`. The caller has
   * already checked that the actor manages meetings of that cell.
   */
  async markPresented(
    em: EntityManager,
    actor: Actor,
    meetingId: string,
    cellId: string,
    commitmentIds: string[],
  ): Promise<void> {
    const cell = await em.findOne(Organization, { where: { id: cellId }, select: { id: true, path: true } });
    if (!cell) throw DomainError.invalidField('cellId', 'exists', 'cellId is not an organisation');
    for (const [i, id] of commitmentIds.entries()) {
      const field = `presentedCommitmentIds.${i}`;
      const c = await em.findOneBy(Commitment, { id });
      if (!c || c.cellId !== cellId)
        throw DomainError.invalidField(field, 'ofCell', `${field} is not a commitment of this cell`);
      if (!isPublished(c.status)) {
        throw DomainError.invalidField(
          field,
          'accepted',
          `${field} must be accepted before it is presented (it is ${c.status})`,
        );
      }
      await this.repo.setPresented(em, id, meetingId, new Date());
      await this.steps.recordStep(
        em,
        actor,
        c,
        cell.path,
        'present',
        c.status,
        c.status,
        `meeting ${meetingId}`,
        {
          presentedAtMeetingId: { from: c.presentedAtMeetingId, to: meetingId },
        },
      );
    }
  }
}
