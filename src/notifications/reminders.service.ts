import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { EntityManager, In } from 'typeorm';
import { AdvisoryLock } from '../common/advisory-locks.js';
import { Database } from '../common/database.service.js';
import { APP_CONFIG, AppConfig } from '../config/config.js';
import { VN_TIME_ZONE, vnToday } from '../common/dates.js';
import { CommitmentDeadline } from '../commitments/commitment-deadline.entity.js';
import { Commitment } from '../commitments/commitment.entity.js';
import {
  deadlineOf,
  effectiveDeadline,
  periodEnd,
  PUBLISHED_STATUSES,
} from '../commitments/commitments.rules.js';
import { Organization } from '../organizations/organization.entity.js';
import { NotificationRecipients } from './notification-recipients.js';
import { NotificationSetting } from './notification-setting.entity.js';
import { NotificationsService } from './notifications.service.js';
import {
  activeMembersPerCell,
  activeMembersWithout,
  registeredPerCell,
  submittedBefore,
} from './notifications.repository.js';
import {
  candidatePeriods,
  dedupeKey,
  effectiveSettings,
  isWithinLead,
  periodLabel,
  periodTag,
  ReminderPeriod,
  ReminderSettings,
} from './notifications.rules.js';

export interface ReminderRun {
  today: string;
  registration: number;
  results: number;
  reviewQueue: number;
  cellBehind: number;
}

interface CellInfo {
  id: string;
  name: string;
  path: string;
  ancestry: string[];
  settings: ReminderSettings;
  deadlines: Record<ReminderPeriod['periodType'], (p: ReminderPeriod) => string>;
}

const periodKey = (p: ReminderPeriod) => p.periodIndex ?? 0;
const SUBMITTED_OR_LATER = ['submitted', ...PUBLISHED_STATUSES];

/**
 * The daily reminders. Each reminder has an idempotency key (reason, recipient, subject, period) with
 * a unique index, so running the job twice, or on two instances at once, creates it once. On
 * PostgreSQL a run also takes an advisory lock, so of several processes one does the work at a time.
 */
@Injectable()
export class RemindersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationsService,
    private readonly recipients: NotificationRecipients,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** REMINDERS_CRON, Vietnam time: every morning at 07:00 unless configured. */
  onApplicationBootstrap(): void {
    const job = CronJob.from({
      cronTime: this.config.jobs.remindersCron,
      onTick: () => this.runDaily(),
      timeZone: VN_TIME_ZONE,
      waitForCompletion: true,
    });
    this.scheduler.addCronJob('camket-reminders', job);
    job.start();
  }

  /** One scheduled run: skipped when another process is running it (then it creates them). */
  async runDaily(): Promise<void> {
    try {
      const run = await this.db.exclusively(AdvisoryLock.Reminders, () => this.runReminders(new Date()));
      if (run.ran) this.logger.log(`Reminders ${run.value.today}: ${JSON.stringify(run.value)}`);
      else this.logger.debug('Reminders: another process is running them');
    } catch (e) {
      this.logger.error(`Reminders failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async runReminders(now: Date): Promise<ReminderRun> {
    const today = vnToday(now);
    return this.db.transaction(async (em) => {
      const cells = await this.loadCells(em);
      return {
        today,
        registration: await this.registrationReminders(em, cells, today),
        results: await this.resultsReminders(em, cells, today),
        reviewQueue: await this.reviewQueueReminders(em, cells, now),
        cellBehind: await this.cellBehindReminders(em, cells, today),
      };
    });
  }

  /** A few days before each registration deadline: members with nothing submitted for the period. */
  private async registrationReminders(em: EntityManager, cells: CellInfo[], today: string): Promise<number> {
    let created = 0;
    for (const p of candidatePeriods(today)) {
      const due = cells.filter((c) =>
        isWithinLead(today, c.deadlines[p.periodType](p), c.settings.registrationLeadDays),
      );
      if (due.length === 0) continue;
      const members = await this.activeMembersWithout(em, due, p, SUBMITTED_OR_LATER);
      const accounts = await this.recipients.accountsOfMembers(
        em,
        members.map((m) => m.id),
      );
      const byCell = new Map(due.map((c) => [c.id, c]));
      for (const m of members) {
        const userId = accounts.get(m.id);
        if (!userId) continue;
        const deadline = byCell.get(m.cellId)!.deadlines[p.periodType](p);
        created += await this.notifications.notify(em, {
          recipientUserIds: [userId],
          kind: 'reminder.registration',
          title: `Nhắc đăng ký cam kết ${periodLabel(p)}`,
          body: `Hạn đăng ký bản cam kết ${periodLabel(p)} là ngày ${deadline}; đồng chí chưa nộp bản cam kết.`,
          entityType: 'member',
          entityId: m.id,
          dedupeKey: (u) => dedupeKey('reminder.registration', u, m.id, periodTag(p)),
        });
      }
    }
    return created;
  }

  /** Before a period ends: accepted commitments whose results are not reported yet. */
  private async resultsReminders(em: EntityManager, cells: CellInfo[], today: string): Promise<number> {
    let created = 0;
    for (const p of candidatePeriods(today)) {
      const due = cells.filter((c) => isWithinLead(today, periodEnd(p), c.settings.resultsLeadDays));
      if (due.length === 0) continue;
      const rows: Array<Pick<Commitment, 'id' | 'memberId'>> = [];
      for (const part of this.chunks(due.map((c) => c.id))) {
        rows.push(
          ...(await em.find(Commitment, {
            where: {
              cellId: In(part),
              year: p.year,
              periodType: p.periodType,
              periodKey: periodKey(p),
              status: 'accepted',
            },
            select: { id: true, memberId: true },
          })),
        );
      }
      const accounts = await this.recipients.accountsOfMembers(
        em,
        rows.map((r) => r.memberId),
      );
      for (const c of rows) {
        const userId = accounts.get(c.memberId);
        if (!userId) continue;
        created += await this.notifications.notify(em, {
          recipientUserIds: [userId],
          kind: 'reminder.results',
          title: `Nhắc báo cáo kết quả ${periodLabel(p)}`,
          body: `Kỳ ${periodLabel(p)} kết thúc ngày ${periodEnd(p)}; đồng chí báo cáo kết quả thực hiện cam kết.`,
          entityType: 'commitment',
          entityId: c.id,
          dedupeKey: (u) => dedupeKey('reminder.results', u, c.memberId, periodTag(p)),
        });
      }
    }
    return created;
  }

  /** Submitted commitments waiting longer than the cell's setting: the cell's secretaries. */
  private async reviewQueueReminders(em: EntityManager, cells: CellInfo[], now: Date): Promise<number> {
    // No cells (a new installation): nothing waits, and no cutoff date can be formed.
    if (cells.length === 0) return 0;
    const byCell = new Map(cells.map((c) => [c.id, c]));
    const minStale = Math.min(...cells.map((c) => c.settings.queueStaleDays));
    const waiting = await submittedBefore(em, new Date(now.getTime() - minStale * 86_400_000));
    let created = 0;
    for (const c of waiting) {
      const cell = byCell.get(c.cellId);
      if (
        !cell ||
        !c.submittedAt ||
        now.getTime() - c.submittedAt.getTime() < cell.settings.queueStaleDays * 86_400_000
      )
        continue;
      const owner = await this.recipients.accountOfMember(em, c.memberId);
      const secretaries = (await this.recipients.secretariesOf(em, c.cellId)).filter((id) => id !== owner);
      const days = Math.floor((now.getTime() - c.submittedAt.getTime()) / 86_400_000);
      created += await this.notifications.notify(em, {
        recipientUserIds: secretaries,
        kind: 'reminder.review-queue',
        title: 'Bản cam kết chờ duyệt quá hạn',
        body: `Một bản cam kết của chi bộ ${cell.name} đã chờ duyệt ${days} ngày.`,
        entityType: 'commitment',
        entityId: c.id,
        dedupeKey: (u) => dedupeKey('reminder.review-queue', u, c.id, c.submittedAt!.toISOString()),
      });
    }
    return created;
  }

  /** After the deadline, while the period runs: cells under the registration threshold, to the nearest leaders above. */
  private async cellBehindReminders(em: EntityManager, cells: CellInfo[], today: string): Promise<number> {
    let created = 0;
    for (const p of candidatePeriods(today)) {
      const late = cells.filter((c) => today > c.deadlines[p.periodType](p) && today <= periodEnd(p));
      if (late.length === 0) continue;
      const expected = await this.countActiveMembers(em, late);
      const registered = await this.countRegistered(em, late, p);
      for (const cell of late) {
        const exp = expected.get(cell.id) ?? 0;
        const reg = registered.get(cell.id) ?? 0;
        if (exp === 0 || reg * 100 >= exp * cell.settings.cellBehindPercent) continue;
        const leaders = await this.nearestLeaders(em, cell);
        const rate = Math.round((reg * 100) / exp);
        created += await this.notifications.notify(em, {
          recipientUserIds: leaders,
          kind: 'reminder.cell-behind',
          title: `${cell.name}: đăng ký cam kết ${periodLabel(p)} chậm`,
          body: `${cell.name} mới có ${reg}/${exp} đảng viên (${rate}%) được chấp nhận bản cam kết ${periodLabel(p)} sau hạn ${cell.deadlines[p.periodType](p)}.`,
          entityType: 'organization',
          entityId: cell.id,
          dedupeKey: (u) => dedupeKey('reminder.cell-behind', u, cell.id, periodTag(p)),
        });
      }
    }
    return created;
  }

  private async loadCells(em: EntityManager): Promise<CellInfo[]> {
    const orgs = await em.find(Organization, { select: { id: true, name: true, path: true, kind: true } });
    const settings = new Map((await em.find(NotificationSetting)).map((s) => [s.organizationId, s]));
    const deadlines = await em.find(CommitmentDeadline);
    const ruleOf = (orgId: string, type: ReminderPeriod['periodType']) => {
      const d = deadlines.find((x) => x.organizationId === orgId && x.periodType === type);
      return d ? { monthOffset: d.monthOffset, day: d.day } : null;
    };
    return orgs
      .filter((o) => o.kind === 'cell')
      .map((o) => {
        const ancestry = o.path.split('/').filter(Boolean);
        const deadlineFor = (type: ReminderPeriod['periodType']) => {
          const rule = effectiveDeadline(
            type,
            ancestry.map((id) => ({ organizationId: id, rule: ruleOf(id, type) })),
          );
          return (p: ReminderPeriod) => deadlineOf(p, rule);
        };
        return {
          id: o.id,
          name: o.name,
          path: o.path,
          ancestry,
          settings: effectiveSettings(ancestry.map((id) => settings.get(id) ?? null)),
          deadlines: {
            yearly: deadlineFor('yearly'),
            quarterly: deadlineFor('quarterly'),
            monthly: deadlineFor('monthly'),
          },
        };
      });
  }

  /** Active (not exempt, not suspended) members of the cells without a commitment in `statuses` for the period. */
  private async activeMembersWithout(
    em: EntityManager,
    cells: CellInfo[],
    p: ReminderPeriod,
    statuses: readonly string[],
  ): Promise<Array<{ id: string; cellId: string }>> {
    const out: Array<{ id: string; cellId: string }> = [];
    for (const part of this.chunks(cells.map((c) => c.id))) {
      const rows = await activeMembersWithout(em, part, { ...p, periodKey: periodKey(p) }, statuses);
      out.push(...rows);
    }
    return out;
  }

  private async countActiveMembers(em: EntityManager, cells: CellInfo[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of this.chunks(cells.map((c) => c.id))) {
      const rows = await activeMembersPerCell(em, part);
      for (const r of rows) out.set(r.cellId, Number(r.n));
    }
    return out;
  }

  /** Members (by current cell) with an accepted or later commitment for the period, as the overview report counts them. */
  private async countRegistered(
    em: EntityManager,
    cells: CellInfo[],
    p: ReminderPeriod,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of this.chunks(cells.map((c) => c.id))) {
      const rows = await registeredPerCell(em, part, { ...p, periodKey: periodKey(p) }, PUBLISHED_STATUSES);
      for (const r of rows) out.set(r.cellId, Number(r.n));
    }
    return out;
  }

  /** Leaders of the nearest committee above the cell that has any. */
  private async nearestLeaders(em: EntityManager, cell: CellInfo): Promise<string[]> {
    for (let i = cell.ancestry.length - 2; i >= 0; i--) {
      const leaders = await this.recipients.leadersOf(em, [cell.ancestry[i]]);
      if (leaders.length > 0) return leaders;
    }
    return [];
  }

  private chunks<T>(items: T[], size = 400): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
  }
}
