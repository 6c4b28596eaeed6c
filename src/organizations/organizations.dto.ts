import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsOmittable } from '../common/optional.js';
import type { OrganizationKind } from './organization.entity.js';

/** Names are trimmed before validation, so a blank name fails its length check instead of being stored empty. */
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateOrganizationDto {
  /** Short unique code, e.g. "P-NQ" or "CB-KP3". */
  @IsString()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'code may contain letters, digits, dot, dash and underscore only',
  })
  code: string;

  @Transform(trim)
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiProperty({ enum: ['committee', 'cell'] })
  @IsIn(['committee', 'cell'])
  kind: OrganizationKind;

  @IsBoolean()
  isGrassroots: boolean;

  /** null for a top-level committee (admin only). */
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  parentId: string | null;
}

export class UpdateOrganizationDto {
  /** The version from your last read. */
  @IsInt()
  @Min(1)
  version: number;

  @IsOmittable()
  @IsString()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'code may contain letters, digits, dot, dash and underscore only',
  })
  code?: string;

  @IsOmittable()
  @Transform(trim)
  @IsString()
  @Length(1, 255)
  name?: string;

  @IsOmittable()
  @IsBoolean()
  isGrassroots?: boolean;

  /**
   * Moving re-scopes the whole subtree, its evaluations and evaluation cycles included; refused with
   * 409 ORGANIZATION_MOVE_BLOCKED when it would carry evaluations out of an open evaluation cycle.
   */
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  parentId?: string | null;

  /** The member who heads it (bí thư); must belong to its subtree. */
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  headMemberId?: string | null;
}
