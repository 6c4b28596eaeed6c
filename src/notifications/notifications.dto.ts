import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageQuery } from '../common/pagination.js';

export class NotificationQuery extends PageQuery {
  /** Only unread notifications. */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unreadOnly?: boolean;
}

/** Reminder settings of one organisation; null clears a value so the parent's (or the default) applies. */
export class UpdateNotificationSettingsDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  registrationLeadDays?: number | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  resultsLeadDays?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  queueStaleDays?: number | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  cellBehindPercent?: number | null;
}
