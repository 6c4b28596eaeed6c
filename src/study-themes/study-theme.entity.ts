import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';

/**
 * The year's study theme (chuyên đề, Chỉ thị 05-CT/TW) set by a committee; its whole subtree inherits
 * it unless a lower committee sets its own for the same year.
 */
@Entity('study_theme')
@Index(['organizationId', 'year'], { unique: true })
export class StudyTheme extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;
}
