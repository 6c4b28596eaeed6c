import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Which cell a member belonged to and when; a new cell sees only what happens after the move. */
@Entity('member_cell_history')
@Index(['memberId', 'fromAt'])
export class MemberCellHistory {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  cellId: string;

  @Column({ type: Date })
  fromAt: Date;

  @Column({ type: Date, nullable: true })
  toAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
