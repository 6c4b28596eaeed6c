import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AccessService } from '../auth/access.service.js';
import { Actor } from '../auth/actor.js';
import { CommonErrorCode, DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { isIsoDate, vnToday } from '../common/dates.js';
import { Page, pageOf } from '../common/pagination.js';
import { updateVersioned } from '../common/versioned-update.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { CommitmentDeadlinesService } from './commitment-deadlines.service.js';
import { CommitmentItem } from './commitment-item.entity.js';
import { CommitmentTransition } from './commitment-transition.entity.js';
import { Commitment } from './commitment.entity.js';
import {
  AcceptCommitmentDto,
  AssessCommitmentDto,
  BulkAcceptDto,
  CarryForwardDto,
  CommitmentItemDto,
  CommitmentQuery,
  CreateCommitmentDto,
  ReopenCommitmentDto,
  ReportResultsDto,
  ReturnCommitmentDto,
  UpdateCommitmentDto,
  VersionDto,
} from './commitments.dto.js';
import {
  CommitmentSummary,
  CommitmentsRepository,
  CommitmentView,
  toSummary,
  VisibleCommitment,
} from './commitments.repository.js';
import {
  ACTION_ROLE,
  allowedActions,
  carryForwardItems,
  CommitmentAction,
  CommitmentStatus,
  deadlineOf,
  hasPeriodStarted,
  isLate,
  isPublished,
  itemErrors,
  nextStatus,
  Period,
  periodErrors,
  periodIndexOf,
  periodKeyOf,
  periodStart,
  resultErrors,
} from './commitments.rules.js';

export enum CommitmentErrorCode {
  Duplicate = 'COMMITMENT_DUPLICATE',
  IllegalTransition = 'COMMITMENT_ILLEGAL_TRANSITION',
  PeriodNotStarted = 'COMMITMENT_PERIOD_NOT_STARTED',
  NotYearly = 'COMMITMENT_NOT_YEARLY',
  NotYourCommitment = 'COMMITMENT_NOT_YOURS',
  NotReviewer = 'COMMITMENT_NOT_REVIEWER',
}

type Changes = Partial<Omit<Commitment, 'id' | 'version' | 'createdAt' | 'updatedAt'>>;

function periodOf(c: Commitment): Period {
  return { year: c.year, periodType: c.periodType, periodIndex: periodIndexOf(c.periodType, c.periodKey) };
}

function illegal(status: CommitmentStatus, action: CommitmentAction): DomainError {
  return new DomainError(
    CommitmentErrorCode.IllegalTransition,
    'conflict',
    `A ${status} commitment cannot be ${action}`,
    {
      status,
      action,
      allowedActions: allowedActions(status),
    },
  );
}

/** The member's commitment lifecycle: registration, review, results, assessment, reopening. */
@Injectable()
export class CommitmentsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly repo: CommitmentsRepository,
    private readonly deadlines: CommitmentDeadlinesService,
  ) {}

  async listCommitments(actor: Actor, q: CommitmentQuery): Promise<Page<CommitmentSummary>> {
    return this.db.read(async (em) => {
      const cond = this.repo.readCondition(this.access.scopeOf(actor, 'commitment.read'));
      const qb = em
        .createQueryBuilder(Commitment, 'c')
        .innerJoin(Organization, 'o', 'o.id = c.cellId')
        .innerJoin(Member, 'm', 'm.id = c.memberId')
        .addSelect('m.fullName', 'memberName')
        .where(cond.sql, cond.params);
      if (q.organizationId) {
        const org = await this.access.visibleOrganization(em, actor, 'commitment.read', q.organizationId);
        qb.andWhere('o.path LIKE :orgPath', { orgPath: `${org.path}%` });
      }
      if (q.memberId) qb.andWhere('c.memberId = :memberId', { memberId: q.memberId });
      if (q.year !== undefined) qb.andWhere('c.year = :year', { year: q.year });
      if (q.periodType) qb.andWhere('c.periodType = :periodType', { periodType: q.periodType });
      if (q.periodIndex !== undefined) qb.andWhere('c.periodKey = :periodKey', { periodKey: q.periodIndex });
      if (q.status) qb.andWhere('c.status = :status', { status: q.status });
      const total = await qb.getCount();
      const { entities, raw } = await qb
        .orderBy('c.year', 'DESC')
        .addOrderBy('c.periodType', 'DESC')
        .addOrderBy('c.periodKey', 'DESC')
        .addOrderBy('m.searchName')
        .addOrderBy('c.id')
        .offset((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .getRawAndEntities<{ memberName: string }>();
      return pageOf(
        entities.map((c, i) => toSummary(c, raw[i]?.memberName ?? '')),
        total,
        q,
      );
    });
  }

  async getCommitment(actor: Actor, id: string): Promise<CommitmentView> {
    return this.db.read(async (em) =>
      this.repo.view(em, (await this.repo.loadVisible(em, actor, 'commitment.read', id)).commitment),
    );
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
        throw new DomainError(
          CommitmentErrorCode.Duplicate,
          'conflict',
          'This member already has a commitment for this period',
          {
            existingId: existing.id,
          },
        );
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
      await em.save(c);
      await this.writeItems(em, c, dto.items, []);
      await this.recordStep(
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
        const added = await this.pullRemedies(em, c);
        if (added > 0) {
          await this.recordStep(
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
      const v = await this.loadForAction(em, actor, id, 'edit');
      const c = v.commitment;
      const errors = dto.items.flatMap((item, i) => itemErrors(item, i, c.periodType));
      if (errors.length) throw DomainError.validation(errors, errors.map((e) => e.message).join('; '));
      await updateVersioned(em, Commitment, c.id, dto.version, {});
      const existing = await this.repo.liveItems(em, c.id);
      await this.writeItems(em, c, dto.items, existing);
      await this.recordStep(em, actor, c, v.cellPath, 'edit', c.status, c.status, null, {
        items: dto.items.length,
      });
      return this.repo.viewById(em, c.id);
    });
  }

  async carryForward(actor: Actor, id: string, dto: CarryForwardDto): Promise<CommitmentView> {
    return this.db.transaction(async (em) => {
      const v = await this.loadForAction(em, actor, id, 'carry_forward');
      const c = v.commitment;
      if (c.periodType !== 'yearly') {
        throw new DomainError(
          CommitmentErrorCode.NotYearly,
          'conflict',
          'Only a yearly commitment takes last year’s remedies',
          {
            periodType: c.periodType,
          },
        );
      }
      await updateVersioned(em, Commitment, c.id, dto.version, {});
      const added = await this.pullRemedies(em, c);
      await this.recordStep(
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

  async submitCommitment(actor: Actor, id: string, dto: VersionDto): Promise<CommitmentView> {
    return this.db.transaction(async (em) => {
      const v = await this.loadForAction(em, actor, id, 'submit');
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
      await this.transition(em, actor, v, 'submit', changes, dto.version, null);
      return this.repo.viewById(em, c.id);
    });
  }

  async acceptCommitment(actor: Actor, id: string, dto: AcceptCommitmentDto): Promise<CommitmentView> {
    return this.db.transaction(async (em) => {
      await this.acceptOne(em, actor, id, dto.comment ?? null, dto.version);
      return this.repo.viewById(em, id);
    });
  }

  /** All or nothing: every id is checked and accepted in one transaction, or none is. */
  async acceptMany(
    actor: Actor,
    dto: BulkAcceptDto,
  ): Promise<{ accepted: number; items: CommitmentSummary[] }> {
    return this.db.transaction(async (em) => {
      const items: CommitmentSummary[] = [];
      for (const [i, id] of dto.ids.entries()) {
        try {
          await this.acceptOne(em, actor, id, dto.comment ?? null, undefined);
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          throw new DomainError(e.code, e.kind, `ids.${i}: ${e.message}`, [
            {
              field: `ids.${i}`,
              rule: e.code,
              message: e.message,
              id,
              ...(e.details && !Array.isArray(e.details) ? e.details : {}),
            },
          ]);
        }
        const view = await this.repo.viewById(em, id);
        items.push(view);
      }
      return { accepted: items.length, items };
    });
  }

  async returnCommitment(actor: Actor, id: string, dto: ReturnCommitmentDto): Promise<CommitmentView> {
    return this.db.transaction(async (em) => {
      const v = await this.loadForAction(em, actor, id, 'return');
      await this.transition(em, actor, v, 'return', { reviewComment: dto.reason }, dto.version, dto.reason);
      return this.repo.viewById(em, id);
    });
  }

  async reportResults(actor: Actor, id: string, dto: ReportResultsDto): Promise<CommitmentView> {
    return this.db.transaction(async (em) => {
      const v = await this.loadForAction(em, actor, id, 'report');
      const c = v.commitment;
      const today = vnToday();
      if (!hasPeriodStarted(periodOf(c), today)) {
        throw new DomainError(
          CommitmentErrorCode.PeriodNotStarted,
          'conflict',
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
      );
      if (errors.length) throw DomainError.validation(errors, errors.map((e) => e.message).join('; '));
      await this.transition(em, actor, v, 'report', { reportedAt: new Date() }, dto.version, null, {
        outcomes: Object.fromEntries(dto.items.map((r) => [r.itemId, r.outcome])),
      });
      for (const r of dto.items) {
        await em.update(
          CommitmentItem,
          { id: r.itemId },
          {
            outcome: r.outcome,
            exceeded: r.outcome === 'done' ? (r.exceeded ?? false) : null,
            outcomeNote: r.note ?? null,
          },
        );
      }
      return this.repo.viewById(em, id);
    });
  }

  async assessCommitment(actor: Actor, id: string, dto: AssessCommitmentDto): Promise<CommitmentView> {
    return this.db.transaction(async (em) => {
      const v = await this.loadForAction(em, actor, id, 'assess');
      const shortcomings = (dto.shortcomings ?? []).map((s) => s.trim().normalize('NFC')).filter(Boolean);
      await this.transition(
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
      const v = await this.loadForAction(em, actor, id, action);
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
      await this.transition(em, actor, v, action, changes, dto.version, dto.reason);
      return this.repo.viewById(em, id);
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
      const now = new Date();
      await em
        .createQueryBuilder()
        .update(Commitment)
        .set({ presentedAtMeetingId: meetingId, presentedAt: now, version: () => '"version" + 1' })
        .where('id = :id', { id })
        .execute();
      await this.recordStep(em, actor, c, cell.path, 'present', c.status, c.status, `meeting ${meetingId}`, {
        presentedAtMeetingId: { from: c.presentedAtMeetingId, to: meetingId },
      });
    }
  }

  // -------------------------------------------------------------------------------------------------

  private async acceptOne(
    em: EntityManager,
    actor: Actor,
    id: string,
    comment: string | null,
    version: number | undefined,
  ) {
    const v = await this.loadForAction(em, actor, id, 'accept');
    await this.transition(
      em,
      actor,
      v,
      'accept',
      { acceptedAt: new Date(), acceptedByUserId: actor.userId, reviewComment: comment },
      version,
      comment,
    );
  }

  /**
   * Loads a commitment for an action: visible to the actor (else 404), the actor may do this kind of
   * action on it (else 403; a reviewer never reviews their own: SELF_REVIEW), and the action is legal
   * from its current status (else 409 with the status).
   */
  private async loadForAction(
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
        throw new DomainError(
          CommitmentErrorCode.NotYourCommitment,
          'forbidden',
          'Only the member (or a secretary of the cell on their behalf) may do this',
        );
      }
    } else {
      const scope = this.access.scopeOf(actor, 'commitment.review');
      if (!this.access.coversPath(scope, v.cellPath)) {
        throw new DomainError(
          CommitmentErrorCode.NotReviewer,
          'forbidden',
          'Only a secretary of the cell where it was made may review it',
        );
      }
      if (actor.memberId !== null && actor.memberId === c.memberId) {
        throw new DomainError(
          CommonErrorCode.SelfReview,
          'forbidden',
          'You cannot review your own commitment; another secretary of the cell or the committee above does',
        );
      }
    }
    if (nextStatus(c.status, action) === null) throw illegal(c.status, action);
    return v;
  }

  /** Moves the status (conditional on the version), then records the step. */
  private async transition(
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
  private async recordStep(
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
  }

  /**
   * Replaces the live items with `inputs`: items with an id are updated in place, new ones inserted,
   * the rest marked removed (kept, since feedback may point at them).
   */
  private async writeItems(
    em: EntityManager,
    c: Commitment,
    inputs: CommitmentItemDto[],
    existing: CommitmentItem[],
  ): Promise<void> {
    const errors: Array<{ field: string; rule: string; message: string }> = [];
    const byId = new Map(existing.map((i) => [i.id, i]));
    const seen = new Set<string>();
    inputs.forEach((item, i) => {
      if (item.id !== undefined) {
        if (!byId.has(item.id))
          errors.push({
            field: `items.${i}.id`,
            rule: 'itemOfCommitment',
            message: 'id is not an item of this commitment',
          });
        else if (seen.has(item.id))
          errors.push({ field: `items.${i}.id`, rule: 'unique', message: 'an item appears once' });
        seen.add(item.id);
      }
      if (item.dueDate != null && !isIsoDate(item.dueDate)) {
        errors.push({
          field: `items.${i}.dueDate`,
          rule: 'isDate',
          message: 'dueDate must be a real date YYYY-MM-DD',
        });
      }
    });
    const parentIds = [...new Set(inputs.map((i) => i.parentItemId).filter((p): p is string => !!p))];
    if (parentIds.length > 0) {
      const found = await em
        .createQueryBuilder(CommitmentItem, 'i')
        .innerJoin(Commitment, 'p', 'p.id = i.commitmentId')
        .select('i.id', 'id')
        .where('i.id IN (:...ids)', { ids: parentIds })
        .andWhere('i.removedAt IS NULL')
        .andWhere("p.memberId = :memberId AND p.year = :year AND p.periodType = 'yearly'", {
          memberId: c.memberId,
          year: c.year,
        })
        .getRawMany<{ id: string }>();
      const ok = new Set(found.map((r) => r.id));
      inputs.forEach((item, i) => {
        if (item.parentItemId && !ok.has(item.parentItemId)) {
          errors.push({
            field: `items.${i}.parentItemId`,
            rule: 'yearlyItemOfMember',
            message: 'parentItemId must be an item of the same member’s yearly commitment of the same year',
          });
        }
      });
    }
    if (errors.length) throw DomainError.validation(errors, errors.map((e) => e.message).join('; '));

    const now = new Date();
    const kept = new Set(inputs.map((i) => i.id).filter(Boolean));
    const removed = existing.filter((i) => !kept.has(i.id)).map((i) => i.id);
    if (removed.length) await em.update(CommitmentItem, { id: In(removed) }, { removedAt: now });
    for (const [position, item] of inputs.entries()) {
      const fields = {
        position,
        category: item.category,
        content: item.content,
        target: item.target ?? null,
        dueDate: item.dueDate ?? null,
        manifestationCodes: item.manifestationCodes?.length
          ? JSON.stringify([...item.manifestationCodes].sort((a, b) => a - b))
          : null,
        parentItemId: item.parentItemId ?? null,
      };
      if (item.id) await em.update(CommitmentItem, { id: item.id }, fields);
      else
        await em.insert(CommitmentItem, {
          ...fields,
          commitmentId: c.id,
          sourceRef: null,
          outcome: null,
          exceeded: null,
          outcomeNote: null,
          removedAt: null,
        });
    }
  }

  /** Adds last year's unfinished items and shortcomings as remedy items; answers how many were added. */
  private async pullRemedies(em: EntityManager, c: Commitment): Promise<number> {
    const previous = await em.findOneBy(Commitment, {
      memberId: c.memberId,
      year: c.year - 1,
      periodType: 'yearly',
      periodKey: 0,
    });
    if (!previous) return 0;
    const [pastItems, current] = await Promise.all([
      this.repo.liveItems(em, previous.id),
      this.repo.liveItems(em, c.id),
    ]);
    const refs = new Set(current.map((i) => i.sourceRef).filter((r): r is string => r !== null));
    const shortcomings = previous.shortcomings ? (JSON.parse(previous.shortcomings) as string[]) : [];
    const carried = carryForwardItems({ commitmentId: previous.id, items: pastItems, shortcomings }, refs);
    let position = current.length;
    for (const item of carried) {
      await em.insert(CommitmentItem, {
        commitmentId: c.id,
        position: position++,
        category: item.category,
        content: item.content,
        target: null,
        dueDate: null,
        manifestationCodes: null,
        parentItemId: null,
        sourceRef: item.sourceRef,
        outcome: null,
        exceeded: null,
        outcomeNote: null,
        removedAt: null,
      });
    }
    return carried.length;
  }
}
