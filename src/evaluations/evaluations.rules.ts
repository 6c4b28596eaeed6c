/**
 * Pure year-end classification rules (QĐ 366-QĐ/TW, 2025): scoring on 100 points, levels, the
 * conditions of the top level, the disqualifiers, who is not classified, and the quota per grassroots
 * organisation. No Nest, no I/O: the service feeds the metrics it read from the other modules.
 * Every rule that fires leaves a reason in plain Vietnamese that a secretary can read out.
 */
import {
  CommonCriterionCode,
  Level,
  LEVEL_NAMES,
  LEVEL_RANK,
  RuleSetDefinition,
  TaskCriterionCode,
} from './rule-sets.js';

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
  };
  ratings: { achieved: number; partlyAchieved: number; notAchieved: number };
  feedback: { received: number; commendations: number; criticisms: number };
  meetings: { expected: number; present: number; excused: number; absent: number };
  study: { expected: number; present: number; excused: number; absent: number };
  conduct: {
    selfAtRisk: number;
    selfPresent: number;
    /** Manifestation codes (1-27) concluded `present` by the cell or committee. */
    concludedPresentCodes: number[];
  };
  discipline: {
    /** Disciplinary decisions dated in the year. */
    records: number;
    /** Of those, recorded as self-detected and remedied. */
    remedied: number;
    /** Recorded breaches of QĐ 37-QĐ/TW (19 prohibitions). */
    prohibitionBreaches: number;
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
    },
    ratings: { achieved: 0, partlyAchieved: 0, notAchieved: 0 },
    feedback: { received: 0, commendations: 0, criticisms: 0 },
    meetings: { expected: 0, present: 0, excused: 0, absent: 0 },
    study: { expected: 0, present: 0, excused: 0, absent: 0 },
    conduct: { selfAtRisk: 0, selfPresent: 0, concludedPresentCodes: [] },
    discipline: { records: 0, remedied: 0, prohibitionBreaches: 0 },
  };
}

/** Facts about the member that decide whether they are classified at all. */
export interface MemberFacts {
  isExempt: boolean;
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
): { reason: NotClassifiedReason; text: string } | null {
  // No longer a member: listed so the cycle shows what became of them, never classified.
  if (facts.expelledOn && facts.expelledOn <= reviewDate) {
    return {
      reason: 'expelled',
      text: `Đảng viên đã bị khai trừ khỏi Đảng ngày ${formatDate(facts.expelledOn)} nên không đánh giá, xếp loại chất lượng.`,
    };
  }
  if (rules.notClassified.exempt && facts.isExempt) {
    return {
      reason: 'exempt',
      text: 'Đảng viên được miễn công tác và sinh hoạt đảng nên không đánh giá, xếp loại chất lượng (QĐ 294-QĐ/TW, mục 7.2.3).',
    };
  }
  if (rules.notClassified.suspended && facts.isSuspended) {
    return {
      reason: 'suspended',
      text: 'Đảng viên đang bị đình chỉ sinh hoạt đảng nên không đánh giá, xếp loại chất lượng.',
    };
  }
  const months = rules.notClassified.minMonthsSinceAdmission;
  if (months !== null && facts.joinedPartyOn && addMonths(facts.joinedPartyOn, months) > reviewDate) {
    return {
      reason: 'joined_recently',
      text: `Đảng viên kết nạp ngày ${formatDate(facts.joinedPartyOn)}, đến ngày đánh giá ${formatDate(reviewDate)} chưa đủ ${months} tháng nên không xếp loại chất lượng.`,
    };
  }
  return null;
}

function commonCriterion(rules: RuleSetDefinition, code: CommonCriterionCode, max: number, m: MemberMetrics) {
  switch (code) {
    case 'ethics': {
      const codes = m.conduct.concludedPresentCodes;
      return codes.length > 0
        ? { points: 0, note: `Bị kết luận có biểu hiện suy thoái (biểu hiện số ${codes.join(', ')}).` }
        : { points: max, note: 'Không bị kết luận có biểu hiện suy thoái, "tự diễn biến", "tự chuyển hóa".' };
    }
    case 'discipline': {
      const unremedied =
        m.discipline.records - (rules.disqualifiers.remediedDisciplineExcused ? m.discipline.remedied : 0);
      if (unremedied > 0)
        return { points: 0, note: `Bị xử lý kỷ luật trong năm (${unremedied} quyết định).` };
      if (m.discipline.prohibitionBreaches > 0) {
        return {
          points: 0,
          note: `Vi phạm những điều đảng viên không được làm (${m.discipline.prohibitionBreaches} lần ghi nhận).`,
        };
      }
      return {
        points: max,
        note: 'Chấp hành nghiêm kỷ luật, không vi phạm những điều đảng viên không được làm.',
      };
    }
    case 'cell_life': {
      const half = max / 2;
      const part = (a: MemberMetrics['meetings'], label: string) => {
        if (a.expected === 0)
          return { points: half, note: `Chưa ghi nhận buổi ${label} nào trong năm: không trừ điểm.` };
        const attended = a.present + a.excused * rules.scoring.excusedWeight;
        return {
          points: half * ratio(attended, a.expected),
          note: `${label}: có mặt ${a.present}/${a.expected} buổi, vắng có lý do ${a.excused}, vắng không lý do ${a.absent}.`,
        };
      };
      const meetings = part(m.meetings, 'sinh hoạt chi bộ');
      const study = part(m.study, 'học tập chuyên đề');
      return {
        points: meetings.points + study.points,
        note: `${capitalise(meetings.note)} ${capitalise(study.note)}`,
      };
    }
    default: {
      const never: never = code;
      throw new Error(`unknown criterion ${String(never)}`);
    }
  }
}

function taskCriterion(rules: RuleSetDefinition, code: TaskCriterionCode, max: number, m: MemberMetrics) {
  switch (code) {
    case 'registration': {
      if (!m.commitments.yearlyRegistered)
        return { points: 0, note: 'Chưa có bản cam kết năm được chi bộ chấp nhận.' };
      if (m.commitments.yearlyOnTime === false) {
        return {
          points: max * (1 - rules.scoring.lateRegistrationPenalty),
          note: 'Có bản cam kết năm được chấp nhận nhưng nộp quá hạn.',
        };
      }
      return { points: max, note: 'Có bản cam kết năm được chi bộ chấp nhận, nộp đúng hạn.' };
    }
    case 'item_outcomes': {
      const i = m.items;
      if (i.total === 0) return { points: 0, note: 'Chưa có nội dung cam kết nào được báo cáo kết quả.' };
      const w = rules.scoring.outcomeWeights;
      const earned = i.done * w.done + i.partly * w.partly + i.notDone * w.notDone;
      return {
        points: max * ratio(earned, i.total),
        note: `${i.total} nội dung: hoàn thành ${i.done} (vượt yêu cầu ${i.exceeded}), hoàn thành một phần ${i.partly}, không hoàn thành ${i.notDone}, chưa báo cáo ${i.unreported}.`,
      };
    }
    case 'cell_assessment': {
      const r = m.ratings;
      const n = r.achieved + r.partlyAchieved + r.notAchieved;
      if (n === 0) return { points: 0, note: 'Chi bộ chưa đánh giá bản cam kết nào.' };
      const w = rules.scoring.ratingWeights;
      const earned =
        r.achieved * w.achieved + r.partlyAchieved * w.partlyAchieved + r.notAchieved * w.notAchieved;
      return {
        points: max * ratio(earned, n),
        note: `Chi bộ đánh giá ${n} bản cam kết: đạt ${r.achieved}, đạt một phần ${r.partlyAchieved}, không đạt ${r.notAchieved}.`,
      };
    }
    default: {
      const never: never = code;
      throw new Error(`unknown criterion ${String(never)}`);
    }
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The 100-point score with every criterion's points shown. */
export function scoreMember(rules: RuleSetDefinition, m: MemberMetrics): ScoreBreakdown {
  const common = rules.scoring.common.map((c) => {
    const r = commonCriterion(rules, c.code, c.points, m);
    return { code: c.code, name: c.name, points: round2(r.points), max: c.points, note: r.note };
  });
  const tasks = rules.scoring.tasks.map((c) => {
    const r = taskCriterion(rules, c.code, c.points, m);
    return { code: c.code, name: c.name, points: round2(r.points), max: c.points, note: r.note };
  });
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

/** Disqualifiers that force `incomplete`, each with its reason. */
export function disqualifiersOf(rules: RuleSetDefinition, m: MemberMetrics): Reason[] {
  const out: Reason[] = [];
  const d = rules.disqualifiers;
  if (d.discipline && m.discipline.records > 0) {
    const excused = d.remediedDisciplineExcused ? m.discipline.remedied : 0;
    const counted = m.discipline.records - excused;
    if (counted > 0) {
      out.push({
        code: 'disciplined_in_year',
        effect: 'forces_incomplete',
        text: `Bị xử lý kỷ luật trong năm (${counted} quyết định) nên xếp loại ${LEVEL_NAMES.incomplete}.`,
      });
    }
  }
  if (d.concludedManifestation && m.conduct.concludedPresentCodes.length > 0) {
    out.push({
      code: 'concluded_manifestation',
      effect: 'forces_incomplete',
      text: `Chi bộ hoặc cấp ủy kết luận có biểu hiện suy thoái, "tự diễn biến", "tự chuyển hóa" (biểu hiện số ${m.conduct.concludedPresentCodes.join(', ')}) nên xếp loại ${LEVEL_NAMES.incomplete}.`,
    });
  }
  if (d.prohibitionBreach && m.discipline.prohibitionBreaches > 0) {
    out.push({
      code: 'prohibition_breach',
      effect: 'forces_incomplete',
      text: `Vi phạm những điều đảng viên không được làm (QĐ 37-QĐ/TW) nên xếp loại ${LEVEL_NAMES.incomplete}.`,
    });
  }
  return out;
}

/** Why a score of `excellent` is held at `good`: every unmet extra condition. */
export function excellentShortfalls(rules: RuleSetDefinition, m: MemberMetrics): Reason[] {
  const out: Reason[] = [];
  const x = rules.excellent;
  const i = m.items;
  if (x.requireAllItemsDone && (i.total === 0 || i.done < i.total)) {
    out.push({
      code: 'excellent_items_not_all_done',
      effect: 'caps_level',
      text:
        i.total === 0
          ? 'Chưa có nội dung cam kết nào được báo cáo kết quả, nên chưa đủ điều kiện Hoàn thành xuất sắc nhiệm vụ.'
          : `Còn ${i.total - i.done}/${i.total} nội dung cam kết chưa hoàn thành, nên chưa đủ điều kiện Hoàn thành xuất sắc nhiệm vụ.`,
    });
  }
  const share = ratio(i.exceeded, i.total);
  if (x.minExceededShare > 0 && share + 1e-9 < x.minExceededShare) {
    out.push({
      code: 'excellent_exceeded_share',
      effect: 'caps_level',
      text: `Chỉ ${Math.round(share * 100)}% nội dung vượt yêu cầu (cần ít nhất ${Math.round(x.minExceededShare * 100)}%), nên chưa đủ điều kiện Hoàn thành xuất sắc nhiệm vụ.`,
    });
  }
  if (x.requireRemedyDone && i.remedyDone < i.remedyTotal) {
    out.push({
      code: 'excellent_remedy_not_done',
      effect: 'caps_level',
      text: `Còn ${i.remedyTotal - i.remedyDone} hạn chế, khuyết điểm năm trước chưa khắc phục xong, nên chưa đủ điều kiện Hoàn thành xuất sắc nhiệm vụ.`,
    });
  }
  return out;
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
    return {
      notClassifiedReason: excluded.reason,
      score: null,
      breakdown: null,
      level: null,
      disqualifiers: [],
      reasons: [{ code: `not_classified_${excluded.reason}`, effect: 'not_classified', text: excluded.text }],
    };
  }
  const breakdown = scoreMember(rules, m);
  const reasons: Reason[] = [
    {
      code: 'score',
      effect: 'info',
      text: `Tổng điểm gợi ý ${formatPoints(breakdown.total)}/100: tiêu chí chung ${formatPoints(breakdown.commonCriteria.points)}/${breakdown.commonCriteria.max}, kết quả thực hiện nhiệm vụ ${formatPoints(breakdown.taskResults.points)}/${breakdown.taskResults.max}.`,
    },
  ];
  let level = levelByScore(rules, breakdown.total);
  reasons.push({
    code: 'level_by_score',
    effect: 'level',
    text: scoreBandText(rules, level, breakdown.total),
  });

  const disqualifiers = disqualifiersOf(rules, m);
  if (m.discipline.remedied > 0 && rules.disqualifiers.remediedDisciplineExcused) {
    reasons.push({
      code: 'discipline_remedied',
      effect: 'info',
      text: `Có ${m.discipline.remedied} quyết định kỷ luật được ghi nhận tự phát hiện và khắc phục xong hậu quả: không tính là căn cứ xếp ${LEVEL_NAMES.incomplete}.`,
    });
  }
  if (disqualifiers.length > 0) {
    level = 'incomplete';
    reasons.push(...disqualifiers);
  } else if (level === 'excellent') {
    const shortfalls = excellentShortfalls(rules, m);
    if (shortfalls.length > 0) {
      level = 'good';
      reasons.push(...shortfalls, {
        code: 'capped_at_good',
        effect: 'level',
        text: `Mức gợi ý: ${LEVEL_NAMES.good}.`,
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

/** QĐ 124 / HD 21: excellent may not exceed share x good in a grassroots organisation, rounded down. */
export function maxExcellent(rules: RuleSetDefinition, goodCount: number): number {
  // The epsilon keeps 0.2 * 15 = 3.0000000000000004 and 0.2 * 35 from drifting across an integer.
  return Math.floor(goodCount * rules.quota.maxExcellentShareOfGood + 1e-9);
}

export interface QuotaCheck {
  excellent: number;
  good: number;
  maxExcellent: number;
  ok: boolean;
}

export function checkQuota(
  rules: RuleSetDefinition,
  counts: { excellent: number; good: number },
): QuotaCheck {
  const max = maxExcellent(rules, counts.good);
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
