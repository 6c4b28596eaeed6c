import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FeedbackKind } from './commitments.rules.js';

/** Góp ý: a comment, suggestion, commendation or criticism on a commitment or one of its items. */
@Entity('commitment_feedback')
@Index(['commitmentId', 'createdAt'])
export class CommitmentFeedback {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 36 })
  commitmentId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  itemId: string | null;

  /** The feedback this one answers. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  parentId: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind: FeedbackKind;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  authorUserId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  authorMemberId: string | null;

  @Column({ type: 'varchar', length: 200 })
  authorName: string;

  @Column({ type: Date })
  createdAt: Date;
}
