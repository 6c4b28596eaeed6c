import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { SourceKind } from '../common/source-kinds.js';
import type { ManifestationGroup, Verification } from './manifestations.rules.js';

export type CatalogName = 'manifestation' | 'prohibition';

/**
 * One version of a reference catalog. A later regulation or an admin correction adds a version;
 * past checks and decisions keep pointing at the version they were made against.
 */
@Entity('catalog_version')
@Index(['catalog', 'version'], { unique: true })
export class CatalogVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  catalog: CatalogName;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn()
  createdAt: Date;
}

/**
 * One item of a catalog version: a manifestation of NQ 04-NQ/TW (code 1-27, in three groups) or a
 * prohibition of QĐ 37-QĐ/TW (code 1-19). `verified` is false until the wording has been compared
 * with the official text; such wording is never presented as official.
 */
@Entity('catalog_item')
@Index(['catalog', 'catalogVersion', 'code'], { unique: true })
export class CatalogItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  catalog: CatalogName;

  @Column({ type: 'integer' })
  catalogVersion: number;

  @Column({ type: 'integer' })
  code: number;

  /** `group` is an SQL keyword, hence the column name. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  groupCode: ManifestationGroup | null;

  /** Vietnamese wording as far as it was seen in a source; null when no wording was found. */
  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'text', nullable: true })
  summaryEn: string | null;

  @Column({ type: 'boolean', default: false })
  verified: boolean;

  /** verbatim | partial | english-only | english-partial | none (from the research file), or set by an admin. */
  @Column({ type: 'varchar', length: 32 })
  verification: Verification;

  /** A reconstruction from memory; never shown as the official text. */
  @Column({ type: 'text', nullable: true })
  draftUnverified: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  topicHint: string | null;

  /** Where the wording was seen (URL or document reference). */
  @Column({ type: 'text', nullable: true })
  source: string | null;

  /** What kind of source that is; null on versions loaded before it was recorded. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  sourceKind: SourceKind | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
