/**
 * An external delivery channel (e-mail, SMS, the national party app). In-app notifications need no
 * channel: the `notification` row is the message. Every notification is also written to the
 * `notification_outbox` table in the same transaction; the OutboxDispatcher later hands it to each
 * registered channel and records the result. Adding a channel is one class plus one provider:
 *
 * ```ts
 * @Injectable()
 * export class EmailChannel implements NotificationChannel {
 *   readonly name = 'email';
 *   async deliver(message: OutboundNotification): Promise<void> {
 *     // look up the address of message.recipientUserId and send; throw to have it retried
 *   }
 * }
 * // in NotificationsModule providers:
 * { provide: NOTIFICATION_CHANNELS, useFactory: (email: EmailChannel) => [email], inject: [EmailChannel] }
 * ```
 *
 * Contract: `deliver` resolves once the channel has accepted the message and throws otherwise; the
 * dispatcher retries with backoff (at most OUTBOX_MAX_ATTEMPTS times) and never re-sends to a channel
 * that already accepted it. Delivery is at least once: a channel should use `message.id` to drop a
 * duplicate after a crash between its send and the dispatcher's bookkeeping.
 */
export interface NotificationChannel {
  /** Short stable name, recorded in `notification_outbox.deliveredTo`. */
  readonly name: string;
  deliver(message: OutboundNotification): Promise<void>;
}

export interface OutboundNotification {
  /** The notification's id: stable across retries. */
  id: string;
  recipientUserId: string;
  kind: string;
  title: string;
  body: string;
  entityType: string | null;
  entityId: string | null;
  createdAt: Date;
}

/** Injection token for the list of external channels (empty by default: in-app only). */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
