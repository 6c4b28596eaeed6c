import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService, snapshot } from '../audit/audit.service.js';
import { coversPath, scopeOf } from '../common/scope.js';
import { visibleMember } from './member-reach.js';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { memberError } from './members.errors.js';
import { Database } from '../common/database.service.js';
import { isIsoDate } from '../common/dates.js';
import { updateVersioned } from '../common/versioned-update.js';
import { MemberExemption } from './member-exemption.entity.js';
import { CreateExemptionDto, UpdateExemptionDto } from './member-exemptions.dto.js';
import { overlaps, Period, reviewDueOn } from './member-exemptions.rules.js';
import { periodsOf, syncExemptFlag } from './member-exemptions.store.js';
import { Member } from './member.entity.js';
import type { ExemptionView } from './members.responses.js';

export function toExemptionView(e: MemberExemption): ExemptionView {
  return {
    id: e.id,
    memberId: e.memberId,
    from: e.fromDate,
    to: e.toDate,
    ground: e.ground,
    note: e.note,
    reviewDueOn: reviewDueOn({ from: e.fromDate, to: e.toDate }),
    version: e.version,
    createdAt: e.createdAt,
  };
}

/**
 * Exemption periods from party work and activities (miễn công tác và sinh hoạt đảng, QĐ 294-QĐ/TW
 * mục 7.2.3, HD 38-HD/BTCTW IV.1.2): whoever reads the member reads them; whoever manages the
 * member records and changes them. Periods of one member never overlap (409 naming `from`).
 */
@Injectable()
export class MemberExemptionsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  async listExemptions(actor: Actor, memberId: string): Promise<ExemptionView[]> {
    return this.db.read(async (em) => {
      const { member } = await visibleMember(em, actor, 'member.read', memberId);
      return (await periodsOf(em, member.id)).map(toExemptionView);
    });
  }

  async addExemption(actor: Actor, memberId: string, dto: CreateExemptionDto): Promise<ExemptionView> {
    const period = { from: dto.from, to: dto.to ?? null };
    assertPeriod(period);
    return this.db.transaction(async (em) => {
      const { member, cellPath } = await this.managed(em, actor, memberId);
      await assertNoOverlap(em, member.id, period, null);
      const saved = await em.save(
        em.create(MemberExemption, {
          memberId: member.id,
          fromDate: period.from,
          toDate: period.to,
          ground: dto.ground,
          note: dto.note?.normalize('NFC') || null,
          recordedByUserId: actor.userId,
          version: 1,
        }),
      );
      const view = toExemptionView(saved);
      await syncExemptFlag(em, member);
      await this.audit.record(em, actor, {
        action: 'member.exemption.add',
        entityType: 'member',
        entityId: member.id,
        organizationPath: cellPath,
        changes: snapshot(view),
      });
      return view;
    });
  }

  async updateExemption(
    actor: Actor,
    memberId: string,
    exemptionId: string,
    dto: UpdateExemptionDto,
  ): Promise<ExemptionView> {
    return this.db.transaction(async (em) => {
      const { member, cellPath } = await this.managed(em, actor, memberId);
      const found = await em.findOneBy(MemberExemption, { id: exemptionId, memberId: member.id });
      if (!found) throw DomainError.notFound('Exemption');
      const period = { from: found.fromDate, to: dto.to === undefined ? found.toDate : dto.to };
      assertPeriod(period);
      await assertNoOverlap(em, member.id, period, found.id);
      const changes: Partial<MemberExemption> = { toDate: period.to };
      if (dto.ground !== undefined) changes.ground = dto.ground;
      if (dto.note !== undefined) changes.note = dto.note.normalize('NFC') || null;
      const version = await updateVersioned(em, MemberExemption, found.id, dto.version, changes);
      const before = toExemptionView(found);
      const view = toExemptionView({ ...found, ...changes, version });
      await syncExemptFlag(em, member);
      await this.audit.record(em, actor, {
        action: 'member.exemption.update',
        entityType: 'member',
        entityId: member.id,
        organizationPath: cellPath,
        changes: { exemptionId: found.id, before: snapshot(before), after: snapshot(view) },
      });
      return view;
    });
  }

  /** The member in the caller's manage scope (a member's own account reads itself but never manages it). */
  private async managed(
    em: EntityManager,
    actor: Actor,
    memberId: string,
  ): Promise<{ member: Member; cellPath: string }> {
    const found = await visibleMember(em, actor, 'member.read', memberId);
    if (!coversPath(scopeOf(actor, 'member.manage'), found.cellPath)) throw DomainError.notFound('Member');
    return found;
  }
}

function assertPeriod(p: Period): void {
  if (!isIsoDate(p.from))
    throw DomainError.invalidField('from', 'isDate', 'from must be a real calendar date');
  if (p.to !== null && !isIsoDate(p.to))
    throw DomainError.invalidField('to', 'isDate', 'to must be a real calendar date');
  if (p.to !== null && p.to < p.from)
    throw DomainError.invalidField('to', 'notBeforeFrom', 'to must not be before from');
}

async function assertNoOverlap(
  em: EntityManager,
  memberId: string,
  p: Period,
  except: string | null,
): Promise<void> {
  const clash = (await periodsOf(em, memberId)).find(
    (o) => o.id !== except && overlaps(p, { from: o.fromDate, to: o.toDate }),
  );
  if (clash)
    throw memberError('MEMBER_EXEMPTION_OVERLAP', 'The period overlaps another exemption of the member', [
      {
        field: 'from',
        rule: 'noOverlap',
        message: `the period overlaps the exemption from ${clash.fromDate}${clash.toDate ? ` to ${clash.toDate}` : ''}`,
      },
    ]);
}
