import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsOmittable } from '../common/optional.js';
import type { OrganizationKind } from './organization.entity.js';
import type { ClosureMode } from './organizations.rules.js';

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

/** `GET /api/organizations?includeClosed=true`: closed organisations are left out unless asked for. */
export class OrganizationTreeQuery {
  @ApiPropertyOptional({ type: Boolean })
  @IsOmittable()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeClosed?: boolean;
}

/** Most successors one closure names, and most child organisations it moves. */
export const MAX_SUCCESSORS = 50;
export const MAX_CLOSURE_MOVES = 500;

export class ClosureMoveDto {
  /** An open direct child of the closing organisation. */
  @IsUUID()
  childId: string;

  /** One of the successors. */
  @IsUUID()
  toId: string;
}

export class CloseOrganizationDto {
  /** The version from your last read. */
  @IsInt()
  @Min(1)
  version: number;

  /** `merge`: everything to one successor; `split`: the children shared among two or more. */
  @ApiProperty({ enum: ['merge', 'split'] })
  @IsIn(['merge', 'split'])
  mode: ClosureMode;

  /** The day it stopped existing (not after today), e.g. 2025-06-30 for the 2025 reform. */
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'closedOn must be a date YYYY-MM-DD' })
  closedOn: string;

  /** The organisations that take its place: one for a merge, two or more for a split. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SUCCESSORS)
  @IsUUID('all', { each: true })
  successorIds: string[];

  /** For a split: where each open child organisation goes. */
  @ApiPropertyOptional({ type: [ClosureMoveDto] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_CLOSURE_MOVES)
  @ValidateNested({ each: true })
  @Type(() => ClosureMoveDto)
  moves?: ClosureMoveDto[];

  /** Why (the decision merging or splitting it), kept in the audit entry. */
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason?: string;
}
