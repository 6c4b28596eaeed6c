import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EvaluationCycle } from '../evaluations/evaluation-cycle.entity.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import type { ClassificationRow } from './reports.responses.js';

export type { ClassificationRow } from './reports.responses.js';

/** The classification list (danh sách xếp loại, docs/REPORTS.md). */
@Injectable()
export class ClassificationRepository {
  /** The year's evaluations of the subtree, one row per member, ordered by cell then name. */
  async classification(em: EntityManager, path: string, year: number): Promise<ClassificationRow[]> {
    const rows = await em
      .createQueryBuilder()
      .from(Evaluation, 'e')
      .innerJoin(EvaluationCycle, 'y', `"y"."id" = "e"."cycleId"`)
      .innerJoin(Member, 'm', `"m"."id" = "e"."memberId"`)
      .innerJoin(Organization, 'c', `"c"."id" = "e"."cellId"`)
      .select(`"e"."memberId"`, 'memberId')
      .addSelect(`"m"."fullName"`, 'fullName')
      .addSelect(`"c"."name"`, 'cellName')
      .addSelect(`"e"."status"`, 'status')
      .addSelect(`"e"."suggestedLevel"`, 'suggestedLevel')
      .addSelect(`"e"."selfLevel"`, 'selfLevel')
      .addSelect(`"e"."proposedLevel"`, 'proposedLevel')
      .addSelect(`"e"."decidedLevel"`, 'decidedLevel')
      .addSelect(`"e"."notClassifiedReason"`, 'notClassifiedReason')
      .addSelect(`"e"."decisionComment"`, 'decisionComment')
      .where(`"y"."year" = :year AND "e"."cellPath" LIKE :p`, { year, p: `${path}%` })
      .orderBy(`"c"."name"`)
      .addOrderBy(`"m"."searchName"`)
      .addOrderBy(`"e"."memberId"`)
      .getRawMany<ClassificationRow>();
    return rows.map((r) => ({
      ...r,
      decidedLevel: r.status === 'decided' ? r.decidedLevel : null,
    }));
  }
}
