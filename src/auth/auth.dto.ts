import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { IsOmittable } from '../common/optional.js';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwords.js';

export class LoginDto {
  @IsString()
  @Length(1, 64)
  username: string;

  @IsString()
  @Length(1, 512)
  password: string;

  /**
   * `cookie` (the web client): the refresh token is set as the httpOnly cookie `camket_refresh`
   * (SameSite=Strict, Path=/api/auth, Secure over HTTPS) instead of being answered in the body.
   */
  @ApiProperty({ required: false, enum: ['cookie'] })
  @IsOmittable()
  @IsIn(['cookie'])
  session?: 'cookie';
}

export class RefreshDto {
  /**
   * The refresh token of the JSON flow. Absent: the `camket_refresh` cookie is used, rotated and set
   * again, and the answer carries no refresh token.
   */
  @ApiProperty({ required: false })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  @Matches(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{20,}$/, { message: 'refreshToken is malformed' })
  refreshToken?: string;
}

export class ChangePasswordDto {
  @IsString()
  @Length(1, 512)
  currentPassword: string;

  /** 12 to 128 characters; any Unicode is accepted and nothing is truncated. */
  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX * 2)
  newPassword: string;
}
