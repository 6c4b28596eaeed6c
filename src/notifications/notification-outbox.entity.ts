import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/**
 * Transactional outbox: written in the same transaction as the notification, delivered afterwards to
 * every external channel (NotificationChannel). Its id is the notification's id: one row each.
 */
@Entity('notification_outbox')
@Index(['status', 'nextAttemptAt'])
export class NotificationOutbox {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  status: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: Date })
  nextAttemptAt: Date;

  /** Channels that accepted the message, comma separated (a retry skips them). */
  @Column({ type: 'varchar', length: 255, default: '' })
  deliveredTo: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Column({ type: Date, nullable: true })
  sentAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;
}
