import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { Database } from '../common/database.service.js';
import { vnToday } from '../common/dates.js';
import { documentHeading, signatureBlock } from '../common/document-layout.rules.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { memberReviewDocx, ReviewHeader } from './member-review-docx.js';
import { MemberReviewRepository } from './member-review.repository.js';
import { ReportFile } from './report-files.js';
import { chainOf } from './report-reader.js';
import { MemberReviewQuery } from './reports.dto.js';

/** The individual review document (bản kiểm điểm cá nhân, docs/REPORTS.md "Member review"). */
@Injectable()
export class MemberReviewService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly repo: MemberReviewRepository,
  ) {}

  /**
   * Bản kiểm điểm cá nhân (DOCX) filled from the year's records: of the caller's own member record, or
   * of a member in a leader's or secretary's reach, with the records made in the caller's cells and
   * the formal record (docs/REPORTS.md, "Member review"). A secretary or leader of a cell the member
   * left gets the records made there, under that cell's name; anyone else's answers 404.
   */
  async memberReview(actor: Actor, memberId: string, q: MemberReviewQuery): Promise<ReportFile> {
    const { header, data } = await this.db.read(async (em) => {
      const reach = await this.access.reachableMember(em, actor, 'report.member-review', memberId);
      const { member } = reach;
      const made = this.access.recordCondition(reach, '"o"."path"');
      const formal = reach.current ? { sql: '1=1', params: {} } : made;
      const cellId = reach.current ? member.cellId : await this.repo.lastCellOf(em, member.id, made);
      const cell = await em.findOneByOrFail(Organization, { id: cellId });
      const chain = await chainOf(em, cell);
      const cellHead = cell.headMemberId
        ? await em.findOne(Member, { where: { id: cell.headMemberId }, select: { id: true, fullName: true } })
        : null;
      const header: ReviewHeader = {
        year: q.year,
        fullName: member.fullName,
        dateOfBirth: member.dateOfBirth,
        status: member.status,
        joinedPartyOn: member.joinedPartyOn,
        position: member.position,
        cellName: cell.name,
        heading: documentHeading(chain, vnToday()),
        cellSignature: signatureBlock(cell, cellHead?.fullName ?? null),
        recipients: [cell.name, 'Lưu hồ sơ đảng viên'],
      };
      return { header, data: await this.repo.memberReview(em, member.id, q.year, { made, formal }) };
    });
    return memberReviewDocx(header, data);
  }
}
