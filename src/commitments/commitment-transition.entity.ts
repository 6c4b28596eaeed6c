import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CommitmentAction, CommitmentStatus } from './commitments.rules.js';

/** One step of a commitment's history: who did what, when, from which status to which, and why. Append-only. */
@Entity('commitment_transition')
@Index(['commitmentId', 'seq'], { unique: true })
export class CommitmentTransition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 36 })
  commitmentId: string;

  /** 1, 2, 3... per commitment: the order of the steps (several may share a timestamp). */
  @Column({ type: 'integer' })
  seq: number;

  /** create, edit, carry_forward, submit, accept, return, report, assess, reopen_to_draft, reopen_to_accepted, present. */
  @Column({ type: 'varchar', length: 32 })
  action: CommitmentAction | 'create';

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus: CommitmentStatus | null;

  @Column({ type: 'varchar', length: 16 })
  toStatus: CommitmentStatus;

  @Column({ type: 'varchar', length: 36, nullable: true })
  actorUserId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  actorMemberId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  actorUsername: string | null;

  /** The actor is not the member (a secretary acting on their behalf, or reviewing). */
  @Column({ type: 'boolean', default: false })
  onBehalf: boolean;

  /** Return or reopen reason, acceptance or assessment comment, meeting id for `present`. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason: string | null;

  @Column({ type: Date })
  at: Date;
}
