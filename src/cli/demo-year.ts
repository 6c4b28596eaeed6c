import type { MemberRef, PlannedCell, PlannedLogin } from './demo-plan.js';

/**
 * The demo's current year as plain data (no Nest, no I/O): the commitments of every cell and what
 * happens to each, the cell meetings, and when each step happened. Fixed choices by member index,
 * no randomness; every moment is placed by the calendar a cell keeps (yearly commitments registered
 * and reviewed in January, quarterly ones at the quarter's start, monthly ones at the month's start,
 * results at the period's end, meetings on their day) and never after `today`.
 */

export const pad = (n: number) => String(n).padStart(2, '0');

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export type PlannedCategory = 'study' | 'follow' | 'duty' | 'resolution4' | 'lifestyle';

export interface PlannedItem {
  category: PlannedCategory;
  content: string;
  target?: string;
  /** Resolution 4 (khóa XII) manifestations the item guards against; only for `resolution4`. */
  manifestationCodes?: number[];
}

/** When each step of a commitment happens: ISO-8601 instants (written in Vietnam time, UTC+7). */
export interface StepTimes {
  created: string;
  submitted: string;
  reviewed: string;
  feedback: string;
  reported: string;
  assessed: string;
}

/**
 * One commitment and what happens to it, in order: the owner (the member if they have a login,
 * otherwise the cell secretary on their behalf) writes and submits it (or leaves it a draft); the
 * reviewer then accepts or returns it or leaves it in the queue; feedback, results and their
 * assessment follow on some accepted ones.
 */
export interface PlannedCommitment {
  member: MemberRef;
  /** Who writes, submits and reports it: the member's own login, or the cell secretary's. */
  owner: string;
  /** Who accepts or returns it: the cell secretary, or the deputy for the secretary's own. */
  reviewer: string;
  /** The plan's year, or the next one for a draft of next January written in December. */
  year: number;
  periodType: 'yearly' | 'quarterly' | 'monthly';
  /** null for yearly, the quarter (1-4) or the month (1-12). */
  periodIndex: number | null;
  items: PlannedItem[];
  /**
   * `wait`: left in the reviewer's queue (always so for a secretary's own without a deputy login);
   * `draft`: written and never submitted.
   */
  review: 'accept' | 'return' | 'wait' | 'draft';
  acceptComment?: string;
  returnReason?: string;
  /** Góp ý of the secretary on an accepted commitment. */
  feedback?: { kind: 'suggestion' | 'commendation' | 'comment'; content: string };
  /** Reported results, one outcome per item (only for accepted commitments). */
  outcomes?: Array<'done' | 'partly' | 'not_done'>;
  /** The reviewer's assessment of the reported results (only with outcomes). */
  rating?: 'achieved' | 'partly_achieved';
  at: StepTimes;
}

export interface PlannedMeeting {
  cellCode: string;
  heldOn: string;
  /** When it was recorded: the evening of the meeting. */
  at: string;
  kind: 'regular' | 'study';
  topic: string;
  minutes: string;
  /** Indices of members present / excused; every other member on the roll is absent. */
  present: number[];
  excused: number[];
}

export interface DemoYear {
  year: number;
  /** The cell secretaries' logins (the secretary of every cell enters for members without one). */
  secretaries: PlannedLogin[];
  commitments: PlannedCommitment[];
  meetings: PlannedMeeting[];
  /** The login that records each cell's meetings (its secretary), by cell code. */
  recorders: Record<string, string>;
  /**
   * Notifications of the featured logins read by then (`readBefore`): people read what came in
   * earlier, and what came in the last week is still new.
   */
  readBefore: string;
}

const STUDY_ITEMS: readonly PlannedItem[] = [
  {
    category: 'study',
    content: 'Học tập, quán triệt đầy đủ các chuyên đề và nghị quyết do chi bộ tổ chức',
    target: 'Dự 100% buổi học tập chuyên đề',
  },
  {
    category: 'study',
    content: 'Tự nghiên cứu Văn kiện Đại hội XIII và viết bài thu hoạch',
    target: 'Một bài thu hoạch đạt yêu cầu',
  },
  {
    category: 'study',
    content: 'Đọc báo Nhân dân, tạp chí Cộng sản hằng tuần, cập nhật chủ trương mới của Đảng',
  },
];

const FOLLOW_ITEMS: readonly PlannedItem[] = [
  {
    category: 'follow',
    content: 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về cần, kiệm, liêm, chính',
    target: 'Thực hành tiết kiệm trong sinh hoạt và công việc',
  },
  {
    category: 'follow',
    content: 'Làm theo Bác về tác phong gần dân, lắng nghe ý kiến của nhân dân nơi cư trú',
    target: 'Dự đủ các buổi sinh hoạt tổ dân phố',
  },
  {
    category: 'follow',
    content: 'Nói đi đôi với làm, nêu gương trong gia đình và nơi công tác',
  },
];

const DUTY_ITEMS: readonly PlannedItem[] = [
  {
    category: 'duty',
    content: 'Hoàn thành tốt nhiệm vụ chuyên môn được giao, không để việc tồn đọng',
    target: 'Hoàn thành 100% nhiệm vụ đúng hạn',
  },
  {
    category: 'duty',
    content: 'Đóng đảng phí đầy đủ, đúng hạn; dự sinh hoạt chi bộ định kỳ',
    target: 'Đóng đủ 12 tháng',
  },
  {
    category: 'duty',
    content: 'Vận động gia đình và bà con khu dân cư thực hiện tốt các quy định về vệ sinh môi trường',
  },
];

const RESOLUTION4_ITEMS: readonly PlannedItem[] = [
  {
    category: 'resolution4',
    content: 'Không phai nhạt lý tưởng, không lười học tập lý luận chính trị',
    manifestationCodes: [1, 2],
  },
  {
    category: 'resolution4',
    content: 'Không nói không đi đôi với làm, không vô cảm trước khó khăn của nhân dân',
    manifestationCodes: [6, 9],
  },
  {
    category: 'resolution4',
    content: 'Không quan liêu, xa dân; không lợi dụng chức vụ để vụ lợi',
    manifestationCodes: [9, 12, 14],
  },
  {
    category: 'resolution4',
    content: 'Không ngại va chạm, thẳng thắn tự phê bình và phê bình',
    manifestationCodes: [5, 10],
  },
];

const LIFESTYLE_ITEMS: readonly PlannedItem[] = [
  {
    category: 'lifestyle',
    content: 'Giữ gìn lối sống giản dị, lành mạnh; không tham gia tệ nạn xã hội',
  },
  {
    category: 'lifestyle',
    content: 'Xây dựng gia đình văn hóa, đoàn kết, giúp đỡ hàng xóm',
    target: 'Gia đình đạt danh hiệu Gia đình văn hóa',
  },
];

const QUARTERLY_ITEMS: readonly PlannedItem[] = [
  {
    category: 'duty',
    content: 'Hoàn thành kế hoạch công tác của quý theo phân công của chi bộ',
  },
  {
    category: 'study',
    content: 'Học tập chuyên đề của quý và viết thu hoạch',
  },
];

const RETURN_REASON =
  'Nội dung cam kết còn chung chung, đề nghị đồng chí bổ sung chỉ tiêu cụ thể và thời gian thực hiện.';

const FEEDBACKS: ReadonlyArray<NonNullable<PlannedCommitment['feedback']>> = [
  {
    kind: 'suggestion',
    content: 'Đề nghị đồng chí cụ thể hóa thêm việc làm theo Bác gắn với công việc hằng ngày.',
  },
  {
    kind: 'commendation',
    content: 'Bản cam kết rõ ràng, sát với nhiệm vụ; chi bộ ghi nhận tinh thần nêu gương của đồng chí.',
  },
  { kind: 'comment', content: 'Đồng chí chú ý báo cáo kết quả thực hiện đúng hạn vào cuối quý.' },
];

/** The secretary's login of a cell (the plan's own secretary login for the cell that has one). */
function secretaryUsername(cellCode: string): string {
  const short = cellCode
    .replace(/^(P|T)-/, '')
    .toLowerCase()
    .replace(/\./g, '-');
  return `bithu.${short}`;
}

/** A yearly commitment of five items from the five categories, varied by the member's index. */
function yearlyItems(index: number): PlannedItem[] {
  const at = <T>(list: readonly T[], k: number) => list[k % list.length];
  return [
    at(STUDY_ITEMS, index),
    at(FOLLOW_ITEMS, index + 1),
    at(DUTY_ITEMS, index + 2),
    at(RESOLUTION4_ITEMS, index),
    at(LIFESTYLE_ITEMS, index),
  ].map((item) => ({ ...item, manifestationCodes: item.manifestationCodes && [...item.manifestationCodes] }));
}

const MONTHLY_ITEMS: readonly PlannedItem[] = [
  {
    category: 'duty',
    content: 'Tham gia tổng vệ sinh khu dân cư vào Chủ nhật cuối tháng',
    target: 'Có mặt đủ các buổi',
  },
  {
    category: 'study',
    content: 'Nghiên cứu tài liệu sinh hoạt chi bộ của tháng và phát biểu ý kiến tại buổi sinh hoạt',
  },
  {
    category: 'follow',
    content: 'Thăm hỏi, động viên một gia đình chính sách hoặc hộ khó khăn trong tổ dân phố',
  },
  { category: 'duty', content: 'Đóng đảng phí của tháng đầy đủ, đúng hạn' },
  { category: 'lifestyle', content: 'Nhắc nhở con cháu giữ gìn trật tự, văn minh nơi cư trú' },
];

/** Three different items of the monthly list, varied by the month and the member. */
function monthlyItems(k: number): PlannedItem[] {
  return [0, 2, 4].map((j) => ({ ...MONTHLY_ITEMS[(k + j) % MONTHLY_ITEMS.length] }));
}

const MONTHLY_RETURN_REASON =
  'Đề nghị đồng chí ghi rõ việc cụ thể sẽ làm trong tháng và thời hạn hoàn thành từng việc.';

const MONTHLY_FEEDBACK: NonNullable<PlannedCommitment['feedback']> = {
  kind: 'suggestion',
  content: 'Đồng chí thực hiện tốt các việc đã cam kết; đề nghị báo cáo kết quả ngay khi hoàn thành.',
};

/** An instant of a Vietnamese calendar day at `time` (HH:MM), as ISO-8601 UTC. */
function vnAt(date: string, time: string): string {
  return new Date(`${date}T${time}:00+07:00`).toISOString();
}

const STEPS = ['created', 'submitted', 'reviewed', 'feedback', 'reported', 'assessed'] as const;

/**
 * The moments of a commitment's steps from their planned days and times: a day after today becomes
 * today, and each step comes at least five minutes after the one before (so capping keeps the order).
 */
function stepTimes(today: string, planned: Record<keyof StepTimes, [date: string, time: string]>): StepTimes {
  const out = {} as StepTimes;
  let previous = 0;
  for (const step of STEPS) {
    const [date, time] = planned[step];
    let at = Date.parse(vnAt(date < today ? date : today, time));
    if (at <= previous) at = previous + 5 * 60_000;
    out[step] = new Date(at).toISOString();
    previous = at;
  }
  return out;
}

const later = (a: string, b: string) => (a > b ? a : b);

/** The earlier of `${year}-${monthDay}` and today, so a meeting is never in the future. */
function notAfter(today: string, monthDay: string): string {
  const day = `${today.slice(0, 4)}-${monthDay}`;
  return day < today ? day : today;
}

/**
 * The current year's life of every cell, deterministic for a plan and a date (no randomness: fixed
 * choices by member index). In each cell every active member but about one in seven registers a
 * yearly commitment in January; the secretary accepts most, returns one with a reason, leaves the
 * last two in the queue, gives feedback on some and sees results reported on some; three members
 * register the current quarter at its start. The featured member's cell also keeps monthly
 * commitments (see monthlyLife). Each cell holds a study meeting in March and a regular meeting at
 * the start of the latest month, with attendance.
 */
export function buildDemoYear(
  plan: {
    cells: PlannedCell[];
    logins: PlannedLogin[];
    /** The login of the leader of the nearest committee above a cell that has one. */
    leaderAbove: (cellCode: string) => string | undefined;
  },
  today: string,
): DemoYear {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const quarter = 1 + Math.floor((month - 1) / 3);
  const day = (m: number, d: number) => `${year}-${pad(m)}-${pad(d)}`;
  const loginOf = (cellCode: string, index: number) =>
    plan.logins.find((l) => l.member.cellCode === cellCode && l.member.index === index)?.username;
  const featured = plan.logins.find((l) => l.role === 'member')?.member;
  const secretaries: PlannedLogin[] = [];
  const recorders: Record<string, string> = {};
  const commitments: PlannedCommitment[] = [];
  const monthly: PlannedCommitment[] = [];
  const meetings: PlannedMeeting[] = [];

  for (const cell of plan.cells) {
    const own = plan.logins.find((l) => l.role === 'secretary' && l.organizationCode === cell.code);
    if (!own) {
      secretaries.push({
        username: secretaryUsername(cell.code),
        role: 'secretary',
        organizationCode: cell.code,
        member: { cellCode: cell.code, index: 0 },
        description: `Bí thư ${cell.name} (secretary)`,
      });
    }
    const secretary = own?.username ?? secretaryUsername(cell.code);
    recorders[cell.code] = secretary;
    const deputy = plan.logins.find(
      (l) => l.role === 'secretary' && l.organizationCode === cell.code && l.member.index !== 0,
    )?.username;
    // Members without a login: the deputy enters for them where the cell has a deputy's login, else
    // the secretary. Whoever enters a commitment for a member does not also decide it (separation
    // of duties): the secretary then, or the leader of the committee above when the secretary did.
    const enterer = deputy ?? secretary;
    const ownerOf = (index: number) => loginOf(cell.code, index) ?? (index === 0 ? secretary : enterer);
    const above = plan.leaderAbove(cell.code);
    const reviewerOf = (index: number) =>
      index === 0 ? deputy : ownerOf(index) === secretary ? (deputy ?? above) : secretary;
    const isFeatured = (index: number) => featured?.cellCode === cell.code && featured.index === index;

    const active = cell.members.flatMap((m, index) => (m.isExempt ? [] : [index]));
    // About one member in seven has not registered yet (never the secretary, the deputy or a login).
    const registering = active.filter(
      (index) => index < 2 || index % 7 !== 5 || loginOf(cell.code, index) !== undefined,
    );
    const plain = registering.filter((index) => index >= 2 && loginOf(cell.code, index) === undefined);
    const waiting = new Set(plain.slice(-2));
    const returned = plain[2];
    let accepted = 0;
    registering.forEach((index, k) => {
      const items = yearlyItems(index);
      const reviewer = reviewerOf(index);
      // Registered in January, the secretary first (the default deadline is 31 January); one in
      // seventeen only in early February, late. Results come at the end of the year's work so far.
      const on = k % 17 === 16 ? day(2, 3) : day(1, 2 + ((k * 7) % 25));
      const c: PlannedCommitment = {
        member: { cellCode: cell.code, index },
        owner: ownerOf(index),
        reviewer: reviewer ?? secretary,
        year,
        periodType: 'yearly',
        periodIndex: null,
        items,
        review: !reviewer || waiting.has(index) ? 'wait' : index === returned ? 'return' : 'accept',
        at: stepTimes(today, {
          created: [on, `19:${pad(10 + ((k * 7) % 30))}`],
          submitted: [on, '19:50'],
          reviewed: [addDays(on, 2 + (k % 3)), '20:30'],
          feedback: [addDays(on, 3 + (k % 3)), '21:00'],
          reported: [later(addDays(on, 4), addDays(today, -(1 + (k % 6)))), '19:30'],
          assessed: [today, '20:45'],
        }),
      };
      if (c.review === 'return') c.returnReason = RETURN_REASON;
      if (c.review === 'accept') {
        accepted += 1;
        if (accepted % 2 === 1) c.acceptComment = 'Chi bộ thống nhất nội dung cam kết.';
        if (accepted % 4 === 2) c.feedback = FEEDBACKS[Math.floor(accepted / 4) % FEEDBACKS.length];
        if (accepted % 3 === 0) {
          c.outcomes = items.map((_, j) => (j === 2 && accepted % 2 === 0 ? 'partly' : 'done'));
        }
        // The featured member has the secretary's góp ý to read and the year's results still to report.
        if (isFeatured(index)) {
          c.feedback = FEEDBACKS[0];
          delete c.outcomes;
        }
      }
      commitments.push(c);
    });
    // The current quarter, registered at its start: the deputy and two more members.
    const firstMonth = 3 * quarter - 2;
    [1, plain[0], plain[1]].forEach((index, p) => {
      const on = day(firstMonth, 1 + 2 * p);
      commitments.push({
        member: { cellCode: cell.code, index },
        owner: ownerOf(index),
        reviewer: reviewerOf(index) ?? secretary,
        year,
        periodType: 'quarterly',
        periodIndex: quarter,
        items: QUARTERLY_ITEMS.map((item) => ({ ...item })),
        review: 'accept',
        outcomes: index === 1 ? ['done', 'done'] : undefined,
        at: stepTimes(today, {
          created: [on, '19:15'],
          submitted: [on, '19:40'],
          reviewed: [addDays(on, 2), '20:30'],
          feedback: [addDays(on, 3), '21:00'],
          reported: [later(addDays(on, 5), addDays(today, -2)), '19:00'],
          assessed: [today, '20:50'],
        }),
      });
    });
    if (featured?.cellCode === cell.code) {
      monthly.push(
        ...monthlyLife({
          cellCode: cell.code,
          year,
          month,
          today,
          secretary,
          deputy,
          ownerOf,
          member: featured.index,
          // Plain members keeping monthly commitments: the first two still wait for this month's
          // review, the last two have not registered this month yet.
          others: [plain[0], plain[1], plain[3], plain[4]].filter((i) => i !== undefined),
        }),
      );
    }

    const attendance = (heldOn: string, shift: number) => {
      // On the roll that day: admitted by then; exempt members are left out (not expected).
      const onRoll = cell.members.flatMap((m, index) =>
        !m.isExempt && m.joinedPartyOn <= heldOn ? [index] : [],
      );
      return {
        present: onRoll.filter((index) => index < 2 || (index + shift) % 8 > 1),
        excused: onRoll.filter((index) => index >= 2 && (index + shift) % 8 === 1),
      };
    };
    const studyOn = notAfter(today, '03-12');
    // The regular meeting of the latest month: on the 3rd, of this month once it has come.
    const third = day(month, 3);
    const regularOn = third <= today ? third : month > 1 ? day(month - 1, 3) : today;
    meetings.push(
      {
        cellCode: cell.code,
        heldOn: studyOn,
        at: vnAt(studyOn, '21:00'),
        kind: 'study',
        topic: 'Học tập chuyên đề năm: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
        minutes:
          'Đồng chí Bí thư quán triệt nội dung chuyên đề; các đồng chí đảng viên thảo luận, liên hệ bản thân.',
        ...attendance(studyOn, 3),
      },
      {
        cellCode: cell.code,
        heldOn: regularOn,
        at: vnAt(regularOn, '21:00'),
        kind: 'regular',
        topic: 'Sinh hoạt chi bộ định kỳ: sơ kết thực hiện cam kết rèn luyện, tu dưỡng',
        minutes: 'Chi bộ đánh giá việc thực hiện cam kết của đảng viên và thống nhất nhiệm vụ tháng tới.',
        ...attendance(regularOn, 0),
      },
    );
  }
  return {
    year,
    secretaries,
    recorders,
    commitments: [...commitments, ...monthly],
    meetings,
    readBefore: vnAt(addDays(today, -7), '00:00'),
  };
}

/**
 * The monthly commitments of one cell, every month of the year so far, each registered in the first
 * days of its month, accepted a day later, its results reported at the month's end and assessed at
 * the start of the next. What is left open is what the UI shows: this month's registrations waiting
 * for review (and two members who have not registered), last month's results waiting for assessment;
 * for the featured member, last month's commitment accepted with góp ý and its results due, this
 * month's returned with a reason, and next month's a draft.
 */
function monthlyLife(o: {
  cellCode: string;
  year: number;
  month: number;
  today: string;
  secretary: string;
  deputy: string | undefined;
  ownerOf: (index: number) => string;
  member: number;
  others: number[];
}): PlannedCommitment[] {
  const out: PlannedCommitment[] = [];
  const people = [0, 1, o.member, ...o.others];
  const day = (m: number, d: number) => `${o.year}-${pad(m)}-${pad(d)}`;
  people.forEach((index, p) => {
    const reviewer = index === 0 ? o.deputy : o.secretary;
    for (let k = 1; k <= o.month; k++) {
      const items = monthlyItems(k + p);
      const open = k === o.month;
      const last = k === o.month - 1;
      const isMember = index === o.member;
      const plainIndex = o.others.indexOf(index);
      if (open && plainIndex >= 2) continue; // not registered this month yet
      const on = day(k, 1 + (p % 4));
      const c: PlannedCommitment = {
        member: { cellCode: o.cellCode, index },
        owner: o.ownerOf(index),
        reviewer: reviewer ?? o.secretary,
        year: o.year,
        periodType: 'monthly',
        periodIndex: k,
        items,
        review: 'accept',
        at: stepTimes(o.today, {
          created: [on, `20:${pad(10 + 5 * p)}`],
          submitted: [on, '20:50'],
          reviewed: [addDays(on, 1), '20:30'],
          feedback: [addDays(on, 2), '21:00'],
          reported: [day(k, 25 + (p % 3)), '19:45'],
          assessed: [k < 12 ? day(k + 1, 2 + (p % 2)) : day(k, 28), '20:15'],
        }),
      };
      if (!reviewer) c.review = 'wait';
      else if (open && isMember) {
        c.review = 'return';
        c.returnReason = MONTHLY_RETURN_REASON;
      } else if (open && index >= 2) c.review = 'wait';
      else if (last && isMember) c.feedback = { ...MONTHLY_FEEDBACK };
      else if (!open) {
        const outcomes = items.map((_, j): 'done' | 'partly' =>
          j === 2 && (k + p) % 4 === 0 ? 'partly' : 'done',
        );
        c.outcomes = outcomes;
        if (!last) c.rating = outcomes.includes('partly') ? 'partly_achieved' : 'achieved';
      }
      out.push(c);
    }
    if (index === o.member) {
      // Next month's, written ahead and not yet sent (in December, next year's January).
      const next = o.month === 12 ? { year: o.year + 1, index: 1 } : { year: o.year, index: o.month + 1 };
      out.push({
        member: { cellCode: o.cellCode, index },
        owner: o.ownerOf(index),
        reviewer: o.secretary,
        year: next.year,
        periodType: 'monthly',
        periodIndex: next.index,
        items: monthlyItems(next.index + p),
        review: 'draft',
        at: stepTimes(o.today, {
          created: [o.today, '06:45'],
          submitted: [o.today, '06:50'],
          reviewed: [o.today, '06:55'],
          feedback: [o.today, '07:00'],
          reported: [o.today, '07:05'],
          assessed: [o.today, '07:10'],
        }),
      });
    }
  });
  return out;
}
