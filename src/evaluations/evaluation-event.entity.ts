import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One step of an evaluation's history (self-assessment, proposal, decision): who, when, what level, why. Append-only. */
@Entity('evaluation_event')
@Index(['evaluationId', 'at'])
export class EvaluationEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 36 })
  evaluationId: string;

  /** self_assess, propose, decide. */
  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  level: string | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  actorUserId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  actorUsername: string | null;

  @CreateDateColumn()
  at: Date;
}
