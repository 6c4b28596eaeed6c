/** The Vietnamese names users read for the API's codes (UI.md, GLOSSARY.md). */

export type CommitmentStatus = 'draft' | 'submitted' | 'returned' | 'accepted' | 'reported' | 'assessed';

export const STATUS_LABELS: Record<CommitmentStatus, string> = {
  draft: 'Nháp',
  submitted: 'Chờ duyệt',
  accepted: 'Đã chấp nhận',
  returned: 'Bị trả lại',
  reported: 'Đã báo cáo kết quả',
  assessed: 'Đã đánh giá',
};

/** Mantine colours per status: waiting is blue, a return is orange, done is green. */
export const STATUS_COLORS: Record<CommitmentStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  accepted: 'green',
  returned: 'orange',
  reported: 'teal',
  assessed: 'grape',
};

export type ItemCategory = 'study' | 'follow' | 'duty' | 'resolution4' | 'exemplary' | 'lifestyle' | 'remedy';

export const CATEGORY_ORDER: readonly ItemCategory[] = [
  'study',
  'follow',
  'duty',
  'resolution4',
  'exemplary',
  'lifestyle',
  'remedy',
];

export const CATEGORY_LABELS: Record<ItemCategory, string> = {
  study: 'Học tập nghị quyết, chuyên đề',
  follow: 'Làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
  duty: 'Chức trách, nhiệm vụ được giao',
  resolution4: 'Phòng, chống 27 biểu hiện (NQ 4 khóa XII)',
  exemplary: 'Nêu gương, học trước làm theo trước',
  lifestyle: 'Nếp sống văn minh',
  remedy: 'Khắc phục hạn chế, khuyết điểm',
};

export type Outcome = 'done' | 'partly' | 'not_done';

export const OUTCOME_LABELS: Record<Outcome, string> = {
  done: 'Hoàn thành',
  partly: 'Hoàn thành một phần',
  not_done: 'Không hoàn thành',
};

export const RATING_LABELS: Record<string, string> = {
  achieved: 'Đạt',
  partly_achieved: 'Đạt một phần',
  not_achieved: 'Không đạt',
};

export const FEEDBACK_KIND_LABELS: Record<string, string> = {
  comment: 'Nhận xét',
  suggestion: 'Góp ý',
  commendation: 'Biểu dương',
  criticism: 'Phê bình',
};

export const LEVEL_LABELS: Record<string, string> = {
  excellent: 'Hoàn thành xuất sắc nhiệm vụ',
  good: 'Hoàn thành tốt nhiệm vụ',
  complete: 'Hoàn thành nhiệm vụ',
  incomplete: 'Không hoàn thành nhiệm vụ',
};

export const ROLE_LABELS: Record<string, string> = {
  member: 'Đảng viên',
  secretary: 'Bí thư chi bộ',
  leader: 'Cấp ủy',
  admin: 'Quản trị hệ thống',
};
