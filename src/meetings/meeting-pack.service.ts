import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { Database } from '../common/database.service.js';
import { isIsoDate, vnToday } from '../common/dates.js';
import {
  documentHeading,
  OrganizationNode,
  signatureBlock,
  viDate,
} from '../common/document-layout.rules.js';
import { DomainError } from '../common/domain-error.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { ancestorIds } from '../organizations/organizations.rules.js';
import { Guest, Meeting, MeetingPresentation } from './meeting.entity.js';
import { MeetingPackData, meetingPackDocx, PackCommitment } from './meeting-pack-docx.js';
import { periodName } from './meeting-pack.rules.js';
import { MeetingPackQuery } from './meetings.dto.js';
import { packAttendance, packCommitments, rollOnDay } from './meetings.repository.js';

export interface PackFile {
  buffer: Buffer;
  fileName: string;
}

/** Commitments the cell makes public (accepted or later), in the order of their members' names. */
const PUBLIC_STATUSES = ['accepted', 'reported', 'assessed'];

/**
 * The meeting pack (bộ tài liệu sinh hoạt chi bộ, DOCX) the secretary prints: for a meeting to come
 * (a cell, a day, a kind) or for one already recorded. Read-only. Reaches the cell's secretary and
 * the leaders above it (and admins); a member, even of that cell, or anyone else gets 404.
 */
@Injectable()
export class MeetingPackService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  /** The pack of a meeting to come: the cell's roll on the day, the commitments not yet made public. */
  async plannedPack(actor: Actor, q: MeetingPackQuery): Promise<PackFile> {
    if (!isIsoDate(q.heldOn))
      throw DomainError.invalidField('heldOn', 'isDate', 'heldOn must be a real calendar date');
    return this.db.read(async (em) => {
      const cell = await this.packCell(em, actor, q.cellId, 'Organization');
      if (cell.kind !== 'cell')
        throw DomainError.invalidField('cellId', 'isCell', 'cellId must be a cell (chi bộ)');
      const members = await rollOnDay(em, cell.path, q.heldOn);
      const rows = await this.commitmentRows(em, {
        cellId: cell.id,
        year: Number(q.heldOn.slice(0, 4)),
        statuses: PUBLIC_STATUSES,
      });
      return this.file(em, cell, {
        heldOn: q.heldOn,
        kind: q.kind,
        topic: q.topic ?? null,
        members: members.map((m) => ({
          fullName: m.fullName,
          isExempt: m.isExempt,
          isSuspended: m.isSuspended,
          status: null,
        })),
        commitments: rows,
        held: false,
        guests: [],
        minutes: null,
      });
    });
  }

  /** The pack of a recorded meeting: its attendance, the commitments presented, its minutes. */
  async recordedPack(actor: Actor, meetingId: string): Promise<PackFile> {
    return this.db.read(async (em) => {
      const meeting = await em.findOneBy(Meeting, { id: meetingId });
      if (!meeting) throw DomainError.notFound('Meeting');
      const cell = await this.packCell(em, actor, meeting.cellId, 'Meeting');
      const attendance = await packAttendance(em, meeting.id);
      const presented = await em.find(MeetingPresentation, { where: { meetingId: meeting.id } });
      const rows = presented.length
        ? await this.commitmentRows(em, { ids: presented.map((x) => x.commitmentId) })
        : [];
      const guests = meeting.guests ? (JSON.parse(meeting.guests) as Guest[]) : [];
      return this.file(em, cell, {
        heldOn: meeting.heldOn,
        kind: meeting.kind,
        topic: meeting.topic,
        members: attendance.map((a) => {
          // `expected` false: exempt or suspended on the day (the record's own word; flags may have changed since).
          const notExpected = !truthy(a.expected);
          return {
            fullName: a.fullName,
            isSuspended: notExpected && truthy(a.isSuspended),
            isExempt: notExpected && !truthy(a.isSuspended),
            status: a.status,
          };
        }),
        commitments: rows,
        held: true,
        guests: guests.map((g) => g.fullName + (g.position ? ` (${g.position})` : '')),
        minutes: meeting.minutes,
      });
    });
  }

  /** The cell of the pack, within the caller's secretary or leader reach (404 otherwise, naming `missing`). */
  private async packCell(
    em: EntityManager,
    actor: Actor,
    cellId: string,
    missing: 'Organization' | 'Meeting',
  ): Promise<Organization> {
    const cell = await em.findOneBy(Organization, { id: cellId });
    // Only the paths of a secretary's cell or a leader's subtree: a member's own cell does not count.
    if (!cell || !this.access.coversPath(this.access.scopeOf(actor, 'meeting.read'), cell.path))
      throw DomainError.notFound(missing);
    return cell;
  }

  private async commitmentRows(
    em: EntityManager,
    which: Parameters<typeof packCommitments>[1],
  ): Promise<PackCommitment[]> {
    const rows = await packCommitments(em, which);
    return rows.map((r) => ({
      fullName: r.fullName,
      period: periodName(r.periodType, Number(r.periodKey), Number(r.year)),
      items: Number(r.items),
    }));
  }

  private async file(
    em: EntityManager,
    cell: Organization,
    d: Omit<MeetingPackData, 'cellName' | 'heading' | 'cellSignature'>,
  ): Promise<PackFile> {
    const ids = ancestorIds(cell.path);
    const ancestors = ids.length
      ? await em.find(Organization, {
          where: { id: In(ids) },
          select: { id: true, name: true, kind: true, isGrassroots: true, depth: true },
        })
      : [];
    const chain: OrganizationNode[] = [cell, ...ancestors.sort((a, b) => b.depth - a.depth)];
    const head = cell.headMemberId
      ? await em.findOne(Member, { where: { id: cell.headMemberId }, select: { id: true, fullName: true } })
      : null;
    const buffer = await meetingPackDocx({
      ...d,
      cellName: cell.name,
      heading: documentHeading(chain, vnToday()),
      cellSignature: signatureBlock(cell, head?.fullName ?? null),
    });
    return {
      buffer,
      fileName: `Tài liệu sinh hoạt - ${cell.name} - ${viDate(d.heldOn).replaceAll('/', '-')}.docx`,
    };
  }
}

/** Booleans as either engine answers a raw select (SQLite 0/1, PostgreSQL true/false). */
const truthy = (v: unknown) => v === true || v === 1 || v === '1' || v === 't';
