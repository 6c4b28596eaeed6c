import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RateRow, rollByChild } from '../meetings/cell-life-rates.repository.js';
import { AttendanceCounts, attendanceRate } from '../meetings/meetings.rules.js';
import { Organization } from '../organizations/organization.entity.js';
import { BY_CELL, cellScope, childrenOfCells, EXPECTED, num, sumByChild } from './report-sql.js';
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
} from './subtree-figures.sql.js';

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
    const distinctWhen = (condition: string) => `COUNT(DISTINCT CASE WHEN ${condition} THEN "m"."id" END)`;
    const rows = await rollByChild(em, parentPath, day, false)
      .select(`"o"."id"`, 'organizationId')
      .addSelect(`COUNT(DISTINCT "m"."id")`, 'total')
      .addSelect(distinctWhen(`"m"."status" = 'official'`), 'official')
      .addSelect(distinctWhen(`"m"."status" = 'probationary'`), 'probationary')
      .addSelect(distinctWhen(`"m"."isExempt"`), 'exempt')
      .addSelect(distinctWhen(`"m"."isSuspended"`), 'suspended')
      .addSelect(distinctWhen(EXPECTED), 'expected')
      .groupBy(`"o"."id"`)
      .getRawMany<Record<string, unknown>>();
    return new Map(
      rows.map((r) => [
        String(r.organizationId),
        {
          total: num(r.total),
          official: num(r.official),
          probationary: num(r.probationary),
          exempt: num(r.exempt),
          suspended: num(r.suspended),
          expected: num(r.expected),
        },
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
