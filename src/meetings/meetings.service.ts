import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService, snapshot } from '../audit/audit.service.js';
import { AccessService } from '../auth/access.service.js';
import { Actor } from '../auth/actor.js';
import { DomainError, ErrorDetail } from '../common/domain-error.js';
import { CommitmentsService } from '../commitments/commitments.service.js';
import { Database } from '../common/database.service.js';
import { isIsoDate, vnToday } from '../common/dates.js';
import { Page, pageOf } from '../common/pagination.js';
import { updateVersioned } from '../common/versioned-update.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { nextDay } from '../study-themes/study-themes.rules.js';
import { StudyThemesService } from '../study-themes/study-themes.service.js';
import { Guest, Meeting, MeetingAttendance, MeetingIssue, MeetingPresentation } from './meeting.entity.js';
import {
  AttendanceRateQuery,
  CreateMeetingDto,
  IssueDto,
  IssueQuery,
  MeetingQuery,
  ResolveIssueDto,
} from './meetings.dto.js';
import { AttendanceCounts, attendanceRate, attendanceRows, studyThemeAllowed } from './meetings.rules.js';
import { onRollSql, rollParams } from './membership.sql.js';

export enum MeetingErrorCode {
  IssueResolved = 'MEETING_ISSUE_ALREADY_RESOLVED',
}

export interface MeetingSummary {
  id: string;
  cellId: string;
  cellName: string;
  heldOn: string;
  kind: Meeting['kind'];
  topic: string;
  studyThemeId: string | null;
  present: number;
  expected: number;
  version: number;
  createdAt: Date;
}

export interface IssueView {
  id: string;
  meetingId: string;
  cellId: string;
  title: string;
  ownerMemberId: string | null;
  ownerName: string | null;
  status: MeetingIssue['status'];
  resolution: string | null;
  resolvedAt: Date | null;
  version: number;
  createdAt: Date;
}

export interface MeetingView extends Omit<MeetingSummary, 'present' | 'expected'> {
  guests: Guest[];
  minutes: string | null;
  attendance: Array<{
    memberId: string;
    fullName: string;
    status: MeetingAttendance['status'];
    expected: boolean;
    note: string | null;
  }>;
  presentedCommitmentIds: string[];
  issues: IssueView[];
}

export interface RateRow extends AttendanceCounts {
  rate: number | null;
  cellId?: string;
  cellName?: string;
  memberId?: string;
  fullName?: string;
}

export interface AttendanceRates {
  organizationId: string | null;
  memberId: string | null;
  from: string;
  to: string;
  total: RateRow;
  groups?: RateRow[];
}

const COUNTS = {
  present: `SUM(CASE WHEN "a"."status" = 'present' THEN 1 ELSE 0 END)`,
  excused: `SUM(CASE WHEN "a"."status" = 'excused' THEN 1 ELSE 0 END)`,
  absent: `SUM(CASE WHEN "a"."status" = 'absent' THEN 1 ELSE 0 END)`,
  expected: 'COUNT(*)',
};

@Injectable()
export class MeetingsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly themes: StudyThemesService,
    private readonly commitments: CommitmentsService,
  ) {}

  async listMeetings(actor: Actor, q: MeetingQuery): Promise<Page<MeetingSummary>> {
    return this.db.read(async (em) => {
      const scope = this.access.scopeOf(actor, 'meeting.read');
      const own = scope.selfCellPath
        ? [{ sql: 'c.path = :selfCell', params: { selfCell: scope.selfCellPath } }]
        : [];
      const cond = this.access.pathCondition(scope, 'c.path', own);
      const qb = em
        .createQueryBuilder(Meeting, 'mt')
        .innerJoin(Organization, 'c', 'c.id = mt.cellId')
        .addSelect('c.name', 'cellName')
        .addSelect(
          `(SELECT COUNT(*) FROM "meeting_attendance" "a" WHERE "a"."meetingId" = "mt"."id" AND "a"."expected" AND "a"."status" = 'present')`,
          'present',
        )
        .addSelect(
          `(SELECT COUNT(*) FROM "meeting_attendance" "a" WHERE "a"."meetingId" = "mt"."id" AND "a"."expected")`,
          'expected',
        )
        .where(cond.sql, cond.params);
      if (q.organizationId) {
        const org = await this.access.visibleOrganization(em, actor, 'meeting.read', q.organizationId);
        qb.andWhere('c.path LIKE :orgPath', { orgPath: `${org.path}%` });
      }
      if (q.kind) qb.andWhere('mt.kind = :kind', { kind: q.kind });
      if (q.from) qb.andWhere('mt.heldOn >= :from', { from: q.from });
      if (q.to) qb.andWhere('mt.heldOn <= :to', { to: q.to });
      const total = await qb.getCount();
      const { entities, raw } = await qb
        .orderBy('mt.heldOn', 'DESC')
        .addOrderBy('mt.id')
        .offset((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .getRawAndEntities<{ cellName: string; present: number; expected: number }>();
      const items = entities.map((m, i) => ({
        ...this.summaryOf(m, raw[i].cellName),
        present: Number(raw[i].present),
        expected: Number(raw[i].expected),
      }));
      return pageOf(items, total, q);
    });
  }

  async getMeeting(actor: Actor, id: string): Promise<MeetingView> {
    return this.db.read(async (em) => {
      const { meeting, cell } = await this.visibleMeeting(em, actor, 'meeting.read', id);
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
      const roster = await this.rosterOf(em, cell, dto.heldOn);
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
        const theme = await this.themes.applicableTheme(em, dto.studyThemeId, cell.path);
        if (!theme || theme.year !== year) {
          throw DomainError.invalidField(
            'studyThemeId',
            'applicable',
            `studyThemeId must be a ${year} theme of this cell or a committee above it`,
          );
        }
        studyThemeId = theme.id;
      } else if (dto.kind === 'study') {
        studyThemeId = (await this.themes.effectiveTheme(em, cell.path, year))?.id ?? null;
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
      const presented = await this.presentCommitments(em, actor, meeting, dto.presentedCommitmentIds ?? []);
      for (const issue of dto.issues ?? []) await this.insertIssue(em, meeting, issue);
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

  async addIssue(actor: Actor, meetingId: string, dto: IssueDto): Promise<IssueView> {
    return this.db.transaction(async (em) => {
      const { meeting, cell } = await this.visibleMeeting(em, actor, 'meeting.manage', meetingId);
      if (!this.access.coversPath(this.access.scopeOf(actor, 'meeting.manage'), cell.path))
        throw DomainError.notFound('Meeting');
      if (dto.ownerMemberId) {
        const roster = await this.rosterOf(em, cell, vnToday());
        if (!roster.some((r) => r.memberId === dto.ownerMemberId)) {
          throw DomainError.invalidField(
            'ownerMemberId',
            'memberOfCell',
            'ownerMemberId is not a member of this cell',
          );
        }
      }
      const issue = await this.insertIssue(em, meeting, dto);
      await this.audit.record(em, actor, {
        action: 'meeting.issue.create',
        entityType: 'meeting-issue',
        entityId: issue.id,
        organizationPath: cell.path,
        changes: snapshot(issue),
      });
      return (await this.issuesWhere(em, 'i.id = :id', { id: issue.id }))[0];
    });
  }

  /** Open (or resolved) issues in the caller's scope: a leader sees the whole subtree. */
  async listIssues(actor: Actor, q: IssueQuery): Promise<Page<IssueView>> {
    return this.db.read(async (em) => {
      const scope = this.access.scopeOf(actor, 'meeting.read');
      const own = scope.selfCellPath
        ? [{ sql: 'c.path = :selfCell', params: { selfCell: scope.selfCellPath } }]
        : [];
      const cond = this.access.pathCondition(scope, 'c.path', own);
      const qb = this.issueQuery(em).where(cond.sql, cond.params);
      if (q.organizationId) {
        const org = await this.access.visibleOrganization(em, actor, 'meeting.read', q.organizationId);
        qb.andWhere('c.path LIKE :orgPath', { orgPath: `${org.path}%` });
      }
      if (q.status) qb.andWhere('i.status = :status', { status: q.status });
      const total = await qb.getCount();
      const rows = await qb
        .orderBy('i.createdAt', 'DESC')
        .addOrderBy('i.id')
        .offset((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .getRawAndEntities<{ ownerName: string | null }>();
      return pageOf(
        rows.entities.map((e, i) => this.issueView(e, rows.raw[i].ownerName)),
        total,
        q,
      );
    });
  }

  async resolveIssue(actor: Actor, issueId: string, dto: ResolveIssueDto): Promise<IssueView> {
    return this.db.transaction(async (em) => {
      const issue = await em.findOneBy(MeetingIssue, { id: issueId });
      if (!issue) throw DomainError.notFound('Meeting issue');
      const cell = await em.findOneByOrFail(Organization, { id: issue.cellId });
      if (!this.access.coversPath(this.access.scopeOf(actor, 'meeting.manage'), cell.path))
        throw DomainError.notFound('Meeting issue');
      if (issue.status === 'resolved') {
        throw new DomainError(MeetingErrorCode.IssueResolved, 'conflict', 'The issue is already resolved');
      }
      const changes = {
        status: 'resolved' as const,
        resolution: dto.resolution.normalize('NFC'),
        resolvedAt: new Date(),
        resolvedByUserId: actor.userId,
      };
      await updateVersioned(em, MeetingIssue, issue.id, dto.version, changes);
      await this.audit.record(em, actor, {
        action: 'meeting.issue.resolve',
        entityType: 'meeting-issue',
        entityId: issue.id,
        organizationPath: cell.path,
        changes: { status: { from: 'open', to: 'resolved' }, resolution: changes.resolution },
      });
      return (await this.issuesWhere(em, 'i.id = :id', { id: issue.id }))[0];
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
      if (q.memberId) await this.access.visibleMember(em, actor, 'meeting.read', q.memberId);
      const groupBy = q.groupBy ?? 'total';
      const total = await this.attendanceCounts(em, {
        pathPrefix: path,
        memberId: q.memberId ?? null,
        from: q.from,
        to: q.to,
      });
      const out: AttendanceRates = {
        organizationId: q.organizationId ?? null,
        memberId: q.memberId ?? null,
        from: q.from,
        to: q.to,
        total,
      };
      if (groupBy !== 'total') {
        out.groups = await this.attendanceCounts(
          em,
          { pathPrefix: path, memberId: q.memberId ?? null, from: q.from, to: q.to },
          groupBy,
        );
      }
      return out;
    });
  }

  /**
   * The attendance aggregate (SQL): rows of meetings held from..to in cells under pathPrefix (and/or of
   * one member), counting only members expected at the meeting. Exported for reports and evaluations.
   */
  async attendanceCounts(
    em: EntityManager,
    f: { pathPrefix: string | null; memberId: string | null; from: string; to: string },
  ): Promise<RateRow>;
  async attendanceCounts(
    em: EntityManager,
    f: { pathPrefix: string | null; memberId: string | null; from: string; to: string },
    groupBy: 'cell' | 'member',
  ): Promise<RateRow[]>;
  async attendanceCounts(
    em: EntityManager,
    f: { pathPrefix: string | null; memberId: string | null; from: string; to: string },
    groupBy?: 'cell' | 'member',
  ): Promise<RateRow | RateRow[]> {
    const qb = em
      .createQueryBuilder()
      .from(MeetingAttendance, 'a')
      .innerJoin(Meeting, 'mt', 'mt.id = a.meetingId')
      .innerJoin(Organization, 'c', 'c.id = mt.cellId')
      .select(COUNTS.present, 'present')
      .addSelect(COUNTS.excused, 'excused')
      .addSelect(COUNTS.absent, 'absent')
      .addSelect(COUNTS.expected, 'expected')
      .where('"a"."expected"')
      .andWhere('mt.heldOn >= :from AND mt.heldOn <= :to', { from: f.from, to: f.to });
    if (f.pathPrefix) qb.andWhere('c.path LIKE :p', { p: `${f.pathPrefix}%` });
    if (f.memberId) qb.andWhere('a.memberId = :memberId', { memberId: f.memberId });
    const toRow = (r: Record<string, unknown>): RateRow =>
      attendanceRate({
        present: Number(r.present ?? 0),
        excused: Number(r.excused ?? 0),
        absent: Number(r.absent ?? 0),
        expected: Number(r.expected ?? 0),
      });
    if (!groupBy) return toRow((await qb.getRawOne<Record<string, unknown>>()) ?? {});
    if (groupBy === 'cell') {
      const rows = await qb
        .addSelect('c.id', 'cellId')
        .addSelect('c.name', 'cellName')
        .groupBy('c.id')
        .addGroupBy('c.name')
        .orderBy('c.name')
        .getRawMany<Record<string, unknown>>();
      return rows.map((r) => ({ cellId: String(r.cellId), cellName: String(r.cellName), ...toRow(r) }));
    }
    const rows = await qb
      .innerJoin(Member, 'm', 'm.id = a.memberId')
      .addSelect('m.id', 'memberId')
      .addSelect('m.fullName', 'fullName')
      .groupBy('m.id')
      .addGroupBy('m.fullName')
      .orderBy('m.fullName')
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({ memberId: String(r.memberId), fullName: String(r.fullName), ...toRow(r) }));
  }

  /** Members of the cell on a day (see membership.sql.ts), with whether they are expected to attend. */
  async rosterOf(
    em: EntityManager,
    cell: Organization,
    day: string,
  ): Promise<Array<{ memberId: string; expected: boolean }>> {
    const rows = await em
      .createQueryBuilder(Member, 'm')
      .select(['m.id', 'm.isExempt', 'm.isSuspended'])
      .where(onRollSql('r'), rollParams('r', cell.path, day, nextDay(day)))
      .orderBy('m.id')
      .getMany();
    return rows.map((m) => ({ memberId: m.id, expected: !m.isExempt && !m.isSuspended }));
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

  private async insertIssue(em: EntityManager, meeting: Meeting, dto: IssueDto): Promise<MeetingIssue> {
    return em.save(
      em.create(MeetingIssue, {
        meetingId: meeting.id,
        cellId: meeting.cellId,
        title: dto.title.normalize('NFC'),
        ownerMemberId: dto.ownerMemberId ?? null,
        status: 'open',
        resolution: null,
        resolvedAt: null,
        resolvedByUserId: null,
        version: 1,
      }),
    );
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

  private async visibleMeeting(
    em: EntityManager,
    actor: Actor,
    permission: 'meeting.read' | 'meeting.manage',
    id: string,
  ): Promise<{ meeting: Meeting; cell: Organization }> {
    const meeting = await em.findOneBy(Meeting, { id });
    if (!meeting) throw DomainError.notFound('Meeting');
    const cell = await em.findOneByOrFail(Organization, { id: meeting.cellId });
    const scope = this.access.scopeOf(actor, permission);
    if (
      this.access.coversPath(scope, cell.path) ||
      (scope.selfCellPath !== null && scope.selfCellPath === cell.path)
    ) {
      return { meeting, cell };
    }
    throw DomainError.notFound('Meeting');
  }

  private async viewOf(em: EntityManager, meeting: Meeting, cell: Organization): Promise<MeetingView> {
    const attendance = await em
      .createQueryBuilder(MeetingAttendance, 'a')
      .innerJoin(Member, 'm', 'm.id = a.memberId')
      .addSelect('m.fullName', 'fullName')
      .where('a.meetingId = :id', { id: meeting.id })
      .orderBy('m.searchName')
      .getRawAndEntities<{ fullName: string }>();
    const presented = await em.find(MeetingPresentation, {
      where: { meetingId: In([meeting.id]) },
      order: { createdAt: 'ASC' },
    });
    return {
      ...this.summaryOf(meeting, cell.name),
      guests: meeting.guests ? (JSON.parse(meeting.guests) as Guest[]) : [],
      minutes: meeting.minutes,
      attendance: attendance.entities.map((a, i) => ({
        memberId: a.memberId,
        fullName: attendance.raw[i].fullName,
        status: a.status,
        expected: a.expected,
        note: a.note,
      })),
      presentedCommitmentIds: presented.map((p) => p.commitmentId),
      issues: await this.issuesWhere(em, 'i.meetingId = :id', { id: meeting.id }),
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

  private issueQuery(em: EntityManager) {
    return em
      .createQueryBuilder(MeetingIssue, 'i')
      .innerJoin(Organization, 'c', 'c.id = i.cellId')
      .leftJoin(Member, 'om', 'om.id = i.ownerMemberId')
      .addSelect('om.fullName', 'ownerName');
  }

  private async issuesWhere(
    em: EntityManager,
    where: string,
    params: Record<string, string>,
  ): Promise<IssueView[]> {
    const rows = await this.issueQuery(em)
      .where(where, params)
      .orderBy('i.createdAt')
      .addOrderBy('i.id')
      .getRawAndEntities<{ ownerName: string | null }>();
    return rows.entities.map((e, i) => this.issueView(e, rows.raw[i].ownerName));
  }

  private issueView(i: MeetingIssue, ownerName: string | null): IssueView {
    return {
      id: i.id,
      meetingId: i.meetingId,
      cellId: i.cellId,
      title: i.title,
      ownerMemberId: i.ownerMemberId,
      ownerName,
      status: i.status,
      resolution: i.resolution,
      resolvedAt: i.resolvedAt,
      version: i.version,
      createdAt: i.createdAt,
    };
  }
}
