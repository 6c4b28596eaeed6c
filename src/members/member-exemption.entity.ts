import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';

/**
 * Grounds of an exemption from party work and activities (miễn công tác và sinh hoạt đảng): old age,
 * long illness, maternity, other (HD 38-HD/BTCTW IV.1.2, QĐ 294-QĐ/TW mục 7.2.3; docs/MEMBERS.md).
 */
export const EXEMPTION_GROUNDS = ['age', 'long_illness', 'maternity', 'other'] as const;
export type ExemptionGround = (typeof EXEMPTION_GROUNDS)[number];

/**
 * One period of exemption: from `fromDate` to `toDate` inclusive, `toDate` null while open (e.g. old
 * age). Periods of one member never overlap. `member.isExempt` is kept as "a period covers today"
 * for the readers that filter on it; the API derives it from the periods (migration 1765300000000).
 */
@Entity('member_exemption')
@Index(['memberId', 'fromDate'])
export class MemberExemption extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @Column({ type: 'date' })
  fromDate: string;

  @Column({ type: 'date', nullable: true })
  toDate: string | null;

  @Column({ type: 'varchar', length: 16 })
  ground: ExemptionGround;

  /** The decision or the reason as the cell recorded it. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  recordedByUserId: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;
}
