import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One failed password check counted against one key (account and address, account, address), for
 * the login throttle shared by every process on PostgreSQL (src/auth/login-limiter.ts). The key is a
 * SHA-256 of what it counts, so no username or address is kept here; rows older than the window are
 * deleted as attempts come in.
 */
@Entity('login_failure')
@Index(['key', 'at'])
export class LoginFailure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: Date })
  at: Date;
}
