import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only record of every write and auth event. Never updated, never deleted. */
@Entity('audit_entry')
@Index(['organizationPath', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @CreateDateColumn()
  at: Date;

  @Column({ type: 'varchar', length: 36, nullable: true })
  actorUserId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  actorUsername: string | null;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  entityId: string | null;

  /** Path of the organisation the record belongs to, for scoped reading; null for system-wide events. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  organizationPath: string | null;

  /** JSON: { field: { from, to } } for updates, the created fields for creations, context for events. */
  @Column({ type: 'text', nullable: true })
  changes: string | null;

  /** The reason of the step recorded (a return, a reopening, a decision): as long as its DTO admits. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;
}
