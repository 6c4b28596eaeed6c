import { createHash } from 'node:crypto';

/** Every kind of notification, one name each (clients branch on it). */
export const NOTIFICATION_KINDS = [
  'commitment.submitted',
  'commitment.accepted',
  'commitment.returned',
  'commitment.assessed',
  'commitment.feedback',
  'evaluation.decided',
  'reminder.registration',
  'reminder.results',
  'reminder.review-queue',
  'reminder.cell-behind',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type ReminderPeriodType = 'yearly' | 'quarterly' | 'monthly';
export interface ReminderPeriod {
  year: number;
  periodType: ReminderPeriodType;
  periodIndex: number | null;
}

export interface ReminderSettings {
  registrationLeadDays: number;
  resultsLeadDays: number;
  queueStaleDays: number;
  /** Percent, 0-100. */
  cellBehindPercent: number;
}

/**
 * Defaults when no organisation on the path sets its own: three days' notice before a registration
 * deadline, five before a period ends, a secretary's queue reminder after three days, and leaders
 * hear about cells under 80% registration once the deadline has passed.
 */
export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  registrationLeadDays: 3,
  resultsLeadDays: 5,
  queueStaleDays: 3,
  cellBehindPercent: 80,
};

export const SETTING_LIMITS: Record<keyof ReminderSettings, { min: number; max: number }> = {
  registrationLeadDays: { min: 0, max: 60 },
  resultsLeadDays: { min: 0, max: 60 },
  queueStaleDays: { min: 1, max: 60 },
  cellBehindPercent: { min: 0, max: 100 },
};

/** The nearest value set on the organisation or an ancestor (ancestry ordered root first), else the default. */
export function effectiveSettings(
  ancestry: Array<Partial<Record<keyof ReminderSettings, number | null>> | null>,
): ReminderSettings {
  const out = { ...DEFAULT_REMINDER_SETTINGS };
  for (const key of Object.keys(out) as Array<keyof ReminderSettings>) {
    for (let i = ancestry.length - 1; i >= 0; i--) {
      const v = ancestry[i]?.[key];
      if (v !== null && v !== undefined) {
        out[key] = v;
        break;
      }
    }
  }
  return out;
}

/** Adds calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** True from `leadDays` days before `date` up to and including `date`. */
export function isWithinLead(today: string, date: string, leadDays: number): boolean {
  return today >= addDays(date, -leadDays) && today <= date;
}

/** The periods that contain `today` and the ones right after, whose deadlines may be announced early. */
export function candidatePeriods(today: string): ReminderPeriod[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const quarter = Math.floor((month - 1) / 3) + 1;
  return [
    { year, periodType: 'yearly', periodIndex: null },
    { year: year + 1, periodType: 'yearly', periodIndex: null },
    { year, periodType: 'quarterly', periodIndex: quarter },
    quarter === 4
      ? { year: year + 1, periodType: 'quarterly', periodIndex: 1 }
      : { year, periodType: 'quarterly', periodIndex: quarter + 1 },
    { year, periodType: 'monthly', periodIndex: month },
    month === 12
      ? { year: year + 1, periodType: 'monthly', periodIndex: 1 }
      : { year, periodType: 'monthly', periodIndex: month + 1 },
  ];
}

export function periodLabel(p: ReminderPeriod): string {
  if (p.periodType === 'yearly') return `năm ${p.year}`;
  if (p.periodType === 'quarterly') return `quý ${p.periodIndex}/${p.year}`;
  return `tháng ${p.periodIndex}/${p.year}`;
}

export function periodTag(p: ReminderPeriod): string {
  return `${p.year}-${p.periodType}-${p.periodIndex ?? 0}`;
}

/** Idempotency key of a reminder: once per subject (member, commitment, cell) per reason per period. */
export function dedupeKey(
  kind: NotificationKind,
  recipientUserId: string,
  subject: string,
  period: string,
): string {
  return `${kind}:${recipientUserId}:${subject}:${period}`;
}

/**
 * A stable id derived from the idempotency key (UUID layout, version 8 "custom"): two instances
 * racing to create the same reminder produce the same id, and the outbox row shares it.
 */
export function idFromKey(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Exponential backoff for outbox retries: 1, 2, 4 ... minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

export const OUTBOX_MAX_ATTEMPTS = 8;
