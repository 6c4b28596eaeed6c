import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, MaxLength, Min } from 'class-validator';
import { SOURCE_KINDS, type SourceKind } from '../common/source-kinds.js';
import { VERIFICATIONS } from './manifestations.rules.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CatalogQuery {
  /** A past catalog version; the current one when omitted. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

/** Replacing one item's wording creates a new catalog version (audited). */
export class ReplaceCatalogItemDto {
  /** The Vietnamese wording. */
  @Transform(trim)
  @IsString()
  @Length(5, 4000)
  text: string;

  /** True only when the wording was compared with the official text. */
  @IsBoolean()
  verified: boolean;

  @ApiPropertyOptional({ enum: VERIFICATIONS })
  @IsOptional()
  @IsIn(VERIFICATIONS)
  verification?: (typeof VERIFICATIONS)[number];

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  summaryEn?: string;

  /** Where the wording was checked (URL or document reference). */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  source?: string;

  /** Where the wording comes from; `official` by default when verified. */
  @ApiPropertyOptional({ enum: SOURCE_KINDS })
  @IsOptional()
  @IsIn(SOURCE_KINDS)
  sourceKind?: SourceKind;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiProperty({
    description: 'Why the wording changes (kept with the catalog version and in the audit log)',
  })
  @Transform(trim)
  @IsString()
  @Length(3, 500)
  reason: string;
}
