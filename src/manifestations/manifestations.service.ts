import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { catalogError } from './manifestations.errors.js';
import { Database } from '../common/database.service.js';
import { CatalogItem, CatalogName, CatalogVersion } from './catalog.entity.js';
import { ReplaceCatalogItemDto } from './manifestations.dto.js';
import { newestCatalogVersion } from './manifestations.repository.js';
import { isValidCode, toCatalogItemView } from './manifestations.rules.js';
import type { CatalogItemView, CatalogVersionView } from './manifestations.responses.js';

/**
 * The versioned reference catalogs: the 27 manifestations (NQ 04-NQ/TW) and the 19 prohibitions
 * (QĐ 37-QĐ/TW). Reading needs no scope (reference data). Replacing a text copies the current version
 * into a new one, so past checks keep the wording they were made against.
 */
@Injectable()
export class ManifestationsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  async listCatalog(_actor: Actor, catalog: CatalogName, version?: number): Promise<CatalogItemView[]> {
    return this.db.read(async (em) => (await this.itemsOf(em, catalog, version)).map(toCatalogItemView));
  }

  async getCatalogItem(
    _actor: Actor,
    catalog: CatalogName,
    code: number,
    version?: number,
  ): Promise<CatalogItemView> {
    return this.db.read(async (em) => {
      const v = version ?? (await this.currentVersion(em, catalog));
      const item = await em.findOneBy(CatalogItem, { catalog, catalogVersion: v, code });
      if (!item) throw catalogError('CATALOG_ITEM_NOT_FOUND', 'Catalog item not found');
      return toCatalogItemView(item);
    });
  }

  async listCatalogVersions(_actor: Actor, catalog: CatalogName): Promise<CatalogVersionView[]> {
    return this.db.read(async (em) => {
      const rows = await em.find(CatalogVersion, { where: { catalog }, order: { version: 'DESC' } });
      return rows.map((r, i) => ({
        catalog,
        version: r.version,
        reason: r.reason,
        createdAt: r.createdAt,
        current: i === 0,
      }));
    });
  }

  /** Admin correction of one item's wording: a new catalog version, audited. */
  async replaceCatalogItem(
    actor: Actor,
    catalog: CatalogName,
    code: number,
    dto: ReplaceCatalogItemDto,
  ): Promise<CatalogItemView> {
    if (!isValidCode(catalog, code))
      throw DomainError.invalidField(
        'code',
        'inCatalog',
        `code must be 1-${catalog === 'manifestation' ? 27 : 19}`,
      );
    return this.db.transaction(async (em) => {
      const current = await this.currentVersion(em, catalog);
      const items = await this.itemsOf(em, catalog, current);
      const before = items.find((i) => i.code === code);
      if (!before) throw catalogError('CATALOG_ITEM_NOT_FOUND', 'Catalog item not found');
      const next = current + 1;
      await em.insert(CatalogVersion, {
        catalog,
        version: next,
        reason: dto.reason,
        createdByUserId: actor.userId,
      });
      for (const item of items) {
        const fields = {
          catalog: item.catalog,
          code: item.code,
          groupCode: item.groupCode,
          text: item.text,
          summaryEn: item.summaryEn,
          verified: item.verified,
          verification: item.verification,
          draftUnverified: item.draftUnverified,
          topicHint: item.topicHint,
          source: item.source,
          sourceKind: item.sourceKind,
          note: item.note,
        };
        const replaced =
          item.code === code
            ? {
                text: dto.text.normalize('NFC'),
                verified: dto.verified,
                verification: dto.verification ?? (dto.verified ? 'verbatim' : 'partial'),
                summaryEn: dto.summaryEn ?? item.summaryEn,
                source: dto.source ?? item.source,
                sourceKind:
                  dto.sourceKind ?? (dto.verified ? 'official' : (item.sourceKind ?? 'secondary_quotation')),
                note: dto.note ?? item.note,
                draftUnverified: null,
              }
            : {};
        await em.insert(CatalogItem, { ...fields, ...replaced, catalogVersion: next });
      }
      const after = await em.findOneByOrFail(CatalogItem, { catalog, catalogVersion: next, code });
      await this.audit.record(em, actor, {
        action: `${catalog}.replace`,
        entityType: catalog,
        entityId: after.id,
        organizationPath: null,
        changes: {
          code,
          catalogVersion: { from: current, to: next },
          text: { from: before.text, to: after.text },
          verified: { from: before.verified, to: after.verified },
        },
        reason: dto.reason,
      });
      return toCatalogItemView(after);
    });
  }

  /** The newest version of a catalog (for use inside another module's transaction). */
  async currentVersion(em: EntityManager, catalog: CatalogName): Promise<number> {
    const version = await newestCatalogVersion(em, catalog);
    if (version === null)
      throw new Error(`catalog ${catalog} has no version; the cell-life migration did not run`);
    return version;
  }

  /** Items of one version (the current one when omitted), ordered by code. */
  async itemsOf(em: EntityManager, catalog: CatalogName, version?: number): Promise<CatalogItem[]> {
    const v = version ?? (await this.currentVersion(em, catalog));
    const items = await em.find(CatalogItem, {
      where: { catalog, catalogVersion: v },
      order: { code: 'ASC' },
    });
    if (items.length === 0) throw catalogError('CATALOG_VERSION_NOT_FOUND', `Catalog version ${v} not found`);
    return items;
  }
}
