import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { Page, pageOf } from '../common/pagination.js';
import { Organization } from '../organizations/organization.entity.js';
import { CheckListQuery, CheckSummaryQuery } from './conduct-checks.dto.js';
import { subtreeChecksPage, subtreeCodeCounts } from './conduct-checks.repository.js';
import type { ConductCheckRow, ConductSummary } from './conduct-checks.responses.js';

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
      const { total, rows } = await subtreeChecksPage(em, org.path, q.year, q.quarter ?? 0, q);
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
      const { checkedMembers, rows } = await subtreeCodeCounts(em, org.path, q.year, quarter);
      const byCode = new Map(rows.map((r) => [Number(r.code), r]));
      return {
        organizationId: org.id,
        year: q.year,
        quarter,
        checkedMembers,
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
