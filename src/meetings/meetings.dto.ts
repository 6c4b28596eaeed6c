import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { ATTENDANCE_STATUSES, ISSUE_STATUSES, MEETING_KINDS } from './meeting.entity.js';
import type { AttendanceStatus, IssueStatus, MeetingKind } from './meeting.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AttendanceDto {
  @IsUUID()
  memberId: string;

  @ApiProperty({ enum: ATTENDANCE_STATUSES })
  @IsIn(ATTENDANCE_STATUSES)
  status: AttendanceStatus;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class GuestDto {
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  fullName: string;

  /** e.g. "Ủy viên Ban Thường vụ Đảng ủy phường". */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  position?: string;
}

export class IssueDto {
  @Transform(trim)
  @IsString()
  @Length(3, 500)
  title: string;

  /** A member of the cell who follows the issue up. */
  @IsOptional()
  @IsUUID()
  ownerMemberId?: string;
}

export class CreateMeetingDto {
  @IsUUID()
  cellId: string;

  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DATE, { message: 'heldOn must be a date YYYY-MM-DD' })
  heldOn: string;

  @ApiProperty({ enum: MEETING_KINDS })
  @IsIn(MEETING_KINDS)
  kind: MeetingKind;

  @Transform(trim)
  @IsString()
  @Length(3, 500)
  topic: string;

  /** For a study meeting: the theme studied; the theme in force for the cell when omitted. */
  @IsOptional()
  @IsUUID()
  studyThemeId?: string;

  /** Members of the cell and their attendance; members not listed are recorded absent. */
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AttendanceDto)
  attendance: AttendanceDto[];

  /** Guests as `{ fullName, position? }`, or simply their names. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => GuestDto)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((g: unknown) =>
          typeof g === 'string' ? Object.assign(new GuestDto(), { fullName: g.trim() }) : g,
        )
      : value,
  )
  guests?: GuestDto[];

  /** Biên bản. */
  @IsOptional()
  @IsString()
  @MaxLength(100000)
  minutes?: string;

  /** Commitments presented before the cell at this meeting. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID(undefined, { each: true })
  presentedCommitmentIds?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => IssueDto)
  issues?: IssueDto[];
}

/** Corrections after the meeting: the day, cell and kind stay; attendance rows are updated for listed members. */
export class UpdateMeetingDto {
  @IsInt()
  @Min(1)
  version: number;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(3, 500)
  topic?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100000)
  minutes?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => GuestDto)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((g: unknown) =>
          typeof g === 'string' ? Object.assign(new GuestDto(), { fullName: g.trim() }) : g,
        )
      : value,
  )
  guests?: GuestDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AttendanceDto)
  attendance?: AttendanceDto[];
}

export class ResolveIssueDto {
  @IsInt()
  @Min(1)
  version: number;

  @Transform(trim)
  @IsString()
  @Length(3, 5000)
  resolution: string;
}

export class MeetingQuery extends PageQuery {
  /** Meetings of the cells in this organisation's subtree. */
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ enum: MEETING_KINDS })
  @IsOptional()
  @IsIn(MEETING_KINDS)
  kind?: MeetingKind;

  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

export class IssueQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ enum: ISSUE_STATUSES })
  @IsOptional()
  @IsIn(ISSUE_STATUSES)
  status?: IssueStatus;
}

export const RATE_GROUPINGS = ['total', 'cell', 'member'] as const;

export class AttendanceRateQuery {
  /** The subtree counted; required unless memberId is given. */
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  /** One member's rate (any member may ask for their own). */
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to: string;

  @ApiPropertyOptional({ enum: RATE_GROUPINGS, default: 'total' })
  @IsOptional()
  @IsIn(RATE_GROUPINGS)
  groupBy?: (typeof RATE_GROUPINGS)[number];
}

/** A meeting to come, for its pack (GET /api/meetings/pack): the cell, the day, the kind, the topic. */
export class MeetingPackQuery {
  @IsUUID()
  cellId: string;

  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DATE, { message: 'heldOn must be a date YYYY-MM-DD' })
  heldOn: string;

  @ApiProperty({ enum: MEETING_KINDS })
  @IsIn(MEETING_KINDS)
  kind: MeetingKind;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  topic?: string;
}
