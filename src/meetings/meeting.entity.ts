import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BaseEntity } from '../common/base.entity.js';

export const MEETING_KINDS = ['regular', 'thematic', 'study'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const ATTENDANCE_STATUSES = ['present', 'excused', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ISSUE_STATUSES = ['open', 'resolved'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export interface Guest {
  fullName: string;
  position: string | null;
}

/** A cell meeting (sinh hoạt chi bộ: thường kỳ, chuyên đề, học tập chuyên đề) recorded by its secretary. */
@Entity('meeting')
// The meetings of a cell by day, covering the attendance counts for the subtree's attendance rate
// (CellLifeRates.attendance): built by migration 1764910000000-meeting-attendance-counts in place of
// the plain (cellId, heldOn) index.
@Index('IDX_meeting_cell_attendance_report', [
  'cellId',
  'heldOn',
  'attendanceExpected',
  'attendancePresent',
  'attendanceExcused',
  'attendanceAbsent',
])
// Covering index for study participation, built by migration 1764800000000-report-covering-indexes.
@Index('IDX_meeting_kind_report', ['id', 'kind', 'heldOn'])
export class Meeting extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  cellId: string;

  @Index()
  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'varchar', length: 16 })
  kind: MeetingKind;

  @Column({ type: 'varchar', length: 500 })
  topic: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  studyThemeId: string | null;

  /** JSON array of Guest (e.g. a standing-committee member attending a residential cell). */
  @Column({ type: 'text', nullable: true })
  guests: string | null;

  /** Biên bản. */
  @Column({ type: 'text', nullable: true })
  minutes: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  // Counts of the attendance rows with `expected` true (rule: meetingAttendanceCounts in
  // meetings.rules.ts), kept by MeetingsService at every write of the rows, inside the write's
  // transaction, so the subtree's attendance rate reads the meetings instead of every row.
  /** Members expected to attend (not exempt, not suspended). */
  @Column({ type: 'integer', default: 0 })
  attendanceExpected: number;

  /** Expected and present (có mặt). */
  @Column({ type: 'integer', default: 0 })
  attendancePresent: number;

  /** Expected and absent with leave (vắng có lý do). */
  @Column({ type: 'integer', default: 0 })
  attendanceExcused: number;

  /** Expected and absent without leave (vắng không lý do). */
  @Column({ type: 'integer', default: 0 })
  attendanceAbsent: number;
}

/**
 * One row per member of the cell on the meeting day: members the secretary did not list are absent.
 * `expected` is false for members exempt from or suspended from party activities on that day: they
 * do not count in attendance rates.
 */
@Entity('meeting_attendance')
@Index(['meetingId', 'memberId'], { unique: true })
// Covering indexes for the reports, built by migration 1764600000000-report-indexes.
@Index('IDX_attendance_meeting_report', ['meetingId', 'expected', 'status'])
@Index('IDX_attendance_member_report', ['memberId', 'status', 'meetingId'])
// Covering index for year-end generation, built by migration 1764740000000-evaluation-indexes.
@Index('IDX_attendance_member_evaluation', ['memberId', 'expected', 'status', 'meetingId'])
// Who was present at a study meeting (the reports' STUDIED), built by migration 1765400000000-overview-indexes.
@Index('IDX_attendance_meeting_member_report', ['meetingId', 'status', 'memberId'])
export class MeetingAttendance {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 36 })
  meetingId: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @Column({ type: 'varchar', length: 16 })
  status: AttendanceStatus;

  @Column({ type: 'boolean', default: true })
  expected: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;
}

/** A commitment presented before the cell at this meeting (công khai trước chi bộ). */
@Entity('meeting_presentation')
@Index(['meetingId', 'commitmentId'], { unique: true })
export class MeetingPresentation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 36 })
  meetingId: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  commitmentId: string;

  @CreateDateColumn()
  createdAt: Date;
}

/** An issue raised at a meeting, owned by a member, resolved at a later meeting. */
@Entity('meeting_issue')
@Index(['cellId', 'status'])
export class MeetingIssue extends BaseEntity {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  meetingId: string;

  @Column({ type: 'varchar', length: 36 })
  cellId: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  ownerMemberId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: IssueStatus;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ type: Date, nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  resolvedByUserId: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;
}
