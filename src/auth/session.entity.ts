import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One login session. The refresh token is "<sessionId>.<secret>"; only a SHA-256 of the current
 * secret is stored. Presenting an older secret of the same session (a rotated token, recognised by
 * its generation tag, see tokens.ts) revokes it; a secret the session was never given does not.
 */
@Entity('auth_session')
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 64 })
  refreshHash: string;

  @Column({ type: 'integer', default: 0 })
  generation: number;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  revokedReason: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  lastUsedAt: Date | null;
}
