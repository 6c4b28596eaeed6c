import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AccessService, Scope, SqlCondition } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { Permission } from '../common/permissions.js';
import { Database } from '../common/database.service.js';
import { DomainError } from '../common/domain-error.js';
import { hydrate, param, queryNamed, selectColumns } from '../common/raw-rows.js';
import { ReadCache } from '../common/read-cache.js';
import { Member } from '../members/member.entity.js';
import { RoleAssignment } from '../auth/role-assignment.entity.js';
import { User } from '../auth/user.entity.js';
import { CommitmentItem } from './commitment-item.entity.js';
import { CommitmentTransition } from './commitment-transition.entity.js';
import { Commitment } from './commitment.entity.js';
import {
  allowedActions,
  CommitmentStatus,
  isPublished,
  OWNER_STEPS,
  StepRecord,
  PeriodType,
  periodIndexOf,
  PUBLISHED_STATUSES,
  Rating,
} from './commitments.rules.js';
import type {
  CommitmentItemView,
  CommitmentSummary,
  CommitmentView,
  QueueItem,
} from './commitments.responses.js';

/** The list's equality filters, by commitment column; an undefined value does not filter. */
export interface CommitmentFilters {
  memberId: string | undefined;
  year: number | undefined;
  periodType: PeriodType | undefined;
  periodKey: number | undefined;
  status: CommitmentStatus | undefined;
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
    completedOn: i.completedOn ?? null,
  };
}

/**
 * Times in views are ISO 8601 strings, made once when the view is built: cached views are
 * serialized many times, and Date's toJSON was the largest part of serializing a list.
 */
function iso(d: Date | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  const date = d instanceof Date ? d : new Date(d);
  // What JSON.stringify made of the Date before: null for an invalid one.
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
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
    firstSubmittedAt: iso(c.firstSubmittedAt),
    submittedAt: iso(c.submittedAt),
    acceptedAt: iso(c.acceptedAt),
    reportedAt: iso(c.reportedAt),
    assessedAt: iso(c.assessedAt),
    rating: c.rating,
    presentedAtMeetingId: c.presentedAtMeetingId,
    enteredOnBehalf: Boolean(c.enteredOnBehalf),
    version: c.version,
    createdAt: iso(c.createdAt)!,
    updatedAt: iso(c.updatedAt)!,
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

export type SummaryRow = Record<(typeof SUMMARY_COLUMNS)[number] | 'memberName', unknown>;

/** The summary columns of alias `c` and the member's name from alias `m`, for raw SQL. */
export const SUMMARY_SELECT = [
  ...SUMMARY_COLUMNS.map((col) => `"c"."${col}" AS "${col}"`),
  '"m"."fullName" AS "memberName"',
].join(', ');

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

/** The fields a summary and a queue item share, from a raw row (in the answers' key order). */
function identityFromRow(
  r: Record<string, unknown>,
): Omit<QueueItem, 'submittedAt' | 'reportedAt' | 'version'> {
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
  };
}

export function summaryFromRow(r: SummaryRow): CommitmentSummary {
  return {
    ...identityFromRow(r),
    firstSubmittedAt: iso(rawDate(r.firstSubmittedAt)),
    submittedAt: iso(rawDate(r.submittedAt)),
    acceptedAt: iso(rawDate(r.acceptedAt)),
    reportedAt: iso(rawDate(r.reportedAt)),
    assessedAt: iso(rawDate(r.assessedAt)),
    rating: (r.rating as Rating | null) ?? null,
    presentedAtMeetingId: (r.presentedAtMeetingId as string | null) ?? null,
    enteredOnBehalf: Boolean(r.enteredOnBehalf),
    version: Number(r.version),
    createdAt: iso(rawDate(r.createdAt))!,
    updatedAt: iso(rawDate(r.updatedAt))!,
  };
}

const QUEUE_ITEM_COLUMNS = [
  'id',
  'memberId',
  'cellId',
  'year',
  'periodType',
  'periodKey',
  'status',
  'late',
  'deadlineOn',
  'submittedAt',
  'reportedAt',
  'version',
] as const;

export type QueueItemRow = Record<(typeof QUEUE_ITEM_COLUMNS)[number] | 'memberName', unknown>;

/** The queue item columns of alias `c` (the member's name is added by the query). */
export const QUEUE_ITEM_SELECT = QUEUE_ITEM_COLUMNS.map((col) => `"c"."${col}" AS "${col}"`).join(', ');

export function queueItemFromRow(r: QueueItemRow): QueueItem {
  return {
    ...identityFromRow(r),
    submittedAt: iso(rawDate(r.submittedAt)),
    reportedAt: iso(rawDate(r.reportedAt)),
    version: Number(r.version),
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
 * An owner step of commitment "c" done on the member's behalf (commitments.rules.ts, hasStepOnBehalf);
 * with `byParam`, by that account only (enteredByReviewer).
 */
export function onBehalfStepSql(byParam?: string): string {
  const actions = OWNER_STEPS.map((a) => `'${a}'`).join(', ');
  return (
    `EXISTS (SELECT 1 FROM "commitment_transition" "obt" WHERE "obt"."commitmentId" = c."id" ` +
    `AND "obt"."onBehalf" AND "obt"."action" IN (${actions})` +
    `${byParam ? ` AND "obt"."actorUserId" = :${byParam}` : ''})`
  );
}

/**
 * Scope-aware loading of commitments. A commitment belongs to the cell where it was made (its
 * `cellId`), so scope joins the organisation on that cell, not on the member's current one.
 */

@Injectable()
export class CommitmentsRepository {
  constructor(
    private readonly access: AccessService,
    private readonly db: Database,
    private readonly cache: ReadCache,
  ) {}

  /**
   * `Database.read(work)`, answered from the ReadCache while none of `tables` (every table `work`
   * reads) has been written since. `key` must hold everything else the answer depends on.
   */
  cachedRead<T>(key: string, tables: readonly string[], work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.cache.get(key, tables, () => this.db.read(work));
  }

  /**
   * SQL condition for "the actor may read this commitment": leader/secretary subtrees by the cell's
   * path, the member's own commitments, and the published ones of the member's current cell. Every
   * term is on the commitment's own indexed columns (cellId, memberId), so SQLite can answer the OR
   * from indexes instead of scanning. `c` is the commitment alias; identifiers are quoted, so the
   * condition serves raw SQL (queryNamed) as well as the QueryBuilder.
   */
  readCondition(scope: Scope, prefix = 'scope'): SqlCondition {
    if (scope.all) return { sql: '1=1', params: {} };
    const parts: string[] = [];
    const params: Record<string, string> = {};
    if (scope.paths.length > 0) {
      const subtree = this.subtreeCondition(scope.paths, '"so"."path"', prefix);
      parts.push(`"c"."cellId" IN (SELECT "so"."id" FROM "organization" "so" WHERE ${subtree.sql})`);
      Object.assign(params, subtree.params);
    }
    if (scope.selfMemberId) {
      parts.push(`"c"."memberId" = :${prefix}SelfMemberId`);
      params[`${prefix}SelfMemberId`] = scope.selfMemberId;
    }
    if (scope.selfCellPath) {
      const statuses = PUBLISHED_STATUSES.map((s) => `'${s}'`).join(', ');
      parts.push(
        `("c"."cellId" IN (SELECT "sc"."id" FROM "organization" "sc" WHERE "sc"."path" = :${prefix}SelfCellPath) AND "c"."status" IN (${statuses}))`,
      );
      params[`${prefix}SelfCellPath`] = scope.selfCellPath;
    }
    return parts.length ? { sql: `(${parts.join(' OR ')})`, params } : { sql: '1=0', params: {} };
  }

  /**
   * "The path lies below one of these prefixes". SQLite does not use an index for LIKE on a
   * case-sensitive column, so there the prefix is a range (`path >= '/a/' AND path < '/a0'`, the
   * same rows: paths are ids and slashes) that the path index answers: 0.04 ms instead of 0.18 ms
   * scanning the organisations of a 10,000-member province, on every queue and list request.
   * PostgreSQL keeps LIKE: its text order under a linguistic collation is not byte order.
   */
  subtreeCondition(paths: string[], column: string, prefix: string): SqlCondition {
    const parts: string[] = [];
    const params: Record<string, string> = {};
    paths.forEach((p, i) => {
      if (this.db.isSqlite) {
        parts.push(`(${column} >= :${prefix}${i} AND ${column} < :${prefix}${i}End)`);
        params[`${prefix}${i}`] = p;
        params[`${prefix}${i}End`] = p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);
      } else {
        parts.push(`${column} LIKE :${prefix}${i}`);
        params[`${prefix}${i}`] = `${p}%`;
      }
    });
    return { sql: `(${parts.join(' OR ')})`, params };
  }

  /** Whether the member holds a secretary role in that cell (their commitments go to the leaders above). */
  /** Who did each step of a commitment (for the separation-of-duties rule, commitments.rules.ts). */
  async stepHistory(em: EntityManager, commitmentId: string): Promise<StepRecord[]> {
    const rows = await em.find(CommitmentTransition, {
      where: { commitmentId },
      select: { action: true, actorUserId: true, onBehalf: true },
    });
    return rows.map((r) => ({
      action: r.action,
      actorUserId: r.actorUserId,
      onBehalf: Boolean(r.onBehalf),
    }));
  }

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
  ): Promise<VisibleCommitment & { memberName: string }> {
    const found = await this.loadById(em, id);
    if (!found || !this.canSee(this.access.scopeOf(actor, permission), found.commitment, found.cellPath)) {
      throw DomainError.notFound('Commitment');
    }
    return found;
  }

  /** A commitment with its cell's path and its member's name, whoever asks; null when missing. */
  async loadById(
    em: EntityManager,
    id: string,
  ): Promise<(VisibleCommitment & { memberName: string }) | null> {
    // On most commitment requests: a prepared statement, not the QueryBuilder (common/raw-rows.ts).
    const rows: Array<Record<string, unknown> & { cellPath: string; memberName: string | null }> =
      await em.query(
        `SELECT ${selectColumns(em, Commitment, 'c')}, "o"."path" AS "cellPath", "m"."fullName" AS "memberName" ` +
          `FROM "commitment" "c" INNER JOIN "organization" "o" ON "o"."id" = "c"."cellId" ` +
          `LEFT JOIN "member" "m" ON "m"."id" = "c"."memberId" WHERE "c"."id" = ${param(em, 1)}`,
        [id],
      );
    const row = rows[0];
    if (!row) return null;
    return {
      commitment: hydrate(em, Commitment, row, 'c'),
      cellPath: row.cellPath,
      memberName: row.memberName ?? '',
    };
  }

  async liveItems(em: EntityManager, commitmentId: string): Promise<CommitmentItem[]> {
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT ${selectColumns(em, CommitmentItem, 'i')} FROM "commitment_item" "i" ` +
        `WHERE "i"."commitmentId" = ${param(em, 1)} AND "i"."removedAt" IS NULL ORDER BY "i"."position" ASC`,
      [commitmentId],
    );
    return rows.map((r) => hydrate(em, CommitmentItem, r, 'i'));
  }

  /** `memberName` when the caller has it already (loadVisible), saving a query. */
  async view(em: EntityManager, c: Commitment, memberName?: string): Promise<CommitmentView> {
    // One after the other: inside a transaction the EntityManager holds one connection.
    if (memberName === undefined) {
      const named: Array<{ fullName: string }> = await em.query(
        `SELECT "m"."fullName" AS "fullName" FROM "member" "m" WHERE "m"."id" = ${param(em, 1)}`,
        [c.memberId],
      );
      memberName = named[0]?.fullName ?? '';
    }
    const items = await this.liveItems(em, c.id);
    const history: Array<Record<string, unknown>> = await em.query(
      `SELECT ${selectColumns(em, CommitmentTransition, 't')} FROM "commitment_transition" "t" ` +
        `WHERE "t"."commitmentId" = ${param(em, 1)} ORDER BY "t"."seq" ASC`,
      [c.id],
    );
    return {
      ...toSummary(c, memberName),
      reviewComment: c.reviewComment,
      assessmentComment: c.assessmentComment,
      shortcomings: parseJsonArray<string>(c.shortcomings),
      presentedAt: iso(c.presentedAt),
      enteredByUserId: c.enteredByUserId,
      allowedActions: allowedActions(c.status),
      items: items.map(toItemView),
      history: history
        .map((r) => hydrate(em, CommitmentTransition, r, 't'))
        .map((h) => ({
          action: h.action,
          from: h.fromStatus,
          to: h.toStatus,
          actorUserId: h.actorUserId,
          actorMemberId: h.actorMemberId,
          actorUsername: h.actorUsername,
          onBehalf: Boolean(h.onBehalf),
          reason: h.reason,
          at: iso(h.at)!,
        })),
    };
  }

  /**
   * One page of the list: the summaries of the commitments `scope` reads, below `subtreePath` when
   * given, matching `filters` (column = value), newest period first, with the total. Raw SQL with the
   * QueryBuilder's named parameters: building the query cost more than running it.
   */
  async summaryPage(
    em: EntityManager,
    scope: Scope,
    subtreePath: string | null,
    filters: CommitmentFilters,
    page: { page: number; pageSize: number },
  ): Promise<{ items: CommitmentSummary[]; total: number }> {
    const cond = this.readCondition(scope);
    const where = [cond.sql];
    const params: Record<string, unknown> = { ...cond.params };
    if (subtreePath !== null) {
      const subtree = this.subtreeCondition([subtreePath], '"fo"."path"', 'org');
      where.push(`"c"."cellId" IN (SELECT "fo"."id" FROM "organization" "fo" WHERE ${subtree.sql})`);
      Object.assign(params, subtree.params);
    }
    for (const [column, value] of Object.entries(filters)) {
      if (value === undefined) continue;
      where.push(`"c"."${column}" = :${column}`);
      params[column] = value;
    }
    const sql = where.join(' AND ');
    // Every commitment has its member (foreign key), so the count needs no join.
    const [{ total }] = await queryNamed<{ total: number | string }>(
      em,
      `SELECT COUNT(*) AS "total" FROM "commitment" "c" WHERE ${sql}`,
      params,
    );
    const items =
      Number(total) === 0
        ? []
        : (
            await queryNamed<SummaryRow>(
              em,
              `SELECT ${SUMMARY_SELECT} FROM "commitment" "c" INNER JOIN "member" "m" ON "m"."id" = "c"."memberId" ` +
                `WHERE ${sql} ORDER BY "c"."year" DESC, "c"."periodType" DESC, "c"."periodKey" DESC, "m"."searchName" ASC, "c"."id" ASC ` +
                `LIMIT :limit OFFSET :offset`,
              { ...params, limit: page.pageSize, offset: (page.page - 1) * page.pageSize },
            )
          ).map(summaryFromRow);
    return { items, total: Number(total) };
  }

  /** Records that the commitment was presented at the meeting (a new version). */
  async setPresented(em: EntityManager, id: string, meetingId: string, at: Date): Promise<void> {
    await em
      .createQueryBuilder()
      .update(Commitment)
      .set({ presentedAtMeetingId: meetingId, presentedAt: at, version: () => '"version" + 1' })
      .where('id = :id', { id })
      .execute();
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
