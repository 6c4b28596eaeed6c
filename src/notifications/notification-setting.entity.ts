import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';

/**
 * Reminder lead times and thresholds of one organisation, inherited by its subtree unless a
 * descendant sets its own. Null fields fall back to the ancestor's value, then to the defaults.
 */
@Entity('notification_setting')
export class NotificationSetting extends BaseEntity {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  /** Days before a registration deadline when members without a commitment are reminded. */
  @Column({ type: 'integer', nullable: true })
  registrationLeadDays: number | null;

  /** Days before a period ends when members who have not reported results are reminded. */
  @Column({ type: 'integer', nullable: true })
  resultsLeadDays: number | null;

  /** Days a submitted commitment may wait in a secretary's queue before they are reminded. */
  @Column({ type: 'integer', nullable: true })
  queueStaleDays: number | null;

  /** Registration rate (percent) under which leaders hear that a cell falls behind after the deadline. */
  @Column({ type: 'integer', nullable: true })
  cellBehindPercent: number | null;

  @Column({ type: 'integer', default: 1 })
  version: number;
}
