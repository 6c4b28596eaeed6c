import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';

/** Khiển trách, cảnh cáo, cách chức, khai trừ. */
export const DISCIPLINE_FORMS = ['reprimand', 'warning', 'dismissal', 'expulsion'] as const;
export type DisciplineForm = (typeof DISCIPLINE_FORMS)[number];

/**
 * A disciplinary decision about a member, recorded by a leader of a committee above them. An
 * expulsion (khai trừ) ends the member's active status from `decidedOn`: from that day they are off
 * the roll for meetings and every cell-life rate (see src/meetings/membership.repository.ts).
 */
@Entity('disciplinary_record')
@Index(['memberId', 'decidedOn'])
@Index(['memberId', 'decisionNumber'], { unique: true })
export class DisciplinaryRecord extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  /** The member's cell when the decision was recorded; it stays there if the member moves. */
  @Column({ type: 'varchar', length: 36 })
  cellId: string;

  @Column({ type: 'date' })
  decidedOn: string;

  @Column({ type: 'varchar', length: 16 })
  form: DisciplineForm;

  @Column({ type: 'varchar', length: 64 })
  decisionNumber: string;

  @Column({ type: 'text' })
  reason: string;

  /** JSON array of QĐ 37-QĐ/TW prohibition codes breached (1-19), or null when none was named. */
  @Column({ type: 'text', nullable: true })
  prohibitionCodes: string | null;

  /** The prohibitions catalog version the codes refer to. */
  @Column({ type: 'integer' })
  prohibitionCatalogVersion: number;

  /**
   * "Tự phát hiện và khắc phục xong hậu quả": a violation the member found and remedied themselves does
   * not force the lowest year-end level (QĐ 124/366 disqualifiers).
   */
  @Column({ type: 'boolean', default: false })
  selfDetectedAndRemedied: boolean;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdByUserId: string | null;
}
