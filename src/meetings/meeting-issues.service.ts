import { Injectable } from '@nestjs/common';
import { AuditService, snapshot } from '../audit/audit.service.js';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';
import { meetingError } from './meetings.errors.js';
import { Database } from '../common/database.service.js';
import { vnToday } from '../common/dates.js';
import { Page, pageOf } from '../common/pagination.js';
import { updateVersioned } from '../common/versioned-update.js';
import { Organization } from '../organizations/organization.entity.js';
import { CellLifeRates } from './cell-life-rates.repository.js';
import { MeetingIssue } from './meeting.entity.js';
import { IssueDto, IssueQuery, ResolveIssueDto } from './meetings.dto.js';
import { visibleMeeting } from './meetings.access.js';
import { issuesPage } from './meetings.repository.js';
import { insertIssue, issueView, issueViewsWhere } from './meeting-issue-rows.js';
import type { IssueView } from './meetings.responses.js';

/** Issues raised at cell meetings, with an owner, resolved later; leaders follow the open ones. */
@Injectable()
export class MeetingIssuesService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly rates: CellLifeRates,
  ) {}

  async addIssue(actor: Actor, meetingId: string, dto: IssueDto): Promise<IssueView> {
    return this.db.transaction(async (em) => {
      const { meeting, cell } = await visibleMeeting(em, this.access, actor, 'meeting.manage', meetingId);
      if (!this.access.coversPath(this.access.scopeOf(actor, 'meeting.manage'), cell.path))
        throw DomainError.notFound('Meeting');
      if (dto.ownerMemberId) {
        const roster = await this.rates.roster(em, cell.path, vnToday());
        if (!roster.some((r) => r.memberId === dto.ownerMemberId)) {
          throw DomainError.invalidField(
            'ownerMemberId',
            'memberOfCell',
            'ownerMemberId is not a member of this cell',
          );
        }
      }
      const issue = await insertIssue(em, meeting, dto);
      await this.audit.record(em, actor, {
        action: 'meeting.issue.create',
        entityType: 'meeting-issue',
        entityId: issue.id,
        organizationPath: cell.path,
        changes: snapshot(issue),
      });
      return (await issueViewsWhere(em, 'i.id = :id', { id: issue.id }))[0];
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
      let orgPath: string | undefined;
      if (q.organizationId)
        orgPath = (await this.access.visibleOrganization(em, actor, 'meeting.read', q.organizationId)).path;
      const { total, rows } = await issuesPage(em, cond, { orgPath, status: q.status }, q);
      return pageOf(
        rows.map((r) => issueView(r.issue, r.ownerName)),
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
        throw meetingError('MEETING_ISSUE_ALREADY_RESOLVED', 'The issue is already resolved');
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
      return (await issueViewsWhere(em, 'i.id = :id', { id: issue.id }))[0];
    });
  }
}
