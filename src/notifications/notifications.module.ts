import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NOTIFICATION_CHANNELS } from './notification-channel.js';
import { NotificationOutbox } from './notification-outbox.entity.js';
import { NotificationRecipients } from './notification-recipients.js';
import { NotificationSubscriptions } from './notification-subscriptions.js';
import { NotificationSetting } from './notification-setting.entity.js';
import { Notification } from './notification.entity.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';
import { OutboxDispatcher } from './outbox.dispatcher.js';
import { RemindersService } from './reminders.service.js';

@Module({
  imports: [
    ScheduleModule.forRoot(),
    TypeOrmModule.forFeature([Notification, NotificationOutbox, NotificationSetting]),
  ],
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    NotificationRecipients,
    NotificationSubscriptions,
    RemindersService,
    OutboxDispatcher,
    // External channels (e-mail, SMS, the party app) go here; see notification-channel.ts.
    { provide: NOTIFICATION_CHANNELS, useValue: [] },
  ],
  exports: [NotificationsService, RemindersService, OutboxDispatcher],
})
export class NotificationsModule {}
