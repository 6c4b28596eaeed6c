/**
 * Pure rules of commitments (bản đăng ký / cam kết tu dưỡng, rèn luyện, phấn đấu): the status machine,
 * periods, registration deadlines and carry-forward. No Nest, no I/O.
 *
 * Background: Quy định 08-QĐi/TW (nêu gương, "học trước, làm theo trước"), Chỉ thị 05-CT/TW (học tập và
 * làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh) and Kết luận 21-KL/TW on the 27 manifestations ask
 * every member to register a yearly commitment, made public before the cell and assessed at year end.
 */
import { isIsoDate } from '../common/dates.js';

export const COMMITMENT_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'accepted',
  'reported',
  'assessed',
] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** Statuses in which a commitment is public inside its cell (công khai trước chi bộ). */
export const PUBLISHED_STATUSES: readonly CommitmentStatus[] = ['accepted', 'reported', 'assessed'];

export const PERIOD_TYPES = ['yearly', 'quarterly', 'monthly'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export const ITEM_CATEGORIES = [
  'study',
  'follow',
  'duty',
  'resolution4',
  'exemplary',
  'lifestyle',
  'remedy',
] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

export const OUTCOMES = ['done', 'partly', 'not_done'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const RATINGS = ['achieved', 'partly_achieved', 'not_achieved'] as const;
export type Rating = (typeof RATINGS)[number];

export const FEEDBACK_KINDS = ['comment', 'suggestion', 'commendation', 'criticism'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** The 27 manifestations of Nghị quyết 4 khóa XII (codes 1-27). */
export const MANIFESTATION_CODES = { min: 1, max: 27 } as const;

/**
 * Every action that touches a commitment's status (or records a step without changing it).
 * `owner` actions are done by the member, or by a secretary of the cell on the member's behalf;
 * `reviewer` actions by a secretary of the cell (never on their own commitment) or an admin.
 */
export const COMMITMENT_ACTIONS = [
  'edit',
  'carry_forward',
  'submit',
  'accept',
  'return',
  'report',
  'assess',
  'reopen_to_draft',
  'reopen_to_accepted',
  'present',
] as const;
export type CommitmentAction = (typeof COMMITMENT_ACTIONS)[number];

export type ActionRole = 'owner' | 'reviewer';

export const ACTION_ROLE: Record<CommitmentAction, ActionRole> = {
  edit: 'owner',
  carry_forward: 'owner',
  submit: 'owner',
  report: 'owner',
  accept: 'reviewer',
  return: 'reviewer',
  assess: 'reviewer',
  reopen_to_draft: 'reviewer',
  reopen_to_accepted: 'reviewer',
  present: 'reviewer',
};

/**
 * The status machine as one table: TRANSITIONS[status][action] is the next status; a missing entry is
 * an illegal transition (409). draft -> submitted -> accepted | returned, returned -> submitted,
 * accepted -> reported -> assessed; the secretary reopens accepted/reported/assessed back to draft or
 * accepted. A member may correct reported results until the secretary assesses them.
 */
export const TRANSITIONS: Record<CommitmentStatus, Partial<Record<CommitmentAction, CommitmentStatus>>> = {
  draft: { edit: 'draft', carry_forward: 'draft', submit: 'submitted' },
  submitted: { accept: 'accepted', return: 'returned' },
  returned: { edit: 'returned', carry_forward: 'returned', submit: 'submitted' },
  accepted: { report: 'reported', reopen_to_draft: 'draft', present: 'accepted' },
  reported: {
    report: 'reported',
    assess: 'assessed',
    reopen_to_draft: 'draft',
    reopen_to_accepted: 'accepted',
    present: 'reported',
  },
  assessed: { reopen_to_draft: 'draft', reopen_to_accepted: 'accepted', present: 'assessed' },
};

/**
 * Separation of duties: the reviewer's decisions on a commitment (accept, return, assess). Reopening
 * and recording the presentation at a meeting decide nothing about the member and stay with any
 * reviewer.
 */
export const DECIDING_ACTIONS: readonly CommitmentAction[] = ['accept', 'return', 'assess'];

/** One step of a commitment's history as stored (commitment_transition), as far as the rule needs it. */
export interface StepRecord {
  action: CommitmentAction | 'create';
  actorUserId: string | null;
  /** The account was not the member's own. */
  onBehalf: boolean;
}

/** True for the member's side of the workflow: registering (create) and every owner action. */
export function isOwnerStep(action: CommitmentAction | 'create'): boolean {
  return action === 'create' || ACTION_ROLE[action] === 'owner';
}

/** The stored `action` values of the member's side (isOwnerStep), for queries. */
export const OWNER_STEPS: ReadonlyArray<CommitmentAction | 'create'> = [
  'create',
  ...COMMITMENT_ACTIONS.filter((a) => ACTION_ROLE[a] === 'owner'),
];

/**
 * Whether the account `userId` may not take the reviewer's `action` on a commitment with this
 * history: it did an owner step (registered, edited, carried forward, submitted, reported results)
 * on behalf of the member, so deciding it would be reviewing its own work. Another secretary of the
 * cell or a leader of a committee above decides instead.
 */
export function enteredByReviewer(history: readonly StepRecord[], userId: string, action: CommitmentAction): boolean {
  if (!DECIDING_ACTIONS.includes(action)) return false;
  return history.some((h) => h.onBehalf && h.actorUserId === userId && isOwnerStep(h.action));
}

/** Whether any owner step was done on the member's behalf (then a leader above may also decide it). */
export function hasStepOnBehalf(history: readonly StepRecord[]): boolean {
  return history.some((h) => h.onBehalf && isOwnerStep(h.action));
}

/** The next status, or null when the action is not allowed from `status`. */
export function nextStatus(status: CommitmentStatus, action: CommitmentAction): CommitmentStatus | null {
  return TRANSITIONS[status][action] ?? null;
}

/** The actions allowed from a status (returned with the commitment so clients can show buttons). */
export function allowedActions(status: CommitmentStatus): CommitmentAction[] {
  return COMMITMENT_ACTIONS.filter((a) => TRANSITIONS[status][a] !== undefined);
}

export function isPublished(status: CommitmentStatus): boolean {
  return PUBLISHED_STATUSES.includes(status);
}

// ---------------------------------------------------------------------------------------------------
// Periods

export interface Period {
  year: number;
  periodType: PeriodType;
  /** null for yearly, 1-4 for quarterly, 1-12 for monthly. */
  periodIndex: number | null;
}

/** Stored period key: 0 for yearly, so the unique index (member, year, type, key) never holds a NULL. */
export function periodKeyOf(p: Pick<Period, 'periodIndex'>): number {
  return p.periodIndex ?? 0;
}

export function periodIndexOf(periodType: PeriodType, periodKey: number): number | null {
  return periodType === 'yearly' ? null : periodKey;
}

export const YEAR_RANGE = { min: 2000, max: 2100 } as const;

/** Field errors of a period, empty when it is valid. */
export function periodErrors(p: {
  year: number;
  periodType: PeriodType;
  periodIndex: number | null | undefined;
}): Array<{
  field: string;
  rule: string;
  message: string;
}> {
  const out: Array<{ field: string; rule: string; message: string }> = [];
  if (!Number.isInteger(p.year) || p.year < YEAR_RANGE.min || p.year > YEAR_RANGE.max) {
    out.push({
      field: 'year',
      rule: 'range',
      message: `year must be between ${YEAR_RANGE.min} and ${YEAR_RANGE.max}`,
    });
  }
  const max = p.periodType === 'quarterly' ? 4 : p.periodType === 'monthly' ? 12 : 0;
  if (p.periodType === 'yearly') {
    if (p.periodIndex !== null && p.periodIndex !== undefined) {
      out.push({
        field: 'periodIndex',
        rule: 'nullForYearly',
        message: 'periodIndex must be null for a yearly commitment',
      });
    }
  } else if (
    !Number.isInteger(p.periodIndex) ||
    (p.periodIndex as number) < 1 ||
    (p.periodIndex as number) > max
  ) {
    out.push({
      field: 'periodIndex',
      rule: 'range',
      message: `periodIndex must be between 1 and ${max} for a ${p.periodType} commitment`,
    });
  }
  return out;
}

/** The period's first month (1-12). */
export function firstMonthOf(p: Period): number {
  if (p.periodType === 'quarterly') return ((p.periodIndex ?? 1) - 1) * 3 + 1;
  if (p.periodType === 'monthly') return p.periodIndex ?? 1;
  return 1;
}

export function monthsIn(periodType: PeriodType): number {
  return periodType === 'yearly' ? 12 : periodType === 'quarterly' ? 3 : 1;
}

const pad = (n: number) => String(n).padStart(2, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds months to (year, month), returning the calendar (year, month). */
function addMonths(year: number, month: number, add: number): { year: number; month: number } {
  const zero = year * 12 + (month - 1) + add;
  return { year: Math.floor(zero / 12), month: (zero % 12) + 1 };
}

/** The period's first calendar day (YYYY-MM-DD, Vietnam calendar). */
export function periodStart(p: Period): string {
  return `${p.year}-${pad(firstMonthOf(p))}-01`;
}

/** The period's last calendar day. */
export function periodEnd(p: Period): string {
  const last = addMonths(p.year, firstMonthOf(p), monthsIn(p.periodType) - 1);
  return `${last.year}-${pad(last.month)}-${pad(daysInMonth(last.year, last.month))}`;
}

/** Results may be reported from the period's first day (dates compare as strings in ISO form). */
export function hasPeriodStarted(p: Period, today: string): boolean {
  return today >= periodStart(p);
}

/** The yearly, quarterly and monthly periods that contain `today` (YYYY-MM-DD). */
export function currentPeriods(today: string): Period[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return [
    { year, periodType: 'yearly', periodIndex: null },
    { year, periodType: 'quarterly', periodIndex: Math.floor((month - 1) / 3) + 1 },
    { year, periodType: 'monthly', periodIndex: month },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Deadlines

/**
 * A registration deadline: `day` of the period's first month plus `monthOffset` months. Set per
 * organisation and inherited down the tree; the defaults follow common practice of the committees:
 * yearly by 31 January, quarterly by the 10th of the quarter's first month, monthly by the 5th.
 */
export interface DeadlineRule {
  monthOffset: number;
  day: number;
}

export const DEFAULT_DEADLINES: Record<PeriodType, DeadlineRule> = {
  yearly: { monthOffset: 0, day: 31 },
  quarterly: { monthOffset: 0, day: 10 },
  monthly: { monthOffset: 0, day: 5 },
};

export function deadlineRuleErrors(
  periodType: PeriodType,
  rule: DeadlineRule,
): Array<{ field: string; rule: string; message: string }> {
  const out: Array<{ field: string; rule: string; message: string }> = [];
  const maxOffset = monthsIn(periodType) - 1;
  if (!Number.isInteger(rule.monthOffset) || rule.monthOffset < 0 || rule.monthOffset > maxOffset) {
    out.push({
      field: 'monthOffset',
      rule: 'range',
      message: `monthOffset must be between 0 and ${maxOffset} for ${periodType}`,
    });
  }
  if (!Number.isInteger(rule.day) || rule.day < 1 || rule.day > 31) {
    out.push({ field: 'day', rule: 'range', message: 'day must be between 1 and 31' });
  }
  return out;
}

/** The deadline date of a period under a rule; a day past the month's end means its last day. */
export function deadlineOf(p: Period, rule: DeadlineRule): string {
  const m = addMonths(p.year, firstMonthOf(p), rule.monthOffset);
  const day = Math.min(rule.day, daysInMonth(m.year, m.month));
  return `${m.year}-${pad(m.month)}-${pad(day)}`;
}

/**
 * The rule in force for an organisation: the nearest one set on it or an ancestor (`rulesByDepth`
 * ordered root first), else the default.
 */
export function effectiveDeadline(
  periodType: PeriodType,
  ancestry: Array<{ organizationId: string; rule: DeadlineRule | null }>,
): DeadlineRule & { sourceOrganizationId: string | null } {
  for (let i = ancestry.length - 1; i >= 0; i--) {
    const r = ancestry[i].rule;
    if (r) return { ...r, sourceOrganizationId: ancestry[i].organizationId };
  }
  return { ...DEFAULT_DEADLINES[periodType], sourceOrganizationId: null };
}

/** Late means submitted (Vietnam calendar date) after the deadline day. Late work is still accepted. */
export function isLate(submittedOn: string, deadline: string): boolean {
  return submittedOn > deadline;
}

// ---------------------------------------------------------------------------------------------------
// Items

export interface ItemInput {
  category: ItemCategory;
  content: string;
  manifestationCodes?: number[] | null;
  parentItemId?: string | null;
  dueDate?: string | null;
}

/** Item checks that need no database; `index` names the field (items.<i>.<field>). */
export function itemErrors(
  item: ItemInput,
  index: number,
  periodType: PeriodType,
): Array<{ field: string; rule: string; message: string }> {
  const out: Array<{ field: string; rule: string; message: string }> = [];
  const f = (name: string) => `items.${index}.${name}`;
  const codes = item.manifestationCodes ?? [];
  if (item.category === 'resolution4' && codes.length === 0) {
    out.push({
      field: f('manifestationCodes'),
      rule: 'requiredForResolution4',
      message: 'a resolution4 item must name the manifestations (1-27) it guards against',
    });
  }
  codes.forEach((c, j) => {
    if (!Number.isInteger(c) || c < MANIFESTATION_CODES.min || c > MANIFESTATION_CODES.max) {
      out.push({
        field: `${f('manifestationCodes')}.${j}`,
        rule: 'range',
        message: 'a manifestation code is between 1 and 27',
      });
    }
  });
  if (new Set(codes).size !== codes.length) {
    out.push({
      field: f('manifestationCodes'),
      rule: 'unique',
      message: 'manifestation codes must not repeat',
    });
  }
  if (item.parentItemId && periodType === 'yearly') {
    out.push({
      field: f('parentItemId'),
      rule: 'notForYearly',
      message: 'only a quarterly or monthly item breaks down a yearly item',
    });
  }
  return out;
}

/**
 * Outcome checks for a results report: every live item ends up with an outcome, `exceeded` only
 * goes with `done`, no item twice, no unknown item.
 */
export function resultErrors(
  liveItemIds: string[],
  alreadyReported: ReadonlySet<string>,
  results: Array<{ itemId: string; outcome: Outcome; exceeded?: boolean; completedOn?: string }>,
  today?: string,
): Array<{ field: string; rule: string; message: string }> {
  const out: Array<{ field: string; rule: string; message: string }> = [];
  const live = new Set(liveItemIds);
  const seen = new Set<string>();
  results.forEach((r, i) => {
    if (!live.has(r.itemId))
      out.push({
        field: `items.${i}.itemId`,
        rule: 'itemOfCommitment',
        message: 'itemId is not an item of this commitment',
      });
    if (seen.has(r.itemId))
      out.push({ field: `items.${i}.itemId`, rule: 'unique', message: 'an item is reported once' });
    seen.add(r.itemId);
    if (r.exceeded && r.outcome !== 'done') {
      out.push({
        field: `items.${i}.exceeded`,
        rule: 'onlyWhenDone',
        message: 'exceeded applies only to a done item',
      });
    }
    if (r.completedOn !== undefined) {
      if (r.outcome !== 'done') {
        out.push({
          field: `items.${i}.completedOn`,
          rule: 'onlyWhenDone',
          message: 'completedOn applies only to a done item',
        });
      } else if (!isIsoDate(r.completedOn)) {
        out.push({ field: `items.${i}.completedOn`, rule: 'isDate', message: 'completedOn is not a calendar date' });
      } else if (today && r.completedOn > today) {
        out.push({ field: `items.${i}.completedOn`, rule: 'notInFuture', message: 'completedOn is after today' });
      }
    }
  });
  const missing = liveItemIds.filter((id) => !seen.has(id) && !alreadyReported.has(id));
  if (missing.length > 0) {
    out.push({
      field: 'items',
      rule: 'everyItem',
      message: `every item needs an outcome; missing ${missing.join(', ')}`,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Carry-forward (khắc phục hạn chế, khuyết điểm)

export interface PastItem {
  id: string;
  content: string;
  outcome: Outcome | null;
}

export interface CarriedItem {
  category: 'remedy';
  content: string;
  sourceRef: string;
}

/**
 * Remedy items for next year's commitment: every item of last year's that was not fully done, and
 * every shortcoming the secretary wrote in last year's assessment. `sourceRef` says where each came
 * from, so pulling twice adds nothing new.
 */
export function carryForwardItems(
  previous: { commitmentId: string; items: PastItem[]; shortcomings: string[] },
  existingSourceRefs: ReadonlySet<string>,
): CarriedItem[] {
  const out: CarriedItem[] = [];
  for (const item of previous.items) {
    if (item.outcome !== 'partly' && item.outcome !== 'not_done') continue;
    const sourceRef = `item:${item.id}`;
    if (existingSourceRefs.has(sourceRef)) continue;
    out.push({ category: 'remedy', content: `Tiếp tục thực hiện: ${item.content}`, sourceRef });
  }
  previous.shortcomings.forEach((text, i) => {
    const sourceRef = `shortcoming:${previous.commitmentId}:${i}`;
    if (existingSourceRefs.has(sourceRef)) return;
    out.push({ category: 'remedy', content: `Khắc phục: ${text}`, sourceRef });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Item counts kept on the commitment row

/** The figures of a commitment's live items that the reports read from the commitment row. */
export interface ItemCounts {
  itemCount: number;
  itemsDone: number;
  /** Done and exceeded the target (a subset of itemsDone). */
  itemsExceeded: number;
  itemsPartly: number;
  itemsNotDone: number;
  /** No outcome reported yet. */
  itemsUnreported: number;
  /** Items of the `follow` category (làm theo): a yearly commitment with one counts as registered. */
  followItems: number;
}

export const NO_ITEMS: Readonly<ItemCounts> = {
  itemCount: 0,
  itemsDone: 0,
  itemsExceeded: 0,
  itemsPartly: 0,
  itemsNotDone: 0,
  itemsUnreported: 0,
  followItems: 0,
};

/**
 * Counts of a commitment's items, stored on the commitment at every write that touches its items.
 * Only live items count: those given with a `removedAt` are skipped. `exceeded` counts only with
 * outcome `done` (SQLite hands booleans back as 0/1).
 */
export function itemCounts(
  items: ReadonlyArray<{
    category: string;
    outcome: Outcome | null;
    exceeded: boolean | number | null;
    removedAt?: Date | string | null;
  }>,
): ItemCounts {
  const out = { ...NO_ITEMS };
  for (const i of items) {
    if (i.removedAt != null) continue;
    out.itemCount++;
    if (i.category === 'follow') out.followItems++;
    if (i.outcome === 'done') {
      out.itemsDone++;
      if (i.exceeded) out.itemsExceeded++;
    } else if (i.outcome === 'partly') out.itemsPartly++;
    else if (i.outcome === 'not_done') out.itemsNotDone++;
    else if (i.outcome == null) out.itemsUnreported++;
  }
  return out;
}
