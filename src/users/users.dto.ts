import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ROLES, type Role } from '../common/permissions.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../auth/passwords.js';
import { IsOmittable } from '../common/optional.js';
import { PageQuery } from '../common/pagination.js';

export class RoleInputDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  /** Required for secretary (a cell) and leader (a committee); absent for admin. */
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  organizationId?: string | null;
}

export class CreateUserDto {
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, {
    message: 'username must be 3 to 64 characters: lowercase letters, digits, dot, dash, underscore',
  })
  username: string;

  /** 12 to 128 characters, any Unicode. */
  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX * 2)
  password: string;

  @IsOptional()
  @IsUUID()
  memberId?: string;

  @ApiProperty({ type: [RoleInputDto] })
  @IsArray()
  @ArrayMaxSize(20)
  // IsObject: ValidateNested also accepts [[{...}]], nesting arrays inside the array.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RoleInputDto)
  roles: RoleInputDto[];
}

export class UpdateUserDto {
  @IsInt()
  @Min(1)
  version: number;

  @IsOmittable()
  @IsBoolean()
  isActive?: boolean;

  /** Replaces the stored roles when given. */
  @ApiPropertyOptional({ type: [RoleInputDto] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  // IsObject: ValidateNested also accepts [[{...}]], nesting arrays inside the array.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RoleInputDto)
  roles?: RoleInputDto[];

  /** Sets a new password (e.g. a member who forgot theirs); all their sessions are revoked. */
  @ApiPropertyOptional({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsOmittable()
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX * 2)
  password?: string;
}

export class UserQuery extends PageQuery {
  /** Part of the username, or of the linked member's name with diacritics ignored ("nguyen" finds "Nguyễn"). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}
