import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import type { ItemCategory, Outcome } from './commitments.rules.js';

/** One line of a commitment. Removed items are kept (removedAt) so feedback and history still point somewhere. */
@Entity('commitment_item')
@Index(['commitmentId', 'position'])
// Covering index for the reports, built by migration 1764600000000-report-indexes.
@Index('IDX_commitment_item_report', ['commitmentId', 'removedAt', 'category', 'outcome', 'exceeded'])
export class CommitmentItem extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  commitmentId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 16 })
  category: ItemCategory;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  target: string | null;

  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  /** JSON array of manifestation codes (1-27), e.g. "[3,11]"; null when none. */
  @Column({ type: 'text', nullable: true })
  manifestationCodes: string | null;

  /** The yearly item this quarterly or monthly item breaks down. */
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  parentItemId: string | null;

  /** Where a carried-forward remedy came from: "item:<id>" or "shortcoming:<commitmentId>:<n>". */
  @Column({ type: 'varchar', length: 120, nullable: true })
  sourceRef: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome: Outcome | null;

  /** Done and exceeded the target (feeds the evaluation's "done and exceeded"). */
  @Column({ type: 'boolean', nullable: true })
  exceeded: boolean | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  outcomeNote: string | null;

  /** When a done item was completed, as the member reported it; after `dueDate` = done, not on time. */
  @Column({ type: 'date', nullable: true })
  completedOn: string | null;

  @Column({ type: Date, nullable: true })
  removedAt: Date | null;
}
