import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AccessService, MemberReach } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { commonError, DomainError } from '../common/domain-error.js';
import { conductCheckError } from './conduct-checks.errors.js';
import { Database } from '../common/database.service.js';
import { toCatalogItemView } from '../manifestations/manifestations.rules.js';
import { ManifestationsService } from '../manifestations/manifestations.service.js';
import { CheckStatus, ConductCheck, ConductCheckItem } from './conduct-check.entity.js';
import { MemberCheckQuery, PutConductCheckDto } from './conduct-checks.dto.js';
import {
  bumpCheckVersion,
  concludedPresentCodes,
  memberChecksOfPeriod,
} from './conduct-checks.repository.js';
import type { ConductCheckView } from './conduct-checks.responses.js';
import { duplicateCodeErrors, hasNotes, isCheckYear } from './conduct-checks.rules.js';

/** A check with the cell it was made in (null: not opened yet in the member's current cell). */
interface PlacedCheck {
  check: ConductCheck | null;
  cellId: string;
  cellPath: string;
  cellName: string;
}
type StoredCheck = PlacedCheck & { check: ConductCheck };

/** A date column as YYYY-MM-DD (PostgreSQL may hand back a Date). */
function isoDay(v: string | Date): string {
  if (!(v instanceof Date)) return String(v).slice(0, 10);
  return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
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
   * A member's check for a year (or quarter), one per cell the member was in for it: each stays with
   * the cell it was made in. The member reads their own; a secretary or leader the checks made in their
   * cells, also after the member moved away (`cellId` picks one; by default the current cell's, or the
   * latest one the caller may read). Reading someone else's notes is written to the audit log.
   */
  async getConductCheck(
    actor: Actor,
    memberId: string,
    year: number,
    q: MemberCheckQuery = {},
  ): Promise<ConductCheckView> {
    this.assertYear(year);
    const quarter = q.quarter ?? 0;
    return this.db.transaction(async (em) => {
      const reach = await this.access.reachableMember(em, actor, 'conduct-check.read', memberId);
      const readable = (await memberChecksOfPeriod(em, reach.member.id, year, quarter)).filter((c) =>
        this.readable(reach, c.cellPath),
      );
      const cellId = q.cellId ?? (reach.current ? reach.member.cellId : readable[0]?.check.cellId);
      if (!cellId) throw DomainError.notFound('Member');
      const placed = readable.find((c) => c.check.cellId === cellId) ?? this.unopened(reach, cellId);
      const { check, cellPath } = placed;
      const items = check ? await em.findBy(ConductCheckItem, { checkId: check.id }) : [];
      if (check && actor.memberId !== reach.member.id && hasNotes(items)) {
        await this.audit.record(em, actor, {
          action: 'conduct-check.read_notes',
          entityType: 'conduct-check',
          entityId: check.id,
          organizationPath: cellPath,
          changes: { memberId: reach.member.id, year, quarter },
        });
      }
      return this.viewOf(em, reach.member.id, year, quarter, placed, items, readable);
    });
  }

  /**
   * `self` by the member on their current cell's check; `conclusion` by a secretary of the cell the
   * check belongs to: the current cell's secretary on the current cell's check (opened at the first
   * entry), the secretary of a cell the member left on the check made there (never opened anew).
   */
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
    if (dto.document && field === 'self')
      throw DomainError.invalidField('document', 'conclusionOnly', 'document goes only with conclusion');
    const entries = (dto.self ?? dto.conclusion)!;
    const duplicates = duplicateCodeErrors(field, entries);
    if (duplicates.length)
      throw DomainError.validation(duplicates, duplicates.map((d) => d.message).join('; '));
    const quarter = dto.quarter ?? 0;
    return this.db.transaction(async (em) => {
      const reach = await this.access.reachableMember(em, actor, 'conduct-check.read', memberId);
      const member = reach.member;
      if (field === 'self' && actor.memberId !== member.id) {
        throw conductCheckError('CONDUCT_CHECK_NOT_OWN', 'Only the member fills in their own self-check');
      }
      const concludeScope = this.access.scopeOf(actor, 'conduct-check.conclude');
      if (field === 'conclusion' && !actor.permissions.has('conduct-check.conclude'))
        throw this.notSecretary();
      const checks = await memberChecksOfPeriod(em, member.id, year, quarter);
      const cellId =
        dto.cellId ??
        (field === 'self' || this.access.coversPath(concludeScope, reach.cellPath)
          ? member.cellId
          : checks.find((c) => this.access.coversPath(concludeScope, c.cellPath))?.check.cellId);
      if (!cellId) throw DomainError.notFound('Conduct check');
      const readable = checks.filter((c) => this.readable(reach, c.cellPath));
      const placed = readable.find((c) => c.check.cellId === cellId) ?? this.unopened(reach, cellId);
      if (field === 'self' && cellId !== member.cellId) {
        throw conductCheckError(
          'CONDUCT_CHECK_CELL_LEFT',
          'This check belongs to a cell the member has left: the self-check goes into the current cell’s check',
          [{ field: 'cellId', rule: 'currentCell', message: 'cellId must be the member’s current cell' }],
        );
      }
      if (field === 'conclusion') {
        if (!this.access.coversPath(concludeScope, placed.cellPath)) throw this.notSecretary();
        if (actor.memberId === member.id) {
          throw commonError(
            'SELF_REVIEW',
            'Another secretary of the cell or the committee above concludes on your own check',
          );
        }
      }
      let check = placed.check;
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
        if (!(await bumpCheckVersion(em, check.id, check.version)))
          throw DomainError.versionConflict(check.version + 1);
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
                concludingBody: dto.document?.body ?? null,
                documentNumber: dto.document?.number.trim().normalize('NFC') ?? null,
                documentDate: dto.document?.date ?? null,
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
        organizationPath: placed.cellPath,
        changes: {
          memberId: member.id,
          cellId: check.cellId,
          year,
          quarter,
          items: changed,
          ...(dto.document ? { document: dto.document } : {}),
        },
      });
      const items = await em.findBy(ConductCheckItem, { checkId: check.id });
      const written: StoredCheck = { ...placed, check };
      const shown = readable.some((c) => c.check.id === check.id) ? readable : [...readable, written];
      return this.viewOf(em, member.id, year, quarter, written, items, shown);
    });
  }

  /** A check made in a cell the caller reads: every one for the member themselves and an admin. */
  private readable(reach: MemberReach, cellPath: string): boolean {
    return reach.allRecords || this.access.coversPath(reach.scope, cellPath);
  }

  /**
   * The check not opened yet in the member's current cell, for a caller who reaches them there; any
   * other cell without a readable check is out of scope (a cell the member left opens no new check).
   */
  private unopened(reach: MemberReach, cellId: string): PlacedCheck {
    if (!reach.current || cellId !== reach.member.cellId) throw DomainError.notFound('Conduct check');
    return { check: null, cellId, cellPath: reach.cellPath, cellName: reach.cellName };
  }

  private notSecretary(): DomainError {
    return commonError(
      'FORBIDDEN',
      'Only a secretary of the cell the check belongs to records its conclusion',
    );
  }

  /** Codes the cell concluded `present` for a member in a year (any period): for the year-end evaluation. */
  async concludedPresentCodes(em: EntityManager, memberId: string, year: number): Promise<number[]> {
    return concludedPresentCodes(em, memberId, year);
  }

  private async viewOf(
    em: EntityManager,
    memberId: string,
    year: number,
    quarter: number,
    placed: PlacedCheck,
    items: ConductCheckItem[],
    readable: StoredCheck[],
  ): Promise<ConductCheckView> {
    const check = placed.check;
    const catalogVersion = check?.catalogVersion ?? (await this.catalogs.currentVersion(em, 'manifestation'));
    const catalog = await this.catalogs.itemsOf(em, 'manifestation', catalogVersion);
    const byCode = new Map(items.map((i) => [i.code, i]));
    return {
      id: check?.id ?? null,
      memberId,
      cellId: placed.cellId,
      cellName: placed.cellName,
      year,
      quarter,
      catalogVersion,
      version: check?.version ?? 0,
      checks: readable.map((c) => ({ id: c.check.id, cellId: c.cellId, cellName: c.cellName })),
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
            ? {
                status: i.conclusionStatus,
                note: i.conclusionNote,
                concludedAt: i.concludedAt,
                document:
                  i.concludingBody && i.documentNumber && i.documentDate
                    ? { body: i.concludingBody, number: i.documentNumber, date: isoDay(i.documentDate) }
                    : null,
              }
            : null,
        };
      }),
    };
  }

  /** Leaders and secretaries over the organisation only; members get 404 (as if missing). */
  private assertYear(year: number): void {
    if (!isCheckYear(year))
      throw DomainError.invalidField('year', 'range', 'year must be between 2000 and 2100');
  }
}
