import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService, diff, snapshot } from '../audit/audit.service.js';
import { AccessService, Scope, SqlCondition } from '../auth/access.service.js';
import { Actor } from '../auth/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { Page, pageOf } from '../common/pagination.js';
import { escapeLike, foldVietnamese } from '../common/text.js';
import { isIsoDate } from '../common/dates.js';
import { updateVersioned } from '../common/versioned-update.js';
import { hydrate, param, selectColumns } from '../common/raw-rows.js';
import { DisciplinaryRecord } from '../discipline/disciplinary-record.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { MemberCellHistory } from './member-cell-history.entity.js';
import { Member } from './member.entity.js';
import { CreateMemberDto, MemberQuery, UpdateMemberDto } from './members.dto.js';

export enum MemberErrorCode {
  CardNumberTaken = 'MEMBER_CARD_NUMBER_TAKEN',
  NotACell = 'MEMBER_CELL_NOT_A_CELL',
}

/**
 * A member as the API shows it. `expelledOn`: the day of an expulsion (khai trừ) decided in a
 * disciplinary record, or null; the member is off the roll from that day (src/discipline).
 */
export type MemberView = Omit<Member, 'searchName'> & { expelledOn: string | null };

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
 * The earliest expulsion of member "m" (read-only, from the discipline module's table): one lookup
 * on the (memberId, decidedOn) index per member shown.
 */
const EXPELLED_ON =
  `(SELECT MIN("x"."decidedOn") FROM "disciplinary_record" "x" ` +
  `WHERE "x"."memberId" = "m"."id" AND "x"."form" = 'expulsion') AS "expelledOn"`;

/** A date from EXPELLED_ON as YYYY-MM-DD, with TypeORM's own conversion for a date column. */
function expelledOnDate(em: EntityManager, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const column = em.connection.getMetadata(DisciplinaryRecord).findColumnWithPropertyName('decidedOn')!;
  return em.connection.driver.prepareHydratedValue(value, column) as string;
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
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * A page of the members in scope, in name order. Two statements, neither of which reads a member
   * row it does not return: the total, and the page's ids from IDX_member_cell_list alone (the
   * subtree's cells, then their members' (searchName, id) entries) joined to the page's rows by
   * primary key. The QueryBuilder's own paging (skip/take with a join) ran a DISTINCT over every
   * full row of the subtree and a COUNT(DISTINCT): 25-36 ms for a province of 10,000 members.
   */
  async listMembers(actor: Actor, q: MemberQuery): Promise<Page<MemberView>> {
    return this.db.read(async (em) => {
      const scope = this.inScope(this.access.scopeOf(actor, 'member.read'));
      const qb = em.createQueryBuilder().from(Member, 'm').where(scope.sql, scope.params);
      if (q.organizationId) {
        const org = await this.access.visibleOrganization(em, actor, 'organization.read', q.organizationId);
        qb.andWhere(`m.cellId IN (SELECT "o"."id" FROM "organization" "o" WHERE "o"."path" LIKE :orgPath)`, {
          orgPath: `${org.path}%`,
        });
      }
      if (q.q) {
        const folded = foldVietnamese(q.q);
        if (folded) qb.andWhere(`m.searchName LIKE :q ESCAPE '\\'`, { q: `%${escapeLike(folded)}%` });
      }
      if (q.status) qb.andWhere('m.status = :status', { status: q.status });
      const counted = await qb.clone().select('COUNT(*)', 'total').getRawOne<{ total: number | string }>();
      const total = Number(counted?.total ?? 0);
      const offset = (q.page - 1) * q.pageSize;
      if (offset >= total) return pageOf([], total, q);
      const [pageSql, params] = qb
        .select('m.id', 'id')
        .orderBy('m.searchName')
        .addOrderBy('m.id')
        .offset(offset)
        .limit(q.pageSize)
        .getQueryAndParameters();
      const rows: Array<Record<string, unknown>> = await em.query(
        `SELECT ${selectColumns(em, Member, 'm')}, ${EXPELLED_ON} FROM (${pageSql}) "p" ` +
          `INNER JOIN "member" "m" ON "m"."id" = "p"."id" ORDER BY "m"."searchName", "m"."id"`,
        params,
      );
      return pageOf(
        rows.map((r) => toMemberView(hydrate(em, Member, r, 'm'), expelledOnDate(em, r.expelledOn))),
        total,
        q,
      );
    });
  }

  async getMember(actor: Actor, id: string): Promise<MemberView> {
    return this.db.read(async (em) => {
      const { member } = await this.access.visibleMember(em, actor, 'member.read', id);
      return toMemberView(member, await this.expelledOn(em, member.id));
    });
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
      return toMemberView({ ...after, updatedAt: new Date() }, await this.expelledOn(em, member.id));
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

  /**
   * "Member m is in the scope" as cell ids from the subtree (an index range on organization.path, then
   * one on member.cellId) rather than a join, so the member's own row can be ORed in by primary key
   * without SQLite falling back to a scan of every member. The own row is left out when the subtree
   * already holds it (a secretary who is a member of their own cell).
   */
  private inScope(scope: Scope): SqlCondition {
    if (scope.all) return { sql: '1=1', params: {} };
    const parts: string[] = [];
    const params: Record<string, string> = {};
    if (scope.paths.length) {
      const paths = this.access.pathCondition(scope, '"c"."path"');
      parts.push(`m.cellId IN (SELECT "c"."id" FROM "organization" "c" WHERE ${paths.sql})`);
      Object.assign(params, paths.params);
    }
    if (scope.selfMemberId && !this.access.coversPath(scope, scope.selfCellPath)) {
      parts.push('m.id = :selfId');
      params.selfId = scope.selfMemberId;
    }
    return { sql: parts.length ? `(${parts.join(' OR ')})` : '1=0', params };
  }

  private async expelledOn(em: EntityManager, memberId: string): Promise<string | null> {
    const rows: Array<{ expelledOn: unknown }> = await em.query(
      `SELECT ${EXPELLED_ON} FROM "member" "m" WHERE "m"."id" = ${param(em, 1)}`,
      [memberId],
    );
    return expelledOnDate(em, rows[0]?.expelledOn);
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
