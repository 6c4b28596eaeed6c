import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService, diff, snapshot } from '../audit/audit.service.js';
import { coversPath, Scope, scopeOf } from '../common/scope.js';
import { visibleOrganization } from '../organizations/visible-organization.js';
import { visibleMember } from './member-reach.js';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { memberError } from './members.errors.js';
import { Database } from '../common/database.service.js';
import { ReadCache } from '../common/read-cache.js';
import { Page, pageOf } from '../common/pagination.js';
import { foldVietnamese } from '../common/text.js';
import { isIsoDate, vnToday } from '../common/dates.js';
import { updateVersioned } from '../common/versioned-update.js';
import { Organization } from '../organizations/organization.entity.js';
import { MemberCellHistory } from './member-cell-history.entity.js';
import { covers } from './member-exemptions.rules.js';
import { periodsOf, setExemptToday } from './member-exemptions.store.js';
import { Member, SEARCH_NAME_LENGTH } from './member.entity.js';
import { CreateMemberDto, MemberQuery, UpdateMemberDto } from './members.dto.js';
import type { MemberView } from './members.responses.js';
import {
  closeCellHistory,
  countMembersWhere,
  expelledOn,
  insertRows,
  memberListCondition,
  memberPageWhere,
  memberRecordRow,
  memberRowsBound,
} from './members.repository.js';

/** A MemberView as the reads answer it (and cache it): the same JSON, the times already ISO strings. */
export type MemberRecord = Omit<MemberView, 'createdAt' | 'updatedAt'> & {
  createdAt: string;
  updatedAt: string;
};

/** A member row checked by the caller (src/imports): cell in scope, card number free, dates valid. */
export interface MemberImportRow {
  fullName: string;
  partyCardNumber: string | null;
  dateOfBirth: string | null;
  gender: Member['gender'];
  cell: Pick<Organization, 'id' | 'path'>;
  status: Member['status'];
  joinedPartyOn: string | null;
  position: string | null;
}

/**
 * Rows per INSERT: 15 member columns x 500 rows = 7,500 bound variables, under SQLite's limit (32,766
 * since 3.32) and PostgreSQL's (65,535); fewer, larger statements keep a 10,000-row import fast.
 */
const IMPORT_CHUNK = 500;

/**
 * Every table the list and the record read (ReadCache): the member rows, the organisation tree the
 * scope and the filter resolve to cells, the disciplinary records behind expelledOn. The cell history
 * is not read, but every transfer writes it, so it is declared too; the exemption periods `isExempt`
 * is derived from.
 */
const READ_TABLES = [
  'member',
  'organization',
  'disciplinary_record',
  'member_cell_history',
  'member_exemption',
] as const;

/**
 * A view as a cached answer carries it: the times as ISO strings made once (a cached answer is
 * serialized many times, and Date#toJSON was most of it); the same JSON.
 */
function cachedView(view: MemberView): MemberRecord {
  return { ...view, createdAt: iso(view.createdAt)!, updatedAt: iso(view.updatedAt)! };
}

/** What JSON.stringify made of the Date: its ISO string, null for an invalid one. */
function iso(d: Date | string | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  const date = d instanceof Date ? d : new Date(d);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function toMemberView(m: Member, expelled: string | null = null): MemberView {
  const view: Partial<Member> & { expelledOn?: string | null } = { ...m };
  delete view.searchName;
  view.expelledOn = expelled;
  return view as MemberView;
}

@Injectable()
export class MembersService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly cache: ReadCache,
  ) {}

  /**
   * A page of the members in scope, in name order: a count, then the page's ids from the indexes
   * alone joined to the page's rows by primary key (the QueryBuilder's skip/take with a join ran a
   * DISTINCT over every full row of the subtree and a COUNT(DISTINCT): 25-36 ms for a province of
   * 10,000 members). The count reads IDX_member_cell_list: the subtree's cells, then their members.
   * The page either sorts those entries too, or, when the subtree holds most members (a province
   * leader), walks IDX_member_name_list in name order and skips the few outside it: SQLite plans
   * without statistics and would always sort (page 20 of 10,000: 2.6 ms sorting, 0.4 ms walking).
   * PostgreSQL makes that choice itself.
   */
  async listMembers(actor: Actor, q: MemberQuery): Promise<Page<MemberRecord>> {
    const scope = scopeOf(actor, 'member.read');
    // The page depends on the member.read scope, the organisation filter's check (organization.read
    // scope; a refusal throws and is never kept) and every query parameter, besides READ_TABLES' rows.
    const orgScope = q.organizationId ? scopeOf(actor, 'organization.read') : null;
    const key =
      `members:list:${JSON.stringify(scope)}:${JSON.stringify(orgScope)}:` +
      JSON.stringify([q.page, q.pageSize, q.organizationId ?? null, q.q ?? null, q.status ?? null]);
    return this.cache.get(key, READ_TABLES, () => this.readList(actor, scope, q));
  }

  private readList(actor: Actor, scope: Scope, q: MemberQuery): Promise<Page<MemberRecord>> {
    return this.db.read(async (em) => {
      const orgPath = q.organizationId
        ? (await visibleOrganization(em, actor, 'organization.read', q.organizationId)).path
        : null;
      const filter = (walk: boolean) => memberListCondition(scope, q, orgPath, walk);
      const total = await countMembersWhere(em, filter(false));
      const offset = (q.page - 1) * q.pageSize;
      if (offset >= total) return pageOf([], total, q);
      const walk =
        em.dataSource.options.type === 'better-sqlite3' &&
        (offset + q.pageSize) * (await memberRowsBound(em)) <= total * total;
      const rows = await memberPageWhere(em, filter(walk), q.pageSize, offset, vnToday());
      return pageOf(
        rows.map((r) => cachedView({ ...toMemberView(r.member, r.expelledOn), isExempt: r.exemptToday })),
        total,
        q,
      );
    });
  }

  /**
   * The record is the same for everyone who may see it, so it is cached per member (missing ones
   * too) with its cell's path, and the caller's scope is checked on every request, exactly as
   * visibleMember (member-reach.ts) checks it: out of scope is a 404, as for a missing id.
   */
  async getMember(actor: Actor, id: string, on?: string): Promise<MemberRecord> {
    const found = await this.cache.get(`members:view:${id}`, READ_TABLES, () =>
      this.db.read(async (em) => {
        const row = await memberRecordRow(em, id);
        if (!row) return null;
        const { member } = row;
        const periods = (await periodsOf(em, member.id)).map((p) => ({ from: p.fromDate, to: p.toDate }));
        return {
          cellPath: row.cellPath,
          periods,
          view: cachedView(toMemberView(member, row.expelledOn)),
        };
      }),
    );
    const scope = scopeOf(actor, 'member.read');
    if (
      !found ||
      !(
        coversPath(scope, found.cellPath) ||
        (scope.selfMemberId !== null && scope.selfMemberId === found.view.id)
      )
    )
      throw DomainError.notFound('Member');
    // Derived from the periods on the day asked (today by default), not from the stored flag.
    const day = on ?? vnToday();
    return { ...found.view, isExempt: found.periods.some((p) => covers(p, day)) };
  }

  async createMember(actor: Actor, dto: CreateMemberDto): Promise<MemberView> {
    this.assertDates(dto);
    return this.db.transaction(async (em) => {
      const cell = await this.loadCell(em, actor, dto.cellId);
      if (dto.partyCardNumber) await this.assertCardFree(em, dto.partyCardNumber);
      const member = await em.save(
        em.create(Member, {
          fullName: dto.fullName.normalize('NFC'),
          searchName: foldVietnamese(dto.fullName, SEARCH_NAME_LENGTH),
          partyCardNumber: dto.partyCardNumber ?? null,
          dateOfBirth: dto.dateOfBirth ?? null,
          gender: dto.gender ?? null,
          cellId: cell.id,
          status: dto.status,
          joinedPartyOn: dto.joinedPartyOn ?? null,
          position: dto.position?.normalize('NFC') ?? null,
          isExempt: dto.isExempt ?? false,
          isSuspended: false,
          version: 1,
        }),
      );
      // `isExempt: true` opens an exemption period from today with ground "other".
      if (dto.isExempt) await setExemptToday(em, member.id, true, actor.userId);
      await em.insert(MemberCellHistory, {
        memberId: member.id,
        cellId: cell.id,
        fromAt: new Date(),
        toAt: null,
        reason: 'registered',
      });
      await this.audit.record(em, actor, {
        action: 'member.create',
        entityType: 'member',
        entityId: member.id,
        organizationPath: cell.path,
        changes: snapshot(toMemberView(member)),
      });
      return toMemberView(member);
    });
  }

  async updateMember(actor: Actor, id: string, dto: UpdateMemberDto): Promise<MemberView> {
    this.assertDates(dto);
    return this.db.transaction(async (em) => {
      const { member, cellPath } = await visibleMember(em, actor, 'member.manage', id);
      // A member's own account reads itself through the member role but never manages itself.
      if (!coversPath(scopeOf(actor, 'member.manage'), cellPath)) throw DomainError.notFound('Member');
      const changes: Partial<Member> = {};
      if (dto.fullName !== undefined) {
        changes.fullName = dto.fullName.normalize('NFC');
        changes.searchName = foldVietnamese(dto.fullName, SEARCH_NAME_LENGTH);
      }
      if (dto.partyCardNumber !== undefined && dto.partyCardNumber !== member.partyCardNumber) {
        await this.assertCardFree(em, dto.partyCardNumber);
        changes.partyCardNumber = dto.partyCardNumber;
      }
      for (const key of [
        'dateOfBirth',
        'gender',
        'status',
        'joinedPartyOn',
        'isExempt',
        'isSuspended',
      ] as const) {
        if (dto[key] !== undefined) (changes as Record<string, unknown>)[key] = dto[key];
      }
      if (dto.position !== undefined) changes.position = dto.position.normalize('NFC');
      let newPath = cellPath;
      if (dto.cellId !== undefined && dto.cellId !== member.cellId) {
        const cell = await this.loadCell(em, actor, dto.cellId);
        changes.cellId = cell.id;
        newPath = cell.path;
        const now = new Date();
        await closeCellHistory(em, member.id, now);
        await em.insert(MemberCellHistory, {
          memberId: member.id,
          cellId: cell.id,
          fromAt: now,
          toAt: null,
          reason: dto.transferReason ?? 'transfer',
        });
      }
      // `isExempt` opens a period from today or ends the current one (docs/MEMBERS.md, "Exemptions").
      if (dto.isExempt !== undefined) await setExemptToday(em, member.id, dto.isExempt, actor.userId);
      const version = await updateVersioned(em, Member, member.id, dto.version, changes);
      const after = { ...member, ...changes, version };
      await this.audit.record(em, actor, {
        action: changes.cellId ? 'member.transfer' : 'member.update',
        entityType: 'member',
        entityId: member.id,
        organizationPath: newPath,
        changes: diff(toMemberView(member), toMemberView(after)),
        reason: dto.transferReason ?? null,
      });
      return toMemberView({ ...after, updatedAt: new Date() }, await expelledOn(em, member.id));
    });
  }

  /**
   * Bulk registration inside the caller's transaction (the spreadsheet import): the same fields and
   * normalisation as createMember, a cell-history row per member and one audit entry per cell.
   * Inserts are chunked under the bound-variable limit; the unique index still guards card numbers.
   */
  async importMembers(
    em: EntityManager,
    actor: Actor,
    rows: MemberImportRow[],
    progress?: (membersWritten: number) => void,
  ): Promise<string[]> {
    const now = new Date();
    const members = rows.map((r) => ({
      id: randomUUID(),
      fullName: r.fullName.normalize('NFC'),
      searchName: foldVietnamese(r.fullName, SEARCH_NAME_LENGTH),
      partyCardNumber: r.partyCardNumber,
      dateOfBirth: r.dateOfBirth,
      gender: r.gender,
      cellId: r.cell.id,
      status: r.status,
      joinedPartyOn: r.joinedPartyOn,
      position: r.position?.normalize('NFC') ?? null,
      isExempt: false,
      isSuspended: false,
      version: 1,
      createdAt: now,
      updatedAt: now,
    }));
    const history = members.map((m) => ({
      id: randomUUID(),
      memberId: m.id,
      cellId: m.cellId,
      fromAt: now,
      toAt: null,
      reason: 'imported',
      createdAt: now,
    }));
    for (const [target, values] of [
      [Member, members],
      [MemberCellHistory, history],
    ] as const) {
      for (let i = 0; i < values.length; i += IMPORT_CHUNK) {
        const chunk = values.slice(i, i + IMPORT_CHUNK);
        await insertRows(em, target, chunk);
        if (target === Member) progress?.(i + chunk.length);
      }
    }
    const byCell = new Map<string, { path: string; ids: string[] }>();
    rows.forEach((r, i) => {
      const entry = byCell.get(r.cell.id) ?? { path: r.cell.path, ids: [] };
      entry.ids.push(members[i].id);
      byCell.set(r.cell.id, entry);
    });
    for (const [cellId, { path, ids }] of byCell) {
      await this.audit.record(em, actor, {
        action: 'member.import',
        entityType: 'organization',
        entityId: cellId,
        organizationPath: path,
        changes: { count: ids.length, memberIds: ids },
      });
    }
    return members.map((m) => m.id);
  }

  private async loadCell(em: EntityManager, actor: Actor, cellId: string): Promise<Organization> {
    const cell = await visibleOrganization(em, actor, 'member.manage', cellId).catch(() => {
      throw DomainError.invalidField('cellId', 'inScope', 'cellId must be a cell in your organisation');
    });
    if (!coversPath(scopeOf(actor, 'member.manage'), cell.path)) {
      throw DomainError.invalidField('cellId', 'inScope', 'cellId must be a cell in your organisation');
    }
    if (cell.kind !== 'cell') {
      throw memberError('MEMBER_CELL_NOT_A_CELL', 'cellId must be a cell (chi bộ), not a committee', [
        { field: 'cellId', rule: 'isCell', message: 'cellId must be a cell (chi bộ)' },
      ]);
    }
    // A closed cell (merged or split, docs/ORGANIZATIONS.md) takes no members.
    if (cell.closedOn)
      throw DomainError.invalidField('cellId', 'open', `cellId is a cell closed on ${cell.closedOn}`);
    return cell;
  }

  private async assertCardFree(em: EntityManager, card: string): Promise<void> {
    if (await em.existsBy(Member, { partyCardNumber: card })) {
      throw memberError('MEMBER_CARD_NUMBER_TAKEN', 'partyCardNumber is already registered', [
        { field: 'partyCardNumber', rule: 'unique', message: 'partyCardNumber is already registered' },
      ]);
    }
  }

  private assertDates(dto: { dateOfBirth?: string; joinedPartyOn?: string }): void {
    for (const key of ['dateOfBirth', 'joinedPartyOn'] as const) {
      const v = dto[key];
      if (v !== undefined && !isIsoDate(v))
        throw DomainError.invalidField(key, 'isDate', `${key} must be a real calendar date`);
    }
  }
}
