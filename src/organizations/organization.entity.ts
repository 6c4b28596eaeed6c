import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';

export type OrganizationKind = 'committee' | 'cell';

export type OrganizationClosure = 'merged' | 'split';

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

  /**
   * The day it stopped existing (the 2025 reform merged and split many units); null while open. A
   * closed organisation keeps its place in the tree and its records, and takes no new children,
   * members or cells (docs/ORGANIZATIONS.md).
   */
  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  /** How it closed: merged into one successor, or split among several. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  closure: OrganizationClosure | null;

  /** The organisations that took its place (ids), in the order given. */
  @Column({ type: 'simple-json', nullable: true })
  successorIds: string[] | null;

  @Column({ type: 'integer', default: 1 })
  version: number;
}
