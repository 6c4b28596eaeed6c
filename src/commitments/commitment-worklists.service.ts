import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../auth/access.service.js';
import { Actor } from '../auth/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { vnToday } from '../common/dates.js';
import { Page, pageOf } from '../common/pagination.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { CommitmentDeadlinesService } from './commitment-deadlines.service.js';
import { Commitment } from './commitment.entity.js';
import { MissingQuery } from './commitments.dto.js';
import {
  CELL_SECRETARY_SQL,
  CommitmentSummary,
  CommitmentsRepository,
  summaries,
  toSummary,
} from './commitments.repository.js';
import { currentPeriods, deadlineOf, Period, periodErrors, periodKeyOf } from './commitments.rules.js';

const QUEUE_LIMIT = 200;

export interface QueueView {
  today: string;
  /** Secretary: submitted commitments waiting for review, oldest submission first. */
  toReview: CommitmentSummary[];
  /** Secretary: reported results waiting for assessment, oldest report first. */
  toAssess: CommitmentSummary[];
  /** Member: current periods without a commitment, with their deadline. */
  toRegister: Array<Period & { deadlineOn: string }>;
  /** Member: accepted commitments whose period has started and whose results are due. */
  toReport: CommitmentSummary[];
  /** Member: returned commitments to edit and submit again. */
  toResubmit: CommitmentSummary[];
  /** Member: drafts not yet submitted. */
  drafts: CommitmentSummary[];
  counts: { toReview: number; toAssess: number };
}

export interface MissingMember {
  memberId: string;
  fullName: string;
  cellId: string;
  cellName: string;
  status: Member['status'];
}

/** What waits for whom: the secretary's review queue, the member's dues, and who has not registered. */
@Injectable()
export class CommitmentWorklistsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly deadlines: CommitmentDeadlinesService,
    private readonly repo: CommitmentsRepository,
  ) {}

  async queue(actor: Actor): Promise<QueueView> {
    const today = vnToday();
    return this.db.read(async (em) => {
      const out: QueueView = {
        today,
        toReview: [],
        toAssess: [],
        toRegister: [],
        toReport: [],
        toResubmit: [],
        drafts: [],
        counts: { toReview: 0, toAssess: 0 },
      };
      const review = this.access.scopeOf(actor, 'commitment.review');
      if (review.all || review.paths.length > 0) {
        const [toReview, reviewCount] = await this.reviewList(em, actor, 'submitted', 'submittedAt');
        const [toAssess, assessCount] = await this.reviewList(em, actor, 'reported', 'reportedAt');
        Object.assign(out, { toReview, toAssess, counts: { toReview: reviewCount, toAssess: assessCount } });
      }
      if (actor.memberId) await this.memberDues(em, actor.memberId, today, out);
      return out;
    });
  }

  async missing(actor: Actor, q: MissingQuery): Promise<Page<MissingMember> & Period> {
    const period: Period = { year: q.year, periodType: q.periodType, periodIndex: q.periodIndex ?? null };
    const errors = periodErrors(period);
    if (errors.length) throw DomainError.validation(errors, errors.map((e) => e.message).join('; '));
    return this.db.read(async (em) => {
      const scope = this.access.scopeOf(actor, 'commitment.read');
      const self = scope.selfMemberId
        ? [{ sql: 'm.id = :selfId', params: { selfId: scope.selfMemberId } }]
        : [];
      const cond = this.access.pathCondition(scope, 'o.path', self);
      const qb = em
        .createQueryBuilder(Member, 'm')
        .innerJoin(Organization, 'o', 'o.id = m.cellId')
        .select([
          'm.id AS "memberId"',
          'm.fullName AS "fullName"',
          'm.cellId AS "cellId"',
          'o.name AS "cellName"',
          'm.status AS "status"',
        ])
        .where(cond.sql, cond.params)
        .andWhere('m.isExempt = :no AND m.isSuspended = :no', { no: false })
        .andWhere(
          `NOT EXISTS (SELECT 1 FROM "commitment" "x" WHERE "x"."memberId" = "m"."id" AND "x"."year" = :year AND "x"."periodType" = :periodType AND "x"."periodKey" = :periodKey)`,
          { year: period.year, periodType: period.periodType, periodKey: periodKeyOf(period) },
        );
      if (q.organizationId) {
        const org = await this.access.visibleOrganization(em, actor, 'commitment.read', q.organizationId);
        qb.andWhere('o.path LIKE :orgPath', { orgPath: `${org.path}%` });
      }
      const total = await qb.getCount();
      const items = await qb
        .orderBy('m.searchName')
        .addOrderBy('m.id')
        .offset((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .getRawMany<MissingMember>();
      return { ...period, ...pageOf(items, total, q) };
    });
  }

  private async reviewList(
    em: EntityManager,
    actor: Actor,
    status: 'submitted' | 'reported',
    since: 'submittedAt' | 'reportedAt',
  ): Promise<[CommitmentSummary[], number]> {
    const cellScope = this.access.scopeOf(actor, 'commitment.review', ['secretary', 'admin']);
    const leaderScope = this.access.scopeOf(actor, 'commitment.review', ['leader']);
    // Only the terms the actor has: an always-false OR branch keeps SQLite from using the indexes.
    const terms: string[] = [];
    const params: Record<string, string> = {};
    if (cellScope.all || cellScope.paths.length > 0) {
      const cell = this.repo.readCondition({ ...cellScope, selfMemberId: null, selfCellPath: null });
      terms.push(cell.sql);
      Object.assign(params, cell.params);
    }
    if (!cellScope.all && leaderScope.paths.length > 0) {
      const lead = this.repo.readCondition(
        { ...leaderScope, selfMemberId: null, selfCellPath: null },
        'lead',
      );
      terms.push(`(${lead.sql} AND ${CELL_SECRETARY_SQL})`);
      Object.assign(params, lead.params);
    }
    const qb = em
      .createQueryBuilder(Commitment, 'c')
      .innerJoin(Member, 'm', 'm.id = c.memberId')
      .where(terms.length ? `(${terms.join(' OR ')})` : '1=0', params)
      .andWhere('c.status = :status', { status });
    // Nobody reviews their own commitment, so it does not wait for them.
    if (actor.memberId) qb.andWhere('c.memberId <> :self', { self: actor.memberId });
    const total = await qb.getCount();
    const items = await summaries(qb.orderBy(`c.${since}`, 'ASC').addOrderBy('c.id').limit(QUEUE_LIMIT));
    return [items, total];
  }

  private async memberDues(
    em: EntityManager,
    memberId: string,
    today: string,
    out: QueueView,
  ): Promise<void> {
    const member = await em
      .createQueryBuilder(Member, 'm')
      .innerJoin(Organization, 'o', 'o.id = m.cellId')
      .select(['m.fullName AS "fullName"', 'o.path AS "cellPath"', 'm.isExempt AS "isExempt"'])
      .where('m.id = :memberId', { memberId })
      .getRawOne<{ fullName: string; cellPath: string; isExempt: boolean | number }>();
    if (!member) return;
    const periods = currentPeriods(today);
    const year = periods[0].year;
    const quarter = periods[1].periodIndex!;
    const month = periods[2].periodIndex!;
    const own = await em
      .createQueryBuilder(Commitment, 'c')
      .where('c.memberId = :memberId', { memberId })
      .andWhere(
        `(c.status IN ('draft', 'returned') OR (c.status = 'accepted' AND (c.year < :year OR (c.year = :year AND (c.periodType = 'yearly' OR (c.periodType = 'quarterly' AND c.periodKey <= :quarter) OR (c.periodType = 'monthly' AND c.periodKey <= :month))))) OR (c.year = :year AND ((c.periodType = 'yearly' AND c.periodKey = 0) OR (c.periodType = 'quarterly' AND c.periodKey = :quarter) OR (c.periodType = 'monthly' AND c.periodKey = :month))))`,
        { year, quarter, month },
      )
      .orderBy('c.year', 'ASC')
      .addOrderBy('c.periodType')
      .addOrderBy('c.periodKey')
      .limit(QUEUE_LIMIT)
      .getMany();
    const summary = (c: Commitment) => toSummary(c, member.fullName);
    out.drafts = own.filter((c) => c.status === 'draft').map(summary);
    out.toResubmit = own.filter((c) => c.status === 'returned').map(summary);
    out.toReport = own
      .filter((c) => c.status === 'accepted')
      .filter((c) => this.started(c, year, quarter, month))
      .map(summary);
    if (member.isExempt) return;
    for (const p of periods) {
      const has = own.some(
        (c) => c.year === p.year && c.periodType === p.periodType && c.periodKey === periodKeyOf(p),
      );
      if (!has)
        out.toRegister.push({
          ...p,
          deadlineOn: deadlineOf(p, await this.deadlines.ruleFor(em, member.cellPath, p.periodType)),
        });
    }
  }

  private started(c: Commitment, year: number, quarter: number, month: number): boolean {
    if (c.year !== year) return c.year < year;
    if (c.periodType === 'quarterly') return c.periodKey <= quarter;
    if (c.periodType === 'monthly') return c.periodKey <= month;
    return true;
  }
}
