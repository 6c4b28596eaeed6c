import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The higher committee's approval for an outstanding grassroots organisation to exceed the quota of
 * `excellent` in one cycle: the decision number, its date and the approving committee, and the
 * number of `excellent` it allows. Finalize counts it instead of the quota.
 */
@Entity('evaluation_quota_exception')
@Index(['cycleId', 'grassrootsId'], { unique: true })
export class QuotaException {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 36 })
  cycleId: string;

  @Column({ type: 'varchar', length: 36 })
  grassrootsId: string;

  /** The committee that approved (an organisation above the grassroots one). */
  @Column({ type: 'varchar', length: 36 })
  approvedByOrganizationId: string;

  @Column({ type: 'varchar', length: 100 })
  decisionNumber: string;

  @Column({ type: 'date' })
  decidedOn: string;

  @Column({ type: 'integer' })
  maxExcellent: number;

  @Column({ type: 'varchar', length: 36, nullable: true })
  recordedByUserId: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
