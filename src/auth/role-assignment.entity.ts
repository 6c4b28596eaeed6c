import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../common/permissions.js';

/** A role held by a user, scoped to an organisation (null only for admin). */
@Entity('role_assignment')
@Index(['userId', 'role', 'organizationId'], { unique: true })
export class RoleAssignment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** No index of its own: the unique (userId, role, organizationId) index serves lookups by user. */
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  organizationId: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
