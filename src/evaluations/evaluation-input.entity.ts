import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const EVALUATION_INPUT_KINDS = ['exemplary_duty_breach', 'state_rating_incomplete'] as const;
export type EvaluationInputKind = (typeof EVALUATION_INPUT_KINDS)[number];

/**
 * A fact about a member's year that the cell or committee records for the year-end evaluation and
 * that no other module holds: a breach of the duty to set an example (trách nhiệm nêu gương), or a
 * civil servant's "không hoàn thành nhiệm vụ" in the state evaluation. Generation reads them as one
 * more source. Append-only: a withdrawn input keeps its row with who withdrew it and why.
 */
@Entity('evaluation_input')
@Index(['memberId', 'year'])
export class EvaluationInput {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 32 })
  kind: EvaluationInputKind;

  /** What was found, in the words of the record (minutes, resolution, state rating). */
  @Column({ type: 'text' })
  basis: string;

  /** The document it rests on (a resolution, a conclusion, the agency's rating decision), if any. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  documentNumber: string | null;

  @Column({ type: 'date', nullable: true })
  documentDate: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  recordedByUserId: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  withdrawnReason: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  withdrawnByUserId: string | null;
}
