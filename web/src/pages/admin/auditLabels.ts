/** The audit log's actions and entity types in words (GET /api/audit-log `action`, `entityType`). */
export const AUDIT_ACTIONS: Record<string, string> = {
  'organization.create': 'Thêm tổ chức',
  'organization.update': 'Sửa tổ chức',
  'organization.move': 'Chuyển tổ chức',
  'organization.close': 'Giải thể, hợp nhất tổ chức',
  'member.create': 'Thêm đảng viên',
  'member.update': 'Sửa thông tin đảng viên',
  'member.transfer': 'Chuyển sinh hoạt',
  'member.import': 'Nhập danh sách đảng viên',
  'user.create': 'Tạo tài khoản',
  'user.update': 'Sửa tài khoản, vai trò',
  'auth.login': 'Đăng nhập',
  'auth.login_failed': 'Đăng nhập sai',
  'auth.login_refused': 'Đăng nhập bị từ chối',
  'auth.logout': 'Đăng xuất',
  'auth.password_changed': 'Đổi mật khẩu',
  'auth.password_change_failed': 'Đổi mật khẩu không thành công',
  'auth.refresh_reuse': 'Phiên đăng nhập bị dùng lại (đã đóng)',
  'commitment.submitted': 'Gửi duyệt cam kết',
  'commitment.accepted': 'Chấp nhận cam kết',
  'commitment.returned': 'Trả lại cam kết',
  'commitment.reported': 'Báo cáo kết quả cam kết',
  'commitment.assessed': 'Đánh giá cam kết',
  'commitment.feedback': 'Góp ý cam kết',
  'commitment.deadline.set': 'Đặt hạn đăng ký',
  'commitment.deadline.clear': 'Bỏ hạn đăng ký',
  'meeting.create': 'Ghi buổi sinh hoạt',
  'meeting.update': 'Sửa buổi sinh hoạt',
  'study-theme.create': 'Thêm chuyên đề',
  'discipline.create': 'Ghi kỷ luật',
  'discipline.expel': 'Khai trừ',
  'evaluation.cycle.open': 'Mở đợt đánh giá',
  'evaluation.cycle.generate': 'Lập danh sách đánh giá',
  'evaluation.cycle.finalize': 'Kết thúc đợt đánh giá',
  'evaluation.cycle.reopen': 'Mở lại đợt đánh giá',
  'evaluation.cycle.quota_exception': 'Ngoại lệ tỷ lệ xếp loại',
  'manifestation.replace': 'Sửa văn bản 27 biểu hiện',
  'prohibition.replace': 'Sửa văn bản 19 điều không được làm',
};

export const AUDIT_ENTITY_TYPES: Record<string, string> = {
  organization: 'Tổ chức',
  member: 'Đảng viên',
  user: 'Tài khoản',
  commitment: 'Cam kết',
  meeting: 'Sinh hoạt chi bộ',
  evaluation: 'Đánh giá',
  evaluation_cycle: 'Đợt đánh giá',
  catalog: 'Danh mục',
};

export function actionLabel(action: string): string {
  return AUDIT_ACTIONS[action] ?? action;
}

/** `{ name: { from: "A", to: "B" } }` -> `name: A → B`; a creation's fields are listed as they are. */
export function describeChanges(changes: unknown): string[] {
  if (typeof changes !== 'object' || changes === null) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(changes as Record<string, unknown>)) {
    if (typeof value === 'object' && value !== null && 'from' in value && 'to' in value) {
      const v = value;
      out.push(`${key}: ${show(v.from)} → ${show(v.to)}`);
    } else out.push(`${key}: ${show(value)}`);
  }
  return out;
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '(trống)';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'có' : 'không';
  return JSON.stringify(v);
}
