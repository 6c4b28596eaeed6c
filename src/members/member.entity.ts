import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';

export type MemberStatus = 'official' | 'probationary';
export type Gender = 'male' | 'female' | 'other';

/** Length of `searchName`; the fold is cut to it, so no name can overflow it on PostgreSQL. */
export const SEARCH_NAME_LENGTH = 200;

/** A party member (đảng viên). Belongs to exactly one cell at a time; moves are kept in member_cell_history. */
@Entity('member')
// The member list counts and pages from these two alone (migration 1764710000000).
@Index('IDX_member_cell_list', ['cellId', 'searchName', 'id'])
@Index('IDX_member_name_list', ['searchName', 'id', 'cellId'])
export class Member extends BaseEntity {
  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  /** fullName folded for diacritics- and case-insensitive search (see foldVietnamese). */
  @Index()
  @Column({ type: 'varchar', length: SEARCH_NAME_LENGTH })
  searchName: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  partyCardNumber: string | null;

  @Column({ type: 'date', nullable: true })
  dateOfBirth: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  gender: Gender | null;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  cellId: string;

  @Column({ type: 'varchar', length: 16 })
  status: MemberStatus;

  @Column({ type: 'date', nullable: true })
  joinedPartyOn: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  position: string | null;

  /** Miễn công tác và sinh hoạt đảng: exempt from party work and from the year-end classification. */
  @Column({ type: 'boolean', default: false })
  isExempt: boolean;

  /** Đình chỉ sinh hoạt đảng: suspended from party activities (not classified). */
  @Column({ type: 'boolean', default: false })
  isSuspended: boolean;

  @Column({ type: 'integer', default: 1 })
  version: number;
}
