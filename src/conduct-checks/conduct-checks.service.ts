import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AccessService } from '../auth/access.service.js';
import { Actor } from '../auth/actor.js';
import { CommonErrorCode, DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { Page, pageOf } from '../common/pagination.js';
import { CatalogItemView, toCatalogItemView } from '../manifestations/manifestations.rules.js';
import { ManifestationsService } from '../manifestations/manifestations.service.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { CheckStatus, ConductCheck, ConductCheckItem } from './conduct-check.entity.js';
import { CheckListQuery, CheckSummaryQuery, PutConductCheckDto } from './conduct-checks.dto.js';
import { duplicateCodeErrors, hasNotes, isCheckYear } from './conduct-checks.rules.js';

export enum ConductCheckErrorCode {
  NotOwnCheck = 'CONDUCT_CHECK_NOT_OWN',
}

export interface ConductCheckItemView extends Pick<
  CatalogItemView,
  'code' | 'group' | 'text' | 'displayText' | 'verified'
> {
  self: { status: CheckStatus; note: string | null } | null;
  conclusion: { status: CheckStatus; note: string | null; concludedAt: Date | null } | null;
}

export interface ConductCheckView {
  id: string | null;
  memberId: string;
  year: number;
  quarter: number;
  /** The manifestation catalog version the check was made against (the current one before any entry). */
  catalogVersion: number;
  version: number;
  items: ConductCheckItemView[];
}

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

@Injectable()
export class ConductChecksService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly catalogs: ManifestationsService,
  ) {}

  /**
   * A member's check for a year (or quarter). The member reads their own; the secretary their cell;
   * leaders their subtree. Reading someone else's notes is written to the audit log.
   */
  async getConductCheck(
    actor: Actor,
    memberId: string,
    year: number,
    quarter = 0,
  ): Promise<ConductCheckView> {
    this.assertYear(year);
    return this.db.transaction(async (em) => {
      const { member, cellPath } = await this.access.visibleMember(em, actor, 'conduct-check.read', memberId);
      const check = await em.findOneBy(ConductCheck, { memberId: member.id, year, quarter });
      const items = check ? await em.findBy(ConductCheckItem, { checkId: check.id }) : [];
      if (check && actor.memberId !== member.id && hasNotes(items)) {
        await this.audit.record(em, actor, {
          action: 'conduct-check.read_notes',
          entityType: 'conduct-check',
          entityId: check.id,
          organizationPath: cellPath,
          changes: { memberId: member.id, year, quarter },
        });
      }
      return this.viewOf(em, member.id, year, quarter, check, items);
    });
  }

  /** `self` by the member on their own check; `conclusion` by a secretary of the member's cell. */
  async putConductCheck(
    actor: Actor,
    memberId: string,
    year: number,
    dto: PutConductCheckDto,
  ): Promise<ConductCheckView> {
    this.assertYear(year);
    if (!!dto.self === !!dto.conclusion) {
      throw DomainError.invalidField(
        dto.self ? 'conclusion' : 'self',
        'exactlyOne',
        'send either self or conclusion',
      );
    }
    const field = dto.self ? 'self' : 'conclusion';
    const entries = (dto.self ?? dto.conclusion)!;
    const duplicates = duplicateCodeErrors(field, entries);
    if (duplicates.length)
      throw DomainError.validation(duplicates, duplicates.map((d) => d.message).join('; '));
    const quarter = dto.quarter ?? 0;
    return this.db.transaction(async (em) => {
      const { member, cellPath } = await this.access.visibleMember(em, actor, 'conduct-check.read', memberId);
      if (field === 'self' && actor.memberId !== member.id) {
        throw new DomainError(
          ConductCheckErrorCode.NotOwnCheck,
          'forbidden',
          'Only the member fills in their own self-check',
        );
      }
      if (field === 'conclusion') {
        if (
          !actor.permissions.has('conduct-check.conclude') ||
          !this.access.coversPath(this.access.scopeOf(actor, 'conduct-check.conclude'), cellPath)
        ) {
          throw new DomainError(
            CommonErrorCode.Forbidden,
            'forbidden',
            'Only a secretary of the member’s cell records its conclusion',
          );
        }
        if (actor.memberId === member.id) {
          throw new DomainError(
            CommonErrorCode.SelfReview,
            'forbidden',
            'Another secretary of the cell or the committee above concludes on your own check',
          );
        }
      }
      let check = await em.findOneBy(ConductCheck, { memberId: member.id, year, quarter });
      if (check && dto.version !== undefined && dto.version !== check.version)
        throw DomainError.versionConflict(check.version);
      if (!check) {
        check = await em.save(
          em.create(ConductCheck, {
            memberId: member.id,
            cellId: member.cellId,
            year,
            quarter,
            catalogVersion: await this.catalogs.currentVersion(em, 'manifestation'),
            version: 1,
          }),
        );
      } else {
        const res = await em
          .createQueryBuilder()
          .update(ConductCheck)
          .set({ version: () => '"version" + 1' })
          .where('id = :id AND version = :v', { id: check.id, v: check.version })
          .execute();
        if (res.affected !== 1) throw DomainError.versionConflict(check.version + 1);
        check.version += 1;
      }
      const before = await em.findBy(ConductCheckItem, { checkId: check.id });
      const byCode = new Map(before.map((i) => [i.code, i]));
      const now = new Date();
      const changed: Array<{ code: number; from: CheckStatus | null; to: CheckStatus }> = [];
      for (const e of entries) {
        const note = e.note?.trim() ? e.note.trim().normalize('NFC') : null;
        const values =
          field === 'self'
            ? { selfStatus: e.status, selfNote: note }
            : {
                conclusionStatus: e.status,
                conclusionNote: note,
                concludedByUserId: actor.userId,
                concludedAt: now,
              };
        const existing = byCode.get(e.code);
        changed.push({
          code: e.code,
          from: existing ? (field === 'self' ? existing.selfStatus : existing.conclusionStatus) : null,
          to: e.status,
        });
        if (existing) await em.update(ConductCheckItem, { id: existing.id }, values);
        else await em.insert(ConductCheckItem, { checkId: check.id, code: e.code, ...values });
      }
      await this.audit.record(em, actor, {
        action: field === 'self' ? 'conduct-check.self' : 'conduct-check.conclude',
        entityType: 'conduct-check',
        entityId: check.id,
        organizationPath: cellPath,
        changes: { memberId: member.id, year, quarter, items: changed },
      });
      const items = await em.findBy(ConductCheckItem, { checkId: check.id });
      return this.viewOf(em, member.id, year, quarter, check, items);
    });
  }

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
      const org = await this.access.visibleOrganization(em, actor, 'conduct-check.read', q.organizationId);
      if (!this.access.coversPath(this.access.scopeOf(actor, 'conduct-check.read'), org.path))
        throw DomainError.notFound('Organization');
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

  /** Codes the cell concluded `present` for a member in a year (any period): for the year-end evaluation. */
  async concludedPresentCodes(em: EntityManager, memberId: string, year: number): Promise<number[]> {
    const rows = await em
      .createQueryBuilder()
      .from(ConductCheckItem, 'i')
      .innerJoin(ConductCheck, 'k', 'k.id = i.checkId')
      .select('DISTINCT "i"."code"', 'code')
      .where('k.memberId = :memberId AND k.year = :year', { memberId, year })
      .andWhere(`"i"."conclusionStatus" = 'present'`)
      .orderBy('code')
      .getRawMany<{ code: number }>();
    return rows.map((r) => Number(r.code));
  }

  private async viewOf(
    em: EntityManager,
    memberId: string,
    year: number,
    quarter: number,
    check: ConductCheck | null,
    items: ConductCheckItem[],
  ): Promise<ConductCheckView> {
    const catalogVersion = check?.catalogVersion ?? (await this.catalogs.currentVersion(em, 'manifestation'));
    const catalog = await this.catalogs.itemsOf(em, 'manifestation', catalogVersion);
    const byCode = new Map(items.map((i) => [i.code, i]));
    return {
      id: check?.id ?? null,
      memberId,
      year,
      quarter,
      catalogVersion,
      version: check?.version ?? 0,
      items: catalog.map((c) => {
        const v = toCatalogItemView(c);
        const i = byCode.get(c.code);
        return {
          code: v.code,
          group: v.group,
          text: v.text,
          displayText: v.displayText,
          verified: v.verified,
          self: i?.selfStatus ? { status: i.selfStatus, note: i.selfNote } : null,
          conclusion: i?.conclusionStatus
            ? { status: i.conclusionStatus, note: i.conclusionNote, concludedAt: i.concludedAt }
            : null,
        };
      }),
    };
  }

  /** Leaders and secretaries over the organisation only; members get 404 (as if missing). */
  private async scopedOrganization(em: EntityManager, actor: Actor, id: string): Promise<Organization> {
    const org = await this.access.visibleOrganization(em, actor, 'conduct-check.read', id);
    if (!this.access.coversPath(this.access.scopeOf(actor, 'conduct-check.read'), org.path))
      throw DomainError.notFound('Organization');
    return org;
  }

  private assertYear(year: number): void {
    if (!isCheckYear(year))
      throw DomainError.invalidField('year', 'range', 'year must be between 2000 and 2100');
  }
}
