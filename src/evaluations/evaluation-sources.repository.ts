import { EntityManager, ObjectLiteral } from 'typeorm';
import { isCompetentConclusion } from '../conduct-checks/conduct-checks.rules.js';
import { ConcludingBodyCode } from './rule-sets.js';
import { emptyMetrics, ExemptionFact, MemberFacts, MemberMetrics } from './evaluation-metrics.rules.js';

/**
 * Read-only, set-based queries over the other modules' tables that turn a year of records into
 * MemberMetrics: one GROUP BY per source for a chunk of members (a few thousand ids, `IN (...)`),
 * answering at most a row or two per member, never a query per member and never item rows. Each
 * query starts from the chunk's member ids, so it walks the `memberId` indexes of each table
 * whatever the size of the subtree. Each source is one function, so wiring a new or changed table is
 * one change here. Records count for the member wherever they were made (a member who moved keeps
 * their year).
 *
 * Wired sources: commitments (registration, lateness, item outcomes and exceeded flags, remedies,
 * the cell's ratings), commitment feedback, meeting attendance (regular/thematic) and study sessions,
 * conduct checks (self-checks and the cell's conclusions), disciplinary records (remedied flag and
 * QĐ 37 prohibition codes), the evaluation inputs the cell or committee recorded.
 */

export interface SubtreeMember extends MemberFacts {
  memberId: string;
  cellId: string;
  cellPath: string;
}

export interface SourceWindow {
  /** Materialised path prefix of the cycle's organisation. */
  pathPrefix: string;
  year: number;
  /**
   * The rule set's competent bodies: whose recorded conclusion forces a level (competentBodiesOf);
   * null: every `present` the cell recorded counts (versions 1 and 2).
   */
  competentBodies: readonly string[] | null;
  /**
   * The rule set classifies on exemption periods (version 4 on): meetings held during one of the
   * member's periods are not counted, even if recorded as expected before the period was entered.
   */
  exemptionPeriods?: boolean;
}

type Row = Record<string, unknown>;

const PUBLISHED = `('accepted', 'reported', 'assessed')`;
/**
 * Always true (`status` is NOT NULL and never empty), but a range on the third column lets SQLite's
 * planner take the covering (memberId, year, status, ...) index instead of the unique
 * (memberId, year, periodType, periodKey) one and a table lookup per commitment.
 */
const ANY_STATUS = `k."status" > ''`;

/** Runs SQL with :named parameters on either engine. */
async function query(em: EntityManager, sql: string, params: ObjectLiteral): Promise<Row[]> {
  const [text, values] = em.dataSource.driver.escapeQueryWithParameters(sql, params);
  return em.query<Row[]>(text, values);
}

/**
 * The sources' statements, one at a time and in the order asked: a source takes in its rows while
 * the next source's statement runs (the sources run together, each waiting only for the statement
 * before its own), so the database is not left idle while the rows are counted.
 */
class InTurn {
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly em: EntityManager) {}

  query(sql: string, params: ObjectLiteral): Promise<Row[]> {
    const next = this.last.then(() => query(this.em, sql, params));
    this.last = next.catch(() => undefined);
    return next;
  }
}

const num = (v: unknown): number => Number(v ?? 0);
/** A date column as YYYY-MM-DD (SQLite answers text, PostgreSQL a Date or text). */
function isoDate(v: unknown): string | null {
  // node-postgres parses a `date` as local midnight: read it back in local time, not UTC.
  if (v instanceof Date) {
    return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  }
  return typeof v === 'string' && v ? v.slice(0, 10) : null;
}
const flag = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't' || v === 'true';

/**
 * Members whose current cell lies in the subtree: the people the cycle evaluates. Members expelled
 * before the year are gone; those expelled during it are listed (not classified) with the date.
 */
export async function readSubtreeMembers(em: EntityManager, w: SourceWindow): Promise<SubtreeMember[]> {
  const rows = await query(
    em,
    `SELECT m."id" AS "memberId", m."cellId" AS "cellId", c."path" AS "cellPath", m."isExempt" AS "isExempt",
            m."isSuspended" AS "isSuspended", m."joinedPartyOn" AS "joinedPartyOn",
            (SELECT MIN(x."decidedOn") FROM "disciplinary_record" x
              WHERE x."memberId" = m."id" AND x."form" = 'expulsion') AS "expelledOn"
       FROM "member" m JOIN "organization" c ON c."id" = m."cellId"
      WHERE c."path" LIKE :prefix
        AND NOT EXISTS (SELECT 1 FROM "disciplinary_record" y
                         WHERE y."memberId" = m."id" AND y."form" = 'expulsion' AND y."decidedOn" < :from)
      ORDER BY m."id"`,
    { prefix: `${w.pathPrefix}%`, from: `${w.year}-01-01` },
  );
  // Exemption periods touching the year: few rows, a range on the (memberId, fromDate) index per member.
  const periods = await query(
    em,
    `SELECT e."memberId" AS "memberId", e."fromDate" AS "fromDate", e."toDate" AS "toDate", e."ground" AS "ground"
       FROM "member_exemption" e
       JOIN "member" m ON m."id" = e."memberId"
       JOIN "organization" c ON c."id" = m."cellId"
      WHERE c."path" LIKE :prefix AND e."fromDate" <= :to AND (e."toDate" IS NULL OR e."toDate" >= :from)
      ORDER BY e."memberId", e."fromDate"`,
    { prefix: `${w.pathPrefix}%`, from: `${w.year}-01-01`, to: `${w.year}-12-31` },
  );
  const exemptions = new Map<string, ExemptionFact[]>();
  for (const p of periods) {
    const list = exemptions.get(String(p.memberId)) ?? [];
    list.push({ from: isoDate(p.fromDate)!, to: isoDate(p.toDate), ground: String(p.ground) });
    exemptions.set(String(p.memberId), list);
  }
  return rows.map((r) => ({
    memberId: String(r.memberId),
    cellId: String(r.cellId),
    cellPath: String(r.cellPath),
    isExempt: flag(r.isExempt),
    exemptions: exemptions.get(String(r.memberId)) ?? [],
    isSuspended: flag(r.isSuspended),
    joinedPartyOn: isoDate(r.joinedPartyOn),
    expelledOn: isoDate(r.expelledOn),
  }));
}

/**
 * Every grassroots organisation at or below `pathPrefix`, or among `ancestorIds` (the one a cycle
 * opened above it may lie under).
 */
export async function grassrootsOrganizations(
  em: EntityManager,
  pathPrefix: string,
  ancestorIds: string[],
): Promise<{ id: string; path: string }[]> {
  const qb = em
    .createQueryBuilder()
    .select(['o.id AS "id"', 'o.path AS "path"'])
    .from('organization', 'o')
    .where('o."isGrassroots"')
    .andWhere(ancestorIds.length ? '(o.path LIKE :prefix OR o.id IN (:...ids))' : 'o.path LIKE :prefix', {
      prefix: `${pathPrefix}%`,
      ids: ancestorIds,
    });
  return qb.getRawMany<{ id: string; path: string }>();
}

/**
 * Whose records a source reads: a chunk of member ids (`IN (...)`: index lookups per member), or every
 * member whose current cell lies under a path (one pass over each table; on PostgreSQL a hash join,
 * far cheaper for a whole province than probing the indexes member by member). Rows of members the
 * caller does not list (expelled before the year) are read and dropped.
 */
export type Whose = { ids: string[] } | { subtree: string };

function memberIn(alias: string, whose: Whose): string {
  return 'ids' in whose
    ? `${alias}."memberId" IN (:...ids)`
    : `${alias}."memberId" IN (SELECT sm."id" FROM "member" sm JOIN "organization" sc ON sc."id" = sm."cellId"
                                WHERE sc."path" LIKE :subtree)`;
}

/** Whose records and the year's bounds. */
function params(w: SourceWindow, whose: Whose) {
  const members = 'ids' in whose ? { ids: whose.ids } : { subtree: `${whose.subtree}%` };
  return { ...members, year: w.year, from: `${w.year}-01-01`, to: `${w.year}-12-31` };
}

/** What a source fills: the metrics of the chunk's members, keyed by member id. */
type Out = Map<string, MemberMetrics>;

/** Commitments: registration per period type, lateness, and the cell's ratings. */
async function readCommitmentMetrics(db: InTurn, w: SourceWindow, whose: Whose, out: Out) {
  const rows = await db.query(
    `SELECT k."memberId" AS "memberId",
            SUM(CASE WHEN k."periodType" = 'yearly' AND k."status" IN ${PUBLISHED} THEN 1 ELSE 0 END) AS "yearly",
            SUM(CASE WHEN k."periodType" = 'yearly' AND k."status" IN ${PUBLISHED} AND k."late" THEN 1 ELSE 0 END) AS "yearlyLate",
            SUM(CASE WHEN k."periodType" = 'quarterly' AND k."status" IN ${PUBLISHED} THEN 1 ELSE 0 END) AS "quarterly",
            SUM(CASE WHEN k."periodType" = 'monthly' AND k."status" IN ${PUBLISHED} THEN 1 ELSE 0 END) AS "monthly",
            SUM(CASE WHEN k."late" THEN 1 ELSE 0 END) AS "late",
            SUM(CASE WHEN k."rating" = 'achieved' THEN 1 ELSE 0 END) AS "achieved",
            SUM(CASE WHEN k."rating" = 'partly_achieved' THEN 1 ELSE 0 END) AS "partlyAchieved",
            SUM(CASE WHEN k."rating" = 'not_achieved' THEN 1 ELSE 0 END) AS "notAchieved"
       FROM "commitment" k
      WHERE ${memberIn('k', whose)} AND k."year" = :year AND ${ANY_STATUS}
      GROUP BY k."memberId"`,
    params(w, whose),
  );
  for (const r of rows) {
    const m = out.get(String(r.memberId));
    if (!m) continue;
    const yearly = num(r.yearly) > 0;
    m.commitments = {
      yearlyRegistered: yearly,
      yearlyOnTime: yearly ? num(r.yearlyLate) === 0 : null,
      quarterlyRegistered: num(r.quarterly),
      monthlyRegistered: num(r.monthly),
      late: num(r.late),
    };
    m.ratings = {
      achieved: num(r.achieved),
      partlyAchieved: num(r.partlyAchieved),
      notAchieved: num(r.notAchieved),
    };
  }
}

/** Items of the year's accepted (or later) commitments, all periods, removed items excluded. */
async function readItemMetrics(db: InTurn, w: SourceWindow, whose: Whose, out: Out) {
  const rows = await db.query(
    `SELECT k."memberId" AS "memberId",
            COUNT(*) AS "total",
            SUM(CASE WHEN i."outcome" = 'done' THEN 1 ELSE 0 END) AS "done",
            SUM(CASE WHEN i."outcome" = 'done' AND i."exceeded" THEN 1 ELSE 0 END) AS "exceeded",
            SUM(CASE WHEN i."outcome" = 'partly' THEN 1 ELSE 0 END) AS "partly",
            SUM(CASE WHEN i."outcome" = 'not_done' THEN 1 ELSE 0 END) AS "notDone",
            SUM(CASE WHEN i."outcome" IS NULL THEN 1 ELSE 0 END) AS "unreported",
            SUM(CASE WHEN i."category" = 'remedy' THEN 1 ELSE 0 END) AS "remedyTotal",
            SUM(CASE WHEN i."category" = 'remedy' AND i."outcome" = 'done' THEN 1 ELSE 0 END) AS "remedyDone",
            SUM(CASE WHEN i."outcome" = 'done' AND i."completedOn" > i."dueDate" THEN 1 ELSE 0 END) AS "late"
       FROM "commitment" k
       JOIN "commitment_item" i ON i."commitmentId" = k."id" AND i."removedAt" IS NULL
      WHERE ${memberIn('k', whose)} AND k."year" = :year AND k."status" IN ${PUBLISHED}
      GROUP BY k."memberId"`,
    params(w, whose),
  );
  for (const r of rows) {
    const m = out.get(String(r.memberId));
    if (!m) continue;
    m.items = {
      total: num(r.total),
      done: num(r.done),
      exceeded: num(r.exceeded),
      partly: num(r.partly),
      notDone: num(r.notDone),
      unreported: num(r.unreported),
      remedyTotal: num(r.remedyTotal),
      remedyDone: num(r.remedyDone),
      late: num(r.late),
    };
  }
}

/** Feedback others gave on the member's commitments of the year. */
async function readFeedbackMetrics(db: InTurn, w: SourceWindow, whose: Whose, out: Out) {
  const rows = await db.query(
    `SELECT k."memberId" AS "memberId", COUNT(*) AS "received",
            SUM(CASE WHEN f."kind" = 'commendation' THEN 1 ELSE 0 END) AS "commendations",
            SUM(CASE WHEN f."kind" = 'criticism' THEN 1 ELSE 0 END) AS "criticisms"
       FROM "commitment" k
       JOIN "commitment_feedback" f ON f."commitmentId" = k."id"
      WHERE ${memberIn('k', whose)} AND k."year" = :year AND ${ANY_STATUS}
        AND (f."authorMemberId" IS NULL OR f."authorMemberId" <> k."memberId")
      GROUP BY k."memberId"`,
    params(w, whose),
  );
  for (const r of rows) {
    const m = out.get(String(r.memberId));
    if (m)
      m.feedback = {
        received: num(r.received),
        commendations: num(r.commendations),
        criticisms: num(r.criticisms),
      };
  }
}

/**
 * Always true (`kind` is NOT NULL and never empty), but a range on the second column lets SQLite look
 * each meeting up in the covering (id, kind, heldOn) index instead of the primary key and the wide row.
 */
const ANY_KIND = `g."kind" > ''`;

/** Attendance at the year's cell meetings (regular, thematic) and study sessions (kind `study`). */
async function readAttendanceMetrics(db: InTurn, w: SourceWindow, whose: Whose, out: Out) {
  const counts = (kind: string, when: string) =>
    (['present', 'excused', 'absent'] as const)
      .map(
        (s) =>
          `SUM(CASE WHEN ${when} AND a."status" = '${s}' THEN 1 ELSE 0 END) AS "${kind}${s[0].toUpperCase()}${s.slice(1)}"`,
      )
      .join(', ');
  const study = `g."kind" = 'study'`;
  const meeting = `g."kind" <> 'study'`;
  const rows = await db.query(
    `SELECT a."memberId" AS "memberId",
            SUM(CASE WHEN ${meeting} THEN 1 ELSE 0 END) AS "meeting", ${counts('meeting', meeting)},
            SUM(CASE WHEN ${study} THEN 1 ELSE 0 END) AS "study", ${counts('study', study)}
       FROM "meeting_attendance" a
       JOIN "meeting" g ON g."id" = a."meetingId" AND ${ANY_KIND}
      WHERE ${memberIn('a', whose)} AND a."expected" AND g."heldOn" >= :from AND g."heldOn" <= :to${
        w.exemptionPeriods
          ? `
        AND NOT EXISTS (SELECT 1 FROM "member_exemption" e WHERE e."memberId" = a."memberId"
                         AND e."fromDate" <= g."heldOn" AND (e."toDate" IS NULL OR e."toDate" >= g."heldOn"))`
          : ''
      }
      GROUP BY a."memberId"`,
    params(w, whose),
  );
  for (const r of rows) {
    const m = out.get(String(r.memberId));
    if (!m) continue;
    for (const kind of ['meeting', 'study'] as const) {
      if (num(r[kind]) === 0) continue;
      const counted = {
        expected: num(r[kind]),
        present: num(r[`${kind}Present`]),
        excused: num(r[`${kind}Excused`]),
        absent: num(r[`${kind}Absent`]),
      };
      if (kind === 'study') m.study = counted;
      else m.meetings = counted;
    }
  }
}

/**
 * The year's conduct checks: how many codes the member marked `at_risk` / `present` in any of their
 * own checks, and the codes the cell concluded `present` (few rows: only those codes are returned).
 */
async function readConductMetrics(db: InTurn, w: SourceWindow, whose: Whose, out: Out) {
  const self = await db.query(
    `SELECT k."memberId" AS "memberId",
            COUNT(DISTINCT CASE WHEN i."selfStatus" = 'at_risk' THEN i."code" END) AS "selfAtRisk",
            COUNT(DISTINCT CASE WHEN i."selfStatus" = 'present' THEN i."code" END) AS "selfPresent"
       FROM "conduct_check" k
       JOIN "conduct_check_item" i ON i."checkId" = k."id" AND i."selfStatus" IN ('at_risk', 'present')
      WHERE ${memberIn('k', whose)} AND k."year" = :year
      GROUP BY k."memberId"`,
    params(w, whose),
  );
  for (const r of self) {
    const m = out.get(String(r.memberId));
    if (!m) continue;
    m.conduct.selfAtRisk += num(r.selfAtRisk);
    m.conduct.selfPresent += num(r.selfPresent);
  }
  const concluded = await db.query(
    `SELECT k."memberId" AS "memberId", i."code" AS "code", i."concludingBody" AS "concludingBody",
            i."documentNumber" AS "documentNumber", i."documentDate" AS "documentDate"
       FROM "conduct_check" k
       JOIN "conduct_check_item" i ON i."checkId" = k."id" AND i."conclusionStatus" = 'present'
      WHERE ${memberIn('k', whose)} AND k."year" = :year
      ORDER BY k."memberId", i."code", i."documentDate", i."id"`,
    params(w, whose),
  );
  for (const r of concluded) {
    const conduct = out.get(String(r.memberId))?.conduct;
    if (!conduct) continue;
    const code = num(r.code);
    const entry = {
      status: 'present' as const,
      concludingBody: (r.concludingBody ?? null) as ConcludingBodyCode | null,
      documentNumber: typeof r.documentNumber === 'string' ? r.documentNumber : null,
      documentDate: isoDate(r.documentDate),
    };
    if (isCompetentConclusion(w.competentBodies, entry)) {
      if (!conduct.concludedPresentCodes.includes(code)) conduct.concludedPresentCodes.push(code);
      // The earliest document per code (rows come ordered by date; NULL dates sort apart per engine).
      if (entry.concludingBody && entry.documentNumber && entry.documentDate) {
        const known = conduct.conclusions.find((c) => c.code === code);
        if (!known)
          conduct.conclusions.push({
            code,
            body: entry.concludingBody,
            documentNumber: entry.documentNumber,
            documentDate: entry.documentDate,
          });
      }
    } else if (!conduct.proposedPresentCodes.includes(code)) conduct.proposedPresentCodes.push(code);
  }
  // A code concluded in one check and only proposed in another is concluded.
  for (const m of out.values())
    m.conduct.proposedPresentCodes = m.conduct.proposedPresentCodes.filter(
      (c) => !m.conduct.concludedPresentCodes.includes(c),
    );
}

/**
 * Disciplinary decisions dated in the year. A QĐ 37 breach is a record naming prohibition codes;
 * breaches on records marked self-detected and remedied are counted apart (QĐ 124 excuses discipline
 * only; version 1 of the rule set excused both).
 */
async function readDisciplineMetrics(db: InTurn, w: SourceWindow, whose: Whose, out: Out) {
  const rows = await db.query(
    `SELECT d."memberId" AS "memberId", COUNT(*) AS "records",
            SUM(CASE WHEN d."selfDetectedAndRemedied" THEN 1 ELSE 0 END) AS "remedied",
            SUM(CASE WHEN NOT d."selfDetectedAndRemedied" AND d."prohibitionCodes" IS NOT NULL
                      AND d."prohibitionCodes" NOT IN ('', '[]') THEN 1 ELSE 0 END) AS "breaches",
            SUM(CASE WHEN d."selfDetectedAndRemedied" AND d."prohibitionCodes" IS NOT NULL
                      AND d."prohibitionCodes" NOT IN ('', '[]') THEN 1 ELSE 0 END) AS "remediedBreaches"
       FROM "disciplinary_record" d
      WHERE ${memberIn('d', whose)} AND d."decidedOn" >= :from AND d."decidedOn" <= :to
      GROUP BY d."memberId"`,
    params(w, whose),
  );
  for (const r of rows) {
    const m = out.get(String(r.memberId));
    if (m)
      m.discipline = {
        records: num(r.records),
        remedied: num(r.remedied),
        prohibitionBreaches: num(r.breaches),
        prohibitionBreachesRemedied: num(r.remediedBreaches),
      };
  }
}

/** What the cell or committee recorded for the year (evaluation_input), withdrawn ones left out. */
async function readFindingMetrics(db: InTurn, w: SourceWindow, whose: Whose, out: Out) {
  const rows = await db.query(
    `SELECT x."memberId" AS "memberId",
            SUM(CASE WHEN x."kind" = 'exemplary_duty_breach' THEN 1 ELSE 0 END) AS "exemplary",
            SUM(CASE WHEN x."kind" = 'state_rating_incomplete' THEN 1 ELSE 0 END) AS "stateIncomplete"
       FROM "evaluation_input" x
      WHERE ${memberIn('x', whose)} AND x."year" = :year AND x."withdrawnAt" IS NULL
      GROUP BY x."memberId"`,
    params(w, whose),
  );
  for (const r of rows) {
    const m = out.get(String(r.memberId));
    if (m)
      m.findings = {
        exemplaryDutyBreaches: num(r.exemplary),
        stateRatingIncomplete: num(r.stateIncomplete) > 0,
      };
  }
}

/** Every source, in one place: adding or removing one is one line. */
const SOURCES = [
  readCommitmentMetrics,
  readItemMetrics,
  readFeedbackMetrics,
  readAttendanceMetrics,
  readConductMetrics,
  readDisciplineMetrics,
  readFindingMetrics,
];

/**
 * Metrics for `members`: read by their ids (a chunk: keep it under the engines' bound-parameter
 * limits), or, with `subtree`, by the subtree they were listed from (all of its members at once).
 */
export async function readMetrics(
  em: EntityManager,
  w: SourceWindow,
  members: SubtreeMember[],
  subtree?: string,
): Promise<Map<string, MemberMetrics>> {
  const out = new Map<string, MemberMetrics>(members.map((m) => [m.memberId, emptyMetrics()]));
  if (members.length === 0) return out;
  const whose: Whose = subtree === undefined ? { ids: members.map((m) => m.memberId) } : { subtree };
  const db = new InTurn(em);
  // Every source ends (no statement left running on a connection given back) before a failure is told.
  const ended = await Promise.allSettled(SOURCES.map((source) => source(db, w, whose, out)));
  const failed = ended.find((e): e is PromiseRejectedResult => e.status === 'rejected');
  if (failed) throw failed.reason;
  return out;
}
