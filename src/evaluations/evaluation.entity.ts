import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import type { NotClassifiedReason } from './not-classified.rules.js';
import type { Level } from './rule-sets.js';

export const EVALUATION_STATUSES = [
  'pending',
  'self_assessed',
  'proposed',
  'decided',
  'not_classified',
] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

/**
 * One member's evaluation in a cycle: the generated suggestion (metrics, score, level, reasons), then
 * the member's self-assessment, the cell's proposal and the committee's decision. Generation only ever
 * rewrites the suggestion columns. JSON columns are text for portability.
 */
@Entity('evaluation')
@Index(['cycleId', 'memberId'], { unique: true })
@Index(['cycleId', 'status'])
// The reports' level counts and quota from the index alone, built by migration 1765400000000-overview-indexes.
@Index('IDX_evaluation_cycle_level_report', ['cycleId', 'status', 'decidedLevel', 'grassrootsId', 'cellPath'])
export class Evaluation extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  cycleId: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  /** The member's cell when the evaluation was (last) generated; the evaluation stays with it. */
  @Column({ type: 'varchar', length: 36 })
  cellId: string;

  /** Scope filters use `cellPath LIKE 'prefix%'`, which neither engine serves from a plain index; cycleId narrows first. */
  @Column({ type: 'varchar', length: 1024 })
  cellPath: string;

  /** Tổ chức cơ sở đảng: the nearest grassroots organisation at or above the cell (quota unit). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  grassrootsId: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: EvaluationStatus;

  @Column({ type: 'varchar', length: 32, nullable: true })
  notClassifiedReason: NotClassifiedReason | null;

  @Column({ type: 'double precision', nullable: true })
  suggestedScore: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  suggestedLevel: Level | null;

  /** JSON array of disqualifier codes; a decision above `incomplete` is refused while any is set. */
  @Column({ type: 'text' })
  disqualifiers: string;

  /** JSON Reason[]. */
  @Column({ type: 'text' })
  reasons: string;

  /** JSON MemberMetrics. */
  @Column({ type: 'text' })
  metrics: string;

  @Column({ type: Date })
  generatedAt: Date;

  @Column({ type: 'varchar', length: 16, nullable: true })
  selfLevel: Level | null;

  @Column({ type: 'text', nullable: true })
  selfSummary: string | null;

  @Column({ type: 'text', nullable: true })
  selfStrengths: string | null;

  @Column({ type: 'text', nullable: true })
  selfShortcomings: string | null;

  @Column({ type: Date, nullable: true })
  selfAssessedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  selfAssessedByUserId: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  proposedLevel: Level | null;

  @Column({ type: 'text', nullable: true })
  proposalComment: string | null;

  /** The cell meeting the proposal was agreed at (no foreign key: meetings are another module's table). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  proposalMeetingId: string | null;

  @Column({ type: Date, nullable: true })
  proposedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  proposedByUserId: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  decidedLevel: Level | null;

  @Column({ type: 'text', nullable: true })
  decisionComment: string | null;

  @Column({ type: Date, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  decidedByUserId: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;
}
