import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';
import type { PeriodType } from './commitments.rules.js';

/**
 * A registration deadline set by an organisation for one period type; inherited by its subtree unless
 * a descendant sets its own. Deadline = `day` of the period's first month plus `monthOffset` months.
 */
@Entity('commitment_deadline')
@Index(['organizationId', 'periodType'], { unique: true })
export class CommitmentDeadline extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 16 })
  periodType: PeriodType;

  @Column({ type: 'integer' })
  monthOffset: number;

  @Column({ type: 'integer' })
  day: number;

  @Column({ type: 'integer', default: 1 })
  version: number;
}
