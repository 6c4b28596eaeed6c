export type MeetingKind = 'regular' | 'thematic' | 'study';

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  regular: 'Sinh hoạt thường kỳ',
  thematic: 'Sinh hoạt chuyên đề',
  study: 'Học tập chuyên đề',
};
