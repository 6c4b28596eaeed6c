/**
 * seed:scale's commitments family: commitments with their items, transitions and feedback, each
 * reaching an end-of-year status drawn as a cell's year really ends.
 */
import { Commitment } from '../../commitments/commitment.entity.js';
import { CommitmentFeedback } from '../../commitments/commitment-feedback.entity.js';
import { CommitmentItem } from '../../commitments/commitment-item.entity.js';
import { CommitmentTransition } from '../../commitments/commitment-transition.entity.js';
import { itemCounts, Outcome } from '../../commitments/commitments.rules.js';
import { BatchWriter } from './batch-writer.js';
import { at, isoDate, ScaleDraws } from './draws.js';
import { pick } from '../vietnamese-names.js';

type Status = 'draft' | 'submitted' | 'returned' | 'accepted' | 'reported' | 'assessed';

const CATEGORY_TEXT: Record<string, string[]> = {
  study: [
    'Học tập, quán triệt đầy đủ các nghị quyết, chỉ thị của Đảng',
    'Tham gia đầy đủ các buổi học tập chính trị của chi bộ',
  ],
  follow: [
    'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh: gương mẫu, tiết kiệm trong sinh hoạt',
    'Làm theo Bác: gần dân, lắng nghe và giải quyết kịp thời ý kiến của nhân dân tổ dân phố',
  ],
  duty: [
    'Hoàn thành tốt nhiệm vụ chuyên môn được giao, không để tồn đọng công việc',
    'Vận động gia đình và bà con hàng xóm thực hiện tốt quy ước tổ dân phố',
  ],
  resolution4: [
    'Không suy thoái về tư tưởng chính trị, đạo đức, lối sống theo Nghị quyết Trung ương 4',
    'Tự phê bình và phê bình nghiêm túc, không nể nang, né tránh',
  ],
  exemplary: ['Gương mẫu thực hiện nếp sống văn minh, giữ gìn vệ sinh môi trường khu dân cư'],
  lifestyle: ['Sống giản dị, trung thực, đoàn kết với đồng chí, đồng nghiệp'],
  remedy: ['Khắc phục hạn chế về việc tham gia sinh hoạt chi bộ chưa đều năm trước'],
};
const YEARLY_CATEGORIES = ['study', 'follow', 'duty', 'resolution4', 'exemplary', 'lifestyle'];
const FEEDBACK = [
  ['commendation', 'Đồng chí thực hiện tốt cam kết, đề nghị phát huy.'],
  ['suggestion', 'Đề nghị đồng chí cụ thể hóa thêm chỉ tiêu phấn đấu của quý.'],
  ['comment', 'Chi bộ ghi nhận nội dung cam kết của đồng chí.'],
  ['criticism', 'Đồng chí còn vắng sinh hoạt chi bộ không có lý do, cần khắc phục.'],
] as const;

/** What a commitment is drawn from and written to. */
export interface CommitmentContext {
  draws: ScaleDraws;
  w: BatchWriter;
  year: number;
  counts: { commitments: number; items: number };
}

/** Status at the end of the year: past periods are mostly assessed, a few lag behind. */
function statusFor(d: ScaleDraws, periodType: string): Status {
  const r = d.rand();
  if (periodType === 'yearly')
    return r < 0.85 ? 'assessed' : r < 0.93 ? 'reported' : r < 0.98 ? 'accepted' : 'submitted';
  return r < 0.8
    ? 'assessed'
    : r < 0.9
      ? 'reported'
      : r < 0.97
        ? 'accepted'
        : r < 0.99
          ? 'returned'
          : 'draft';
}

/** One commitment of a member with its items, status history and (sometimes) the reviewer's feedback. */
export function seedCommitment(
  ctx: CommitmentContext,
  cell: { id: string },
  member: { id: string; userId: string; name: string },
  periodType: 'yearly' | 'quarterly' | 'monthly',
  periodKey: number,
  reviewer: { userId: string; name: string },
  yearlyItemIds: string[] | null,
): { id: string; itemIds: string[] } {
  const { draws: d, w, counts, year } = ctx;
  const firstMonth = periodType === 'yearly' ? 1 : periodType === 'quarterly' ? periodKey * 3 - 2 : periodKey;
  const lastMonth = periodType === 'yearly' ? 12 : periodType === 'quarterly' ? periodKey * 3 : periodKey;
  const status = statusFor(d, periodType);
  const id = d.id();
  const createdAt = at(year, firstMonth, d.between(1, 5), 8);
  const submittedAt = at(year, firstMonth, d.between(5, 9), 10);
  const acceptedAt = at(year, firstMonth, d.between(10, 14), 16);
  const reportedAt = at(year, lastMonth, d.between(20, 26), 10);
  const assessedAt = at(year, lastMonth, 28, 16);
  const reached = (s: Status) => {
    const order: Status[] = ['draft', 'submitted', 'accepted', 'reported', 'assessed'];
    return status !== 'returned' && order.indexOf(status) >= order.indexOf(s);
  };

  const categories =
    periodType === 'yearly'
      ? [...YEARLY_CATEGORIES.slice(0, d.between(4, 6)), ...(d.chance(0.1) ? ['remedy'] : [])]
      : periodType === 'quarterly'
        ? ['study', 'follow', 'duty']
        : ['follow', 'duty'];
  // Outcomes drive the rating, as a secretary would judge them.
  const outcomes = categories.map(() => {
    const r = d.rand();
    return r < 0.8 ? 'done' : r < 0.95 ? 'partly' : 'not_done';
  });
  const notDone = outcomes.filter((o) => o === 'not_done').length;
  const partly = outcomes.filter((o) => o === 'partly').length;
  const rating = notDone > 0 ? 'not_achieved' : partly > 1 ? 'partly_achieved' : 'achieved';
  const itemIds: string[] = [];
  const itemFigures: Array<{ category: string; outcome: Outcome | null; exceeded: boolean | null }> = [];
  categories.forEach((category, i) => {
    const itemId = d.id();
    itemIds.push(itemId);
    const reported = reached('reported');
    // The random draws in the order they have always been made (content, codes, exceeded), so a
    // seed keeps giving the same data.
    const content = pick(d.rand, CATEGORY_TEXT[category]);
    const manifestationCodes =
      category === 'resolution4' ? JSON.stringify([d.between(1, 9), d.between(10, 27)]) : null;
    const outcome = reported ? outcomes[i] : null;
    const exceeded = reported ? outcomes[i] === 'done' && d.chance(0.1) : null;
    itemFigures.push({ category, outcome, exceeded });
    w.add(CommitmentItem, {
      id: itemId,
      commitmentId: id,
      position: i + 1,
      category,
      content,
      target: periodType === 'yearly' ? 'Hoàn thành trong năm' : null,
      dueDate: isoDate(year, lastMonth, 28),
      manifestationCodes,
      parentItemId: yearlyItemIds ? yearlyItemIds[i % yearlyItemIds.length] : null,
      sourceRef: null,
      outcome,
      exceeded,
      outcomeNote: null,
      removedAt: null,
      createdAt,
      updatedAt: createdAt,
    });
  });
  counts.items += categories.length;

  const transitions: Array<[string, Status | null, Status, Date, string, string | null]> = [
    ['create', null, 'draft', createdAt, member.userId, null],
  ];
  if (status !== 'draft')
    transitions.push(['submit', 'draft', 'submitted', submittedAt, member.userId, null]);
  if (status === 'returned') {
    transitions.push([
      'return',
      'submitted',
      'returned',
      acceptedAt,
      reviewer.userId,
      'Nội dung còn chung chung, cần cụ thể hơn',
    ]);
  }
  if (reached('accepted'))
    transitions.push(['accept', 'submitted', 'accepted', acceptedAt, reviewer.userId, null]);
  if (reached('reported'))
    transitions.push(['report', 'accepted', 'reported', reportedAt, member.userId, null]);
  if (reached('assessed'))
    transitions.push(['assess', 'reported', 'assessed', assessedAt, reviewer.userId, null]);
  transitions.forEach(([action, fromStatus, toStatus, when, actorUserId, reason], i) => {
    const byMember = actorUserId === member.userId;
    w.add(CommitmentTransition, {
      id: d.id(),
      commitmentId: id,
      seq: i + 1,
      action,
      fromStatus,
      toStatus,
      actorUserId,
      actorMemberId: byMember ? member.id : null,
      actorUsername: null,
      onBehalf: false,
      reason,
      at: when,
    });
  });

  const last = transitions[transitions.length - 1][3];
  w.add(Commitment, {
    id,
    memberId: member.id,
    cellId: cell.id,
    year,
    periodType,
    periodKey,
    status,
    deadlineOn: isoDate(year, firstMonth, periodType === 'yearly' ? 31 : 15),
    late: false,
    firstSubmittedAt: status === 'draft' ? null : submittedAt,
    submittedAt: status === 'draft' ? null : submittedAt,
    acceptedAt: reached('accepted') ? acceptedAt : null,
    acceptedByUserId: reached('accepted') ? reviewer.userId : null,
    reviewComment: null,
    reportedAt: reached('reported') ? reportedAt : null,
    assessedAt: reached('assessed') ? assessedAt : null,
    assessedByUserId: reached('assessed') ? reviewer.userId : null,
    rating: reached('assessed') ? rating : null,
    assessmentComment: null,
    shortcomings: null,
    presentedAtMeetingId: null,
    presentedAt: null,
    enteredByUserId: member.userId,
    enteredOnBehalf: false,
    version: transitions.length,
    // The counts the item writes keep on the row (commitments.rules.ts, itemCounts).
    ...itemCounts(itemFigures),
    createdAt,
    updatedAt: last,
  });
  counts.commitments++;

  if (periodType !== 'monthly' && reached('accepted') && d.chance(0.15)) {
    const [kind, content] = pick(d.rand, FEEDBACK);
    w.add(CommitmentFeedback, {
      id: d.id(),
      commitmentId: id,
      itemId: null,
      parentId: null,
      kind,
      content,
      authorUserId: reviewer.userId,
      authorMemberId: null,
      authorName: reviewer.name,
      createdAt: acceptedAt,
    });
  }
  return { id, itemIds };
}
