import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsOmittable } from '../common/optional.js';
import { EXEMPTION_GROUNDS } from './member-exemption.entity.js';
import type { ExemptionGround } from './member-exemption.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class CreateExemptionDto {
  /** First day of the exemption (YYYY-MM-DD). */
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DAY, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  /** Last day, inclusive; left out or null for an open exemption (e.g. old age). */
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DAY, { message: 'to must be a date YYYY-MM-DD' })
  to?: string | null;

  @ApiProperty({ enum: EXEMPTION_GROUNDS })
  @IsIn(EXEMPTION_GROUNDS)
  ground: ExemptionGround;

  /** The decision (number, body) or the reason as the cell recorded it. */
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class UpdateExemptionDto {
  /** The version from your last read. */
  @IsInt()
  @Min(1)
  version: number;

  /** A new last day (ends or extends the exemption); null reopens it. */
  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_o: object, v: unknown) => v !== undefined && v !== null)
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DAY, { message: 'to must be a date YYYY-MM-DD' })
  to?: string | null;

  @ApiPropertyOptional({ enum: EXEMPTION_GROUNDS })
  @IsOmittable()
  @IsIn(EXEMPTION_GROUNDS)
  ground?: ExemptionGround;

  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class MemberOnQuery {
  /** The day `isExempt` is answered for (YYYY-MM-DD); today in Vietnam by default. */
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(DAY, { message: 'on must be a date YYYY-MM-DD' })
  on?: string;
}
