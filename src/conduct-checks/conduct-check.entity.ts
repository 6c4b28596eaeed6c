import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';

export const CHECK_STATUSES = ['none', 'at_risk', 'present'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/**
 * Bodies that can conclude on a manifestation: the cell meeting's resolution, the party committee,
 * the inspection commission. Which of them a rule set accepts is in its `disqualifiers.competentBodies`.
 */
export const CONCLUDING_BODIES = ['cell_meeting', 'committee', 'inspection_commission'] as const;
export type ConcludingBody = (typeof CONCLUDING_BODIES)[number];

/**
 * A member's check against the 27 manifestations of NQ 04-NQ/TW for a year (quarter 0) or one
 * quarter (1-4, allowed by QĐ 366-QĐ/TW). It remembers the catalog version it was made against.
 * One per member, cell and period: a member who moves mid-year leaves the old cell's check there
 * and the new cell opens its own (migration 1764930000000-records-stay-in-their-cell).
 */
@Entity('conduct_check')
@Index('IDX_conduct_check_member_cell_period', ['memberId', 'cellId', 'year', 'quarter'], { unique: true })
@Index(['cellId', 'year'])
// Covering index for year-end generation, built by migration 1764750000000-evaluation-conduct-indexes.
@Index('IDX_conduct_check_member_year_evaluation', ['memberId', 'year', 'id'])
export class ConductCheck extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  /** The member's cell when the check was opened; it stays there if the member moves. */
  @Column({ type: 'varchar', length: 36 })
  cellId: string;

  @Column({ type: 'integer' })
  year: number;

  /** 0 for the whole year, 1-4 for a quarter (never NULL, so the unique index holds). */
  @Column({ type: 'integer', default: 0 })
  quarter: number;

  @Column({ type: 'integer' })
  catalogVersion: number;

  @Column({ type: 'integer', default: 1 })
  version: number;
}

/** One manifestation in a check: the member's self-check and the cell's conclusion after discussion. */
@Entity('conduct_check_item')
@Index(['checkId', 'code'], { unique: true })
// Covering index for the reports, built by migration 1764600000000-report-indexes.
@Index('IDX_conduct_item_report', ['checkId', 'conclusionStatus', 'code'])
// Partial covering index for the reports' manifestation counts (only flagged conclusions), built by
// migration 1764920000000-conduct-check-flagged.
@Index('IDX_conduct_item_flagged_report', ['checkId', 'conclusionStatus', 'code'], {
  where: `"conclusionStatus" IN ('at_risk', 'present')`,
})
// Partial index for year-end generation (only flagged self-checks), built by migration 1764750000000.
@Index('IDX_conduct_item_self_evaluation', ['checkId', 'selfStatus', 'code'], {
  where: `"selfStatus" IN ('at_risk', 'present')`,
})
export class ConductCheckItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 36 })
  checkId: string;

  @Column({ type: 'integer' })
  code: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  selfStatus: CheckStatus | null;

  @Column({ type: 'text', nullable: true })
  selfNote: string | null;

  /** `present` is the formal conclusion the year-end evaluation must see. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  conclusionStatus: CheckStatus | null;

  @Column({ type: 'text', nullable: true })
  conclusionNote: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  concludedByUserId: string | null;

  @Column({ type: Date, nullable: true })
  concludedAt: Date | null;

  /**
   * Who concluded, with the document's number and date: a `present` without them is the secretary's
   * proposal, shown but not forcing a level (docs/EVALUATION.md, "Concluded manifestations").
   */
  @Column({ type: 'varchar', length: 32, nullable: true })
  concludingBody: ConcludingBody | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  documentNumber: string | null;

  @Column({ type: 'date', nullable: true })
  documentDate: string | null;
}
