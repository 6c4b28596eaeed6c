import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/auth-decorators.js';
import { UuidParam } from '../common/uuid-param.js';
import { NotificationQuery, UpdateNotificationSettingsDto } from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The caller's own notifications, unread first, newest first; `unread` counts all unread. */
  @Get()
  @RequirePermission('notification.read')
  list(@CurrentActor() actor: Actor, @Query() q: NotificationQuery) {
    return this.notifications.listMine(actor, q);
  }

  @Post('read-all')
  @HttpCode(200)
  @RequirePermission('notification.read')
  readAll(@CurrentActor() actor: Actor) {
    return this.notifications.markAllRead(actor);
  }

  @Post(':id/read')
  @HttpCode(200)
  @RequirePermission('notification.read')
  read(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.notifications.markRead(actor, id);
  }

  /** Reminder lead times and thresholds: this organisation's own values and the ones in force. */
  @Get('settings/:organizationId')
  @RequirePermission('organization.read')
  settings(@CurrentActor() actor: Actor, @UuidParam('organizationId') organizationId: string) {
    return this.notifications.getSettings(actor, organizationId);
  }

  @Put('settings/:organizationId')
  @RequirePermission('organization.manage')
  updateSettings(
    @CurrentActor() actor: Actor,
    @UuidParam('organizationId') organizationId: string,
    @Body() dto: UpdateNotificationSettingsDto,
  ) {
    return this.notifications.updateSettings(actor, organizationId, dto);
  }
}
