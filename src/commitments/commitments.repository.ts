import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AccessService, Scope, SqlCondition } from '../auth/access.service.js';
import { Actor } from '../auth/actor.js';
import { Permission } from '../auth/permissions.js';
import { DomainError } from '../common/domain-error.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { RoleAssignment } from '../users/role-assignment.entity.js';
import { User } from '../users/user.entity.js';
import { CommitmentItem } from './commitment-item.entity.js';
import { CommitmentTransition } from './commitment-transition.entity.js';
import { Commitment } from './commitment.entity.js';
import {
  allowedActions,
  CommitmentAction,
  CommitmentStatus,
  isPublished,
  ItemCategory,
  Outcome,
  PeriodType,
  periodIndexOf,
  PUBLISHED_STATUSES,
  Rating,
} from './commitments.rules.js';

export interface CommitmentItemView {
  id: string;
  position: number;
  category: ItemCategory;
  content: string;
  target: string | null;
  dueDate: string | null;
  manifestationCodes: number[];
  parentItemId: string | null;
  sourceRef: string | null;
  outcome: Outcome | null;
  exceeded: boolean | null;
  note: string | null;
}

export interface TransitionView {
  action: string;
  from: CommitmentStatus | null;
  to: CommitmentStatus;
  actorUserId: string | null;
  actorMemberId: string | null;
  actorUsername: string | null;
  onBehalf: boolean;
  reason: string | null;
  at: Date;
}

export interface CommitmentSummary {
  id: string;
  memberId: string;
  memberName: string;
  cellId: string;
  year: number;
  periodType: PeriodType;
  periodIndex: number | null;
  status: CommitmentStatus;
  late: boolean;
  deadlineOn: string | null;
  firstSubmittedAt: Date | null;
  submittedAt: Date | null;
  acceptedAt: Date | null;
  reportedAt: Date | null;
  assessedAt: Date | null;
  rating: Rating | null;
  presentedAtMeetingId: string | null;
  enteredOnBehalf: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CommitmentView extends CommitmentSummary {
  reviewComment: string | null;
  assessmentComment: string | null;
  shortcomings: string[];
  presentedAt: Date | null;
  enteredByUserId: string | null;
  allowedActions: CommitmentAction[];
  items: CommitmentItemView[];
  history: TransitionView[];
}

export interface VisibleCommitment {
  commitment: Commitment;
  cellPath: string;
}

function parseJsonArray<T>(value: string | null): T[] {
  if (!value) return [];
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? (parsed as T[]) : [];
}

export function toItemView(i: CommitmentItem): CommitmentItemView {
  return {
    id: i.id,
    position: i.position,
    category: i.category,
    content: i.content,
    target: i.target,
    dueDate: i.dueDate,
    manifestationCodes: parseJsonArray<number>(i.manifestationCodes),
    parentItemId: i.parentItemId,
    sourceRef: i.sourceRef,
    outcome: i.outcome,
    exceeded: i.exceeded === null ? null : Boolean(i.exceeded),
    note: i.outcomeNote,
  };
}

export function toSummary(c: Commitment, memberName: string): CommitmentSummary {
  return {
    id: c.id,
    memberId: c.memberId,
    memberName,
    cellId: c.cellId,
    year: c.year,
    periodType: c.periodType,
    periodIndex: periodIndexOf(c.periodType, c.periodKey),
    status: c.status,
    late: Boolean(c.late),
    deadlineOn: c.deadlineOn,
    firstSubmittedAt: c.firstSubmittedAt,
    submittedAt: c.submittedAt,
    acceptedAt: c.acceptedAt,
    reportedAt: c.reportedAt,
    assessedAt: c.assessedAt,
    rating: c.rating,
    presentedAtMeetingId: c.presentedAtMeetingId,
    enteredOnBehalf: Boolean(c.enteredOnBehalf),
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** Columns a summary needs; lists select only these, as raw rows (entity hydration costs more than the query). */
const SUMMARY_COLUMNS = [
  'id',
  'memberId',
  'cellId',
  'year',
  'periodType',
  'periodKey',
  'status',
  'late',
  'deadlineOn',
  'firstSubmittedAt',
  'submittedAt',
  'acceptedAt',
  'reportedAt',
  'assessedAt',
  'rating',
  'presentedAtMeetingId',
  'enteredOnBehalf',
  'version',
  'createdAt',
  'updatedAt',
] as const;

type SummaryRow = Record<(typeof SUMMARY_COLUMNS)[number] | 'memberName', unknown>;

/** A raw timestamp as a Date: SQLite answers "YYYY-MM-DD HH:MM:SS[.sss]" in UTC, PostgreSQL a Date. */
function rawDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v !== 'string') return null;
  return new Date(v.includes('T') ? v : `${v.replace(' ', 'T')}Z`);
}

/** A raw calendar date as YYYY-MM-DD (node-postgres may parse a date column into a local Date). */
function rawDay(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`;
  }
  return typeof v === 'string' ? v.slice(0, 10) : null;
}

/** Selects the summary columns of alias `c` and the member's name from alias `m`. */
export function selectSummary<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return qb.select([...SUMMARY_COLUMNS.map((col) => `c.${col} AS "${col}"`), 'm.fullName AS "memberName"']);
}

export function summaryFromRow(r: SummaryRow): CommitmentSummary {
  const periodType = r.periodType as PeriodType;
  return {
    id: r.id as string,
    memberId: r.memberId as string,
    memberName: (r.memberName as string | null) ?? '',
    cellId: r.cellId as string,
    year: Number(r.year),
    periodType,
    periodIndex: periodIndexOf(periodType, Number(r.periodKey)),
    status: r.status as CommitmentStatus,
    late: Boolean(r.late),
    deadlineOn: rawDay(r.deadlineOn),
    firstSubmittedAt: rawDate(r.firstSubmittedAt),
    submittedAt: rawDate(r.submittedAt),
    acceptedAt: rawDate(r.acceptedAt),
    reportedAt: rawDate(r.reportedAt),
    assessedAt: rawDate(r.assessedAt),
    rating: (r.rating as Rating | null) ?? null,
    presentedAtMeetingId: (r.presentedAtMeetingId as string | null) ?? null,
    enteredOnBehalf: Boolean(r.enteredOnBehalf),
    version: Number(r.version),
    createdAt: rawDate(r.createdAt)!,
    updatedAt: rawDate(r.updatedAt)!,
  };
}

export async function summaries<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
): Promise<CommitmentSummary[]> {
  return (await selectSummary(qb).getRawMany<SummaryRow>()).map(summaryFromRow);
}

/** SQL (commitment alias c): the commitment's owner is a secretary of the cell where it was made. */
export const CELL_SECRETARY_SQL = `EXISTS (SELECT 1 FROM "role_assignment" "sra" INNER JOIN "user_account" "sua" ON "sua"."id" = "sra"."userId"
  WHERE "sua"."memberId" = c."memberId" AND "sra"."role" = 'secretary' AND "sra"."organizationId" = c."cellId")`;

/**
 * Scope-aware loading of commitments. A commitment belongs to the cell where it was made (its
 * `cellId`), so scope joins the organisation on that cell, not on the member's current one.
 */

@Injectable()
export class CommitmentsRepository {
  constructor(private readonly access: AccessService) {}

  /**
   * SQL condition for "the actor may read this commitment": leader/secretary subtrees by the cell's
   * path, the member's own commitments, and the published ones of the member's current cell. Every
   * term is on the commitment's own indexed columns (cellId, memberId), so SQLite can answer the OR
   * from indexes instead of scanning. `c` is the commitment alias.
   */
  readCondition(scope: Scope, prefix = 'scope'): SqlCondition {
    if (scope.all) return { sql: '1=1', params: {} };
    const parts: string[] = [];
    const params: Record<string, string> = {};
    if (scope.paths.length > 0) {
      const subtree = this.access.pathCondition(
        { ...scope, selfMemberId: null, selfCellPath: null },
        '"so"."path"',
        [],
        prefix,
      );
      parts.push(`c.cellId IN (SELECT "so"."id" FROM "organization" "so" WHERE ${subtree.sql})`);
      Object.assign(params, subtree.params);
    }
    if (scope.selfMemberId) {
      parts.push('c.memberId = :selfMemberId');
      params.selfMemberId = scope.selfMemberId;
    }
    if (scope.selfCellPath) {
      const statuses = PUBLISHED_STATUSES.map((s) => `'${s}'`).join(', ');
      parts.push(
        `(c.cellId IN (SELECT "sc"."id" FROM "organization" "sc" WHERE "sc"."path" = :selfCellPath) AND c.status IN (${statuses}))`,
      );
      params.selfCellPath = scope.selfCellPath;
    }
    return parts.length ? { sql: `(${parts.join(' OR ')})`, params } : { sql: '1=0', params: {} };
  }

  /** Whether the member holds a secretary role in that cell (their commitments go to the leaders above). */
  async isCellSecretary(em: EntityManager, memberId: string, cellId: string): Promise<boolean> {
    return em
      .createQueryBuilder(RoleAssignment, 'ra')
      .innerJoin(User, 'ua', 'ua.id = ra.userId')
      .where('ua.memberId = :memberId AND ra.role = :role AND ra.organizationId = :cellId', {
        memberId,
        role: 'secretary',
        cellId,
      })
      .getExists();
  }

  /** Whether a loaded commitment is visible with `permission`; mirrors readCondition. */
  canSee(scope: Scope, c: Commitment, cellPath: string): boolean {
    if (this.access.coversPath(scope, cellPath)) return true;
    if (scope.selfMemberId !== null && scope.selfMemberId === c.memberId) return true;
    return scope.selfCellPath !== null && scope.selfCellPath === cellPath && isPublished(c.status);
  }

  /** Loads a commitment the actor may see with `permission`; 404 otherwise, as if it did not exist. */
  async loadVisible(
    em: EntityManager,
    actor: Actor,
    permission: Permission,
    id: string,
  ): Promise<VisibleCommitment> {
    const row = await em
      .createQueryBuilder(Commitment, 'c')
      .innerJoin(Organization, 'o', 'o.id = c.cellId')
      .addSelect('o.path', 'cellPath')
      .where('c.id = :id', { id })
      .getRawAndEntities<{ cellPath: string }>();
    const commitment = row.entities[0];
    const cellPath = row.raw[0]?.cellPath;
    if (
      !commitment ||
      !cellPath ||
      !this.canSee(this.access.scopeOf(actor, permission), commitment, cellPath)
    ) {
      throw DomainError.notFound('Commitment');
    }
    return { commitment, cellPath };
  }

  async liveItems(em: EntityManager, commitmentId: string): Promise<CommitmentItem[]> {
    return em.find(CommitmentItem, {
      where: { commitmentId, removedAt: IsNull() },
      order: { position: 'ASC' },
    });
  }

  async view(em: EntityManager, c: Commitment): Promise<CommitmentView> {
    // One after the other: inside a transaction the EntityManager holds one connection.
    const member = await em.findOne(Member, {
      where: { id: c.memberId },
      select: { id: true, fullName: true },
    });
    const items = await this.liveItems(em, c.id);
    const history = await em.find(CommitmentTransition, {
      where: { commitmentId: c.id },
      order: { seq: 'ASC' },
    });
    return {
      ...toSummary(c, member?.fullName ?? ''),
      reviewComment: c.reviewComment,
      assessmentComment: c.assessmentComment,
      shortcomings: parseJsonArray<string>(c.shortcomings),
      presentedAt: c.presentedAt,
      enteredByUserId: c.enteredByUserId,
      allowedActions: allowedActions(c.status),
      items: items.map(toItemView),
      history: history.map((h) => ({
        action: h.action,
        from: h.fromStatus,
        to: h.toStatus,
        actorUserId: h.actorUserId,
        actorMemberId: h.actorMemberId,
        actorUsername: h.actorUsername,
        onBehalf: Boolean(h.onBehalf),
        reason: h.reason,
        at: h.at,
      })),
    };
  }

  /** Summaries of the given commitments, in the given order (one query). */
  async summariesByIds(em: EntityManager, ids: string[]): Promise<CommitmentSummary[]> {
    const rows = await summaries(
      em
        .createQueryBuilder(Commitment, 'c')
        .innerJoin(Member, 'm', 'm.id = c.memberId')
        .where('c.id IN (:...ids)', { ids }),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is CommitmentSummary => r !== undefined);
  }

  /** Reloads a commitment by id (inside the caller's transaction) and builds its view. */
  async viewById(em: EntityManager, id: string): Promise<CommitmentView> {
    return this.view(em, await em.findOneByOrFail(Commitment, { id }));
  }
}
