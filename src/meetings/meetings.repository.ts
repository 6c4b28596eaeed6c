import { EntityManager, In } from 'typeorm';
import { Commitment } from '../commitments/commitment.entity.js';
import { PageQuery } from '../common/pagination.js';
import { nextDay } from '../common/rates.js';
import { param } from '../common/raw-rows.js';
import { SqlCondition } from '../common/scope.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { Meeting, MeetingAttendance, MeetingIssue } from './meeting.entity.js';
import { AttendanceRow } from './meetings.rules.js';
import { onRollFromCellsSql, rollParams } from './membership.repository.js';

/** Narrows a listing: cells under `orgPath`, one kind, held between two days (each optional). */
export interface MeetingFilter {
  orgPath?: string;
  kind?: string;
  from?: string;
  to?: string;
}

/**
 * One page of the meetings of cells matching `cond` (a condition on the cell "c"), newest first, each
 * with its cell's name and its expected and present counts, and the number of meetings.
 */
export async function meetingsPage(
  em: EntityManager,
  cond: SqlCondition,
  f: MeetingFilter,
  page: PageQuery,
): Promise<{
  total: number;
  rows: { meeting: Meeting; cellName: string; present: number; expected: number }[];
}> {
  const qb = em
    .createQueryBuilder(Meeting, 'mt')
    .innerJoin(Organization, 'c', 'c.id = mt.cellId')
    .addSelect('c.name', 'cellName')
    .addSelect(
      `(SELECT COUNT(*) FROM "meeting_attendance" "a" WHERE "a"."meetingId" = "mt"."id" AND "a"."expected" AND "a"."status" = 'present')`,
      'present',
    )
    .addSelect(
      `(SELECT COUNT(*) FROM "meeting_attendance" "a" WHERE "a"."meetingId" = "mt"."id" AND "a"."expected")`,
      'expected',
    )
    .where(cond.sql, cond.params);
  if (f.orgPath) qb.andWhere('c.path LIKE :orgPath', { orgPath: `${f.orgPath}%` });
  if (f.kind) qb.andWhere('mt.kind = :kind', { kind: f.kind });
  if (f.from) qb.andWhere('mt.heldOn >= :from', { from: f.from });
  if (f.to) qb.andWhere('mt.heldOn <= :to', { to: f.to });
  const total = await qb.getCount();
  const { entities, raw } = await qb
    .orderBy('mt.heldOn', 'DESC')
    .addOrderBy('mt.id')
    .offset((page.page - 1) * page.pageSize)
    .limit(page.pageSize)
    .getRawAndEntities<{ cellName: string; present: number; expected: number }>();
  return {
    total,
    rows: entities.map((meeting, i) => ({
      meeting,
      cellName: raw[i].cellName,
      present: Number(raw[i].present),
      expected: Number(raw[i].expected),
    })),
  };
}

/** The status and expectation of each attendance row of a meeting. */
export function attendanceStatuses(
  em: EntityManager,
  meetingId: string,
): Promise<Array<Pick<AttendanceRow, 'status' | 'expected'>>> {
  return em.query<Array<Pick<AttendanceRow, 'status' | 'expected'>>>(
    `SELECT "a"."status", "a"."expected" FROM "meeting_attendance" "a" WHERE "a"."meetingId" = ${param(em, 1)}`,
    [meetingId],
  );
}

/** A meeting's attendance rows with each member's name, in the order of their names. */
export async function namedAttendance(
  em: EntityManager,
  meetingId: string,
): Promise<{ row: MeetingAttendance; fullName: string }[]> {
  const { entities, raw } = await em
    .createQueryBuilder(MeetingAttendance, 'a')
    .innerJoin(Member, 'm', 'm.id = a.memberId')
    .addSelect('m.fullName', 'fullName')
    .where('a.meetingId = :id', { id: meetingId })
    .orderBy('m.searchName')
    .getRawAndEntities<{ fullName: string }>();
  return entities.map((row, i) => ({ row, fullName: raw[i].fullName }));
}

export interface IssueRow {
  issue: MeetingIssue;
  ownerName: string | null;
}

function issueQuery(em: EntityManager) {
  return em
    .createQueryBuilder(MeetingIssue, 'i')
    .innerJoin(Organization, 'c', 'c.id = i.cellId')
    .leftJoin(Member, 'om', 'om.id = i.ownerMemberId')
    .addSelect('om.fullName', 'ownerName');
}

/** Issues matching `where` (on the issue "i" and its cell "c"), oldest first, with their owner's name. */
export async function issuesWhere(
  em: EntityManager,
  where: string,
  params: Record<string, string>,
): Promise<IssueRow[]> {
  const rows = await issueQuery(em)
    .where(where, params)
    .orderBy('i.createdAt')
    .addOrderBy('i.id')
    .getRawAndEntities<{ ownerName: string | null }>();
  return rows.entities.map((issue, i) => ({ issue, ownerName: rows.raw[i].ownerName }));
}

/**
 * One page of the issues of cells matching `cond` (on the cell "c"), under `orgPath` and of a status
 * when given, newest first, and the number of issues.
 */
export async function issuesPage(
  em: EntityManager,
  cond: SqlCondition,
  f: { orgPath?: string; status?: string },
  page: PageQuery,
): Promise<{ total: number; rows: IssueRow[] }> {
  const qb = issueQuery(em).where(cond.sql, cond.params);
  if (f.orgPath) qb.andWhere('c.path LIKE :orgPath', { orgPath: `${f.orgPath}%` });
  if (f.status) qb.andWhere('i.status = :status', { status: f.status });
  const total = await qb.getCount();
  const rows = await qb
    .orderBy('i.createdAt', 'DESC')
    .addOrderBy('i.id')
    .offset((page.page - 1) * page.pageSize)
    .limit(page.pageSize)
    .getRawAndEntities<{ ownerName: string | null }>();
  return { total, rows: rows.entities.map((issue, i) => ({ issue, ownerName: rows.raw[i].ownerName })) };
}

/** The members on the roll of a cell (or subtree) on a day, by name (docs/CELL-LIFE.md). */
export function rollOnDay(em: EntityManager, cellPath: string, day: string): Promise<Member[]> {
  return em
    .createQueryBuilder(Member, 'm')
    .select(['m.id', 'm.fullName', 'm.isExempt', 'm.isSuspended'])
    .where(onRollFromCellsSql('r'), rollParams('r', cellPath, day, nextDay(day)))
    .orderBy('m.searchName')
    .addOrderBy('m.id')
    .getMany();
}

/** A meeting's attendance with each member's name and suspension, by name (raw rows). */
export function packAttendance(em: EntityManager, meetingId: string) {
  return em
    .createQueryBuilder(MeetingAttendance, 'a')
    .innerJoin(Member, 'm', 'm.id = a.memberId')
    .select(['a.status AS "status"', 'a.expected AS "expected"'])
    .addSelect(['m.fullName AS "fullName"', 'm.isSuspended AS "isSuspended"'])
    .where('a.meetingId = :id', { id: meetingId })
    .orderBy('m.searchName')
    .addOrderBy('m.id')
    .getRawMany<{
      status: MeetingAttendance['status'];
      expected: unknown;
      fullName: string;
      isSuspended: unknown;
    }>();
}

/**
 * Commitments for a meeting pack, by member name then period: those of a cell and year in one of
 * `statuses` not presented yet, or those with the given ids.
 */
export function packCommitments(
  em: EntityManager,
  which: { cellId: string; year: number; statuses: string[] } | { ids: string[] },
) {
  const qb = em
    .createQueryBuilder(Commitment, 'c')
    .innerJoin(Member, 'm', 'm.id = c.memberId')
    .select([
      'm.fullName AS "fullName"',
      'c.year AS "year"',
      'c.periodType AS "periodType"',
      'c.periodKey AS "periodKey"',
      'c.itemCount AS "items"',
    ]);
  if ('ids' in which) qb.where({ id: In(which.ids) });
  else
    qb.where('c.cellId = :cellId', { cellId: which.cellId })
      .andWhere('c.year = :year', { year: which.year })
      .andWhere('c.status IN (:...statuses)', { statuses: which.statuses })
      .andWhere('c.presentedAtMeetingId IS NULL');
  return qb
    .orderBy('m.searchName')
    .addOrderBy('c.periodType')
    .addOrderBy('c.periodKey')
    .getRawMany<{ fullName: string; year: number; periodType: string; periodKey: number; items: number }>();
}
