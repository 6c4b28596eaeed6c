import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { vnDayStartUtc, vnToday } from '../common/dates.js';
import { nextDay, rateOf, referenceDateOf } from '../common/rates.js';
import { MemberCellHistory } from '../members/member-cell-history.entity.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { Meeting, MeetingAttendance } from './meeting.entity.js';
import { attendanceRate } from './meetings.rules.js';
import type { ParticipationRate, RateRow, RegistrationRate } from './meetings.responses.js';
import { expectedFromCellsSql, onRollFromCellsSql, rollParams } from './membership.repository.js';

export type { RateRow } from './meetings.responses.js';

export interface AttendanceFilter {
  /** Meetings of cells under this path; null for any cell. */
  pathPrefix: string | null;
  /** One member's rows only; null for everybody. */
  memberId: string | null;
  /**
   * Only meetings of cells under one of these paths (the caller's scope, for a member's rate asked by
   * someone else than the member: the records of cells they cannot see stay out); absent for any cell.
   */
  withinPaths?: string[];
  from: string;
  to: string;
}

const COUNTS = {
  present: `SUM(CASE WHEN "a"."status" = 'present' THEN 1 ELSE 0 END)`,
  excused: `SUM(CASE WHEN "a"."status" = 'excused' THEN 1 ELSE 0 END)`,
  absent: `SUM(CASE WHEN "a"."status" = 'absent' THEN 1 ELSE 0 END)`,
  expected: 'COUNT(*)',
};

const PUBLISHED = `('accepted', 'reported', 'assessed')`;

/**
 * Present at least once at a study meeting held in the year (any cell), an SQL condition on the member
 * "m"; parameters from `studiedParams`. Exported so reports fold it into their own pass over members.
 */
export const STUDIED = `EXISTS (SELECT 1 FROM "meeting_attendance" "sa" INNER JOIN "meeting" "sm" ON "sm"."id" = "sa"."meetingId"
  WHERE "sa"."memberId" = "m"."id" AND "sa"."status" = 'present' AND "sm"."kind" = 'study'
    AND "sm"."heldOn" >= :yStart AND "sm"."heldOn" <= :yEnd)`;

/**
 * A yearly commitment of the year, accepted or later, with a live `follow` item, an SQL condition on
 * the member "m"; parameters from `registeredParams`. Exported like STUDIED. The follow items are
 * counted on the commitment row (`followItems`, kept at every item write), so the test reads the
 * covering index IDX_commitment_member_period_report alone.
 */
export const REGISTERED = `EXISTS (SELECT 1 FROM "commitment" "rc"
  WHERE "rc"."memberId" = "m"."id" AND "rc"."year" = :ry AND "rc"."periodType" = 'yearly'
    AND "rc"."status" IN ${PUBLISHED} AND "rc"."followItems" > 0)`;

/** The parameters of STUDIED for a year. */
export const studiedParams = (year: number): Record<string, string> => ({
  yStart: `${year}-01-01`,
  yEnd: `${year}-12-31`,
});

/** The parameters of REGISTERED for a year. */
export const registeredParams = (year: number): Record<string, number> => ({ ry: year });

/**
 * The cell-life rates as read-only SQL aggregates (definitions in docs/CELL-LIFE.md). Every method
 * takes the caller's EntityManager, so reports and the year-end evaluation can use them inside their
 * own read. Scope is the caller's business: these methods count whatever they are pointed at.
 */
@Injectable()
export class CellLifeRates {
  /**
   * Attendance rate = present / expected over attendance rows of meetings held from..to. For one
   * member, from that member's rows; for everybody (a subtree, the whole system, per cell), from the
   * counts kept on the meeting rows (`attendanceExpected`, ...: the same rows counted at every write,
   * meetingAttendanceCounts), read from the covering index IDX_meeting_cell_attendance_report without
   * visiting a row per member and meeting. Meetings where nobody was expected are left out, as they
   * have no expected row: a cell whose meetings had nobody expected gets no group.
   */
  async attendance(em: EntityManager, f: AttendanceFilter): Promise<RateRow>;
  async attendance(em: EntityManager, f: AttendanceFilter, groupBy: 'cell' | 'member'): Promise<RateRow[]>;
  async attendance(
    em: EntityManager,
    f: AttendanceFilter,
    groupBy?: 'cell' | 'member',
  ): Promise<RateRow | RateRow[]> {
    const fromRows = Boolean(f.memberId) || groupBy === 'member';
    const qb = fromRows ? this.attendanceRows(em, f) : this.attendanceCounts(em, f);
    // The subtree's cells first, then their meetings through the (cellId, heldOn, ...) index: filtering
    // on the joined cell's path instead makes SQLite walk every meeting of the range (10x per ward).
    if (f.pathPrefix)
      qb.andWhere(`"mt"."cellId" IN (SELECT "po"."id" FROM "organization" "po" WHERE "po"."path" LIKE :p)`, {
        p: `${f.pathPrefix}%`,
      });
    if (f.memberId) qb.andWhere('a.memberId = :memberId', { memberId: f.memberId });
    if (f.withinPaths) {
      const paths = f.withinPaths.map((p, i) => `"wo"."path" LIKE :within${i}`);
      qb.andWhere(
        `"mt"."cellId" IN (SELECT "wo"."id" FROM "organization" "wo" WHERE ${paths.length ? paths.join(' OR ') : '1=0'})`,
        Object.fromEntries(f.withinPaths.map((p, i) => [`within${i}`, `${p}%`])),
      );
    }
    const toRow = (r: Record<string, unknown>): RateRow =>
      attendanceRate({
        present: Number(r.present ?? 0),
        excused: Number(r.excused ?? 0),
        absent: Number(r.absent ?? 0),
        expected: Number(r.expected ?? 0),
      });
    if (!groupBy) return toRow((await qb.getRawOne<Record<string, unknown>>()) ?? {});
    if (groupBy === 'cell') {
      // The meeting's cell (a foreign key, so joining it leaves the totals as they are).
      if (!fromRows) qb.innerJoin(Organization, 'c', 'c.id = mt.cellId');
      const rows = await qb
        .addSelect('c.id', 'cellId')
        .addSelect('c.name', 'cellName')
        .groupBy('c.id')
        .addGroupBy('c.name')
        .orderBy('c.name')
        .getRawMany<Record<string, unknown>>();
      return rows.map((r) => ({ cellId: String(r.cellId), cellName: String(r.cellName), ...toRow(r) }));
    }
    const rows = await qb
      .innerJoin(Member, 'm', 'm.id = a.memberId')
      .addSelect('m.id', 'memberId')
      .addSelect('m.fullName', 'fullName')
      .groupBy('m.id')
      .addGroupBy('m.fullName')
      .orderBy('m.fullName')
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({ memberId: String(r.memberId), fullName: String(r.fullName), ...toRow(r) }));
  }

  /** The expected attendance rows "a" of the meetings "mt" held from..to, counted by status. */
  private attendanceRows(em: EntityManager, f: AttendanceFilter): SelectQueryBuilder<ObjectLiteral> {
    return em
      .createQueryBuilder()
      .from(MeetingAttendance, 'a')
      .innerJoin(Meeting, 'mt', 'mt.id = a.meetingId')
      .innerJoin(Organization, 'c', 'c.id = mt.cellId')
      .select(COUNTS.present, 'present')
      .addSelect(COUNTS.excused, 'excused')
      .addSelect(COUNTS.absent, 'absent')
      .addSelect(COUNTS.expected, 'expected')
      .where('"a"."expected"')
      .andWhere('mt.heldOn >= :from AND mt.heldOn <= :to', { from: f.from, to: f.to });
  }

  /** The meetings "mt" held from..to with somebody expected, their kept attendance counts summed. */
  private attendanceCounts(em: EntityManager, f: AttendanceFilter): SelectQueryBuilder<ObjectLiteral> {
    return em
      .createQueryBuilder()
      .from(Meeting, 'mt')
      .select('SUM("mt"."attendancePresent")', 'present')
      .addSelect('SUM("mt"."attendanceExcused")', 'excused')
      .addSelect('SUM("mt"."attendanceAbsent")', 'absent')
      .addSelect('SUM("mt"."attendanceExpected")', 'expected')
      .where('"mt"."attendanceExpected" > 0')
      .andWhere('mt.heldOn >= :from AND mt.heldOn <= :to', { from: f.from, to: f.to });
  }

  /**
   * Members of a cell on a day (see membership.repository.ts), with whether they are expected to attend;
   * reached from the cell's history rows (`onRollFromCellsSql`), not by testing every member of the
   * system (100,000 members: 0.7 s -> 2 ms per meeting created).
   */
  async roster(
    em: EntityManager,
    cellPath: string,
    day: string,
  ): Promise<Array<{ memberId: string; expected: boolean }>> {
    const rows = await em
      .createQueryBuilder(Member, 'm')
      .select(['m.id', 'm.isExempt', 'm.isSuspended'])
      .where(onRollFromCellsSql('r'), rollParams('r', cellPath, day, nextDay(day)))
      .orderBy('m.id')
      .getMany();
    return rows.map((m) => ({ memberId: m.id, expected: !m.isExempt && !m.isSuspended }));
  }

  /**
   * Study participation (Chỉ thị 05-CT/TW): members expected in the subtree who were present at least
   * once at a study meeting held in the year (in any cell) / members expected.
   */
  async participation(
    em: EntityManager,
    organizationId: string,
    path: string,
    year: number,
    today = vnToday(),
  ): Promise<ParticipationRate> {
    const day = referenceDateOf(year, today);
    const { expected, numerator: participated } = await this.expectedAnd(
      em,
      path,
      day,
      STUDIED,
      studiedParams(year),
    );
    return {
      organizationId,
      year,
      referenceDate: day,
      participated,
      expected,
      ...rateOf(participated, expected),
    };
  }

  /**
   * Registration (Chỉ thị 05 "làm theo"): members expected in the subtree with a yearly commitment for
   * the year that is accepted or later and holds at least one `follow` item / members expected.
   * Reads the commitments tables (read-only).
   */
  async registration(
    em: EntityManager,
    organizationId: string,
    path: string,
    year: number,
    today = vnToday(),
  ): Promise<RegistrationRate> {
    const day = referenceDateOf(year, today);
    const { expected, numerator: registered } = await this.expectedAnd(
      em,
      path,
      day,
      REGISTERED,
      registeredParams(year),
    );
    return {
      organizationId,
      year,
      referenceDate: day,
      registered,
      expected,
      ...rateOf(registered, expected),
    };
  }

  /**
   * Members expected in the subtree on `day`, and how many of them meet `numerator`: one pass over the
   * members reached from the subtree's cells (`expectedFromCellsSql`).
   */
  private async expectedAnd(
    em: EntityManager,
    path: string,
    day: string,
    numerator: string,
    params: Record<string, unknown>,
  ): Promise<{ expected: number; numerator: number }> {
    const r = await em
      .createQueryBuilder()
      .from(Member, 'm')
      .select('COUNT(*)', 'expected')
      .addSelect(`SUM(CASE WHEN ${numerator} THEN 1 ELSE 0 END)`, 'numerator')
      .where(expectedFromCellsSql('e'), rollParams('e', path, day, nextDay(day)))
      .setParameters(params)
      .getRawOne<Record<string, unknown>>();
    return { expected: Number(r?.expected ?? 0), numerator: Number(r?.numerator ?? 0) };
  }

  /**
   * `participation` for every direct child of the organisation at `parentPath`, in one statement: one
   * row per child (name order), each equal to `participation(em, child.id, child.path, year, today)`.
   */
  async participationByChild(
    em: EntityManager,
    parentPath: string,
    year: number,
    today = vnToday(),
  ): Promise<ParticipationRate[]> {
    const rows = await this.byChild(em, parentPath, year, today, STUDIED, studiedParams(year));
    return rows.map((r) => ({
      organizationId: r.organizationId,
      year,
      referenceDate: r.day,
      participated: r.numerator,
      expected: r.expected,
      ...rateOf(r.numerator, r.expected),
    }));
  }

  /**
   * `registration` for every direct child of the organisation at `parentPath`, in one statement: one
   * row per child (name order), each equal to `registration(em, child.id, child.path, year, today)`.
   */
  async registrationByChild(
    em: EntityManager,
    parentPath: string,
    year: number,
    today = vnToday(),
  ): Promise<RegistrationRate[]> {
    const rows = await this.byChild(em, parentPath, year, today, REGISTERED, registeredParams(year));
    return rows.map((r) => ({
      organizationId: r.organizationId,
      year,
      referenceDate: r.day,
      registered: r.numerator,
      expected: r.expected,
      ...rateOf(r.numerator, r.expected),
    }));
  }

  /**
   * Members expected on the reference day in each direct child's subtree, and how many of them meet
   * `numerator` (an SQL condition on "m"), grouped by child in one pass over the history rows instead
   * of one pass over the member table per child (`rollByChild`).
   */
  private async byChild(
    em: EntityManager,
    parentPath: string,
    year: number,
    today: string,
    numerator: string,
    params: Record<string, unknown>,
  ): Promise<Array<{ organizationId: string; day: string; expected: number; numerator: number }>> {
    const day = referenceDateOf(year, today);
    const rows = await rollByChild(em, parentPath, day, true)
      .select(`"o"."id"`, 'organizationId')
      .addSelect(`COUNT(DISTINCT "m"."id")`, 'expected')
      .addSelect(`COUNT(DISTINCT CASE WHEN ${numerator} THEN "m"."id" END)`, 'numerator')
      .setParameters(params)
      .groupBy(`"o"."id"`)
      .addGroupBy(`"o"."name"`)
      .orderBy(`"o"."name"`)
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      organizationId: String(r.organizationId),
      day,
      expected: Number(r.expected ?? 0),
      numerator: Number(r.numerator ?? 0),
    }));
  }
}

/**
 * The direct children "o" of the organisation at `parentPath`, each LEFT JOINed to the members "m" on
 * the roll of its subtree on `day` (only the expected ones when `expectedOnly`), for figures grouped by
 * `"o"."id"` with `COUNT(DISTINCT "m"."id")` (a member counts once per child; a child with nobody
 * answers 0). The rules are those of `onRollSql` / `expectedSql` (membership.repository.ts), spelled out on the
 * joined history row "h" instead of an EXISTS per subtree: some history row in a cell "c" of the
 * child's subtree (`c.path LIKE o.path || '%'`, any depth) holds the member at the end of the day (a
 * member's first row from the start), joined the party by the day, not expelled by the day.
 * Parameters :parentPath, :day and :next are set here.
 */
export function rollByChild(
  em: EntityManager,
  parentPath: string,
  day: string,
  expectedOnly: boolean,
): SelectQueryBuilder<ObjectLiteral> {
  return em
    .createQueryBuilder()
    .from(Organization, 'o')
    .leftJoin(Organization, 'c', `"c"."path" LIKE "o"."path" || '%'`)
    .leftJoin(
      MemberCellHistory,
      'h',
      `"h"."cellId" = "c"."id" AND ("h"."toAt" IS NULL OR "h"."toAt" >= :next)
        AND ("h"."fromAt" < :next OR NOT EXISTS (SELECT 1 FROM "member_cell_history" "h0"
              WHERE "h0"."memberId" = "h"."memberId" AND "h0"."fromAt" < "h"."fromAt"))`,
    )
    .leftJoin(
      Member,
      'm',
      `"m"."id" = "h"."memberId" AND ("m"."joinedPartyOn" IS NULL OR "m"."joinedPartyOn" <= :day)
        AND NOT EXISTS (SELECT 1 FROM "disciplinary_record" "x"
          WHERE "x"."memberId" = "m"."id" AND "x"."form" = 'expulsion' AND "x"."decidedOn" <= :day)${
            expectedOnly ? ` AND NOT "m"."isExempt" AND NOT "m"."isSuspended"` : ''
          }`,
    )
    .where(`"o"."parentId" = (SELECT "p"."id" FROM "organization" "p" WHERE "p"."path" = :parentPath)`)
    .setParameters({ parentPath, day, next: vnDayStartUtc(nextDay(day)) });
}
