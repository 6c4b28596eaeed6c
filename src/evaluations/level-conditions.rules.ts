/**
 * What holds a member's level below the score's: the disqualifiers that force "Không hoàn thành
 * nhiệm vụ", the conditions of the two top levels, and the manifestations only proposed by the cell.
 * Pure: no Nest, no I/O.
 */
import { CONCLUDING_BODY_NAMES, competentBodiesOf, LEVEL_NAMES, RuleSetDefinition } from './rule-sets.js';
import { countedBreaches, MemberMetrics, unexcusedDiscipline } from './evaluation-metrics.rules.js';
import { formatDate, ratio, Reason, ruled } from './evaluation-reasons.rules.js';

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
