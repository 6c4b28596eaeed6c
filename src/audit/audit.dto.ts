import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination.js';

export class AuditQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9._-]+$/, { message: 'action must be an action name like member.create' })
  @MaxLength(64)
  action?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[a-z_-]+$/, { message: 'entityType must be lowercase letters' })
  @MaxLength(64)
  entityType?: string;

  @IsOptional()
  @IsUUID()
  entityId?: string;

  @IsOptional()
  @IsUUID()
  actorUserId?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: '$property must be a real ISO 8601 date or time' })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: '$property must be a real ISO 8601 date or time' })
  to?: string;
}
