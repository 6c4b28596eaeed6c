import { setTimeout as sleep } from 'node:timers/promises';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Database } from '../common/database.service.js';
import { CommitmentFeedback } from '../commitments/commitment-feedback.entity.js';
import { CommitmentItem } from '../commitments/commitment-item.entity.js';
import { CommitmentTransition } from '../commitments/commitment-transition.entity.js';
import { Commitment } from '../commitments/commitment.entity.js';
import { Meeting, MeetingPresentation } from '../meetings/meeting.entity.js';
import { Notification } from '../notifications/notification.entity.js';

/**
 * The tables a step of the demo year writes and a person sees the times of. (The notification outbox
 * is left alone: it is the delivery queue, and moving its retry times into the past changes nothing.)
 */
const YEAR_TABLES: ReadonlyArray<EntityTarget<ObjectLiteral>> = [
  Commitment,
  CommitmentItem,
  CommitmentTransition,
  CommitmentFeedback,
  Meeting,
  MeetingPresentation,
  Notification,
  AuditEntry,
];

/**
 * Puts the demo's year at the moments the plan gives it. The services stamp what they write with
 * the real clock (there is no clock to inject), so each step of the year (one service call, as a
 * request would make it) runs inside a transaction of the seeder's that then moves every timestamp
 * the step wrote in the year's tables to the step's planned moment: the step and its new times commit
 * together or not at all. A step's rows are told apart by time alone: every row written before it
 * was already moved into the past, so whatever carries a time from the transaction's start on is its
 * own. Only the demo seeder uses this, on a database it has just filled.
 */
export class Backdater {
  /** The start of the open batch (see `batch`). */
  private batchSince: Date | null = null;

  private constructor(
    private readonly db: Database,
    /** No row written before the year started carries a time from this moment on. */
    private readonly barrier: number,
  ) {}

  /**
   * SQLite's default timestamps (created/updated) keep whole seconds, so a row written just before a
   * step could carry the same second as the step's own rows: the year starts on a fresh second.
   */
  static async start(db: Database): Promise<Backdater> {
    const nextSecond = Math.floor(Date.now() / 1000) * 1000 + 1000;
    await sleep(nextSecond - Date.now() + 5);
    return new Backdater(db, nextSecond - 1);
  }

  /**
   * Several steps in one transaction (one commit instead of one per step: the seed is bound by the
   * disk's flushes). Its start is every step's `since`, because PostgreSQL stamps `now()` with the
   * transaction's start, not the statement's.
   */
  async batch<T>(work: () => Promise<T>): Promise<T> {
    const since = this.since();
    return this.db.transaction(async () => {
      this.batchSince = since;
      try {
        return await work();
      } finally {
        this.batchSince = null;
      }
    });
  }

  /**
   * Runs one step and moves its times to `planned` (an ISO instant). A moment after the year started
   * (later today than now) becomes the minute before, so every moved time stays in the past.
   */
  async at<T>(
    planned: string,
    step: () => Promise<T>,
    settle?: (em: EntityManager) => Promise<void>,
  ): Promise<T> {
    const since = this.batchSince ?? this.since();
    const when = new Date(Math.min(Date.parse(planned), this.barrier - 60_000));
    return this.db.transaction(async (em) => {
      const result = await step();
      for (const table of YEAR_TABLES) await moveTimes(em, table, since, when);
      await settle?.(em);
      return result;
    });
  }

  /** Whole seconds again: a row stamped "12:00:05" sorts before "12:00:05.000" as text in SQLite. */
  private since(): Date {
    return new Date(Math.max(this.barrier, Math.floor(Date.now() / 1000) * 1000 - 1));
  }
}

/** Every timestamp column of `table` at or after `since` becomes `when`, in one statement. */
async function moveTimes(
  em: EntityManager,
  table: EntityTarget<ObjectLiteral>,
  since: Date,
  when: Date,
): Promise<void> {
  const columns = em.connection
    .getMetadata(table)
    .columns.filter((c) => c.isCreateDate || c.isUpdateDate || c.type === Date);
  if (columns.length === 0) return;
  const q = (name: string) => em.connection.driver.escape(name);
  // Every timestamp is set (to itself when it is older), so TypeORM adds no updatedAt of its own.
  const set = Object.fromEntries(
    columns.map((c) => [
      c.propertyName,
      () => `CASE WHEN ${q(c.databaseName)} >= :since THEN :when ELSE ${q(c.databaseName)} END`,
    ]),
  );
  await em
    .createQueryBuilder()
    .update(table)
    .set(set)
    .where(columns.map((c) => `${q(c.databaseName)} >= :since`).join(' OR '))
    .setParameters({ since, when })
    .execute();
}
