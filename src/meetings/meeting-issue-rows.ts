import { EntityManager } from 'typeorm';
import { Meeting, MeetingIssue } from './meeting.entity.js';
import { IssueDto } from './meetings.dto.js';
import { issuesWhere } from './meetings.repository.js';
import type { IssueView } from './meetings.responses.js';

/**
 * The issues of a meeting as rows and views, inside the caller's unit of work: for the issue routes
 * (MeetingIssuesService) and the meeting's own create and view (MeetingsService).
 */

/** Inserts an issue raised at a meeting (inside the caller's transaction). */
export function insertIssue(em: EntityManager, meeting: Meeting, dto: IssueDto): Promise<MeetingIssue> {
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

/** The views of the issues matching `where` (on the issue "i" and its cell "c"), oldest first. */
export async function issueViewsWhere(
  em: EntityManager,
  where: string,
  params: Record<string, string>,
): Promise<IssueView[]> {
  return (await issuesWhere(em, where, params)).map((r) => issueView(r.issue, r.ownerName));
}

export function issueView(i: MeetingIssue, ownerName: string | null): IssueView {
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
