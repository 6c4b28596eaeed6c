import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery, toInt } from '../common/pagination.js';
import {
  COMMITMENT_STATUSES,
  CommitmentStatus,
  FEEDBACK_KINDS,
  FeedbackKind,
  ITEM_CATEGORIES,
  ItemCategory,
  Outcome,
  OUTCOMES,
  PERIOD_TYPES,
  PeriodType,
  Rating,
  RATINGS,
} from './commitments.rules.js';
import { IsQueryYear, IsYear } from '../common/year.js';

const trim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().normalize('NFC') : value;
const MAX_ITEMS = 100;

export class CommitmentItemDto {
  /** Present when editing an existing item; omitted for a new one. */
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ enum: ITEM_CATEGORIES })
  @IsIn(ITEM_CATEGORIES)
  category: ItemCategory;

  @Transform(trim)
  @IsString()
  @Length(1, 4000)
  content: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  target?: string | null;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date YYYY-MM-DD' })
  dueDate?: string | null;

  /** Manifestations (1-27, Nghị quyết 4 khóa XII) the item guards against; required for resolution4. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(27)
  @IsInt({ each: true })
  manifestationCodes?: number[] | null;

  /** The yearly item (same member, same year) this quarterly or monthly item breaks down. */
  @IsOptional()
  @IsUUID()
  parentItemId?: string | null;
}

export class CreateCommitmentDto {
  /** Whose commitment; omitted for your own. A secretary may enter one for a member of their cell. */
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @IsYear()
  year: number;

  @ApiProperty({ enum: PERIOD_TYPES })
  @IsIn(PERIOD_TYPES)
  periodType: PeriodType;

  /** null for yearly, 1-4 quarterly, 1-12 monthly. */
  @ApiProperty({ type: Number, nullable: true })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsInt()
  periodIndex: number | null;

  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => CommitmentItemDto)
  items: CommitmentItemDto[];

  /** Pull last year's unfinished items and assessment shortcomings in as remedy items (yearly only). */
  @IsOptional()
  @IsBoolean()
  carryForward?: boolean;
}

export class UpdateCommitmentDto {
  /** The version from your last read. */
  @IsInt()
  @Min(1)
  version: number;

  /** The full new list: items with an id are kept and updated, new ones added, missing ones removed. */
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => CommitmentItemDto)
  items: CommitmentItemDto[];
}

/** Optional version for workflow steps: when given, a stale one answers 409. */
export class VersionDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class AcceptCommitmentDto extends VersionDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ReturnCommitmentDto extends VersionDto {
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class ResultItemDto {
  @IsUUID()
  itemId: string;

  @ApiProperty({ enum: OUTCOMES })
  @IsIn(OUTCOMES)
  outcome: Outcome;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;

  /** Done and went beyond the target. Only with outcome "done". */
  @IsOptional()
  @IsBoolean()
  exceeded?: boolean;

  /** When the item was completed (YYYY-MM-DD). Only with outcome "done"; after `dueDate` = done, not on time. */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'completedOn must be a date YYYY-MM-DD' })
  completedOn?: string;
}

export class ReportResultsDto {
  @IsInt()
  @Min(1)
  version: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => ResultItemDto)
  items: ResultItemDto[];
}

export class AssessCommitmentDto extends VersionDto {
  @ApiProperty({ enum: RATINGS })
  @IsIn(RATINGS)
  rating: Rating;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  comment?: string;

  /** Hạn chế, khuyết điểm: carried into next year's commitment as remedy items. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  shortcomings?: string[];
}

export class ReopenCommitmentDto extends VersionDto {
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  reason: string;

  @ApiProperty({ enum: ['draft', 'accepted'] })
  @IsIn(['draft', 'accepted'])
  to: 'draft' | 'accepted';
}

export class CarryForwardDto {
  @IsInt()
  @Min(1)
  version: number;
}

export class BulkAcceptDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  ids: string[];

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class CreateFeedbackDto {
  @Transform(trim)
  @IsString()
  @Length(1, 4000)
  content: string;

  @ApiProperty({ enum: FEEDBACK_KINDS })
  @IsIn(FEEDBACK_KINDS)
  kind: FeedbackKind;

  @IsOptional()
  @IsUUID()
  itemId?: string;

  @IsOptional()
  @IsUUID()
  parentId?: string;
}

export class CommitmentQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  memberId?: string;

  /** Commitments made in this organisation's subtree. */
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @IsOptional()
  @IsQueryYear()
  year?: number;

  @ApiPropertyOptional({ enum: PERIOD_TYPES })
  @IsOptional()
  @IsIn(PERIOD_TYPES)
  periodType?: PeriodType;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(12)
  periodIndex?: number;

  @ApiPropertyOptional({ enum: COMMITMENT_STATUSES })
  @IsOptional()
  @IsIn(COMMITMENT_STATUSES)
  status?: CommitmentStatus;
}

/** A position in one of the queue's lists, as the previous answer's `next` gives it: `<ISO time>_<id>`. */
export const QUEUE_CURSOR =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const QUEUE_MAX_LIMIT = 200;

export class QueueQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: QUEUE_MAX_LIMIT,
    default: 50,
    description: 'Most items in each of the lists toReview and toAssess; counts hold the totals',
  })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(QUEUE_MAX_LIMIT)
  limit: number = 50;

  @ApiPropertyOptional({
    description: "The next page of toReview: pass the previous answer's next.toReview",
    example: '2026-03-08T03:00:00.000Z_7a271700-5bb2-490d-b140-b2140637ed6a',
  })
  @IsOptional()
  @IsString()
  @Matches(QUEUE_CURSOR, { message: "toReviewAfter must be a previous answer's next.toReview" })
  toReviewAfter?: string;

  @ApiPropertyOptional({
    description: "The next page of toAssess: pass the previous answer's next.toAssess",
    example: '2026-03-24T03:00:00.000Z_7a271700-5bb2-490d-b140-b2140637ed6a',
  })
  @IsOptional()
  @IsString()
  @Matches(QUEUE_CURSOR, { message: "toAssessAfter must be a previous answer's next.toAssess" })
  toAssessAfter?: string;
}

export class MissingQuery extends PageQuery {
  /** Members of this organisation's subtree (default: everything in your scope). */
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @IsQueryYear()
  year: number;

  @ApiProperty({ enum: PERIOD_TYPES })
  @IsIn(PERIOD_TYPES)
  periodType: PeriodType;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  periodIndex?: number;
}

export class DeadlineQuery {
  @IsUUID()
  organizationId: string;
}

export class SetDeadlineDto {
  @IsUUID()
  organizationId: string;

  @ApiProperty({ enum: PERIOD_TYPES })
  @IsIn(PERIOD_TYPES)
  periodType: PeriodType;

  /** Months after the period's first month (0 = the first month itself). */
  @IsInt()
  @Min(0)
  @Max(11)
  monthOffset: number;

  @IsInt()
  @Min(1)
  @Max(31)
  day: number;
}

export class ClearDeadlineQuery {
  @IsUUID()
  organizationId: string;

  @ApiProperty({ enum: PERIOD_TYPES })
  @IsIn(PERIOD_TYPES)
  periodType: PeriodType;
}
