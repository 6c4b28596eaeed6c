import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import type { CommitmentStatus, PeriodType, Rating } from './commitments.rules.js';

/**
 * One member's commitment for one period. `cellId` is the member's cell when the commitment was made:
 * it stays with that cell if the member moves. `periodKey` is 0 for yearly (the API answers
 * periodIndex null) so the unique index never holds a NULL.
 */
@Entity('commitment')
@Index(['memberId', 'year', 'periodType', 'periodKey'], { unique: true })
@Index(['cellId', 'status'])
@Index(['year', 'periodType', 'periodKey'])
// Covering index for the reports, built by migration 1764600000000-report-indexes, the item counts
// added by 1764900000000-commitment-item-counts.
@Index('IDX_commitment_cell_year_report', [
  'cellId',
  'year',
  'status',
  'rating',
  'late',
  'firstSubmittedAt',
  'id',
  'itemCount',
  'itemsDone',
  'itemsExceeded',
  'itemsPartly',
  'itemsNotDone',
  'itemsUnreported',
])
// Covering index for year-end generation, built by migration 1764740000000-evaluation-indexes.
@Index('IDX_commitment_member_year_evaluation', [
  'memberId',
  'year',
  'status',
  'periodType',
  'late',
  'rating',
  'id',
])
// Covering index for the overview's period registrations, built by migration 1764800000000-report-covering-indexes,
// and the yearly registration (followItems, added by 1764900000000-commitment-item-counts).
@Index('IDX_commitment_member_period_report', [
  'memberId',
  'year',
  'periodType',
  'status',
  'periodKey',
  'followItems',
])
// The yearly registration (REGISTERED) from the index alone, built by migration 1765400000000-overview-indexes.
@Index('IDX_commitment_year_period_report', ['year', 'periodType', 'status', 'followItems', 'periodKey', 'memberId'])
export class Commitment extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @Column({ type: 'varchar', length: 36 })
  cellId: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 16 })
  periodType: PeriodType;

  @Column({ type: 'integer' })
  periodKey: number;

  @Column({ type: 'varchar', length: 16 })
  status: CommitmentStatus;

  /** The registration deadline in force at the first submission (Vietnam calendar date). */
  @Column({ type: 'date', nullable: true })
  deadlineOn: string | null;

  /** Submitted after the deadline; kept from the first submission, resubmissions do not clear it. */
  @Column({ type: 'boolean', default: false })
  late: boolean;

  /** First submission: the time the leaders-first (nêu gương) figures compare. */
  @Column({ type: Date, nullable: true })
  firstSubmittedAt: Date | null;

  /** Latest submission (after a return it moves; firstSubmittedAt does not). */
  @Column({ type: Date, nullable: true })
  submittedAt: Date | null;

  @Column({ type: Date, nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  acceptedByUserId: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reviewComment: string | null;

  @Column({ type: Date, nullable: true })
  reportedAt: Date | null;

  @Column({ type: Date, nullable: true })
  assessedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  assessedByUserId: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  rating: Rating | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  assessmentComment: string | null;

  /** JSON array of strings: shortcomings named in the assessment, pulled into next year as remedies. */
  @Column({ type: 'text', nullable: true })
  shortcomings: string | null;

  /** The cell meeting where it was made public; no foreign key (meetings are another module's table). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  presentedAtMeetingId: string | null;

  @Column({ type: Date, nullable: true })
  presentedAt: Date | null;

  /** Who typed it in; differs from the member's own account when a secretary entered it on their behalf. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  enteredByUserId: string | null;

  @Column({ type: 'boolean', default: false })
  enteredOnBehalf: boolean;

  @Column({ type: 'integer', default: 1 })
  version: number;

  // Counts of the live items (removedAt null), kept by CommitmentItemsService at every write that
  // touches the items (rule: itemCounts in commitments.rules.ts), so the reports read item outcomes
  // and registrations from the commitment rows and their indexes without visiting the items.
  @Column({ type: 'integer', default: 0 })
  itemCount: number;

  @Column({ type: 'integer', default: 0 })
  itemsDone: number;

  /** Done and exceeded the target (a subset of itemsDone). */
  @Column({ type: 'integer', default: 0 })
  itemsExceeded: number;

  @Column({ type: 'integer', default: 0 })
  itemsPartly: number;

  @Column({ type: 'integer', default: 0 })
  itemsNotDone: number;

  /** No outcome reported yet. */
  @Column({ type: 'integer', default: 0 })
  itemsUnreported: number;

  /** Items of the `follow` category: a published yearly commitment with one counts as registered. */
  @Column({ type: 'integer', default: 0 })
  followItems: number;
}
