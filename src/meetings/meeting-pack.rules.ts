import type { AttendanceStatus, MeetingKind } from './meeting.entity.js';

/**
 * The meeting pack (bộ tài liệu sinh hoạt chi bộ) as pure data: the agenda by kind of meeting, the
 * roster with the note beside each name, the attendance line of the minutes. The order of the agenda
 * follows the usual order of a cell meeting (opening and roll call, news and the superior's
 * documents, the month's work, making commitments public, discussion and next month's tasks, adopting
 * the minutes); it has not been compared word by word with the guidance in force (Hướng dẫn
 * 12-HD/BTCTW on the quality of cell meetings), so the document says it is a draft to adapt.
 */

export const MEETING_KIND_TITLES: Record<MeetingKind, string> = {
  regular: 'Sinh hoạt chi bộ thường kỳ',
  thematic: 'Sinh hoạt chi bộ chuyên đề',
  study: 'Sinh hoạt học tập chuyên đề',
};

export const PACK_DRAFT_NOTE =
  'Bản in từ dữ liệu của hệ thống theo trình tự sinh hoạt chi bộ thường dùng; chi bộ điều chỉnh cho phù hợp (chưa đối chiếu đầy đủ với văn bản hướng dẫn).';

/** The agenda, one line per point, with the topic and whether commitments are made public. */
export function agendaOf(kind: MeetingKind, topic: string | null, presentsCommitments: boolean): string[] {
  const subject = topic?.trim() ? `: ${topic.trim()}` : '';
  const opening =
    'Khai mạc: ổn định tổ chức, tuyên bố lý do, giới thiệu đại biểu; điểm danh đảng viên; thông qua chương trình; cử thư ký.';
  const publicCommitments = presentsCommitments
    ? ['Công khai bản cam kết tu dưỡng, rèn luyện, phấn đấu của đảng viên trước chi bộ; chi bộ góp ý.']
    : [];
  const closing = 'Thông qua biên bản; bế mạc.';
  if (kind === 'study')
    return [
      opening,
      `Học tập chuyên đề${subject}.`,
      'Thảo luận, liên hệ thực tiễn; đảng viên đăng ký làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.',
      ...publicCommitments,
      closing,
    ];
  if (kind === 'thematic')
    return [
      opening,
      `Nội dung chuyên đề${subject}.`,
      'Thảo luận, thống nhất nhận thức và giải pháp; biểu quyết.',
      ...publicCommitments,
      closing,
    ];
  return [
    opening,
    'Thông tin thời sự; phổ biến chủ trương, nghị quyết, văn bản mới của cấp trên.',
    `Đánh giá kết quả thực hiện nhiệm vụ tháng qua${subject}; ưu điểm, hạn chế, nguyên nhân.`,
    ...publicCommitments,
    'Thảo luận; đề ra phương hướng, nhiệm vụ tháng tới; biểu quyết.',
    closing,
  ];
}

export interface PackMember {
  fullName: string;
  isExempt: boolean;
  isSuspended: boolean;
  /** What the record says for a meeting already held; null for a meeting to come. */
  status: AttendanceStatus | null;
}

const STATUS_NOTES: Record<AttendanceStatus, string> = {
  present: 'Có mặt',
  excused: 'Vắng có lý do',
  absent: 'Vắng không lý do',
};

/** The note beside a name on the roster: the record's attendance, else why the member is not expected. */
export function rosterNote(m: PackMember): string {
  if (m.status) return STATUS_NOTES[m.status];
  if (m.isSuspended) return 'Đình chỉ sinh hoạt';
  if (m.isExempt) return 'Miễn sinh hoạt';
  return '';
}

export interface PackCounts {
  total: number;
  notExpected: number;
  expected: number;
  /** Counted from the record of a meeting already held; null for a meeting to come. */
  present: number | null;
  excused: number | null;
  absent: number | null;
}

/** Counts for the minutes: the roll, those exempt or suspended, and the record's attendance when held. */
export function packCounts(members: readonly PackMember[], held: boolean): PackCounts {
  const notExpected = members.filter((m) => m.isExempt || m.isSuspended).length;
  const count = (s: AttendanceStatus) => (held ? members.filter((m) => m.status === s).length : null);
  return {
    total: members.length,
    notExpected,
    expected: members.length - notExpected,
    present: count('present'),
    excused: count('excused'),
    absent: count('absent'),
  };
}

const blank = (n: number | null) => (n === null ? '……' : String(n));

/** The attendance line of the minutes, filled from the roll (and the record when held). */
export function attendanceLine(c: PackCounts): string {
  return (
    `Tổng số đảng viên của chi bộ: ${c.total}; miễn, đình chỉ sinh hoạt: ${c.notExpected}; ` +
    `phải có mặt: ${c.expected}; có mặt: ${blank(c.present)}; vắng có lý do: ${blank(c.excused)}; ` +
    `vắng không lý do: ${blank(c.absent)}.`
  );
}

/** `Năm 2026`, `Quý 4/2026`, `Tháng 12/2026`: the period of a commitment made public. */
export function periodName(periodType: string, periodKey: number, year: number): string {
  if (periodType === 'quarterly') return `Quý ${periodKey}/${year}`;
  if (periodType === 'monthly') return `Tháng ${periodKey}/${year}`;
  return `Năm ${year}`;
}
