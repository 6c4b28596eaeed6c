import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
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
} from 'class-validator';
import { IsOmittable } from '../common/optional.js';
import { PageQuery } from '../common/pagination.js';
import type { Gender, MemberStatus } from './member.entity.js';

const STATUSES = ['official', 'probationary'] as const;
const GENDERS = ['male', 'female', 'other'] as const;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateMemberDto {
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  fullName: string;

  /** Số thẻ đảng viên: digits, unique. */
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{6,20}$/, { message: 'partyCardNumber must be 6 to 20 digits' })
  partyCardNumber?: string;

  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiPropertyOptional({ enum: GENDERS })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender;

  /** The cell (chi bộ) the member belongs to. */
  @IsUUID()
  cellId: string;

  @ApiProperty({ enum: STATUSES })
  @IsIn(STATUSES)
  status: MemberStatus;

  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'joinedPartyOn must be a date YYYY-MM-DD' })
  joinedPartyOn?: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  position?: string;

  @IsOptional()
  @IsBoolean()
  isExempt?: boolean;
}

export class UpdateMemberDto {
  /** The version from your last read. */
  @IsInt()
  @Min(1)
  version: number;

  @IsOmittable()
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  fullName?: string;

  @IsOmittable()
  @IsString()
  @Matches(/^[0-9]{6,20}$/, { message: 'partyCardNumber must be 6 to 20 digits' })
  partyCardNumber?: string;

  @IsOmittable()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiPropertyOptional({ enum: GENDERS })
  @IsOmittable()
  @IsIn(GENDERS)
  gender?: Gender;

  /** Moving to another cell (transfer); past records stay with the old cell. */
  @IsOmittable()
  @IsUUID()
  cellId?: string;

  /** Reason of a transfer, kept in the member's cell history. */
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  transferReason?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOmittable()
  @IsIn(STATUSES)
  status?: MemberStatus;

  @IsOmittable()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'joinedPartyOn must be a date YYYY-MM-DD' })
  joinedPartyOn?: string;

  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  position?: string;

  @IsOmittable()
  @IsBoolean()
  isExempt?: boolean;

  @IsOmittable()
  @IsBoolean()
  isSuspended?: boolean;
}

export class MemberQuery extends PageQuery {
  /** Members of this organisation and its whole subtree. */
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  /** Name search, ignoring diacritics and case ("nguyen van an" finds "Nguyễn Văn An"). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: MemberStatus;
}
