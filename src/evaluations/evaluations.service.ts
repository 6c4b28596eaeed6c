import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { Permission } from '../common/permissions.js';
import { commonError, DomainError } from '../common/domain-error.js';
import { evaluationError } from './evaluations.errors.js';
import { Database } from '../common/database.service.js';
import { Page, pageOf } from '../common/pagination.js';
import { updateVersioned } from '../common/versioned-update.js';
import { EvaluationEvent } from './evaluation-event.entity.js';
import { EvaluationRuleSet } from './evaluation-rule-set.entity.js';
import { EvaluationRow, parseRuleSet, toEvaluationView } from './evaluation-views.js';
import { Evaluation } from './evaluation.entity.js';
import { evaluationById, evaluationsPage, meetingOfCellExists, RawExtras } from './evaluations.repository.js';
import type { EvaluationView } from './evaluations.responses.js';
import { DecisionDto, EvaluationQuery, ProposalDto, SelfAssessmentDto } from './evaluations.dto.js';
import { checkDecision } from './evaluations.rules.js';
import { Level, LEVEL_NAMES, RuleSetDefinition } from './rule-sets.js';

const extras = (r: RawExtras) => ({
  memberName: r.memberName,
  cycleStatus: r.cycleStatus,
  ruleSetId: r.ruleSetId,
});

/**
 * One member's evaluation through the three steps of QĐ 366-QĐ/TW / HD 38-HD/BTCTW: the member's
 * self-assessment, the cell's proposal, the committee's decision. Every write is refused once the
 * cycle is finalized.
 */
@Injectable()
export class EvaluationsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async listEvaluations(actor: Actor, q: EvaluationQuery): Promise<Page<EvaluationView>> {
    return this.db.read(async (em) => {
      const scope = this.access.scopeOf(actor, 'evaluation.read');
      const self = scope.selfMemberId
        ? [{ sql: 'e.memberId = :selfId', params: { selfId: scope.selfMemberId } }]
        : [];
      const cond = this.access.pathCondition(scope, 'e.cellPath', self);
      const orgPath = q.organizationId
        ? (await this.access.visibleOrganization(em, actor, 'organization.read', q.organizationId)).path
        : undefined;
      const { entities, raw, total } = await evaluationsPage(em, cond, { ...q, orgPath });
      const rules = await this.ruleSets(
        em,
        raw.map((r) => r.ruleSetId),
      );
      return pageOf(
        entities.map((e, i) => toEvaluationView({ ...e, ...extras(raw[i]) }, rules.get(raw[i].ruleSetId)!)),
        total,
        q,
      );
    });
  }

  async getEvaluation(actor: Actor, id: string): Promise<EvaluationView> {
    return this.db.read(async (em) => {
      const e = await this.loadVisible(em, actor, id);
      const history = await em.find(EvaluationEvent, {
        where: { evaluationId: id },
        order: { at: 'ASC', id: 'ASC' },
      });
      return toEvaluationView(e, (await this.ruleSets(em, [e.ruleSetId])).get(e.ruleSetId)!, history);
    });
  }

  /** Step 1: the member's own self-assessment (tự kiểm điểm, tự đánh giá), until the cell proposes. */
  async submitSelfAssessment(actor: Actor, id: string, dto: SelfAssessmentDto): Promise<EvaluationView> {
    return this.db.transaction(async (em) => {
      const e = await this.loadVisible(em, actor, id);
      if (actor.memberId !== e.memberId) {
        throw evaluationError('EVALUATION_NOT_OWNER', 'Only the member self-assesses');
      }
      this.assertWritable(e);
      if (e.status === 'proposed' || e.status === 'decided') {
        throw evaluationError(
          'EVALUATION_WRONG_STATE',
          'The cell has already proposed a level; the self-assessment is closed',
          {
            status: e.status,
          },
        );
      }
      const changes: Partial<Evaluation> = {
        selfLevel: dto.level,
        selfSummary: dto.summary,
        selfStrengths: dto.strengths ?? null,
        selfShortcomings: dto.shortcomings ?? null,
        selfAssessedAt: new Date(),
        selfAssessedByUserId: actor.userId,
        status: 'self_assessed',
      };
      return this.apply(em, actor, e, dto.version, changes, 'self_assess', dto.level, dto.summary);
    });
  }

  /** Step 2: the cell's proposal, by a secretary of the member's cell (never for their own record). */
  async proposeLevel(actor: Actor, id: string, dto: ProposalDto): Promise<EvaluationView> {
    return this.db.transaction(async (em) => {
      const e = await this.loadForRole(em, actor, id, 'evaluation.propose');
      this.assertWritable(e);
      if (e.status === 'decided') {
        throw evaluationError('EVALUATION_WRONG_STATE', 'The committee has already decided', {
          status: e.status,
        });
      }
      this.assertDecidable(e, dto.level, dto.comment, 'proposal');
      if (dto.meetingId) await this.assertMeetingOfCell(em, dto.meetingId, e.cellId);
      const changes: Partial<Evaluation> = {
        proposedLevel: dto.level,
        proposalComment: dto.comment,
        proposalMeetingId: dto.meetingId ?? null,
        proposedAt: new Date(),
        proposedByUserId: actor.userId,
        status: 'proposed',
      };
      return this.apply(em, actor, e, dto.version, changes, 'propose', dto.level, dto.comment);
    });
  }

  /**
   * Step 3: the committee's decision. Differing from the suggestion needs a comment; any level above
   * a disqualifier is refused. A later decision replaces an earlier one until the cycle is finalized.
   */
  async decideLevel(actor: Actor, id: string, dto: DecisionDto): Promise<EvaluationView> {
    return this.db.transaction(async (em) => {
      const e = await this.loadForRole(em, actor, id, 'evaluation.decide');
      this.assertWritable(e);
      this.assertDecidable(e, dto.level, dto.comment, 'decision');
      const changes: Partial<Evaluation> = {
        decidedLevel: dto.level,
        decisionComment: dto.comment ?? null,
        decidedAt: new Date(),
        decidedByUserId: actor.userId,
        status: 'decided',
      };
      return this.apply(em, actor, e, dto.version, changes, 'decide', dto.level, dto.comment ?? null);
    });
  }

  /** The pinned rule sets of the cycles in view, parsed once per request. */
  private async ruleSets(em: EntityManager, ids: string[]): Promise<Map<string, RuleSetDefinition>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await em.find(EvaluationRuleSet, { where: { id: In(unique) } });
    return new Map(rows.map((r) => [r.id, parseRuleSet(r)]));
  }

  /** Loads an evaluation the actor may read (own, or in a subtree they reach); 404 otherwise. */
  private async loadVisible(em: EntityManager, actor: Actor, id: string): Promise<EvaluationRow> {
    const found = await evaluationById(em, id);
    if (!found) throw DomainError.notFound('Evaluation');
    const { entity: e, raw } = found;
    const scope = this.access.scopeOf(actor, 'evaluation.read');
    const own = scope.selfMemberId !== null && scope.selfMemberId === e.memberId;
    if (!own && !this.access.coversPath(scope, e.cellPath)) throw DomainError.notFound('Evaluation');
    return { ...e, ...extras(raw) };
  }

  /** Readable, and the actor's reviewing role reaches the member's cell; never their own record. */
  private async loadForRole(
    em: EntityManager,
    actor: Actor,
    id: string,
    permission: Permission,
  ): Promise<EvaluationRow> {
    const e = await this.loadVisible(em, actor, id);
    if (!this.access.coversPath(this.access.scopeOf(actor, permission), e.cellPath)) {
      throw evaluationError(
        'EVALUATION_NOT_ALLOWED',
        `Your roles do not reach this member's cell for ${permission}`,
      );
    }
    if (actor.memberId !== null && actor.memberId === e.memberId) {
      throw commonError(
        'SELF_REVIEW',
        'Nobody proposes or decides their own evaluation: another secretary of the cell or a leader of the committee above does',
      );
    }
    return e;
  }

  private assertWritable(e: EvaluationRow): void {
    if (e.cycleStatus === 'finalized') {
      throw evaluationError(
        'EVALUATION_CYCLE_LOCKED',
        'The evaluation cycle is finalized and locked; reopen it first',
      );
    }
    if (e.status === 'not_classified') {
      throw evaluationError('EVALUATION_NOT_CLASSIFIED', 'This member is not classified in this cycle', {
        notClassifiedReason: e.notClassifiedReason,
      });
    }
  }

  private assertDecidable(e: EvaluationRow, level: Level, comment: string | null | undefined, what: string) {
    const problem = checkDecision(
      { level: e.suggestedLevel, disqualifiers: JSON.parse(e.disqualifiers) as string[] },
      level,
      comment,
    );
    if (!problem) return;
    switch (problem.rule) {
      case 'not_classified':
        throw evaluationError('EVALUATION_NOT_CLASSIFIED', problem.message);
      case 'above_disqualifier':
        throw evaluationError('EVALUATION_DISQUALIFIED', `The ${what} is refused: ${problem.message}`, {
          disqualifiers: JSON.parse(e.disqualifiers) as string[],
          allowedLevel: 'incomplete',
          allowedLevelName: LEVEL_NAMES.incomplete,
        });
      case 'comment_required':
        throw DomainError.invalidField('comment', 'requiredWhenDifferent', problem.message);
      default: {
        const never: never = problem;
        throw new Error(`unhandled ${JSON.stringify(never)}`);
      }
    }
  }

  private async assertMeetingOfCell(em: EntityManager, meetingId: string, cellId: string): Promise<void> {
    if (!(await meetingOfCellExists(em, meetingId, cellId))) {
      throw DomainError.invalidField(
        'meetingId',
        'meetingOfCell',
        "meetingId must be a meeting of the member's cell",
      );
    }
  }

  private async apply(
    em: EntityManager,
    actor: Actor,
    e: EvaluationRow,
    expectedVersion: number | undefined,
    changes: Partial<Evaluation>,
    action: string,
    level: string,
    comment: string | null,
  ): Promise<EvaluationView> {
    const version = await updateVersioned(em, Evaluation, e.id, expectedVersion ?? e.version, changes);
    await em.insert(EvaluationEvent, {
      evaluationId: e.id,
      action,
      level,
      comment,
      actorUserId: actor.userId,
      actorUsername: actor.username,
      // Set here, not by the database default (whole seconds on SQLite), so history sorts by time.
      at: new Date(),
    });
    await this.audit.record(em, actor, {
      action: `evaluation.${action}`,
      entityType: 'evaluation',
      entityId: e.id,
      organizationPath: e.cellPath,
      changes: { level, comment, memberId: e.memberId, cycleId: e.cycleId, suggestedLevel: e.suggestedLevel },
    });
    const history = await em.find(EvaluationEvent, {
      where: { evaluationId: e.id },
      order: { at: 'ASC', id: 'ASC' },
    });
    const rules = (await this.ruleSets(em, [e.ruleSetId])).get(e.ruleSetId)!;
    return toEvaluationView({ ...e, ...changes, version, updatedAt: new Date() }, rules, history);
  }
}
