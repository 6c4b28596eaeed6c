import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  RateRow,
  REGISTERED,
  registeredParams,
  STUDIED,
  studiedParams,
} from '../meetings/cell-life-rates.repository.js';
import { admittedSql, holdsOnDaySql, rollParams } from '../meetings/membership.repository.js';
import { nextDay } from '../common/rates.js';
import { AttendanceCounts, attendanceRate } from '../meetings/meetings.rules.js';
import { Organization } from '../organizations/organization.entity.js';
import {
  BY_CELL,
  cellScope,
  childOf,
  EXPECTED,
  groupKey,
  num,
  sumByChild,
} from './report-sql.js';
import { ManifestationCount } from './reports.rules.js';
import {
  CommitmentCounts,
  commitmentRows,
  LevelCounts,
  levelRows,
  manifestationRows,
  MeetingCounts,
  meetingRows,
  MemberCounts,
  memberCountsOf,
  ROLL_COUNTS,
} from './subtree-figures.repository.js';

/** A child's `MemberCounts` and, of its expected members, those registered and those who studied. */
export interface ChildMemberFigures extends MemberCounts {
  registered: number;
  participated: number;
}

/**
 * The organizations report's figures (docs/REPORTS.md): each overview figure for every direct child of
 * an organisation at once, grouped by child in one statement or per cell and added up per child.
 */
@Injectable()
export class ChildFiguresRepository {
  /** `memberCounts` of every direct child of the organisation at `parentPath`, in one statement. */
  async memberCountsByChild(
    em: EntityManager,
    parentPath: string,
    day: string,
  ): Promise<Map<string, MemberCounts>> {
    const figures = await this.memberFiguresByChild(em, parentPath, Number(day.slice(0, 4)), day);
    return new Map(
      [...figures].map(([child, { registered: _r, participated: _p, ...counts }]) => [child, counts]),
    );
  }

  /**
   * `memberCounts` of every direct child of the organisation at `parentPath`, and how many of each
   * child's expected members are registered for the year and took part in its study (REGISTERED and
   * STUDIED of CellLifeRates, so each equals `registrationByChild` / `participationByChild` there), in
   * one statement: the history rows of the subtree's cells that hold on `day` give each member's child
   * (a member counts once per child), each member's two conditions are tested once, in a materialised
   * roll, and the figures are added up per child. CellLifeRates' per-child statements test the
   * conditions per history row joined per child (PostgreSQL, 100,000 members: 30 s for STUDIED).
   */
  async memberFiguresByChild(
    em: EntityManager,
    parentPath: string,
    year: number,
    day: string,
  ): Promise<Map<string, ChildMemberFigures>> {
    const expectedAnd = (condition: string) =>
      `CASE WHEN ${EXPECTED} THEN CASE WHEN ${condition} THEN 1 ELSE 0 END ELSE 0 END`;
    const placed = `SELECT DISTINCT ${childOf(`"rc"."path"`, parentPath)} AS "child", "rh"."memberId" AS "memberId"
      FROM "member_cell_history" "rh" INNER JOIN "organization" "rc" ON "rc"."id" = "rh"."cellId"
      WHERE "rc"."path" LIKE :rLike AND "rc"."path" <> :parent AND ${holdsOnDaySql('r')}`;
    const roll = `SELECT "p"."child" AS "child", "m"."status" AS "status", "m"."isExempt" AS "isExempt",
        "m"."isSuspended" AS "isSuspended", ${expectedAnd(REGISTERED)} AS "reg", ${expectedAnd(STUDIED)} AS "studied"
      FROM "placed" "p" INNER JOIN "member" "m" ON "m"."id" = "p"."memberId" WHERE ${admittedSql('r')}`;
    const counts = Object.entries(ROLL_COUNTS).map(([c, value]) => `${value} AS "${c}"`);
    const [sql, params] = em.dataSource.driver.escapeQueryWithParameters(
      `WITH "placed" AS MATERIALIZED (${placed}), "roll" AS MATERIALIZED (${roll})
      SELECT "m"."child" AS "grp", ${counts.join(', ')}, SUM("m"."reg") AS "registered",
        SUM("m"."studied") AS "participated"
      FROM "roll" "m" GROUP BY "m"."child"`,
      {
        ...rollParams('r', parentPath, day, nextDay(day)),
        parent: parentPath,
        ...registeredParams(year),
        ...studiedParams(year),
      },
    );
    const rows = await em.query<Array<Record<string, unknown>>>(sql, params);
    return new Map(
      rows.map((r) => [
        groupKey(r.grp),
        { ...memberCountsOf(r), registered: num(r.registered), participated: num(r.participated) },
      ]),
    );
  }

  /** `commitmentCounts` of every direct child of the organisation at `parentPath` (per cell, added up). */
  async commitmentCountsByChild(
    em: EntityManager,
    parentPath: string,
    year: number,
  ): Promise<Map<string, CommitmentCounts>> {
    const perCell = await commitmentRows(em, cellScope(parentPath, BY_CELL), year);
    return sumByChild(perCell, await childrenOfCells(em, parentPath));
  }

  /** `levelCounts` of every direct child of the organisation at `parentPath`, in one statement. */
  async levelCountsByChild(
    em: EntityManager,
    parentPath: string,
    year: number,
  ): Promise<Map<string, LevelCounts>> {
    return levelRows(em, parentPath, year, true);
  }

  /**
   * `manifestations` of every direct child of the organisation at `parentPath`, in one statement: the
   * worst conclusion per cell, member and code, then per child (a member who moved between two cells
   * of one child counts once there, at their worst).
   */
  async manifestationsByChild(
    em: EntityManager,
    parentPath: string,
    year: number,
  ): Promise<Map<string, ManifestationCount[]>> {
    return manifestationRows(em, parentPath, year, true);
  }

  /** `meetingCounts` of every direct child of the organisation at `parentPath` (per cell, added up). */
  async meetingCountsByChild(
    em: EntityManager,
    parentPath: string,
    from: string,
    to: string,
  ): Promise<Map<string, MeetingCounts>> {
    const perCell = await meetingRows(em, cellScope(parentPath, BY_CELL), from, to);
    return sumByChild(perCell, await childrenOfCells(em, parentPath));
  }

  /**
   * Attendance counts per cell (CellLifeRates, grouped by cell) added up per direct child of the
   * organisation at `parentPath`: the attendance rows of a child's subtree are those of its cells.
   */
  async attendanceByChild(
    em: EntityManager,
    parentPath: string,
    cells: ReadonlyArray<RateRow>,
  ): Promise<Map<string, RateRow>> {
    const perCell = new Map<string, AttendanceCounts>(
      cells.map((c) => [
        String(c.cellId),
        { present: c.present, excused: c.excused, absent: c.absent, expected: c.expected },
      ]),
    );
    const sums = sumByChild(perCell, await childrenOfCells(em, parentPath));
    return new Map([...sums].map(([child, s]) => [child, attendanceRate(s)]));
  }

  /** The organisation's direct children that still existed on `from` (not closed before it), in name order. */
  async children(em: EntityManager, organizationId: string, from: string): Promise<Organization[]> {
    return em
      .createQueryBuilder(Organization, 'o')
      .where('o.parentId = :organizationId', { organizationId })
      .andWhere('(o.closedOn IS NULL OR o.closedOn >= :from)', { from })
      .orderBy('o.name', 'ASC')
      .getMany();
  }
}

/** Each organisation below `parentPath` -> the direct child of the parent it lies under. */
export async function childrenOfCells(em: EntityManager, parentPath: string): Promise<Map<string, string>> {
  const rows = await em
    .createQueryBuilder()
    .from(Organization, 'o')
    .select(`"o"."id"`, 'id')
    .addSelect(childOf(`"o"."path"`, parentPath), 'child')
    .where(`"o"."path" LIKE :p AND "o"."path" <> :parent`, { p: `${parentPath}%`, parent: parentPath })
    .getRawMany<{ id: string; child: string }>();
  return new Map(rows.map((r) => [r.id, r.child]));
}
