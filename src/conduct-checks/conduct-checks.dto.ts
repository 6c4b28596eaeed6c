import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { CHECK_STATUSES, CONCLUDING_BODIES } from './conduct-check.entity.js';
import type { CheckStatus, ConcludingBody } from './conduct-check.entity.js';
import { documentedRange, IsQueryYear } from '../common/year.js';

/** 0 for the yearly check, 1-4 for a quarterly one (validators in the order the stacked ones ran). */
function IsCheckQuarter(): PropertyDecorator {
  return applyDecorators(documentedRange(0, 4), Max(4), Min(0), IsInt());
}

/** A check's quarter in a query string: converted to a number, then checked as {@link IsCheckQuarter}. */
function IsQueryCheckQuarter(): PropertyDecorator {
  return applyDecorators(
    documentedRange(0, 4),
    Max(4),
    Min(0),
    IsInt(),
    Type(() => Number),
  );
}

/**
 * The document behind a conclusion: the cell meeting's resolution, the committee's or the inspection
 * commission's conclusion, with its number and date. Without it a secretary's `present` is a proposal.
 */
export class ConclusionDocumentDto {
  @ApiProperty({ enum: CONCLUDING_BODIES })
  @IsIn(CONCLUDING_BODIES)
  body: ConcludingBody;

  /** The document number, e.g. "05-NQ/CB". */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  number: string;

  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' })
  date: string;
}

export class CheckItemDto {
  /** Manifestation code 1-27. */
  @IsInt()
  @Min(1)
  @Max(27)
  code: number;

  @ApiProperty({ enum: CHECK_STATUSES })
  @IsIn(CHECK_STATUSES)
  status: CheckStatus;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

/** Either `self` (the member) or `conclusion` (the cell's secretary), not both. */
export class PutConductCheckDto {
  /** 0 or omitted for the yearly check, 1-4 for a quarterly one. */
  @IsOptional()
  @IsCheckQuarter()
  quarter?: number;

  /**
   * The cell whose check is written: by default the member's current cell (a secretary who no longer
   * covers it: the check made in their cell). A cell the member left takes only its own check's
   * conclusion (docs/CELL-LIFE.md, "Conduct checks").
   */
  @IsOptional()
  @IsUUID()
  cellId?: string;

  /** The version from your last read; a stale one answers 409. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ type: [CheckItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(27)
  @ValidateNested({ each: true })
  @Type(() => CheckItemDto)
  self?: CheckItemDto[];

  @ApiPropertyOptional({ type: [CheckItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(27)
  @ValidateNested({ each: true })
  @Type(() => CheckItemDto)
  conclusion?: CheckItemDto[];

  /** Only with `conclusion`: the document the conclusion rests on, recorded on each of its items. */
  @ApiPropertyOptional({ type: ConclusionDocumentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConclusionDocumentDto)
  document?: ConclusionDocumentDto;
}

export class CheckQuery {
  @IsOptional()
  @IsQueryCheckQuarter()
  quarter?: number;
}

/** One member's check: `cellId` picks the check of a cell the member belonged to (see `checks`). */
export class MemberCheckQuery extends CheckQuery {
  @IsOptional()
  @IsUUID()
  cellId?: string;
}

export class CheckSummaryQuery extends CheckQuery {
  @IsUUID()
  organizationId: string;

  @IsQueryYear()
  year: number;
}

/** The checks of a subtree for a period, one row per member who has one (leaders and secretaries). */
export class CheckListQuery extends PageQuery {
  @IsUUID()
  organizationId: string;

  @IsQueryYear()
  year: number;

  @IsOptional()
  @IsQueryCheckQuarter()
  quarter?: number;
}
