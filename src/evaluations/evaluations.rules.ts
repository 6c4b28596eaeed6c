/**
 * Pure year-end classification rules (QĐ 366-QĐ/TW, 2025): scoring on 100 points, levels, the
 * conditions of the top level, the disqualifiers, who is not classified, and the quota per grassroots
 * organisation. No Nest, no I/O: the service feeds the metrics it read from the other modules.
 * Every rule that fires leaves a reason in plain Vietnamese that a secretary can read out.
 */
import {
  basisOf,
  CONCLUDING_BODY_NAMES,
  ConcludingBodyCode,
  competentBodiesOf,
  ConductCondition,
  CriterionDefinition,
  InputSpec,
  Level,
  LEVEL_NAMES,
  LEVEL_RANK,
  RuleKey,
  RuleSetDefinition,
  SourceKind,
} from './rule-sets.js';
import { daysInYear, exemptDaysInYear } from '../members/member-exemptions.rules.js';

/** One year of a member's records, as counted by the generation queries. */
export interface MemberMetrics {
  commitments: {
    /** A yearly commitment accepted (or later in the workflow). */
    yearlyRegistered: boolean;
    /** The yearly commitment was submitted by its deadline; null when unknown. */
    yearlyOnTime: boolean | null;
    quarterlyRegistered: number;
    monthlyRegistered: number;
    /** Commitments of the year submitted after their deadline. */
    late: number;
  };
  items: {
    total: number;
    /** Reported done, including the exceeded ones. */
    done: number;
    exceeded: number;
    partly: number;
    notDone: number;
    /** Items with no reported outcome. */
    unreported: number;
    remedyTotal: number;
    remedyDone: number;
    /** Done items whose reported completion date falls after their due date (done, not on time). */
    late: number;
  };
  ratings: { achieved: number; partlyAchieved: number; notAchieved: number };
  feedback: { received: number; commendations: number; criticisms: number };
  meetings: { expected: number; present: number; excused: number; absent: number };
  study: { expected: number; present: number; excused: number; absent: number };
  conduct: {
    selfAtRisk: number;
    selfPresent: number;
    /** Manifestation codes (1-27) concluded `present` by a competent body with a recorded document. */
    concludedPresentCodes: number[];
    /** The documents of those conclusions, one per code (the earliest). */
    conclusions: Array<{
      code: number;
      body: ConcludingBodyCode;
      documentNumber: string;
      documentDate: string;
    }>;
    /** Codes the secretary entered `present` without a competent body's conclusion: shown, not forcing. */
    proposedPresentCodes: number[];
  };
  discipline: {
    /** Disciplinary decisions dated in the year. */
    records: number;
    /** Of those, recorded as self-detected and remedied. */
    remedied: number;
    /** Recorded breaches of QĐ 37-QĐ/TW (19 prohibitions), not marked self-detected and remedied. */
    prohibitionBreaches: number;
    /** Breaches of QĐ 37-QĐ/TW on decisions marked self-detected and remedied (that excuses discipline only). */
    prohibitionBreachesRemedied: number;
  };
  /** What the cell or committee recorded for the year (evaluation inputs). */
  findings: {
    /** Recorded breaches of the duty to set an example. */
    exemplaryDutyBreaches: number;
    /** Rated "không hoàn thành nhiệm vụ" in the state evaluation of civil servants. */
    stateRatingIncomplete: boolean;
  };
}

export function emptyMetrics(): MemberMetrics {
  return {
    commitments: {
      yearlyRegistered: false,
      yearlyOnTime: null,
      quarterlyRegistered: 0,
      monthlyRegistered: 0,
      late: 0,
    },
    items: {
      total: 0,
      done: 0,
      exceeded: 0,
      partly: 0,
      notDone: 0,
      unreported: 0,
      remedyTotal: 0,
      remedyDone: 0,
      late: 0,
    },
    ratings: { achieved: 0, partlyAchieved: 0, notAchieved: 0 },
    feedback: { received: 0, commendations: 0, criticisms: 0 },
    meetings: { expected: 0, present: 0, excused: 0, absent: 0 },
    study: { expected: 0, present: 0, excused: 0, absent: 0 },
    conduct: {
      selfAtRisk: 0,
      selfPresent: 0,
      concludedPresentCodes: [],
      conclusions: [],
      proposedPresentCodes: [],
    },
    discipline: { records: 0, remedied: 0, prohibitionBreaches: 0, prohibitionBreachesRemedied: 0 },
    findings: { exemplaryDutyBreaches: 0, stateRatingIncomplete: false },
  };
}

/** Stored metrics of any age with the fields added since filled with their empty values. */
export function withMetricDefaults(stored: Partial<MemberMetrics>): MemberMetrics {
  const base = emptyMetrics();
  const out: MemberMetrics = { ...base, ...stored };
  for (const k of Object.keys(base) as (keyof MemberMetrics)[]) {
    const b = base[k];
    if (b && typeof b === 'object' && !Array.isArray(b))
      (out as unknown as Record<string, unknown>)[k] = { ...b, ...(stored[k] as object | undefined) };
  }
  return out;
}

/** Grounds of an exemption, as the reasons name them. */
export const EXEMPTION_GROUND_NAMES: Record<string, string> = {
  age: 'tuổi cao',
  long_illness: 'ốm đau dài ngày',
  maternity: 'thai sản',
  other: 'lý do khác',
};

/** One exemption period (both ends inclusive, `to` null while open). */
export interface ExemptionFact {
  from: string;
  to: string | null;
  ground: string;
}

/** Facts about the member that decide whether they are classified at all. */
export interface MemberFacts {
  /** The exempt flag at generation (rule sets before version 4). */
  isExempt: boolean;
  /** Exemption periods touching the review year, in date order (version 4 on). */
  exemptions?: ExemptionFact[];
  isSuspended: boolean;
  /** YYYY-MM-DD, or null when unknown (then treated as long-standing). */
  joinedPartyOn: string | null;
  /** Date of an expulsion decision (khai trừ), or null. */
  expelledOn?: string | null;
}

export type ReasonEffect = 'info' | 'not_classified' | 'forces_incomplete' | 'caps_level' | 'level';

export interface Reason {
  code: string;
  effect: ReasonEffect;
  text: string;
  /** True when the rule behind the reason was not compared with the official text. */
  unverified?: boolean;
  /** Where the rule's wording comes from. */
  source?: SourceKind;
}

/** The rule each reason code rests on, for reasons stored before they carried their flag. */
const REASON_RULES: Record<string, RuleKey> = {
  score: 'scoring.common',
  level_by_score: 'thresholds',
  disciplined_in_year: 'disqualifiers.discipline',
  discipline_remedied: 'disqualifiers.remediedDisciplineExcused',
  concluded_manifestation: 'disqualifiers.concludedManifestation',
  proposed_manifestation: 'disqualifiers.competentBodies',
  prohibition_breach: 'disqualifiers.prohibitionBreach',
  excellent_items_not_all_done: 'excellent.requireAllItemsDone',
  excellent_exceeded_share: 'excellent.minExceededShare',
  excellent_remedy_not_done: 'excellent.requireRemedyDone',
  capped_at_good: 'excellent.requireAllItemsDone',
  not_classified_exempt: 'notClassified.exempt',
  exempt_part_of_year: 'notClassified.exemptShareOfYear',
  not_classified_suspended: 'notClassified.suspended',
  not_classified_joined_recently: 'notClassified.minMonthsSinceAdmission',
};

/** A stored reason with its flag and source; older rows get them from the rule they rest on. */
export function reasonFlags(rules: RuleSetDefinition, r: Reason): Reason & { unverified: boolean } {
  if (r.unverified !== undefined) return { ...r, unverified: r.unverified };
  const rule = REASON_RULES[r.code];
  if (!rule) return { ...r, unverified: false };
  const b = basisOf(rules, rule);
  return { ...r, unverified: !b.verified, source: b.source };
}

/** A reason resting on `rule`, flagged as the rule set's basis says. */
export function ruled(
  rules: RuleSetDefinition,
  rule: RuleKey,
  r: Omit<Reason, 'unverified' | 'source'>,
): Reason {
  const b = basisOf(rules, rule);
  return { ...r, unverified: !b.verified, source: b.source };
}

export interface CriterionScore {
  code: string;
  name: string;
  points: number;
  max: number;
  note: string;
}

export interface ScoreBreakdown {
  total: number;
  max: 100;
  commonCriteria: { points: number; max: number; criteria: CriterionScore[] };
  taskResults: { points: number; max: number; criteria: CriterionScore[] };
}

export type NotClassifiedReason = 'expelled' | 'exempt' | 'suspended' | 'joined_recently';

export interface Suggestion {
  notClassifiedReason: NotClassifiedReason | null;
  score: number | null;
  breakdown: ScoreBreakdown | null;
  level: Level | null;
  /** Disqualifier codes that fired; a decision above `incomplete` is refused while any is set. */
  disqualifiers: string[];
  reasons: Reason[];
}

/** 92.5 -> "92,5" (Vietnamese decimal comma), at most two decimals. */
export function formatPoints(n: number): string {
  return String(round2(n)).replace('.', ',');
}

/** 2026-09-01 -> "01/09/2026". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export function round2(n: number): number {
  return Math.round((n + Number.EPSILON) * 100) / 100;
}

function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : 0;
}

/** Adds whole calendar months to a YYYY-MM-DD date, clamping to the month's last day. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Not classified (listed with the reason): exempt from party work and activities (QĐ 294-QĐ/TW
 * 7.2.3), suspended from activities, admitted less than N months before the review (QĐ 124 Điều 5;
 * a setting under QĐ 366).
 */
export function notClassifiedReason(
  rules: RuleSetDefinition,
  facts: MemberFacts,
  reviewDate: string,
): { reason: NotClassifiedReason; text: string; rule: RuleKey | null } | null {
  // No longer a member: listed so the cycle shows what became of them, never classified.
  if (facts.expelledOn && facts.expelledOn <= reviewDate) {
    return {
      reason: 'expelled',
      rule: null,
      text: `Đảng viên đã bị khai trừ khỏi Đảng ngày ${formatDate(facts.expelledOn)} nên không đánh giá, xếp loại chất lượng.`,
    };
  }
  const share = rules.notClassified.exemptShareOfYear;
  if (rules.notClassified.exempt && share !== undefined) {
    const year = Number(reviewDate.slice(0, 4));
    const periods = facts.exemptions ?? [];
    const days = exemptDaysInYear(periods, year);
    if (days > 0 && days >= share * daysInYear(year) - 1e-9) {
      return {
        reason: 'exempt',
        // The whole year rests on QĐ 294 itself; less than that on the rule set's threshold.
        rule: days === daysInYear(year) ? 'notClassified.exempt' : 'notClassified.exemptShareOfYear',
        text: `Đảng viên được miễn công tác và sinh hoạt đảng ${days === daysInYear(year) ? 'cả' : `${days}/${daysInYear(year)} ngày của`} năm ${year} (${periodsText(periods)}) nên không đánh giá, xếp loại chất lượng (QĐ 294-QĐ/TW, mục 7.2.3).`,
      };
    }
  } else if (rules.notClassified.exempt && facts.isExempt) {
    return {
      reason: 'exempt',
      rule: 'notClassified.exempt',
      text: 'Đảng viên được miễn công tác và sinh hoạt đảng nên không đánh giá, xếp loại chất lượng (QĐ 294-QĐ/TW, mục 7.2.3).',
    };
  }
  if (rules.notClassified.suspended && facts.isSuspended) {
    return {
      reason: 'suspended',
      rule: 'notClassified.suspended',
      text: 'Đảng viên đang bị đình chỉ sinh hoạt đảng nên không đánh giá, xếp loại chất lượng.',
    };
  }
  const months = rules.notClassified.minMonthsSinceAdmission;
  if (months !== null && facts.joinedPartyOn && addMonths(facts.joinedPartyOn, months) > reviewDate) {
    return {
      reason: 'joined_recently',
      rule: 'notClassified.minMonthsSinceAdmission',
      text: `Đảng viên kết nạp ngày ${formatDate(facts.joinedPartyOn)}, đến ngày đánh giá ${formatDate(reviewDate)} chưa đủ ${months} tháng nên không xếp loại chất lượng.`,
    };
  }
  return null;
}

/** "từ 01/03/2026 đến 31/08/2026, thai sản; từ 01/12/2026, tuổi cao". */
function periodsText(periods: ExemptionFact[]): string {
  return periods
    .map(
      (p) =>
        `từ ${formatDate(p.from)}${p.to ? ` đến ${formatDate(p.to)}` : ''}, ${EXEMPTION_GROUND_NAMES[p.ground] ?? p.ground}`,
    )
    .join('; ');
}

/**
 * Version 4 on, a member exempt for part of the year (below the rule set's share): evaluated on the
 * rest of the year, and the reason says so, with the member's own review at the end of a temporary
 * exemption that ended by the review date.
 */
export function partialExemptionReason(
  rules: RuleSetDefinition,
  facts: MemberFacts,
  reviewDate: string,
): Reason | null {
  if (!rules.notClassified.exempt || rules.notClassified.exemptShareOfYear === undefined) return null;
  const periods = facts.exemptions ?? [];
  const year = Number(reviewDate.slice(0, 4));
  const days = exemptDaysInYear(periods, year);
  if (days === 0) return null;
  const ended = periods.filter((p) => p.to !== null && p.to <= reviewDate && p.to.startsWith(String(year)));
  const review = ended.length
    ? ` Hết thời gian miễn ngày ${ended.map((p) => formatDate(p.to!)).join(', ')}: đảng viên tự kiểm điểm trước chi bộ.`
    : '';
  return ruled(rules, 'notClassified.exemptShareOfYear', {
    code: 'exempt_part_of_year',
    effect: 'info',
    text: `Được miễn công tác và sinh hoạt đảng ${days}/${daysInYear(year)} ngày của năm ${year} (${periodsText(periods)}): đánh giá, xếp loại trên thời gian còn lại.${review}`,
  });
}

/** Whether a recorded fact of the year holds, with the note that says so. */
function conditionHolds(
  rules: RuleSetDefinition,
  c: ConductCondition,
  m: MemberMetrics,
): { holds: boolean; note: string } {
  switch (c) {
    case 'concluded_manifestation': {
      const codes = m.conduct.concludedPresentCodes;
      return {
        holds: codes.length > 0,
        note: `Bị kết luận có biểu hiện suy thoái (biểu hiện số ${codes.join(', ')}).`,
      };
    }
    case 'discipline': {
      const counted = unexcusedDiscipline(rules, m);
      return { holds: counted > 0, note: `Bị xử lý kỷ luật trong năm (${counted} quyết định).` };
    }
    case 'prohibition_breach': {
      const counted = countedBreaches(rules, m);
      return {
        holds: counted > 0,
        note: `Vi phạm những điều đảng viên không được làm (${counted} lần ghi nhận).`,
      };
    }
    case 'exemplary_duty_breach': {
      const counted = m.findings.exemplaryDutyBreaches;
      return { holds: counted > 0, note: `Vi phạm trách nhiệm nêu gương (${counted} lần ghi nhận).` };
    }
  }
}

/** Disciplinary decisions of the year that count (self-detected and remedied ones excused when the rule says so). */
function unexcusedDiscipline(rules: RuleSetDefinition, m: MemberMetrics): number {
  return m.discipline.records - (rules.disqualifiers.remediedDisciplineExcused ? m.discipline.remedied : 0);
}

/** QĐ 37 breaches that count: "self-detected and remedied" excuses discipline only, unless the rule set says otherwise. */
function countedBreaches(rules: RuleSetDefinition, m: MemberMetrics): number {
  return (
    m.discipline.prohibitionBreaches +
    (rules.disqualifiers.remediedBreachExcused ? 0 : m.discipline.prohibitionBreachesRemedied)
  );
}

/** One input of a criterion: a value 0..1 and the note read out with it. */
function inputValue(
  spec: InputSpec,
  rules: RuleSetDefinition,
  m: MemberMetrics,
): { value: number; note: string } {
  switch (spec.kind) {
    case 'clear_of': {
      for (const c of spec.conditions) {
        const r = conditionHolds(rules, c, m);
        if (r.holds) return { value: 0, note: r.note };
      }
      return { value: 1, note: spec.clearNote };
    }
    case 'attendance': {
      const a = spec.of === 'study' ? m.study : m.meetings;
      const label = spec.of === 'study' ? 'học tập chuyên đề' : 'sinh hoạt chi bộ';
      if (a.expected === 0)
        return { value: 1, note: `Chưa ghi nhận buổi ${label} nào trong năm: không trừ điểm.` };
      return {
        value: ratio(a.present + a.excused * spec.excusedWeight, a.expected),
        note: `${label}: có mặt ${a.present}/${a.expected} buổi, vắng có lý do ${a.excused}, vắng không lý do ${a.absent}.`,
      };
    }
    case 'registration': {
      if (!m.commitments.yearlyRegistered)
        return { value: 0, note: 'Chưa có bản cam kết năm được chi bộ chấp nhận.' };
      if (m.commitments.yearlyOnTime === false)
        return { value: 1 - spec.latePenalty, note: 'Có bản cam kết năm được chấp nhận nhưng nộp quá hạn.' };
      return { value: 1, note: 'Có bản cam kết năm được chi bộ chấp nhận, nộp đúng hạn.' };
    }
    case 'item_outcomes': {
      const i = m.items;
      if (i.total === 0) return { value: 0, note: 'Chưa có nội dung cam kết nào được báo cáo kết quả.' };
      const w = spec.weights;
      const late = i.late > 0 ? ` (${i.late} nội dung hoàn thành sau hạn)` : '';
      return {
        value: ratio(i.done * w.done + i.partly * w.partly + i.notDone * w.notDone, i.total),
        note: `${i.total} nội dung: hoàn thành ${i.done}${late} (vượt yêu cầu ${i.exceeded}), hoàn thành một phần ${i.partly}, không hoàn thành ${i.notDone}, chưa báo cáo ${i.unreported}.`,
      };
    }
    case 'cell_ratings': {
      const r = m.ratings;
      const n = r.achieved + r.partlyAchieved + r.notAchieved;
      if (n === 0) return { value: 0, note: 'Chi bộ chưa đánh giá bản cam kết nào.' };
      const w = spec.weights;
      return {
        value: ratio(
          r.achieved * w.achieved + r.partlyAchieved * w.partlyAchieved + r.notAchieved * w.notAchieved,
          n,
        ),
        note: `Chi bộ đánh giá ${n} bản cam kết: đạt ${r.achieved}, đạt một phần ${r.partlyAchieved}, không đạt ${r.notAchieved}.`,
      };
    }
    case 'exceeded_share': {
      const i = m.items;
      if (i.total === 0) return { value: 0, note: 'Chưa có nội dung cam kết nào được báo cáo kết quả.' };
      const share = ratio(i.exceeded, i.total);
      return {
        value: spec.fullAt > 0 ? Math.min(1, share / spec.fullAt) : 1,
        note: `Hoàn thành vượt yêu cầu ${i.exceeded}/${i.total} nội dung (đủ điểm từ ${Math.round(spec.fullAt * 100)}%).`,
      };
    }
    case 'remedies_done': {
      const i = m.items;
      if (i.remedyTotal === 0)
        return { value: 1, note: 'Không có hạn chế, khuyết điểm nào phải khắc phục trong năm.' };
      return {
        value: ratio(i.remedyDone, i.remedyTotal),
        note: `Khắc phục xong ${i.remedyDone}/${i.remedyTotal} hạn chế, khuyết điểm.`,
      };
    }
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** One criterion: its points are the shares of its inputs' values; its note, theirs in order. */
function criterionScore(rules: RuleSetDefinition, c: CriterionDefinition, m: MemberMetrics): CriterionScore {
  let points = 0;
  const notes: string[] = [];
  for (const w of c.inputs) {
    const r = inputValue(w.input, rules, m);
    points += c.points * w.share * r.value;
    notes.push(capitalise(r.note));
  }
  return { code: c.code, name: c.name, points: round2(points), max: c.points, note: notes.join(' ') };
}

/** The 100-point score with every criterion's points shown. */
export function scoreMember(rules: RuleSetDefinition, m: MemberMetrics): ScoreBreakdown {
  const common = rules.scoring.common.map((c) => criterionScore(rules, c, m));
  const tasks = rules.scoring.tasks.map((c) => criterionScore(rules, c, m));
  const sum = (xs: CriterionScore[]) => round2(xs.reduce((s, x) => s + x.points, 0));
  const commonPoints = sum(common);
  const taskPoints = sum(tasks);
  return {
    total: round2(commonPoints + taskPoints),
    max: 100,
    commonCriteria: {
      points: commonPoints,
      max: sum(common.map((c) => ({ ...c, points: c.max }))),
      criteria: common,
    },
    taskResults: {
      points: taskPoints,
      max: sum(tasks.map((c) => ({ ...c, points: c.max }))),
      criteria: tasks,
    },
  };
}

/** Level by score alone: >= 90, 70 to < 90, 50 to < 70, < 50 (QĐ 366-QĐ/TW). */
export function levelByScore(rules: RuleSetDefinition, score: number): Level {
  const t = rules.thresholds;
  if (score >= t.excellent) return 'excellent';
  if (score >= t.good) return 'good';
  if (score >= t.complete) return 'complete';
  return 'incomplete';
}

/**
 * "biểu hiện số 12, 19: Nghị quyết chi bộ số 05-NQ/CB ngày 12/03/2026", codes grouped by the document
 * that concluded them (codes without a document in the metrics are listed bare).
 */
function conclusionsText(m: MemberMetrics): string {
  const byCode = new Map(m.conduct.conclusions.map((c) => [c.code, c]));
  const groups = new Map<string, number[]>();
  for (const code of m.conduct.concludedPresentCodes) {
    const c = byCode.get(code);
    const key = c
      ? `${CONCLUDING_BODY_NAMES[c.body]} số ${c.documentNumber} ngày ${formatDate(c.documentDate)}`
      : '';
    groups.set(key, [...(groups.get(key) ?? []), code]);
  }
  return [...groups]
    .map(([doc, codes]) => `biểu hiện số ${codes.join(', ')}${doc ? `: ${doc}` : ''}`)
    .join('; ');
}

/**
 * The cell's `present` entries that no competent body has concluded with a document (rule sets that
 * list `competentBodies`, version 3 on): shown, never forcing a level.
 */
export function proposalReason(rules: RuleSetDefinition, m: MemberMetrics): Reason | null {
  const bodies = competentBodiesOf(rules);
  const codes = m.conduct.proposedPresentCodes;
  if (bodies === null || codes.length === 0) return null;
  const names = bodies.map((b) => CONCLUDING_BODY_NAMES[b].toLowerCase()).join(', ');
  return ruled(rules, 'disqualifiers.competentBodies', {
    code: 'proposed_manifestation',
    effect: 'info',
    text: `Chi bộ ghi nhận có biểu hiện số ${codes.join(', ')} nhưng chưa có kết luận của cấp có thẩm quyền (${names}, có số và ngày văn bản): là đề xuất, chưa là căn cứ xếp loại ${LEVEL_NAMES.incomplete}.`,
  });
}

/** Disqualifiers that force `incomplete`, each with its reason. */
export function disqualifiersOf(rules: RuleSetDefinition, m: MemberMetrics): Reason[] {
  const out: Reason[] = [];
  const d = rules.disqualifiers;
  const incomplete = LEVEL_NAMES.incomplete;
  const counted = unexcusedDiscipline(rules, m);
  if (d.discipline && counted > 0) {
    out.push(
      ruled(rules, 'disqualifiers.discipline', {
        code: 'disciplined_in_year',
        effect: 'forces_incomplete',
        text: `Bị xử lý kỷ luật trong năm (${counted} quyết định) nên xếp loại ${incomplete}.`,
      }),
    );
  }
  if (d.concludedManifestation && m.conduct.concludedPresentCodes.length > 0) {
    out.push(
      ruled(rules, 'disqualifiers.concludedManifestation', {
        code: 'concluded_manifestation',
        effect: 'forces_incomplete',
        text:
          competentBodiesOf(rules) === null
            ? `Chi bộ hoặc cấp ủy kết luận có biểu hiện suy thoái, "tự diễn biến", "tự chuyển hóa" (biểu hiện số ${m.conduct.concludedPresentCodes.join(', ')}) nên xếp loại ${incomplete}.`
            : `Bị cấp có thẩm quyền kết luận có biểu hiện suy thoái, "tự diễn biến", "tự chuyển hóa" (${conclusionsText(m)}) nên xếp loại ${incomplete}.`,
      }),
    );
  }
  if (d.prohibitionBreach && countedBreaches(rules, m) > 0) {
    const remedied = d.remediedBreachExcused ? 0 : m.discipline.prohibitionBreachesRemedied;
    out.push(
      ruled(rules, 'disqualifiers.prohibitionBreach', {
        code: 'prohibition_breach',
        effect: 'forces_incomplete',
        text:
          remedied > 0
            ? `Vi phạm những điều đảng viên không được làm (QĐ 37-QĐ/TW), kể cả ${remedied} vi phạm đã tự phát hiện và khắc phục (điều đó chỉ miễn căn cứ kỷ luật), nên xếp loại ${incomplete}.`
            : `Vi phạm những điều đảng viên không được làm (QĐ 37-QĐ/TW) nên xếp loại ${incomplete}.`,
      }),
    );
  }
  if (d.exemplaryDutyBreach && m.findings.exemplaryDutyBreaches > 0) {
    out.push(
      ruled(rules, 'disqualifiers.exemplaryDutyBreach', {
        code: 'exemplary_duty_breach',
        effect: 'forces_incomplete',
        text: `Chi bộ hoặc cấp ủy ghi nhận vi phạm trách nhiệm nêu gương (${m.findings.exemplaryDutyBreaches} lần) nên xếp loại ${incomplete}.`,
      }),
    );
  }
  const i = m.items;
  if (d.minDoneShare !== null && i.total > 0 && ratio(i.done, i.total) + 1e-9 < d.minDoneShare) {
    out.push(
      ruled(rules, 'disqualifiers.minDoneShare', {
        code: 'under_half_targets',
        effect: 'forces_incomplete',
        text: `Chỉ hoàn thành ${i.done}/${i.total} nội dung cam kết (dưới ${Math.round(d.minDoneShare * 100)}%) nên xếp loại ${incomplete}.`,
      }),
    );
  }
  if (d.stateRatingIncomplete && m.findings.stateRatingIncomplete) {
    out.push(
      ruled(rules, 'disqualifiers.stateRatingIncomplete', {
        code: 'state_rating_incomplete',
        effect: 'forces_incomplete',
        text: `Là cán bộ, công chức, viên chức được cơ quan xếp loại ${incomplete} nên xếp loại ${incomplete}.`,
      }),
    );
  }
  return out;
}

/** Every item done, and done on time: what "100% nhiệm vụ, đúng hạn" asks of a level. */
function completionShortfalls(
  rules: RuleSetDefinition,
  m: MemberMetrics,
  level: 'excellent' | 'good',
  conditions: { requireAllItemsDone: boolean; requireOnTime: boolean },
): Reason[] {
  const out: Reason[] = [];
  const i = m.items;
  const name = LEVEL_NAMES[level];
  if (conditions.requireAllItemsDone && (i.total === 0 || i.done < i.total)) {
    out.push(
      ruled(rules, `${level}.requireAllItemsDone`, {
        code: `${level}_items_not_all_done`,
        effect: 'caps_level',
        text:
          i.total === 0
            ? `Chưa có nội dung cam kết nào được báo cáo kết quả, nên chưa đủ điều kiện ${name}.`
            : `Còn ${i.total - i.done}/${i.total} nội dung cam kết chưa hoàn thành, nên chưa đủ điều kiện ${name}.`,
      }),
    );
  }
  if (conditions.requireOnTime && i.late > 0) {
    out.push(
      ruled(rules, `${level}.requireOnTime`, {
        code: `${level}_items_late`,
        effect: 'caps_level',
        text: `${i.late} nội dung cam kết hoàn thành sau thời hạn, nên chưa đủ điều kiện ${name} (hoàn thành 100% nhiệm vụ đúng hạn).`,
      }),
    );
  }
  return out;
}

/** Why a score of `excellent` is held lower: every unmet extra condition. */
export function excellentShortfalls(rules: RuleSetDefinition, m: MemberMetrics): Reason[] {
  const x = rules.excellent;
  const i = m.items;
  const out = completionShortfalls(rules, m, 'excellent', x);
  const share = ratio(i.exceeded, i.total);
  if (x.minExceededShare > 0 && share + 1e-9 < x.minExceededShare) {
    out.push(
      ruled(rules, 'excellent.minExceededShare', {
        code: 'excellent_exceeded_share',
        effect: 'caps_level',
        text: `Chỉ ${Math.round(share * 100)}% nội dung vượt yêu cầu (cần ít nhất ${Math.round(x.minExceededShare * 100)}%), nên chưa đủ điều kiện Hoàn thành xuất sắc nhiệm vụ.`,
      }),
    );
  }
  if (x.requireRemedyDone && i.remedyDone < i.remedyTotal) {
    out.push(
      ruled(rules, 'excellent.requireRemedyDone', {
        code: 'excellent_remedy_not_done',
        effect: 'caps_level',
        text: `Còn ${i.remedyTotal - i.remedyDone} hạn chế, khuyết điểm năm trước chưa khắc phục xong, nên chưa đủ điều kiện Hoàn thành xuất sắc nhiệm vụ.`,
      }),
    );
  }
  return out;
}

/** Why a score of `good` (or an `excellent` held back) is held at `complete`. */
export function goodShortfalls(rules: RuleSetDefinition, m: MemberMetrics): Reason[] {
  return completionShortfalls(rules, m, 'good', rules.good);
}

/** The suggested classification of one member, with every rule that fired. */
export function suggest(
  rules: RuleSetDefinition,
  facts: MemberFacts,
  m: MemberMetrics,
  reviewDate: string,
): Suggestion {
  const excluded = notClassifiedReason(rules, facts, reviewDate);
  if (excluded) {
    const reason: Omit<Reason, 'unverified' | 'source'> = {
      code: `not_classified_${excluded.reason}`,
      effect: 'not_classified',
      text: excluded.text,
    };
    return {
      notClassifiedReason: excluded.reason,
      score: null,
      breakdown: null,
      level: null,
      disqualifiers: [],
      reasons: [excluded.rule ? ruled(rules, excluded.rule, reason) : { ...reason, unverified: false }],
    };
  }
  const breakdown = scoreMember(rules, m);
  const reasons: Reason[] = [
    ruled(rules, 'scoring.common', {
      code: 'score',
      effect: 'info',
      text: `Tổng điểm gợi ý ${formatPoints(breakdown.total)}/100: tiêu chí chung ${formatPoints(breakdown.commonCriteria.points)}/${breakdown.commonCriteria.max}, kết quả thực hiện nhiệm vụ ${formatPoints(breakdown.taskResults.points)}/${breakdown.taskResults.max}.`,
    }),
  ];
  let level = levelByScore(rules, breakdown.total);
  reasons.push(
    ruled(rules, 'thresholds', {
      code: 'level_by_score',
      effect: 'level',
      text: scoreBandText(rules, level, breakdown.total),
    }),
  );

  const partial = partialExemptionReason(rules, facts, reviewDate);
  if (partial) reasons.push(partial);
  const disqualifiers = disqualifiersOf(rules, m);
  const proposal = proposalReason(rules, m);
  if (proposal) reasons.push(proposal);
  if (m.discipline.remedied > 0 && rules.disqualifiers.remediedDisciplineExcused) {
    reasons.push(
      ruled(rules, 'disqualifiers.remediedDisciplineExcused', {
        code: 'discipline_remedied',
        effect: 'info',
        text: `Có ${m.discipline.remedied} quyết định kỷ luật được ghi nhận tự phát hiện và khắc phục xong hậu quả: không tính là căn cứ xếp ${LEVEL_NAMES.incomplete}${rules.disqualifiers.remediedBreachExcused ? '' : ' vì kỷ luật (vi phạm những điều đảng viên không được làm vẫn tính)'}.`,
      }),
    );
  }
  if (disqualifiers.length > 0) {
    level = 'incomplete';
    reasons.push(...disqualifiers);
  } else {
    const capped: Reason[] = [];
    if (level === 'excellent') {
      const shortfalls = excellentShortfalls(rules, m);
      if (shortfalls.length > 0) {
        level = 'good';
        capped.push(...shortfalls);
      }
    }
    if (level === 'good') {
      const shortfalls = goodShortfalls(rules, m);
      if (shortfalls.length > 0) {
        level = 'complete';
        capped.push(...shortfalls);
      }
    }
    if (capped.length > 0) {
      reasons.push(...capped, {
        code: level === 'good' ? 'capped_at_good' : 'capped_at_complete',
        effect: 'level',
        text: `Mức gợi ý: ${LEVEL_NAMES[level]}.`,
        unverified: capped.some((r) => r.unverified),
      });
    }
  }
  return {
    notClassifiedReason: null,
    score: breakdown.total,
    breakdown,
    level,
    disqualifiers: disqualifiers.map((d) => d.code),
    reasons,
  };
}

function scoreBandText(rules: RuleSetDefinition, level: Level, score: number): string {
  const t = rules.thresholds;
  const band: Record<Level, string> = {
    excellent: `từ ${t.excellent} điểm trở lên`,
    good: `từ ${t.good} đến dưới ${t.excellent} điểm`,
    complete: `từ ${t.complete} đến dưới ${t.good} điểm`,
    incomplete: `dưới ${t.complete} điểm`,
  };
  return `Theo điểm (${formatPoints(score)}, ${band[level]}): ${LEVEL_NAMES[level]}.`;
}

/** True when `level` is better than `than`. */
export function isAbove(level: Level, than: Level): boolean {
  return LEVEL_RANK[level] < LEVEL_RANK[than];
}

/**
 * QĐ 124 / HD 21: excellent may not exceed share x good in a grassroots organisation, rounded as the
 * rule set says (down in QĐ 366 versions 1 and 2).
 */
export function maxExcellent(rules: RuleSetDefinition, goodCount: number): number {
  const exact = goodCount * rules.quota.maxExcellentShareOfGood;
  // The epsilons keep 0.2 * 15 = 3.0000000000000004 and 0.2 * 35 from drifting across an integer.
  switch (rules.quota.rounding) {
    case 'ceil':
      return Math.ceil(exact - 1e-9);
    case 'round':
      return Math.round(exact + 1e-9);
    case 'floor':
      return Math.floor(exact + 1e-9);
  }
}

export interface QuotaCheck {
  excellent: number;
  good: number;
  maxExcellent: number;
  ok: boolean;
}

/**
 * The quota of one grassroots organisation; `exceptionMax` is the number of excellent the higher
 * committee approved for it (counted instead of the quota where the rule set allows an exception).
 */
export function checkQuota(
  rules: RuleSetDefinition,
  counts: { excellent: number; good: number },
  exceptionMax: number | null = null,
): QuotaCheck {
  const max =
    exceptionMax !== null && rules.quota.exceptionByHigherCommittee
      ? Math.max(exceptionMax, maxExcellent(rules, counts.good))
      : maxExcellent(rules, counts.good);
  return { excellent: counts.excellent, good: counts.good, maxExcellent: max, ok: counts.excellent <= max };
}

export type DecisionProblem =
  | { rule: 'not_classified'; message: string }
  | { rule: 'above_disqualifier'; message: string }
  | { rule: 'comment_required'; message: string };

/**
 * A decision is refused above a disqualifier, and needs a comment when it differs from the
 * suggested level (the committee says why it departs from the figures).
 */
export function checkDecision(
  suggestion: { level: Level | null; disqualifiers: string[] },
  decided: Level,
  comment: string | null | undefined,
): DecisionProblem | null {
  if (suggestion.level === null) {
    return { rule: 'not_classified', message: 'This member is not classified in this cycle' };
  }
  if (suggestion.disqualifiers.length > 0 && decided !== 'incomplete') {
    return {
      rule: 'above_disqualifier',
      message: `A disqualifier (${suggestion.disqualifiers.join(', ')}) forces ${LEVEL_NAMES.incomplete}`,
    };
  }
  if (decided !== suggestion.level && !comment?.trim()) {
    return {
      rule: 'comment_required',
      message: 'comment is required when the decision differs from the suggested level',
    };
  }
  return null;
}
