import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';

export type CycleStatus = 'open' | 'finalized';

/**
 * One year-end evaluation round (đánh giá, xếp loại chất lượng đảng viên) of an organisation's subtree.
 * `finalized` locks every evaluation in it; `reopen` (with a reason) unlocks it.
 */
@Entity('evaluation_cycle')
@Index(['organizationId', 'year'], { unique: true })
@Index(['year'])
export class EvaluationCycle extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  /** The organisation's materialised path, for scope filters (an organisation move rewrites it). */
  @Index()
  @Column({ type: 'varchar', length: 1024 })
  organizationPath: string;

  @Column({ type: 'integer' })
  year: number;

  /** The date the review is held at; decides who joined too recently to be classified. */
  @Column({ type: 'date' })
  reviewDate: string;

  @Column({ type: 'varchar', length: 36 })
  ruleSetId: string;

  @Column({ type: 'varchar', length: 16 })
  status: CycleStatus;

  @Column({ type: Date, nullable: true })
  generatedAt: Date | null;

  @Column({ type: Date, nullable: true })
  finalizedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  finalizedByUserId: string | null;

  @Column({ type: Date, nullable: true })
  reopenedAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reopenReason: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;
}
