import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService, snapshot } from '../audit/audit.service.js';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { membershipEnded, revokeMemberSessions } from '../auth/membership.js';
import { commonError, DomainError } from '../common/domain-error.js';
import { disciplineError } from './discipline.errors.js';
import { Database } from '../common/database.service.js';
import { isIsoDate, vnToday } from '../common/dates.js';
import { PageQuery, pageOf } from '../common/pagination.js';
import { invalidCodes } from '../manifestations/manifestations.rules.js';
import { ManifestationsService } from '../manifestations/manifestations.service.js';
import { DisciplinaryRecord } from './disciplinary-record.entity.js';
import { CreateDisciplinaryRecordDto } from './discipline.dto.js';
import { memberRecordsInYear, memberRecordsPage } from './discipline.repository.js';
import type { DisciplinaryRecordPage, DisciplinaryRecordView } from './discipline.responses.js';

export function toRecordView(r: DisciplinaryRecord): DisciplinaryRecordView {
  return {
    id: r.id,
    memberId: r.memberId,
    cellId: r.cellId,
    decidedOn: r.decidedOn,
    form: r.form,
    decisionNumber: r.decisionNumber,
    reason: r.reason,
    prohibitionCodes: r.prohibitionCodes ? (JSON.parse(r.prohibitionCodes) as number[]) : [],
    prohibitionCatalogVersion: r.prohibitionCatalogVersion,
    selfDetectedAndRemedied: r.selfDetectedAndRemedied,
    createdAt: r.createdAt,
  };
}

@Injectable()
export class DisciplineService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly catalogs: ManifestationsService,
  ) {}

  /**
   * A member's disciplinary records, newest first. The formal record follows the member: the member,
   * the secretary and leaders over their current cell read every decision, wherever it was taken.
   * A secretary or leader of a cell the member left reads the decisions taken while the member was
   * there (and `expelledOn` only from those). Only leaders over the current cell record new ones.
   */
  async listDisciplinaryRecords(
    actor: Actor,
    memberId: string,
    q: PageQuery,
  ): Promise<DisciplinaryRecordPage> {
    return this.db.read(async (em) => {
      const reach = await this.access.reachableMember(em, actor, 'discipline.read', memberId);
      const made = reach.current
        ? { sql: '1=1', params: {} }
        : this.access.recordCondition(reach, '"o"."path"');
      const { rows, total, expulsion } = await memberRecordsPage(em, reach.member.id, made, q);
      return { ...pageOf(rows.map(toRecordView), total, q), expelledOn: expulsion?.decidedOn ?? null };
    });
  }

  /** A leader records a decision about a member of their subtree (never about themselves). */
  async recordDisciplinaryDecision(
    actor: Actor,
    memberId: string,
    dto: CreateDisciplinaryRecordDto,
  ): Promise<DisciplinaryRecordView> {
    if (!isIsoDate(dto.decidedOn))
      throw DomainError.invalidField('decidedOn', 'isDate', 'decidedOn must be a real calendar date');
    if (dto.decidedOn > vnToday())
      throw DomainError.invalidField('decidedOn', 'notFuture', 'decidedOn cannot be in the future');
    const codes = dto.prohibitionCodes ?? [];
    if (invalidCodes('prohibition', codes).length) {
      throw DomainError.invalidField('prohibitionCodes', 'unique', 'prohibitionCodes must not repeat a code');
    }
    return this.db.transaction(async (em) => {
      const { member, cellPath } = await this.access.visibleMember(em, actor, 'discipline.read', memberId);
      if (!this.access.coversPath(this.access.scopeOf(actor, 'discipline.manage'), cellPath))
        throw DomainError.notFound('Member');
      if (actor.memberId === member.id) {
        throw commonError(
          'SELF_REVIEW',
          'A decision about yourself is recorded by another leader or the committee above',
        );
      }
      const expelledOn = await this.expelledOn(em, member.id);
      if (expelledOn) {
        throw disciplineError('DISCIPLINE_MEMBER_EXPELLED', `The member was expelled on ${expelledOn}`);
      }
      const decisionNumber = dto.decisionNumber.normalize('NFC');
      if (await em.existsBy(DisciplinaryRecord, { memberId: member.id, decisionNumber })) {
        throw disciplineError(
          'DISCIPLINE_DUPLICATE_DECISION',
          'This decision is already recorded for the member',
          [
            {
              field: 'decisionNumber',
              rule: 'unique',
              message: 'decisionNumber is already recorded for this member',
            },
          ],
        );
      }
      const record = await em.save(
        em.create(DisciplinaryRecord, {
          memberId: member.id,
          cellId: member.cellId,
          decidedOn: dto.decidedOn,
          form: dto.form,
          decisionNumber,
          reason: dto.reason.normalize('NFC'),
          prohibitionCodes: codes.length ? JSON.stringify([...codes].sort((a, b) => a - b)) : null,
          prohibitionCatalogVersion: await this.catalogs.currentVersion(em, 'prohibition'),
          selfDetectedAndRemedied: dto.selfDetectedAndRemedied ?? false,
          createdByUserId: actor.userId,
        }),
      );
      // From the day of an expulsion the member's accounts no longer sign in (src/auth/membership.ts);
      // the decision dates today or earlier, so it takes effect now: their sessions end with it.
      if (record.form === 'expulsion' && membershipEnded(record.decidedOn, vnToday()))
        await revokeMemberSessions(em, member.id);
      await this.audit.record(em, actor, {
        action: dto.form === 'expulsion' ? 'discipline.expel' : 'discipline.create',
        entityType: 'disciplinary-record',
        entityId: record.id,
        organizationPath: cellPath,
        changes: snapshot(toRecordView(record)),
        reason: record.reason,
      });
      return toRecordView(record);
    });
  }

  /** The day a member was expelled (khai trừ), or null: they are inactive from that day. */
  async expelledOn(em: EntityManager, memberId: string): Promise<string | null> {
    const row = await em.findOne(DisciplinaryRecord, {
      where: { memberId, form: 'expulsion' },
      order: { decidedOn: 'ASC' },
    });
    return row?.decidedOn ?? null;
  }

  /** Decisions dated in a year, for the year-end evaluation. */
  async recordsInYear(em: EntityManager, memberId: string, year: number): Promise<DisciplinaryRecordView[]> {
    const rows = await memberRecordsInYear(em, memberId, year);
    return rows.map(toRecordView);
  }
}
