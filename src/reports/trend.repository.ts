import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { nextDay } from '../common/rates.js';
import { expectedFromCellsSql, rollParams } from '../meetings/membership.repository.js';
import { cellScope } from './report-sql.js';
import {
  byMonthOf,
  MeetingCounts,
  meetingRows,
  MemberCounts,
  memberCountsOf,
  PeriodRegistrations,
  periodRows,
  periodsOf,
  rollCounts,
} from './subtree-figures.repository.js';

/** The monthly trend's figures (docs/REPORTS.md, "trend"); attendance per month from CellLifeRates. */
@Injectable()
export class TrendRepository {
  /** Members on the roll of the subtree on `day` (membership.repository.ts), by status and flags. */
  async memberCounts(em: EntityManager, path: string, day: string): Promise<MemberCounts> {
    return memberCountsOf(await rollCounts(em, path, day).getRawOne<Record<string, unknown>>());
  }

  /**
   * Members expected on `day` with a quarterly or monthly commitment of the year that is accepted or
   * later, per period: `periodType -> periodKey -> registered`.
   */
  async periodRegistrations(
    em: EntityManager,
    path: string,
    year: number,
    day: string,
  ): Promise<PeriodRegistrations> {
    const rows = await periodRows(
      em,
      `SELECT "m"."id" FROM "member" "m" WHERE ${expectedFromCellsSql('e')}`,
      year,
      [`"c"."periodType" AS "periodType"`, `"c"."periodKey" AS "periodKey"`, `COUNT(*) AS "total"`],
    )
      .setParameters(rollParams('e', path, day, nextDay(day)))
      .getRawMany<Record<string, unknown>>();
    return periodsOf(rows);
  }

  /** `meetingCounts` of each month 1-12 of the year (a month without meetings is missing), in two statements. */
  async meetingCountsByMonth(
    em: EntityManager,
    path: string,
    year: number,
  ): Promise<Map<number, MeetingCounts>> {
    const rows = await meetingRows(em, cellScope(path, byMonthOf(year)), `${year}-01-01`, `${year}-12-31`);
    return new Map([...rows].map(([month, counts]) => [Number(month), counts]));
  }
}
