import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { Page, pageOf } from '../common/pagination.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { ConductCheck, ConductCheckItem } from './conduct-check.entity.js';
import { CheckListQuery, CheckSummaryQuery } from './conduct-checks.dto.js';

export interface ConductCheckRow {
  id: string;
  memberId: string;
  fullName: string;
  cellId: string;
  year: number;
  quarter: number;
  catalogVersion: number;
  version: number;
  /** Items the member answered in the self-check. */
  selfAnswered: number;
  selfAtRisk: number;
  selfPresent: number;
  /** Items the cell has concluded on. */
  concluded: number;
  concludedPresent: number;
}

export interface ConductSummary {
  organizationId: string;
  year: number;
  quarter: number;
  /** Members with a check for the period in the subtree. */
  checkedMembers: number;
  items: Array<{
    code: number;
    selfAtRisk: number;
    selfPresent: number;
    concludedAtRisk: number;
    concludedPresent: number;
  }>;
}

/**
 * The checks of a subtree read together: the per-member list and the per-manifestation counts, for
 * secretaries and leaders over an organisation (one member's check is ConductChecksService's).
 */
@Injectable()
export class ConductCheckListsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  /**
   * The checks of a subtree for one period with per-member counts (no notes), for the secretary to
   * prepare the cell's discussion and for leaders to follow up. Names stay inside the caller's scope.
   */
  async listConductChecks(actor: Actor, q: CheckListQuery): Promise<Page<ConductCheckRow>> {
    return this.db.read(async (em) => {
      const org = await this.scopedOrganization(em, actor, q.organizationId);
      const qb = em
        .createQueryBuilder(ConductCheck, 'k')
        .innerJoin(Organization, 'c', 'c.id = k.cellId')
        .innerJoin(Member, 'm', 'm.id = k.memberId')
        .where('k.year = :year AND k.quarter = :quarter', { year: q.year, quarter: q.quarter ?? 0 })
        .andWhere('c.path LIKE :p', { p: `${org.path}%` });
      const total = await qb.getCount();
      const count = (column: string, status: string) =>
        `(SELECT COUNT(*) FROM "conduct_check_item" "ci" WHERE "ci"."checkId" = "k"."id" AND "ci"."${column}" = '${status}')`;
      const rows = await qb
        .select('k.id', 'id')
        .addSelect('k.memberId', 'memberId')
        .addSelect('m.fullName', 'fullName')
        .addSelect('k.cellId', 'cellId')
        .addSelect('k.catalogVersion', 'catalogVersion')
        .addSelect('k.version', 'version')
        .addSelect(
          `(SELECT COUNT(*) FROM "conduct_check_item" "ci" WHERE "ci"."checkId" = "k"."id" AND "ci"."selfStatus" IS NOT NULL)`,
          'selfAnswered',
        )
        .addSelect(count('selfStatus', 'at_risk'), 'selfAtRisk')
        .addSelect(count('selfStatus', 'present'), 'selfPresent')
        .addSelect(
          `(SELECT COUNT(*) FROM "conduct_check_item" "ci" WHERE "ci"."checkId" = "k"."id" AND "ci"."conclusionStatus" IS NOT NULL)`,
          'concluded',
        )
        .addSelect(count('conclusionStatus', 'present'), 'concludedPresent')
        .orderBy('m.searchName')
        .addOrderBy('k.id')
        .offset((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .getRawMany<Record<string, string | number>>();
      const items = rows.map((r) => ({
        id: String(r.id),
        memberId: String(r.memberId),
        fullName: String(r.fullName),
        cellId: String(r.cellId),
        year: q.year,
        quarter: q.quarter ?? 0,
        catalogVersion: Number(r.catalogVersion),
        version: Number(r.version),
        selfAnswered: Number(r.selfAnswered),
        selfAtRisk: Number(r.selfAtRisk),
        selfPresent: Number(r.selfPresent),
        concluded: Number(r.concluded),
        concludedPresent: Number(r.concludedPresent),
      }));
      return pageOf(items, total, q);
    });
  }

  /**
   * Counts per manifestation over a subtree: no names, and only for leaders/secretaries over the
   * organisation (a cell's counts would point at people outside it).
   */
  async summarizeConductChecks(actor: Actor, q: CheckSummaryQuery): Promise<ConductSummary> {
    return this.db.read(async (em) => {
      const org = await this.scopedOrganization(em, actor, q.organizationId);
      const quarter = q.quarter ?? 0;
      const where = (qb: ReturnType<EntityManager['createQueryBuilder']>) =>
        qb
          .innerJoin(Organization, 'c', 'c.id = k.cellId')
          .where('k.year = :year AND k.quarter = :quarter', { year: q.year, quarter })
          .andWhere('c.path LIKE :p', { p: `${org.path}%` });
      const checked = await where(em.createQueryBuilder().from(ConductCheck, 'k'))
        .select('COUNT(DISTINCT "k"."memberId")', 'n')
        .getRawOne<{ n: number }>();
      const rows = await where(
        em.createQueryBuilder().from(ConductCheckItem, 'i').innerJoin(ConductCheck, 'k', 'k.id = i.checkId'),
      )
        .select('i.code', 'code')
        .addSelect(`SUM(CASE WHEN "i"."selfStatus" = 'at_risk' THEN 1 ELSE 0 END)`, 'selfAtRisk')
        .addSelect(`SUM(CASE WHEN "i"."selfStatus" = 'present' THEN 1 ELSE 0 END)`, 'selfPresent')
        .addSelect(`SUM(CASE WHEN "i"."conclusionStatus" = 'at_risk' THEN 1 ELSE 0 END)`, 'concludedAtRisk')
        .addSelect(`SUM(CASE WHEN "i"."conclusionStatus" = 'present' THEN 1 ELSE 0 END)`, 'concludedPresent')
        .groupBy('i.code')
        .getRawMany<Record<string, number>>();
      const byCode = new Map(rows.map((r) => [Number(r.code), r]));
      return {
        organizationId: org.id,
        year: q.year,
        quarter,
        checkedMembers: Number(checked?.n ?? 0),
        items: Array.from({ length: 27 }, (_, i) => {
          const r = byCode.get(i + 1);
          return {
            code: i + 1,
            selfAtRisk: Number(r?.selfAtRisk ?? 0),
            selfPresent: Number(r?.selfPresent ?? 0),
            concludedAtRisk: Number(r?.concludedAtRisk ?? 0),
            concludedPresent: Number(r?.concludedPresent ?? 0),
          };
        }),
      };
    });
  }

  private async scopedOrganization(em: EntityManager, actor: Actor, id: string): Promise<Organization> {
    const org = await this.access.visibleOrganization(em, actor, 'conduct-check.read', id);
    if (!this.access.coversPath(this.access.scopeOf(actor, 'conduct-check.read'), org.path))
      throw DomainError.notFound('Organization');
    return org;
  }
}
