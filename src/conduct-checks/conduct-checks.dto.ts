import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { CHECK_STATUSES } from './conduct-check.entity.js';
import type { CheckStatus } from './conduct-check.entity.js';

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
  @IsInt()
  @Min(0)
  @Max(4)
  quarter?: number;

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
}

export class CheckQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(4)
  quarter?: number;
}

export class CheckSummaryQuery extends CheckQuery {
  @IsUUID()
  organizationId: string;

  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

/** The checks of a subtree for a period, one row per member who has one (leaders and secretaries). */
export class CheckListQuery extends PageQuery {
  @IsUUID()
  organizationId: string;

  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(4)
  quarter?: number;
}
