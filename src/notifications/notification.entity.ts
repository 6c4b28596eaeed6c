import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { NotificationKind } from './notifications.rules.js';

/**
 * An in-app notification for one account. Reminders carry a `dedupeKey` (reason, member, period) with
 * a unique index, so a reminder is created once even if the job runs twice or on two instances.
 */
@Entity('notification')
@Index(['recipientUserId', 'readAt', 'createdAt'])
export class Notification {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  recipientUserId: string;

  /** What happened: `commitment.submitted`, `reminder.registration`, ... (see NotificationKind). */
  @Column({ type: 'varchar', length: 64 })
  kind: NotificationKind;

  @Column({ type: 'varchar', length: 255 })
  title: string;

  @Column({ type: 'varchar', length: 2000 })
  body: string;

  /** The record it is about, so a client can link to it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  entityType: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  entityId: string | null;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  dedupeKey: string | null;

  @Column({ type: Date, nullable: true })
  readAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;
}
