import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { EVALUATION_INPUT_KINDS, type EvaluationInputKind } from './evaluation-input.entity.js';
import { EVALUATION_STATUSES, type EvaluationStatus } from './evaluation.entity.js';
import { type Level, LEVELS } from './rule-sets.js';
import { IsQueryYear, IsYear } from '../common/year.js';

const trim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().normalize('NFC') : value;

export class OpenCycleDto {
  /** The organisation whose subtree is evaluated: a grassroots organisation or a committee above. */
  @IsUUID()
  organizationId: string;

  @IsYear()
  year: number;

  /** The date of the review meeting; defaults to 31 December of the year. */
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'reviewDate must be a date YYYY-MM-DD' })
  reviewDate?: string;

  /**
   * A rule set in force on the review date to pin instead of the newest one (e.g. to keep the version
   * the committee's other cycles of the year use).
   */
  @IsOptional()
  @IsUUID()
  ruleSetId?: string;
}

export class ReopenCycleDto {
  @Transform(trim)
  @IsString()
  @Length(5, 1000)
  reason: string;
}

export class CycleQuery extends PageQuery {
  @IsOptional()
  @IsQueryYear()
  year?: number;

  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class SelfAssessmentDto {
  @ApiProperty({ enum: LEVELS })
  @IsIn(LEVELS)
  level: Level;

  /** Bản tự kiểm điểm: what the member reads out before the cell. */
  @Transform(trim)
  @IsString()
  @Length(10, 10000)
  summary: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(5000)
  strengths?: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(5000)
  shortcomings?: string;

  /** The version from your last read; a stale one answers 409. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ProposalDto {
  @ApiProperty({ enum: LEVELS })
  @IsIn(LEVELS)
  level: Level;

  @Transform(trim)
  @IsString()
  @Length(2, 5000)
  comment: string;

  /** The cell meeting at which the cell agreed the proposal. */
  @IsOptional()
  @IsUUID()
  meetingId?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class DecisionDto {
  @ApiProperty({ enum: LEVELS })
  @IsIn(LEVELS)
  level: Level;

  /** Required when the level differs from the suggested one. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(5000)
  comment?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class EvaluationQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  cycleId?: string;

  /** Evaluations of members of this organisation's subtree. */
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @IsOptional()
  @IsUUID()
  memberId?: string;

  /** The decided level, or the suggested one while undecided. */
  @ApiPropertyOptional({ enum: LEVELS })
  @IsOptional()
  @IsIn(LEVELS)
  level?: Level;

  @ApiPropertyOptional({ enum: EVALUATION_STATUSES })
  @IsOptional()
  @IsIn(EVALUATION_STATUSES)
  status?: EvaluationStatus;
}

/** A fact the cell or committee records for a member's year-end evaluation. */
export class RecordEvaluationInputDto {
  @IsUUID()
  memberId: string;

  @IsYear()
  year: number;

  @ApiProperty({ enum: EVALUATION_INPUT_KINDS })
  @IsIn(EVALUATION_INPUT_KINDS)
  kind: EvaluationInputKind;

  /** What was found, in the words of the record (minutes, resolution, the agency's rating). */
  @Transform(trim)
  @IsString()
  @Length(5, 4000)
  basis: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  documentNumber?: string;

  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'documentDate must be a date YYYY-MM-DD' })
  documentDate?: string;
}

export class EvaluationInputQuery {
  @IsUUID()
  memberId: string;

  @IsOptional()
  @IsQueryYear()
  year?: number;
}

export class WithdrawEvaluationInputDto {
  @Transform(trim)
  @IsString()
  @Length(5, 1000)
  reason: string;
}

/** The higher committee's approval for a grassroots organisation to exceed the quota of excellent. */
export class QuotaExceptionDto {
  /** The grassroots organisation (tổ chức cơ sở đảng) whose quota is exceeded. */
  @IsUUID()
  organizationId: string;

  /** The committee that approved: an organisation above it. */
  @IsUUID()
  approvedByOrganizationId: string;

  @Transform(trim)
  @IsString()
  @Length(1, 100)
  decisionNumber: string;

  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'decidedOn must be a date YYYY-MM-DD' })
  decidedOn: string;

  /** How many members it allows to be rated excellent. */
  @IsInt()
  @Min(0)
  @Max(100000)
  maxExcellent: number;
}
