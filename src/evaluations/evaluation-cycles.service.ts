import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { commonError, DomainError } from '../common/domain-error.js';
import { evaluationError } from './evaluations.errors.js';
import { Database } from '../common/database.service.js';
import { DomainEvents } from '../common/domain-events.js';
import { isIsoDate, vnToday } from '../common/dates.js';
import { Page, pageOf } from '../common/pagination.js';
import { updateVersioned } from '../common/versioned-update.js';
import { Organization } from '../organizations/organization.entity.js';
import { ancestorIds } from '../organizations/organizations.rules.js';
import { EvaluationCycle } from './evaluation-cycle.entity.js';
import { prepareEvaluations, writeEvaluations } from './evaluation-generator.js';
import {
  anyGrassroots,
  cyclesPage,
  finalizeFaults,
  grassrootsSummary,
  overlappingCycle,
  ruleSetInForce,
} from './evaluation-cycles.repository.js';
import { EvaluationRuleSet } from './evaluation-rule-set.entity.js';
import { EvaluationCycleFinalized } from './evaluations.events.js';
import { cycleReopenViolation } from './evaluation-tree-moves.js';
import { lockEvaluationCycles } from './evaluation-tree-moves.repository.js';
import { parseRuleSet, toCycleView, toQuotaExceptionView, toRuleSetView } from './evaluation-views.js';
import { CycleQuery, OpenCycleDto, QuotaExceptionDto, ReopenCycleDto } from './evaluations.dto.js';
import type {
  CycleDetail,
  CycleView,
  GeneratedCycle,
  QuotaExceptionView,
  RuleSetView,
} from './evaluations.responses.js';
import { QuotaException } from './quota-exception.entity.js';

/**
 * Evaluation cycles: open (pinning the rule set in force), generate, finalize (checks every member is
 * decided and the quota holds per grassroots organisation, then locks), reopen with a reason.
 */
@Injectable()
export class EvaluationCyclesService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async listRuleSets(): Promise<RuleSetView[]> {
    const rows = await this.db.read((em) =>
      em.find(EvaluationRuleSet, { order: { effectiveFrom: 'ASC', version: 'ASC' } }),
    );
    return rows.map(toRuleSetView);
  }

  async openCycle(actor: Actor, dto: OpenCycleDto): Promise<CycleView> {
    const reviewDate = dto.reviewDate ?? `${dto.year}-12-31`;
    if (!isIsoDate(reviewDate))
      throw DomainError.invalidField('reviewDate', 'isDate', 'reviewDate must be a real calendar date');
    const reviewYear = Number(reviewDate.slice(0, 4));
    if (reviewYear < dto.year || reviewYear > dto.year + 1) {
      throw DomainError.invalidField(
        'reviewDate',
        'inYear',
        'reviewDate must fall in the year or early in the next one',
      );
    }
    return this.db.transaction(async (em) => {
      const org = await this.access.visibleOrganization(
        em,
        actor,
        'evaluation.cycle.manage',
        dto.organizationId,
      );
      if (!this.access.coversPath(this.access.scopeOf(actor, 'evaluation.cycle.manage'), org.path)) {
        throw DomainError.notFound('Organization');
      }
      const ancestors = ancestorIds(org.path);
      if (await anyGrassroots(em, ancestors)) {
        throw DomainError.invalidField(
          'organizationId',
          'grassrootsOrAbove',
          'organizationId must be a grassroots organisation or a committee above one: the quota is counted per grassroots organisation',
        );
      }
      if (await em.existsBy(EvaluationCycle, { organizationId: org.id, year: dto.year })) {
        throw evaluationError(
          'EVALUATION_CYCLE_EXISTS',
          `A ${dto.year} cycle is already open for this organisation`,
        );
      }
      const overlap = await overlappingCycle(em, dto.year, org.path);
      if (overlap) {
        throw evaluationError(
          'EVALUATION_CYCLE_OVERLAP',
          `A ${dto.year} cycle of an organisation above or below already covers these members`,
          { cycleId: overlap.id, organizationId: overlap.organizationId },
        );
      }
      const ruleSet = await ruleSetInForce(em, reviewDate, dto.ruleSetId);
      if (!ruleSet && dto.ruleSetId)
        throw DomainError.invalidField(
          'ruleSetId',
          'ruleSetInForce',
          `ruleSetId is not a classification rule set in force on ${reviewDate}`,
        );
      if (!ruleSet)
        throw DomainError.invalidField(
          'year',
          'ruleSetInForce',
          `No classification rule set is in force on ${reviewDate}`,
        );
      const cycle = await em.save(
        em.create(EvaluationCycle, {
          organizationId: org.id,
          organizationPath: org.path,
          year: dto.year,
          reviewDate,
          ruleSetId: ruleSet.id,
          status: 'open',
          generatedAt: null,
          finalizedAt: null,
          finalizedByUserId: null,
          reopenedAt: null,
          reopenReason: null,
          createdByUserId: actor.userId,
          version: 1,
        }),
      );
      await this.audit.record(em, actor, {
        action: 'evaluation.cycle.open',
        entityType: 'evaluation_cycle',
        entityId: cycle.id,
        organizationPath: org.path,
        changes: {
          organizationId: org.id,
          year: dto.year,
          reviewDate,
          ruleSet: `${ruleSet.code} v${ruleSet.version}`,
        },
      });
      return toCycleView(cycle, ruleSet);
    });
  }

  async listCycles(actor: Actor, q: CycleQuery): Promise<Page<CycleView>> {
    return this.db.read(async (em) => {
      const scope = this.access.scopeOf(actor, 'evaluation.read');
      const reach = scope.all ? null : [...scope.paths, ...(scope.selfCellPath ? [scope.selfCellPath] : [])];
      const [cycles, total] = await cyclesPage(em, reach, q);
      const ruleSets = new Map((await em.find(EvaluationRuleSet)).map((r) => [r.id, r]));
      return pageOf(
        cycles.map((c) => toCycleView(c, ruleSets.get(c.ruleSetId)!)),
        total,
        q,
      );
    });
  }

  /** The cycle with counts per grassroots organisation (of the evaluations the caller may see). */
  async getCycle(actor: Actor, id: string): Promise<CycleDetail> {
    return this.db.read(async (em) => {
      const cycle = await this.loadVisible(em, actor, id);
      const ruleSet = await em.findOneByOrFail(EvaluationRuleSet, { id: cycle.ruleSetId });
      const scope = this.access.scopeOf(actor, 'evaluation.read');
      const self = scope.selfMemberId
        ? [{ sql: 'e."memberId" = :selfId', params: { selfId: scope.selfMemberId } }]
        : [];
      const cond = this.access.pathCondition(scope, 'e."cellPath"', self);
      const summary = await grassrootsSummary(em, cycle, parseRuleSet(ruleSet), cond);
      return { ...toCycleView(cycle, ruleSet), summary };
    });
  }

  /**
   * Reads and scores under a read lock, then writes under the write lock after checking again that
   * the cycle is still open; the suggestion reflects the records as they were when it was read. With
   * replicas the reading runs on one that has replayed every commit made before it began, or on the
   * primary: never on figures behind the primary (Database.report without lag).
   */
  async generateCycle(actor: Actor, id: string): Promise<GeneratedCycle> {
    const now = new Date();
    const { value: prepared } = await this.db.report(
      async (em) => {
        const cycle = await this.loadForManage(em, actor, id);
        this.assertOpen(cycle);
        const ruleSet = await em.findOneByOrFail(EvaluationRuleSet, { id: cycle.ruleSetId });
        return prepareEvaluations(em, cycle, parseRuleSet(ruleSet), now);
      },
      { allowLag: false },
    );
    return this.db.transaction(async (em) => {
      const cycle = await this.loadForManage(em, actor, id);
      this.assertOpen(cycle);
      const ruleSet = await em.findOneByOrFail(EvaluationRuleSet, { id: cycle.ruleSetId });
      const result = await writeEvaluations(em, cycle, prepared);
      const version = await updateVersioned(em, EvaluationCycle, cycle.id, cycle.version, {
        generatedAt: now,
      });
      await this.audit.record(em, actor, {
        action: 'evaluation.cycle.generate',
        entityType: 'evaluation_cycle',
        entityId: cycle.id,
        organizationPath: cycle.organizationPath,
        changes: { ...result },
      });
      return { ...toCycleView({ ...cycle, generatedAt: now, version, updatedAt: now }, ruleSet), result };
    });
  }

  /** Refuses (409, listing each organisation and member at fault) while anyone is undecided or a quota is broken. */
  async finalizeCycle(actor: Actor, id: string): Promise<CycleView> {
    return this.db.transaction(async (em) => {
      const cycle = await this.loadForManage(em, actor, id);
      this.assertOpen(cycle);
      if (!cycle.generatedAt) {
        throw evaluationError('EVALUATION_CYCLE_NOT_GENERATED', 'Generate the evaluations before finalizing');
      }
      const ruleSet = await em.findOneByOrFail(EvaluationRuleSet, { id: cycle.ruleSetId });
      const faults = await finalizeFaults(em, cycle, parseRuleSet(ruleSet));
      if (faults.length > 0) {
        throw evaluationError(
          'EVALUATION_FINALIZE_BLOCKED',
          `The cycle cannot be finalized: ${faults.map((f) => f.message).join('; ')}`,
          faults,
        );
      }
      const now = new Date();
      const changes = { status: 'finalized' as const, finalizedAt: now, finalizedByUserId: actor.userId };
      const version = await updateVersioned(em, EvaluationCycle, cycle.id, cycle.version, changes);
      await this.audit.record(em, actor, {
        action: 'evaluation.cycle.finalize',
        entityType: 'evaluation_cycle',
        entityId: cycle.id,
        organizationPath: cycle.organizationPath,
        changes: { status: { from: 'open', to: 'finalized' } },
      });
      // Members are told their level (notifications), in the same transaction.
      await this.events.publish(em, EvaluationCycleFinalized, { cycleId: cycle.id, year: cycle.year });
      return toCycleView({ ...cycle, ...changes, version, updatedAt: now }, ruleSet);
    });
  }

  async reopenCycle(actor: Actor, id: string, dto: ReopenCycleDto): Promise<CycleView> {
    return this.db.transaction(async (em) => {
      // Locked before it is read and checked: a move in progress finishes first (its new paths are
      // then seen by the check), and a move that starts now waits for the reopen.
      await lockEvaluationCycles(em, { cycleId: id });
      const cycle = await this.loadForManage(em, actor, id);
      if (cycle.status !== 'finalized') {
        throw evaluationError('EVALUATION_CYCLE_NOT_FINALIZED', 'Only a finalized cycle can be reopened');
      }
      const movedOut = await cycleReopenViolation(em, cycle);
      if (movedOut) {
        throw evaluationError('EVALUATION_CYCLE_REOPEN_BLOCKED', movedOut.message, [
          { field: 'status', rule: movedOut.rule, message: movedOut.message },
        ]);
      }
      const now = new Date();
      const changes = { status: 'open' as const, reopenedAt: now, reopenReason: dto.reason };
      const version = await updateVersioned(em, EvaluationCycle, cycle.id, cycle.version, changes);
      await this.audit.record(em, actor, {
        action: 'evaluation.cycle.reopen',
        entityType: 'evaluation_cycle',
        entityId: cycle.id,
        organizationPath: cycle.organizationPath,
        changes: { status: { from: 'finalized', to: 'open' } },
        reason: dto.reason,
      });
      const ruleSet = await em.findOneByOrFail(EvaluationRuleSet, { id: cycle.ruleSetId });
      return toCycleView({ ...cycle, ...changes, version, updatedAt: now }, ruleSet);
    });
  }

  /**
   * Records the higher committee's approval for an outstanding grassroots organisation to exceed the
   * quota of excellent in this cycle (decision number, date, approving committee, the number allowed).
   * Finalize counts it instead of the quota. Only where the cycle's rule set allows it.
   */
  async recordQuotaException(actor: Actor, id: string, dto: QuotaExceptionDto): Promise<QuotaExceptionView> {
    if (!isIsoDate(dto.decidedOn))
      throw DomainError.invalidField('decidedOn', 'isDate', 'decidedOn must be a real calendar date');
    if (dto.decidedOn > vnToday())
      throw DomainError.invalidField('decidedOn', 'notInFuture', 'decidedOn is after today');
    return this.db.transaction(async (em) => {
      const cycle = await this.loadForManage(em, actor, id);
      this.assertOpen(cycle);
      const ruleSet = await em.findOneByOrFail(EvaluationRuleSet, { id: cycle.ruleSetId });
      if (!parseRuleSet(ruleSet).quota.exceptionByHigherCommittee) {
        throw evaluationError(
          'EVALUATION_QUOTA_EXCEPTION_NOT_ALLOWED',
          `Rule set ${ruleSet.code} v${ruleSet.version} of this cycle has no exception to the quota`,
        );
      }
      const org = await em.findOneBy(Organization, { id: dto.organizationId });
      if (!org || !org.isGrassroots || !org.path.startsWith(cycle.organizationPath)) {
        throw DomainError.invalidField(
          'organizationId',
          'grassrootsOfCycle',
          'organizationId must be a grassroots organisation evaluated in this cycle',
        );
      }
      if (!ancestorIds(org.path).includes(dto.approvedByOrganizationId)) {
        throw DomainError.invalidField(
          'approvedByOrganizationId',
          'higherCommittee',
          'approvedByOrganizationId must be a committee above the grassroots organisation',
        );
      }
      if (await em.findOneBy(QuotaException, { cycleId: cycle.id, grassrootsId: org.id })) {
        throw evaluationError(
          'EVALUATION_QUOTA_EXCEPTION_EXISTS',
          'This cycle already has an approval to exceed the quota for this organisation',
        );
      }
      const saved = await em.save(
        em.create(QuotaException, {
          cycleId: cycle.id,
          grassrootsId: org.id,
          approvedByOrganizationId: dto.approvedByOrganizationId,
          decisionNumber: dto.decisionNumber,
          decidedOn: dto.decidedOn,
          maxExcellent: dto.maxExcellent,
          recordedByUserId: actor.userId,
        }),
      );
      await this.audit.record(em, actor, {
        action: 'evaluation.cycle.quota_exception',
        entityType: 'evaluation_cycle',
        entityId: cycle.id,
        organizationPath: org.path,
        changes: {
          organizationId: org.id,
          approvedByOrganizationId: dto.approvedByOrganizationId,
          decisionNumber: dto.decisionNumber,
          decidedOn: dto.decidedOn,
          maxExcellent: dto.maxExcellent,
        },
      });
      return toQuotaExceptionView(await em.findOneByOrFail(QuotaException, { id: saved.id }));
    });
  }

  /** Visible when the caller's reach lies inside the cycle's subtree or contains it. */
  private async loadVisible(em: EntityManager, actor: Actor, id: string): Promise<EvaluationCycle> {
    const cycle = await em.findOneBy(EvaluationCycle, { id });
    if (!cycle) throw DomainError.notFound('Evaluation cycle');
    const scope = this.access.scopeOf(actor, 'evaluation.read');
    const reach = [...scope.paths, ...(scope.selfCellPath ? [scope.selfCellPath] : [])];
    const visible =
      scope.all ||
      reach.some((p) => p.startsWith(cycle.organizationPath) || cycle.organizationPath.startsWith(p));
    if (!visible) throw DomainError.notFound('Evaluation cycle');
    return cycle;
  }

  private async loadForManage(em: EntityManager, actor: Actor, id: string): Promise<EvaluationCycle> {
    const cycle = await this.loadVisible(em, actor, id);
    if (
      !this.access.coversPath(this.access.scopeOf(actor, 'evaluation.cycle.manage'), cycle.organizationPath)
    ) {
      throw commonError('FORBIDDEN', 'Only a leader of the cycle organisation (or above) manages this cycle');
    }
    return cycle;
  }

  private assertOpen(cycle: EvaluationCycle): void {
    if (cycle.status === 'finalized') {
      throw evaluationError(
        'EVALUATION_CYCLE_LOCKED',
        'The evaluation cycle is finalized and locked; reopen it first',
      );
    }
  }
}
