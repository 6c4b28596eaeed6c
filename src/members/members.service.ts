import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService, diff, snapshot } from '../audit/audit.service.js';
import { AccessService } from '../auth/access.service.js';
import { Actor } from '../auth/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { Page, pageOf } from '../common/pagination.js';
import { escapeLike, foldVietnamese } from '../common/text.js';
import { isIsoDate } from '../common/dates.js';
import { updateVersioned } from '../common/versioned-update.js';
import { Organization } from '../organizations/organization.entity.js';
import { MemberCellHistory } from './member-cell-history.entity.js';
import { Member } from './member.entity.js';
import { CreateMemberDto, MemberQuery, UpdateMemberDto } from './members.dto.js';

export enum MemberErrorCode {
  CardNumberTaken = 'MEMBER_CARD_NUMBER_TAKEN',
  NotACell = 'MEMBER_CELL_NOT_A_CELL',
}

export type MemberView = Omit<Member, 'searchName'>;

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

export function toMemberView(m: Member): MemberView {
  const view: Partial<Member> = { ...m };
  delete view.searchName;
  return view as MemberView;
}

@Injectable()
export class MembersService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async listMembers(actor: Actor, q: MemberQuery): Promise<Page<MemberView>> {
    return this.db.read(async (em) => {
      const scope = this.access.scopeOf(actor, 'member.read');
      const self = scope.selfMemberId
        ? [{ sql: 'm.id = :selfId', params: { selfId: scope.selfMemberId } }]
        : [];
      const cond = this.access.pathCondition(scope, 'c.path', self);
      const qb = em
        .createQueryBuilder(Member, 'm')
        .innerJoin(Organization, 'c', 'c.id = m.cellId')
        .where(cond.sql, cond.params);
      if (q.organizationId) {
        const org = await this.access.visibleOrganization(em, actor, 'organization.read', q.organizationId);
        qb.andWhere('c.path LIKE :orgPath', { orgPath: `${org.path}%` });
      }
      if (q.q) {
        const folded = foldVietnamese(q.q);
        if (folded) qb.andWhere(`m.searchName LIKE :q ESCAPE '\\'`, { q: `%${escapeLike(folded)}%` });
      }
      if (q.status) qb.andWhere('m.status = :status', { status: q.status });
      const [rows, total] = await qb
        .orderBy('m.searchName')
        .addOrderBy('m.id')
        .skip((q.page - 1) * q.pageSize)
        .take(q.pageSize)
        .getManyAndCount();
      return pageOf(rows.map(toMemberView), total, q);
    });
  }

  async getMember(actor: Actor, id: string): Promise<MemberView> {
    return this.db.read(async (em) =>
      toMemberView((await this.access.visibleMember(em, actor, 'member.read', id)).member),
    );
  }

  async createMember(actor: Actor, dto: CreateMemberDto): Promise<MemberView> {
    this.assertDates(dto);
    return this.db.transaction(async (em) => {
      const cell = await this.loadCell(em, actor, dto.cellId);
      if (dto.partyCardNumber) await this.assertCardFree(em, dto.partyCardNumber);
      const member = await em.save(
        em.create(Member, {
          fullName: dto.fullName.normalize('NFC'),
          searchName: foldVietnamese(dto.fullName),
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
      const { member, cellPath } = await this.access.visibleMember(em, actor, 'member.manage', id);
      // A member's own account reads itself through the member role but never manages itself.
      if (!this.access.coversPath(this.access.scopeOf(actor, 'member.manage'), cellPath))
        throw DomainError.notFound('Member');
      const changes: Partial<Member> = {};
      if (dto.fullName !== undefined) {
        changes.fullName = dto.fullName.normalize('NFC');
        changes.searchName = foldVietnamese(dto.fullName);
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
        await em
          .createQueryBuilder()
          .update(MemberCellHistory)
          .set({ toAt: now })
          .where('memberId = :id AND toAt IS NULL', { id: member.id })
          .execute();
        await em.insert(MemberCellHistory, {
          memberId: member.id,
          cellId: cell.id,
          fromAt: now,
          toAt: null,
          reason: dto.transferReason ?? 'transfer',
        });
      }
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
      return toMemberView({ ...after, updatedAt: new Date() });
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
      searchName: foldVietnamese(r.fullName),
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
        await em.createQueryBuilder().insert().into(target).values(chunk).updateEntity(false).execute();
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
    const cell = await this.access.visibleOrganization(em, actor, 'member.manage', cellId).catch(() => {
      throw DomainError.invalidField('cellId', 'inScope', 'cellId must be a cell in your organisation');
    });
    if (!this.access.coversPath(this.access.scopeOf(actor, 'member.manage'), cell.path)) {
      throw DomainError.invalidField('cellId', 'inScope', 'cellId must be a cell in your organisation');
    }
    if (cell.kind !== 'cell') {
      throw new DomainError(
        MemberErrorCode.NotACell,
        'validation',
        'cellId must be a cell (chi bộ), not a committee',
        [{ field: 'cellId', rule: 'isCell', message: 'cellId must be a cell (chi bộ)' }],
      );
    }
    return cell;
  }

  private async assertCardFree(em: EntityManager, card: string): Promise<void> {
    if (await em.existsBy(Member, { partyCardNumber: card })) {
      throw new DomainError(
        MemberErrorCode.CardNumberTaken,
        'conflict',
        'partyCardNumber is already registered',
        [{ field: 'partyCardNumber', rule: 'unique', message: 'partyCardNumber is already registered' }],
      );
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
