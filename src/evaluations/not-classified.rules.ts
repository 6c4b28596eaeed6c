/**
 * Who is not classified in a year (expelled, exempt, suspended, admitted too recently) and the
 * reason read out for a member exempt for part of the year. Pure: no Nest, no I/O.
 */
import { RuleKey, RuleSetDefinition } from './rule-sets.js';
import { daysInYear, exemptDaysInYear } from '../members/member-exemptions.rules.js';
import { EXEMPTION_GROUND_NAMES, ExemptionFact, MemberFacts } from './evaluation-metrics.rules.js';
import { addMonths, formatDate, Reason, ruled } from './evaluation-reasons.rules.js';

export type NotClassifiedReason = 'expelled' | 'exempt' | 'suspended' | 'joined_recently';

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
