import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AccessService } from '../access/access.service.js';
import type { CommitmentRef } from '../commitments/commitments.events.js';
import { Actor } from '../common/actor.js';
import { Database } from '../common/database.service.js';
import { DomainError } from '../common/domain-error.js';
import { notificationError } from './notifications.errors.js';
import { pageOf } from '../common/pagination.js';
import { insertRow } from '../common/raw-rows.js';
import { Organization } from '../organizations/organization.entity.js';
import { NotificationOutbox } from './notification-outbox.entity.js';
import { NotificationRecipients } from './notification-recipients.js';
import { NotificationSetting } from './notification-setting.entity.js';
import { Notification } from './notification.entity.js';
import { NotificationQuery, UpdateNotificationSettingsDto } from './notifications.dto.js';
import type {
  NotificationPage,
  NotificationSettingsView,
  NotificationView,
  ReadAll,
} from './notifications.responses.js';
import {
  insertNotificationsIgnoring,
  notificationsPage,
  storedNotificationIds,
} from './notifications.repository.js';
import {
  DEFAULT_REMINDER_SETTINGS,
  effectiveSettings,
  idFromKey,
  NotificationKind,
  periodLabel,
  ReminderPeriod,
  ReminderSettings,
} from './notifications.rules.js';

export interface NotifyInput {
  recipientUserIds: string[];
  kind: NotificationKind;
  title: string;
  body: string;
  entityType?: string | null;
  entityId?: string | null;
  /**
   * Idempotency key per recipient (reminders): a second notify with the same key is a no-op, even
   * from another instance at the same moment.
   */
  dedupeKey?: (recipientUserId: string) => string;
}

const periodOfRef = (c: CommitmentRef): ReminderPeriod => ({
  year: c.year,
  periodType: c.periodType,
  periodIndex: c.periodType === 'yearly' ? null : c.periodKey,
});

const toView = (n: Notification): NotificationView => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  entityType: n.entityType,
  entityId: n.entityId,
  readAt: n.readAt,
  createdAt: n.createdAt,
});

/** Rows per INSERT: 9 columns x 100 rows stays under SQLite's historic limit of 999 bound variables. */
const INSERT_CHUNK = 100;

@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly recipients: NotificationRecipients,
  ) {}

  // ------------------------------------------------------------------------------------------------
  // Writing: run by the subscriptions to other modules' domain events (notification-subscriptions.ts)
  // inside the writer's transaction, so the notification and its outbox row commit (or roll back)
  // with the change they announce.

  /** Creates one notification per recipient plus its outbox row. Answers how many were new. */
  async notify(em: EntityManager, input: NotifyInput): Promise<number> {
    const recipients = [...new Set(input.recipientUserIds)];
    if (recipients.length === 0) return 0;
    const now = new Date();
    const rows = recipients.map((userId) => {
      const key = input.dedupeKey?.(userId) ?? null;
      return {
        id: key ? idFromKey(key) : randomUUID(),
        recipientUserId: userId,
        kind: input.kind,
        title: input.title.slice(0, 255),
        body: input.body.slice(0, 2000),
        entityType: input.entityType ?? null,
        entityId: input.entityId ?? null,
        dedupeKey: key,
        readAt: null,
        createdAt: now,
      };
    });
    let created = 0;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const keyed = chunk.filter((r) => r.dedupeKey !== null).map((r) => r.id);
      const existing = await storedNotificationIds(em, keyed);
      const fresh = chunk.filter((r) => !existing.has(r.id));
      if (fresh.length === 0) continue;
      const outbox = fresh.map((r) => ({
        id: r.id,
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: now,
        deliveredTo: '',
        lastError: null,
        sentAt: null,
        createdAt: now,
      }));
      // ON CONFLICT DO NOTHING (INSERT OR IGNORE on SQLite): another instance may win the race.
      if (fresh.length === 1 && em.queryRunner?.isTransactionActive) {
        // One recipient (most notifications), in the caller's transaction (whose commit tells the
        // caches): plain one-row INSERTs, the same SQL the builder writes.
        await insertRow(em, Notification, fresh[0], { ignoreConflict: true });
        await insertRow(em, NotificationOutbox, outbox[0], { ignoreConflict: true });
      } else {
        await insertNotificationsIgnoring(em, fresh, outbox);
      }
      created += fresh.length;
    }
    return created;
  }

  /**
   * After each commitments workflow step (`CommitmentStepTaken`, in the step's transaction):
   * submit -> the cell's secretaries; accept, return, assess -> the member. Other steps notify nobody.
   */
  async commitmentTransitioned(
    em: EntityManager,
    c: CommitmentRef,
    action: string,
    reason: string | null,
  ): Promise<number> {
    if (action === 'submit') return this.commitmentSubmitted(em, c);
    if (action === 'accept') return this.commitmentReviewed(em, c, 'accepted', reason);
    if (action === 'return') return this.commitmentReviewed(em, c, 'returned', reason);
    if (action === 'assess') return this.commitmentReviewed(em, c, 'assessed', reason);
    return 0;
  }

  /** submitted -> the cell's secretaries (not the member themself: nobody reviews their own record). */
  async commitmentSubmitted(em: EntityManager, c: CommitmentRef): Promise<number> {
    const owner = await this.recipients.accountOfMember(em, c.memberId);
    const secretaries = (await this.recipients.secretariesOf(em, c.cellId)).filter((id) => id !== owner);
    return this.notify(em, {
      recipientUserIds: secretaries,
      kind: 'commitment.submitted',
      title: `Bản cam kết ${periodLabel(periodOfRef(c))} chờ duyệt`,
      body: `${await this.recipients.memberName(em, c.memberId)} đã nộp bản cam kết ${periodLabel(periodOfRef(c))}; đồng chí xem và cho ý kiến.`,
      entityType: 'commitment',
      entityId: c.id,
    });
  }

  /** accepted / returned / assessed -> the member who owns the commitment. */
  async commitmentReviewed(
    em: EntityManager,
    c: CommitmentRef,
    outcome: 'accepted' | 'returned' | 'assessed',
    note?: string | null,
  ): Promise<number> {
    const owner = await this.recipients.accountOfMember(em, c.memberId);
    const titles = {
      accepted: `Bản cam kết ${periodLabel(periodOfRef(c))} đã được chấp nhận`,
      returned: `Bản cam kết ${periodLabel(periodOfRef(c))} được trả lại để bổ sung`,
      assessed: `Bản cam kết ${periodLabel(periodOfRef(c))} đã được đánh giá`,
    };
    return this.notify(em, {
      recipientUserIds: owner ? [owner] : [],
      kind: `commitment.${outcome}`,
      title: titles[outcome],
      body: note ? `${titles[outcome]}. Ý kiến: ${note}` : `${titles[outcome]}.`,
      entityType: 'commitment',
      entityId: c.id,
    });
  }

  /**
   * Feedback (góp ý, `CommitmentFeedbackPosted`) -> the commitment's owner, unless they wrote it
   * themself. A member has one account (user_account.memberId is unique), so an author whose member
   * record is the commitment's is its owner: no lookup (most feedback is the member's own note).
   */
  async feedbackPosted(
    em: EntityManager,
    c: CommitmentRef,
    authorUserId: string,
    authorMemberId: string | null,
    feedbackId: string,
  ): Promise<number> {
    if (authorMemberId !== null && authorMemberId === c.memberId) return 0;
    const owner = await this.recipients.accountOfMember(em, c.memberId);
    if (!owner || owner === authorUserId) return 0;
    return this.notify(em, {
      recipientUserIds: [owner],
      kind: 'commitment.feedback',
      title: `Có góp ý mới về bản cam kết ${periodLabel(periodOfRef(c))}`,
      body: `Đồng chí có một góp ý mới về bản cam kết ${periodLabel(periodOfRef(c))}.`,
      entityType: 'commitment',
      entityId: c.id,
      dedupeKey: (userId) => `commitment.feedback:${userId}:${feedbackId}`,
    });
  }

  // ------------------------------------------------------------------------------------------------
  // Reading: a caller sees only their own notifications, whatever their roles.

  async listMine(actor: Actor, q: NotificationQuery): Promise<NotificationPage> {
    return this.db.read(async (em) => {
      const [rows, total] = await notificationsPage(em, actor.userId, Boolean(q.unreadOnly), q);
      const unread = await em.count(Notification, {
        where: { recipientUserId: actor.userId, readAt: IsNull() },
      });
      return { ...pageOf(rows.map(toView), total, q), unread };
    });
  }

  /** Marks one of the caller's notifications read (idempotent); someone else's answers 404. */
  async markRead(actor: Actor, id: string): Promise<NotificationView> {
    return this.db.transaction(async (em) => {
      const n = await em.findOneBy(Notification, { id, recipientUserId: actor.userId });
      if (!n) throw notificationError('NOTIFICATION_NOT_FOUND', 'Notification not found');
      if (!n.readAt) {
        n.readAt = new Date();
        await em.update(Notification, { id: n.id }, { readAt: n.readAt });
      }
      return toView(n);
    });
  }

  async markAllRead(actor: Actor): Promise<ReadAll> {
    return this.db.transaction(async (em) => {
      const result = await em.update(
        Notification,
        { recipientUserId: actor.userId, readAt: IsNull() },
        { readAt: new Date() },
      );
      return { updated: result.affected ?? 0 };
    });
  }

  // ------------------------------------------------------------------------------------------------
  // Per-organisation reminder settings.

  async getSettings(actor: Actor, organizationId: string): Promise<NotificationSettingsView> {
    return this.db.read(async (em) => {
      const org = await this.access.visibleOrganization(em, actor, 'organization.read', organizationId);
      return this.settingsView(em, org);
    });
  }

  async updateSettings(actor: Actor, organizationId: string, dto: UpdateNotificationSettingsDto) {
    return this.db.transaction(async (em) => {
      const org = await this.access.visibleOrganization(em, actor, 'organization.manage', organizationId);
      if (!this.access.coversPath(this.access.scopeOf(actor, 'organization.manage'), org.path)) {
        throw DomainError.notFound('Organization');
      }
      const current = await em.findOneBy(NotificationSetting, { organizationId: org.id });
      const changes: Partial<NotificationSetting> = {};
      for (const key of Object.keys(DEFAULT_REMINDER_SETTINGS) as Array<keyof ReminderSettings>) {
        if (dto[key] !== undefined) changes[key] = dto[key];
      }
      if (current)
        await em.update(
          NotificationSetting,
          { id: current.id },
          { ...changes, version: current.version + 1 },
        );
      else await em.save(em.create(NotificationSetting, { organizationId: org.id, version: 1, ...changes }));
      await this.audit.record(em, actor, {
        action: 'notification.settings',
        entityType: 'organization',
        entityId: org.id,
        organizationPath: org.path,
        changes,
      });
      return this.settingsView(em, org);
    });
  }

  private async settingsView(em: EntityManager, org: Organization): Promise<NotificationSettingsView> {
    const ids = org.path.split('/').filter(Boolean);
    const rows = await em.find(NotificationSetting, { where: { organizationId: In(ids) } });
    const byOrg = new Map(rows.map((r) => [r.organizationId, r]));
    const own = byOrg.get(org.id);
    const ownValues: Partial<ReminderSettings> = {};
    for (const key of Object.keys(DEFAULT_REMINDER_SETTINGS) as Array<keyof ReminderSettings>) {
      if (own?.[key] !== null && own?.[key] !== undefined) ownValues[key] = own[key];
    }
    return {
      organizationId: org.id,
      own: ownValues,
      effective: effectiveSettings(ids.map((id) => byOrg.get(id) ?? null)),
    };
  }
}
