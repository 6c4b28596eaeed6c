import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService, SqlCondition } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { vnToday } from '../common/dates.js';
import { pageOf } from '../common/pagination.js';
import { CommitmentDeadlinesService } from './commitment-deadlines.service.js';
import { MissingQuery, QueueQuery } from './commitments.dto.js';
import {
  memberDuesRows,
  membersWithoutCommitment,
  QueueCursor,
  reviewCondition,
  reviewListRows,
  reviewTotals,
} from './commitment-worklists.repository.js';
import { CommitmentsRepository, QueueItemRow, queueItemFromRow } from './commitments.repository.js';
import { currentPeriods, deadlineOf, Period, periodErrors, periodKeyOf } from './commitments.rules.js';
import type { MissingPage, QueueItem, QueueView } from './commitments.responses.js';

/** The member's own dues are a handful of rows; the cap only bounds a pathological account. */
const DUES_LIMIT = 200;

type ReviewList = 'toReview' | 'toAssess';

/** Every table the queue reads, deadlines and secretary roles included (ReadCache). */
const QUEUE_TABLES = [
  'commitment',
  'member',
  'organization',
  'role_assignment',
  'user_account',
  'commitment_deadline',
  'commitment_transition',
] as const;

/** Which commitments wait in each of the secretary's lists, and the time that orders them. */
const REVIEW_LISTS: Record<
  ReviewList,
  { status: 'submitted' | 'reported'; since: 'submittedAt' | 'reportedAt' }
> = {
  toReview: { status: 'submitted', since: 'submittedAt' },
  toAssess: { status: 'reported', since: 'reportedAt' },
};

function decodeCursor(field: string, value: string | undefined): QueueCursor | null {
  if (value === undefined) return null;
  const sep = value.indexOf('_');
  const at = new Date(value.slice(0, sep));
  // The DTO checked the shape; a date like month 13 passes the pattern but is no time.
  if (Number.isNaN(at.getTime()) || at.toISOString() !== value.slice(0, sep)) {
    throw DomainError.invalidField(field, 'cursor', `${field} must be a previous answer's next value`);
  }
  return { at, id: value.slice(sep + 1) };
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

  /**
   * The work lists, bounded: each secretary list holds at most `limit` items from its cursor on, with
   * the full totals in `counts`. Raw SQL (queryNamed), one grouped count for both lists, and a list
   * query only for a list that is not empty: on the 10,000-member data set the QueryBuilder version
   * cost ~2.2 ms of CPU a request, most of it building queries and 200-row answers.
   */
  async queue(actor: Actor, q: QueueQuery): Promise<QueueView> {
    const after: Record<ReviewList, QueueCursor | null> = {
      toReview: decodeCursor('toReviewAfter', q.toReviewAfter),
      toAssess: decodeCursor('toAssessAfter', q.toAssessAfter),
    };
    const today = vnToday();
    // Who the actor is and reaches (roles with their paths), the page asked for and the day decide the
    // answer besides the rows of QUEUE_TABLES.
    const key = `commitments:queue:${actor.userId}:${actor.memberId}:${JSON.stringify(actor.roles)}:${today}:${q.limit}:${q.toReviewAfter}:${q.toAssessAfter}`;
    return this.repo.cachedRead(key, QUEUE_TABLES, async (em) => {
      const out: QueueView = {
        today,
        limit: q.limit,
        toReview: [],
        toAssess: [],
        toRegister: [],
        toReport: [],
        toResubmit: [],
        drafts: [],
        counts: { toReview: 0, toAssess: 0 },
        next: { toReview: null, toAssess: null },
      };
      const review = this.access.scopeOf(actor, 'commitment.review');
      if (review.all || review.paths.length > 0) {
        const scope = this.reviewCondition(actor);
        const counts = await reviewTotals(em, scope);
        for (const list of ['toReview', 'toAssess'] as const) {
          const total = Number(counts.find((r) => r.status === REVIEW_LISTS[list].status)?.n ?? 0);
          out.counts[list] = total;
          if (total === 0) continue;
          const page = await this.reviewPage(em, scope, list, after[list], q.limit);
          out[list] = page.items;
          out.next[list] = page.next;
        }
      }
      if (actor.memberId) await this.memberDues(em, actor.memberId, today, out);
      return out;
    });
  }

  async missing(actor: Actor, q: MissingQuery): Promise<MissingPage> {
    const period: Period = { year: q.year, periodType: q.periodType, periodIndex: q.periodIndex ?? null };
    const errors = periodErrors(period);
    if (errors.length) throw DomainError.validation(errors, errors.map((e) => e.message).join('; '));
    return this.db.read(async (em) => {
      const scope = this.access.scopeOf(actor, 'commitment.read');
      const self = scope.selfMemberId
        ? [{ sql: 'm.id = :selfId', params: { selfId: scope.selfMemberId } }]
        : [];
      const cond = this.access.pathCondition(scope, 'o.path', self);
      const org = q.organizationId
        ? await this.access.visibleOrganization(em, actor, 'commitment.read', q.organizationId)
        : null;
      const { items, total } = await membersWithoutCommitment(
        em,
        cond,
        { year: period.year, periodType: period.periodType, periodKey: periodKeyOf(period) },
        org?.path ?? null,
        q,
      );
      return { ...period, ...pageOf(items, total, q) };
    });
  }

  /**
   * Where the actor reviews: a secretary's cells (or everything for an admin), and through a leader
   * role the commitments that a cell's own secretary made there or that were entered on a member's
   * behalf. Nobody reviews their own commitment, nor one they entered or carried for the member, so
   * those do not wait for them.
   */
  private reviewCondition(actor: Actor): SqlCondition {
    const cellScope = this.access.scopeOf(actor, 'commitment.review.cell');
    const leaderScope = this.access.scopeOf(actor, 'commitment.review.committee');
    const cell =
      cellScope.all || cellScope.paths.length > 0
        ? this.repo.readCondition({ ...cellScope, selfMemberId: null, selfCellPath: null })
        : null;
    const lead =
      !cellScope.all && leaderScope.paths.length > 0
        ? this.repo.readCondition({ ...leaderScope, selfMemberId: null, selfCellPath: null }, 'lead')
        : null;
    return reviewCondition(cell, lead, actor.memberId, actor.userId);
  }

  /** One page of a review list in (time, id) order, after the cursor; `next` when more follow. */
  private async reviewPage(
    em: EntityManager,
    scope: SqlCondition,
    list: ReviewList,
    after: QueueCursor | null,
    limit: number,
  ): Promise<{ items: QueueItem[]; next: string | null }> {
    const { status, since } = REVIEW_LISTS[list];
    const rows = await reviewListRows(em, scope, status, since, after, limit + 1);
    const items = rows.slice(0, limit).map(queueItemFromRow);
    const last = items.at(-1);
    const at = last?.[since];
    return { items, next: rows.length > limit && last && at ? `${at}_${last.id}` : null };
  }

  /**
   * The member's own dues in one query: the member (name, exemption, cell) with, left-joined, the
   * commitments that are drafts, returned, accepted and started, or of a current period.
   */
  private async memberDues(
    em: EntityManager,
    memberId: string,
    today: string,
    out: QueueView,
  ): Promise<void> {
    const periods = currentPeriods(today);
    const year = periods[0].year;
    const quarter = periods[1].periodIndex!;
    const month = periods[2].periodIndex!;
    const rows = await memberDuesRows(em, memberId, { year, quarter, month }, DUES_LIMIT);
    const member = rows[0];
    if (!member) return;
    const own = rows.filter((r) => r.id !== null).map((r) => queueItemFromRow(r as QueueItemRow));
    out.drafts = own.filter((c) => c.status === 'draft');
    out.toResubmit = own.filter((c) => c.status === 'returned');
    out.toReport = own
      .filter((c) => c.status === 'accepted')
      .filter((c) => this.started(c, year, quarter, month));
    if (member.isExempt) return;
    for (const p of periods) {
      const has = own.some(
        (c) => c.year === p.year && c.periodType === p.periodType && c.periodIndex === p.periodIndex,
      );
      if (!has)
        out.toRegister.push({
          ...p,
          deadlineOn: deadlineOf(p, await this.deadlines.ruleFor(em, member.cellPath, p.periodType)),
        });
    }
  }

  private started(c: QueueItem, year: number, quarter: number, month: number): boolean {
    if (c.year !== year) return c.year < year;
    if (c.periodType === 'quarterly') return c.periodIndex! <= quarter;
    if (c.periodType === 'monthly') return c.periodIndex! <= month;
    return true;
  }
}
