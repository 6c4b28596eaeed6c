import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService, diff, snapshot } from '../audit/audit.service.js';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { DomainError, ErrorDetail } from '../common/domain-error.js';
import { CommitmentsService } from '../commitments/commitments.service.js';
import { Database } from '../common/database.service.js';
import { isIsoDate, vnToday } from '../common/dates.js';
import { Page, pageOf } from '../common/pagination.js';
import { updateVersioned } from '../common/versioned-update.js';
import { Organization } from '../organizations/organization.entity.js';
import { applicableTheme, effectiveTheme } from '../study-themes/study-themes.repository.js';
import { CellLifeRates } from './cell-life-rates.repository.js';
import { Guest, Meeting, MeetingAttendance, MeetingPresentation } from './meeting.entity.js';
import { AttendanceRateQuery, CreateMeetingDto, MeetingQuery, UpdateMeetingDto } from './meetings.dto.js';
import {
  attendanceRows,
  MeetingAttendanceCounts,
  meetingAttendanceCounts,
  studyThemeAllowed,
} from './meetings.rules.js';
import { insertIssue, issueViewsWhere } from './meeting-issue-rows.js';
import type { AttendanceRates, MeetingSummary, MeetingView } from './meetings.responses.js';
import { visibleMeeting } from './meetings.access.js';
import { attendanceStatuses, meetingsPage, namedAttendance } from './meetings.repository.js';

@Injectable()
export class MeetingsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly rates: CellLifeRates,
    private readonly commitments: CommitmentsService,
  ) {}

  async listMeetings(actor: Actor, q: MeetingQuery): Promise<Page<MeetingSummary>> {
    return this.db.read(async (em) => {
      const scope = this.access.scopeOf(actor, 'meeting.read');
      const own = scope.selfCellPath
        ? [{ sql: 'c.path = :selfCell', params: { selfCell: scope.selfCellPath } }]
        : [];
      const cond = this.access.pathCondition(scope, 'c.path', own);
      let orgPath: string | undefined;
      if (q.organizationId)
        orgPath = (await this.access.visibleOrganization(em, actor, 'meeting.read', q.organizationId)).path;
      const { total, rows } = await meetingsPage(
        em,
        cond,
        { orgPath, kind: q.kind, from: q.from, to: q.to },
        q,
      );
      const items = rows.map((r) => ({
        ...this.summaryOf(r.meeting, r.cellName),
        present: r.present,
        expected: r.expected,
      }));
      return pageOf(items, total, q);
    });
  }

  async getMeeting(actor: Actor, id: string): Promise<MeetingView> {
    return this.db.read(async (em) => {
      const { meeting, cell } = await visibleMeeting(em, this.access, actor, 'meeting.read', id);
      return this.viewOf(em, meeting, cell);
    });
  }

  /**
   * Records a meeting of the secretary's cell with the attendance of every member of the cell on that
   * day (unlisted members absent), guests, minutes, the commitments presented and the issues raised.
   */
  async recordMeeting(actor: Actor, dto: CreateMeetingDto): Promise<MeetingView> {
    if (!isIsoDate(dto.heldOn))
      throw DomainError.invalidField('heldOn', 'isDate', 'heldOn must be a real calendar date');
    if (dto.heldOn > vnToday())
      throw DomainError.invalidField('heldOn', 'notFuture', 'heldOn cannot be in the future');
    if (dto.studyThemeId && !studyThemeAllowed(dto.kind)) {
      throw DomainError.invalidField(
        'studyThemeId',
        'studyMeetingOnly',
        'studyThemeId is only for a meeting of kind study',
      );
    }
    return this.db.transaction(async (em) => {
      const cell = await this.managedCell(em, actor, dto.cellId);
      // A closed cell (merged or split, docs/ORGANIZATIONS.md) keeps its history: a meeting held up
      // to its closing day may still be recorded; a later one belongs to the successor.
      if (cell.closedOn && dto.heldOn > cell.closedOn) {
        throw DomainError.invalidField(
          'cellId',
          'open',
          `cellId is a cell closed on ${cell.closedOn}; a meeting held after that belongs to its successor`,
        );
      }
      const roster = await this.rates.roster(em, cell.path, dto.heldOn);
      const { rows, errors } = attendanceRows(roster, dto.attendance);
      const onRoll = new Set(roster.map((r) => r.memberId));
      (dto.issues ?? []).forEach((issue, i) => {
        if (issue.ownerMemberId && !onRoll.has(issue.ownerMemberId)) {
          errors.push({
            field: `issues[${i}].ownerMemberId`,
            rule: 'memberOfCell',
            message: `issues[${i}].ownerMemberId is not a member of this cell`,
          });
        }
      });
      if (errors.length) throw DomainError.validation(errors, errors.map((e) => e.message).join('; '));

      const year = Number(dto.heldOn.slice(0, 4));
      let studyThemeId: string | null = null;
      if (dto.studyThemeId) {
        const theme = await applicableTheme(em, dto.studyThemeId, cell.path);
        if (!theme || theme.year !== year) {
          throw DomainError.invalidField(
            'studyThemeId',
            'applicable',
            `studyThemeId must be a ${year} theme of this cell or a committee above it`,
          );
        }
        studyThemeId = theme.id;
      } else if (dto.kind === 'study') {
        studyThemeId = (await effectiveTheme(em, cell.path, year))?.id ?? null;
      }

      const guests: Guest[] = (dto.guests ?? []).map((g) => ({
        fullName: g.fullName.normalize('NFC'),
        position: g.position?.normalize('NFC') ?? null,
      }));
      const meeting = await em.save(
        em.create(Meeting, {
          cellId: cell.id,
          heldOn: dto.heldOn,
          kind: dto.kind,
          topic: dto.topic.normalize('NFC'),
          studyThemeId,
          guests: guests.length ? JSON.stringify(guests) : null,
          minutes: dto.minutes?.normalize('NFC') ?? null,
          createdByUserId: actor.userId,
          version: 1,
        }),
      );
      for (let i = 0; i < rows.length; i += 100) {
        await em.insert(
          MeetingAttendance,
          rows.slice(i, i + 100).map((r) => ({ ...r, meetingId: meeting.id })),
        );
      }
      Object.assign(meeting, await this.storeAttendanceCounts(em, meeting.id));
      const presented = await this.presentCommitments(em, actor, meeting, dto.presentedCommitmentIds ?? []);
      for (const issue of dto.issues ?? []) await insertIssue(em, meeting, issue);
      await this.audit.record(em, actor, {
        action: 'meeting.create',
        entityType: 'meeting',
        entityId: meeting.id,
        organizationPath: cell.path,
        changes: {
          ...snapshot(meeting),
          attendance: rows,
          presentedCommitmentIds: presented,
          issues: dto.issues ?? [],
        },
      });
      return this.viewOf(em, meeting, cell);
    });
  }

  /** Corrects topic, minutes, guests or the attendance of listed members (audited, versioned). */
  async updateMeeting(actor: Actor, id: string, dto: UpdateMeetingDto): Promise<MeetingView> {
    return this.db.transaction(async (em) => {
      const { meeting, cell } = await visibleMeeting(em, this.access, actor, 'meeting.manage', id);
      if (!this.access.coversPath(this.access.scopeOf(actor, 'meeting.manage'), cell.path))
        throw DomainError.notFound('Meeting');
      const rows = await em.findBy(MeetingAttendance, { meetingId: meeting.id });
      const byMember = new Map(rows.map((r) => [r.memberId, r]));
      const errors: ErrorDetail[] = [];
      (dto.attendance ?? []).forEach((a, i) => {
        const field = `attendance[${i}].memberId`;
        if (!byMember.has(a.memberId))
          errors.push({
            field,
            rule: 'memberOfCell',
            message: `${field} was not a member of this cell on the meeting day`,
          });
        else if (dto.attendance!.findIndex((b) => b.memberId === a.memberId) !== i)
          errors.push({ field, rule: 'unique', message: `${field} lists the same member twice` });
      });
      if (errors.length) throw DomainError.validation(errors, errors.map((e) => e.message).join('; '));
      const changes: Partial<Meeting> = {};
      if (dto.topic !== undefined) changes.topic = dto.topic.normalize('NFC');
      if (dto.minutes !== undefined) changes.minutes = dto.minutes.normalize('NFC');
      if (dto.guests !== undefined) {
        const guests: Guest[] = dto.guests.map((g) => ({
          fullName: g.fullName.normalize('NFC'),
          position: g.position?.normalize('NFC') ?? null,
        }));
        changes.guests = guests.length ? JSON.stringify(guests) : null;
      }
      const version = await updateVersioned(em, Meeting, meeting.id, dto.version, changes);
      const attendance: Array<{ memberId: string; from: string; to: string }> = [];
      for (const a of dto.attendance ?? []) {
        const row = byMember.get(a.memberId)!;
        await em.update(
          MeetingAttendance,
          { id: row.id },
          { status: a.status, note: a.note?.trim() || null },
        );
        if (row.status !== a.status)
          attendance.push({ memberId: a.memberId, from: row.status, to: a.status });
      }
      const counts = dto.attendance?.length ? await this.storeAttendanceCounts(em, meeting.id) : {};
      const after = { ...meeting, ...changes, ...counts, version };
      await this.audit.record(em, actor, {
        action: 'meeting.update',
        entityType: 'meeting',
        entityId: meeting.id,
        organizationPath: cell.path,
        changes: { ...diff(meeting, after), ...(attendance.length ? { attendance } : {}) },
      });
      return this.viewOf(em, after, cell);
    });
  }

  /**
   * Attendance rates for a date range: over a subtree (total, per cell or per member) or for one
   * member. Names appear only to leaders/secretaries over the organisation, or to the member asking
   * about themselves.
   */
  async attendanceRates(actor: Actor, q: AttendanceRateQuery): Promise<AttendanceRates> {
    if (!q.organizationId && !q.memberId) {
      throw DomainError.invalidField('organizationId', 'required', 'organizationId or memberId is required');
    }
    if (q.from > q.to) throw DomainError.invalidField('to', 'afterFrom', 'to must not be before from');
    return this.db.read(async (em) => {
      const scope = this.access.scopeOf(actor, 'meeting.read');
      let path: string | null = null;
      if (q.organizationId) {
        const org = await this.access.visibleOrganization(em, actor, 'meeting.read', q.organizationId);
        if (!this.access.coversPath(scope, org.path)) throw DomainError.notFound('Organization');
        path = org.path;
      }
      // A member's rate counts the meetings of cells the caller sees: all of them for the member
      // themselves, otherwise those of the caller's cells (also after the member moved away from one).
      let withinPaths: string[] | undefined;
      if (q.memberId) {
        const reach = await this.access.reachableMember(em, actor, 'meeting.read', q.memberId);
        if (!reach.allRecords) withinPaths = reach.scope.paths;
      }
      const groupBy = q.groupBy ?? 'total';
      const filter = { pathPrefix: path, memberId: q.memberId ?? null, withinPaths, from: q.from, to: q.to };
      const total = await this.rates.attendance(em, filter);
      const out: AttendanceRates = {
        organizationId: q.organizationId ?? null,
        memberId: q.memberId ?? null,
        from: q.from,
        to: q.to,
        total,
      };
      if (groupBy !== 'total') {
        out.groups = await this.rates.attendance(em, filter, groupBy);
      }
      return out;
    });
  }

  /**
   * Records which commitments were presented at the meeting (công khai trước chi bộ). The commitments
   * module checks they are accepted commitments of this cell and sets their presented-at link inside
   * this transaction; the meeting keeps its own list, since a commitment can be presented again.
   */
  private async presentCommitments(
    em: EntityManager,
    actor: Actor,
    meeting: Meeting,
    ids: string[],
  ): Promise<string[]> {
    const errors: ErrorDetail[] = [];
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) {
        const field = `presentedCommitmentIds.${i}`;
        errors.push({ field, rule: 'unique', message: `${field} lists the same commitment twice` });
      }
    });
    if (errors.length) throw DomainError.validation(errors, errors.map((e) => e.message).join('; '));
    if (ids.length === 0) return [];
    await this.commitments.markPresented(em, actor, meeting.id, meeting.cellId, ids);
    await em.insert(
      MeetingPresentation,
      ids.map((commitmentId) => ({ meetingId: meeting.id, commitmentId })),
    );
    return ids;
  }

  /**
   * Recounts the meeting's attendance rows (rule: `meetingAttendanceCounts`) and stores the counts on
   * the meeting row, which the subtree's attendance rate reads instead of the rows. Every write of
   * attendance rows (their `status`, `expected`) calls it inside its transaction. Reads the rows
   * through their covering index IDX_attendance_meeting_report.
   */
  private async storeAttendanceCounts(
    em: EntityManager,
    meetingId: string,
  ): Promise<MeetingAttendanceCounts> {
    const rows = await attendanceStatuses(em, meetingId);
    const counts = meetingAttendanceCounts(rows);
    await em.update(Meeting, { id: meetingId }, counts);
    return counts;
  }

  /** The cell the secretary manages; 404 outside their scope, 400 for a committee. */
  private async managedCell(em: EntityManager, actor: Actor, cellId: string): Promise<Organization> {
    const scope = this.access.scopeOf(actor, 'meeting.manage');
    const cell = await em.findOneBy(Organization, { id: cellId });
    if (!cell || !this.access.coversPath(scope, cell.path)) throw DomainError.notFound('Organization');
    if (cell.kind !== 'cell')
      throw DomainError.invalidField('cellId', 'isCell', 'cellId must be a cell (chi bộ)');
    return cell;
  }

  private async viewOf(em: EntityManager, meeting: Meeting, cell: Organization): Promise<MeetingView> {
    const attendance = await namedAttendance(em, meeting.id);
    const presented = await em.find(MeetingPresentation, {
      where: { meetingId: In([meeting.id]) },
      order: { createdAt: 'ASC' },
    });
    return {
      ...this.summaryOf(meeting, cell.name),
      guests: meeting.guests ? (JSON.parse(meeting.guests) as Guest[]) : [],
      minutes: meeting.minutes,
      attendance: attendance.map(({ row: a, fullName }) => ({
        memberId: a.memberId,
        fullName,
        status: a.status,
        expected: a.expected,
        note: a.note,
      })),
      presentedCommitmentIds: presented.map((p) => p.commitmentId),
      issues: await issueViewsWhere(em, 'i.meetingId = :id', { id: meeting.id }),
    };
  }

  private summaryOf(m: Meeting, cellName: string): Omit<MeetingSummary, 'present' | 'expected'> {
    return {
      id: m.id,
      cellId: m.cellId,
      cellName,
      heldOn: m.heldOn,
      kind: m.kind,
      topic: m.topic,
      studyThemeId: m.studyThemeId,
      version: m.version,
      createdAt: m.createdAt,
    };
  }
}
