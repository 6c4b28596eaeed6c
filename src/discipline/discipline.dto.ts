import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { DISCIPLINE_FORMS } from './disciplinary-record.entity.js';
import type { DisciplineForm } from './disciplinary-record.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateDisciplinaryRecordDto {
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'decidedOn must be a date YYYY-MM-DD' })
  decidedOn: string;

  @ApiProperty({ enum: DISCIPLINE_FORMS })
  @IsIn(DISCIPLINE_FORMS)
  form: DisciplineForm;

  /** e.g. "125-QĐ/ĐU". */
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  decisionNumber: string;

  @Transform(trim)
  @IsString()
  @Length(3, 5000)
  reason: string;

  /** QĐ 37-QĐ/TW prohibitions breached (1-19). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(19)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(19, { each: true })
  prohibitionCodes?: number[];

  /** The member detected the violation and remedied its consequences themselves. */
  @IsOptional()
  @IsBoolean()
  selfDetectedAndRemedied?: boolean;
}
