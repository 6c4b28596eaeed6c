import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';

export type OrganizationKind = 'committee' | 'cell';

/**
 * A party committee (Đảng bộ) or cell (chi bộ). The tree is a materialised path of ids
 * ("/root/.../self/") so a subtree is one indexed prefix match.
 */
@Entity('organization')
export class Organization extends BaseEntity {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: OrganizationKind;

  @Column({ type: 'boolean', default: false })
  isGrassroots: boolean;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  parentId: string | null;

  @Index()
  @Column({ type: 'varchar', length: 1024 })
  path: string;

  @Column({ type: 'integer', default: 0 })
  depth: number;

  /** The member who heads it (bí thư); used for the leaders-first (nêu gương) figures. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  headMemberId: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;
}
