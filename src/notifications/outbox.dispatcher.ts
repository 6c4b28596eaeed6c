import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { In, LessThanOrEqual } from 'typeorm';
import { AdvisoryLock } from '../common/advisory-locks.js';
import { Database } from '../common/database.service.js';
import { NOTIFICATION_CHANNELS, NotificationChannel } from './notification-channel.js';
import { NotificationOutbox } from './notification-outbox.entity.js';
import { Notification } from './notification.entity.js';
import { OUTBOX_MAX_ATTEMPTS, retryDelayMs } from './notifications.rules.js';

export interface DispatchResult {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Delivers the outbox to the external channels after the transactions that wrote it committed.
 * A row is claimed with a conditional UPDATE (pending -> sending), so two instances never both take it;
 * on PostgreSQL each run also takes an advisory lock, so of several processes one runs at a time.
 */
@Injectable()
export class OutboxDispatcher {
  private readonly logger = new Logger('NotificationOutbox');
  private running = false;

  constructor(
    private readonly db: Database,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannel[],
  ) {}

  @Interval('camket-notification-outbox', 30_000)
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.db.exclusively(AdvisoryLock.NotificationOutbox, () => this.dispatch(new Date()));
    } catch (e) {
      this.logger.error(e instanceof Error ? e.message : String(e));
    } finally {
      this.running = false;
    }
  }

  async dispatch(now: Date, batch = 100): Promise<DispatchResult> {
    const result: DispatchResult = { sent: 0, retried: 0, failed: 0 };
    const due = await this.db.read((em) =>
      em.find(NotificationOutbox, {
        where: { status: In(['pending']), nextAttemptAt: LessThanOrEqual(now) },
        order: { createdAt: 'ASC' },
        take: batch,
      }),
    );
    for (const row of due) {
      const claimed = await this.db.transaction(async (em) => {
        const r = await em.update(
          NotificationOutbox,
          { id: row.id, status: 'pending' },
          { status: 'sending' },
        );
        return r.affected === 1 ? em.findOneBy(Notification, { id: row.id }) : null;
      });
      if (!claimed) continue;
      const done = new Set(row.deliveredTo.split(',').filter(Boolean));
      const errors: string[] = [];
      for (const channel of this.channels) {
        if (done.has(channel.name)) continue;
        try {
          await channel.deliver({
            id: claimed.id,
            recipientUserId: claimed.recipientUserId,
            kind: claimed.kind,
            title: claimed.title,
            body: claimed.body,
            entityType: claimed.entityType,
            entityId: claimed.entityId,
            createdAt: claimed.createdAt,
          });
          done.add(channel.name);
        } catch (e) {
          errors.push(`${channel.name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      const attempts = row.attempts + 1;
      const status = errors.length === 0 ? 'sent' : attempts >= OUTBOX_MAX_ATTEMPTS ? 'failed' : 'pending';
      await this.db.transaction((em) =>
        em.update(
          NotificationOutbox,
          { id: row.id },
          {
            status,
            attempts,
            deliveredTo: [...done].join(','),
            lastError: errors.length ? errors.join('; ').slice(0, 1000) : null,
            sentAt: status === 'sent' ? new Date() : null,
            nextAttemptAt:
              status === 'pending' ? new Date(now.getTime() + retryDelayMs(attempts)) : row.nextAttemptAt,
          },
        ),
      );
      if (status === 'sent') result.sent++;
      else if (status === 'failed') result.failed++;
      else result.retried++;
    }
    return result;
  }
}
