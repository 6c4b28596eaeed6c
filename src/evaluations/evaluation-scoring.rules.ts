/**
 * The 100-point score (QĐ 366-QĐ/TW): each criterion's points from the inputs the rule set names,
 * with the note read out for each, and the level the score alone gives. Pure: no Nest, no I/O.
 */
import {
  ConductCondition,
  CriterionDefinition,
  InputSpec,
  Level,
  LEVEL_NAMES,
  RuleSetDefinition,
} from './rule-sets.js';
import { countedBreaches, MemberMetrics, unexcusedDiscipline } from './evaluation-metrics.rules.js';
import { formatPoints, ratio, round2 } from './evaluation-reasons.rules.js';

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

export function scoreBandText(rules: RuleSetDefinition, level: Level, score: number): string {
  const t = rules.thresholds;
  const band: Record<Level, string> = {
    excellent: `từ ${t.excellent} điểm trở lên`,
    good: `từ ${t.good} đến dưới ${t.excellent} điểm`,
    complete: `từ ${t.complete} đến dưới ${t.good} điểm`,
    incomplete: `dưới ${t.complete} điểm`,
  };
  return `Theo điểm (${formatPoints(score)}, ${band[level]}): ${LEVEL_NAMES[level]}.`;
}
