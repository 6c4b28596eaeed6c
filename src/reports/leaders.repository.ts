import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Commitment } from '../commitments/commitment.entity.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { num } from './report-sql.js';
import { isoTimestamp } from './reports.rules.js';
import type { LeaderRow } from './reports.responses.js';

export type { LeaderRow } from './reports.responses.js';

/** The leaders-first report (nêu gương, docs/REPORTS.md). */
@Injectable()
export class LeadersRepository {
  /**
   * Organisations of the subtree with a head (headMemberId): the head's yearly commitment's first
   * submission, the earliest first submission of a yearly commitment made in the organisation's cells by
   * anyone else, how many others submitted and how many of them before the head.
   */
  async leaders(em: EntityManager, path: string, year: number): Promise<LeaderRow[]> {
    const others = (extra: string) =>
      `(SELECT %AGG% FROM "commitment" "lc" INNER JOIN "organization" "lo" ON "lo"."id" = "lc"."cellId"
        WHERE "lo"."path" LIKE "o"."path" || '%' AND "lc"."year" = :year AND "lc"."periodType" = 'yearly'
          AND "lc"."memberId" <> "o"."headMemberId" AND "lc"."firstSubmittedAt" IS NOT NULL${extra})`;
    const rows = await em
      .createQueryBuilder()
      .from(Organization, 'o')
      .innerJoin(Member, 'hm', `"hm"."id" = "o"."headMemberId"`)
      .leftJoin(
        Commitment,
        'h',
        `"h"."memberId" = "o"."headMemberId" AND "h"."year" = :year AND "h"."periodType" = 'yearly'`,
        { year },
      )
      .select(`"o"."id"`, 'organizationId')
      .addSelect(`"o"."name"`, 'organizationName')
      .addSelect(`"o"."kind"`, 'kind')
      .addSelect(`"o"."headMemberId"`, 'headMemberId')
      .addSelect(`"hm"."fullName"`, 'headName')
      .addSelect(`"h"."firstSubmittedAt"`, 'headAt')
      .addSelect(others('').replace('%AGG%', `MIN("lc"."firstSubmittedAt")`), 'firstMemberAt')
      .addSelect(others('').replace('%AGG%', 'COUNT(*)'), 'membersSubmitted')
      .addSelect(
        others(` AND "lc"."firstSubmittedAt" < "h"."firstSubmittedAt"`).replace('%AGG%', 'COUNT(*)'),
        'membersBefore',
      )
      .where(`"o"."path" LIKE :p`, { p: `${path}%` })
      .orderBy(`"o"."depth"`)
      .addOrderBy(`"o"."name"`)
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      organizationId: String(r.organizationId),
      organizationName: String(r.organizationName),
      kind: String(r.kind) as LeaderRow['kind'],
      headMemberId: String(r.headMemberId),
      headName: String(r.headName),
      headFirstSubmittedAt: isoTimestamp(r.headAt),
      firstMemberSubmittedAt: isoTimestamp(r.firstMemberAt),
      membersSubmitted: num(r.membersSubmitted),
      membersBeforeHead: num(r.membersBefore),
    }));
  }
}
