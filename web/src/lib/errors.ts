/**
 * One place that turns every API error into words (UI.md: never a raw code): a sentence per error
 * code, a sentence per field rule shown next to the field that `details` names, and a sentence for a
 * failed network. Pages call `unwrap` on API calls and `explainError` on what they catch.
 */

export interface ErrorDetail {
  field?: string;
  rule?: string;
  message?: string;
  /** What else the entry carries, e.g. the organisation and members of a refused finalize. */
  [context: string]: unknown;
}

/** An answer of the API outside 2xx, with its envelope `{ statusCode, code, message, details? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly details: ErrorDetail[],
    serverMessage: string,
  ) {
    super(serverMessage);
    this.name = 'ApiError';
  }
}

/** The request never got an answer (offline, server down). */
export class NetworkError extends Error {
  constructor() {
    super('network failure');
    this.name = 'NetworkError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function toApiError(status: number, body: unknown): ApiError {
  const envelope = isRecord(body) ? body : {};
  const details = Array.isArray(envelope.details)
    ? (envelope.details as unknown[]).filter(isRecord).map((d) => ({
        ...d,
        field: typeof d.field === 'string' ? d.field : undefined,
        rule: typeof d.rule === 'string' ? d.rule : undefined,
        message: typeof d.message === 'string' ? d.message : undefined,
      }))
    : [];
  return new ApiError(
    status,
    typeof envelope.code === 'string' ? envelope.code : '',
    details,
    typeof envelope.message === 'string' ? envelope.message : '',
  );
}

/** Awaits an openapi-fetch call: its data, or an ApiError / NetworkError thrown. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new NetworkError();
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}

export const NETWORK_MESSAGE =
  'Không kết nối được với máy chủ. Nội dung bạn đã nhập vẫn còn nguyên; hãy kiểm tra mạng rồi thử lại.';

/** What each error code means to the person (codes of the API's modules). */
export const CODE_MESSAGES: Record<string, string> = {
  VALIDATION_FAILED: 'Một số thông tin chưa hợp lệ; xem các ô được đánh dấu.',
  NOT_FOUND: 'Không tìm thấy, hoặc bạn không có quyền xem mục này.',
  UNAUTHENTICATED: 'Phiên làm việc đã hết; hãy đăng nhập lại.',
  INVALID_TOKEN: 'Phiên làm việc đã hết; hãy đăng nhập lại.',
  REFRESH_TOKEN_REUSED: 'Phiên làm việc đã bị đóng để bảo vệ tài khoản; hãy đăng nhập lại.',
  INVALID_CREDENTIALS: 'Tên đăng nhập hoặc mật khẩu không đúng.',
  MEMBER_EXPELLED:
    'Đảng viên của tài khoản này đã bị khai trừ khỏi Đảng nên tài khoản không còn đăng nhập được.',
  RATE_LIMITED: 'Bạn đã thử quá nhiều lần; hãy đợi ít phút rồi thử lại.',
  FORBIDDEN: 'Bạn không có quyền thực hiện thao tác này.',
  SELF_REVIEW:
    'Không ai tự duyệt, tự quyết định hồ sơ của chính mình; việc này do phó bí thư hoặc cấp ủy cấp trên làm.',
  VERSION_CONFLICT:
    'Người khác vừa thay đổi bản này trong lúc bạn sửa. Nội dung bạn nhập vẫn được giữ nguyên; hãy xem bản mới nhất rồi lưu lại.',
  DUPLICATE: 'Bản ghi này đã có.',
  PAYLOAD_TOO_LARGE: 'Nội dung gửi lên quá lớn.',
  COMMITMENT_DUPLICATE: 'Bạn đã có bản cam kết cho kỳ này; hãy mở bản đó để sửa.',
  COMMITMENT_ILLEGAL_TRANSITION:
    'Bản cam kết đang ở trạng thái không cho phép thao tác này (có thể vừa được người khác xử lý); hãy tải lại trang.',
  COMMITMENT_NOT_REVIEWER: 'Chỉ bí thư (phó bí thư) của chi bộ mới duyệt được bản cam kết này.',
  COMMITMENT_NOT_YOURS: 'Đây không phải bản cam kết của bạn.',
  COMMITMENT_ENTERED_BY_REVIEWER:
    'Bạn đã nhập hoặc báo cáo bản cam kết này thay đảng viên nên không tự duyệt, tự đánh giá được; việc này do bí thư (phó bí thư) khác của chi bộ hoặc cấp ủy cấp trên làm.',
  COMMITMENT_NOT_YEARLY: 'Thao tác này chỉ dành cho bản cam kết năm.',
  COMMITMENT_PERIOD_NOT_STARTED: 'Kỳ cam kết chưa bắt đầu nên chưa thể báo cáo kết quả.',
  CONDUCT_CHECK_NOT_OWN: 'Bạn chỉ tự kiểm tra được của chính mình.',
  EVALUATION_CYCLE_LOCKED: 'Đợt đánh giá đã khóa.',
  EVALUATION_NOT_OWNER: 'Đây không phải bản đánh giá của bạn.',
  EVALUATION_WRONG_STATE: 'Bản đánh giá đang ở trạng thái không cho phép thao tác này.',
  EVALUATION_NOT_CLASSIFIED: 'Đảng viên này không thuộc diện xếp loại năm nay.',
  EVALUATION_NOT_ALLOWED: 'Mức xếp loại này không được phép theo quy định.',
  EVALUATION_DISQUALIFIED: 'Mức xếp loại này không được phép vì có căn cứ loại trừ.',
  EVALUATION_CYCLE_EXISTS: 'Tổ chức này đã có đợt đánh giá, xếp loại của năm đó.',
  EVALUATION_CYCLE_OVERLAP:
    'Một đợt đánh giá của năm đó ở tổ chức cấp trên hoặc cấp dưới đã bao gồm các đảng viên này.',
  EVALUATION_CYCLE_NOT_GENERATED: 'Hãy lập danh sách đánh giá (gợi ý xếp loại) trước khi chốt kết quả.',
  EVALUATION_CYCLE_NOT_FINALIZED: 'Chỉ mở lại được đợt đánh giá đã chốt kết quả.',
  EVALUATION_CYCLE_REOPEN_BLOCKED:
    'Không mở lại được: một số chi bộ của đợt này đã chuyển ra ngoài tổ chức; hãy chuyển về trước.',
  EVALUATION_FINALIZE_BLOCKED: 'Chưa chốt được kết quả đánh giá, xếp loại:',
  EVALUATION_QUOTA_EXCEPTION_EXISTS: 'Tổ chức này đã có quyết định cho vượt định mức trong đợt này.',
  EVALUATION_QUOTA_EXCEPTION_NOT_ALLOWED: 'Bộ quy tắc của đợt này không cho phép vượt định mức.',
  MEMBER_CARD_NUMBER_TAKEN: 'Số thẻ đảng viên này đã có người dùng.',
  USERNAME_TAKEN: 'Tên đăng nhập này đã có người dùng.',
  NOTIFICATION_NOT_FOUND: 'Không tìm thấy thông báo.',
  ORGANIZATION_TREE_RULE: 'Không đặt được tổ chức vào vị trí này vì trái quy tắc của cây tổ chức đảng.',
  ORGANIZATION_CODE_TAKEN: 'Mã này đã có tổ chức khác dùng.',
  ORGANIZATION_OUT_OF_SCOPE:
    'Tổ chức đồng chí phụ trách chỉ được cấp trên di chuyển hoặc đổi loại; tổ chức cấp cao nhất do quản trị hệ thống tạo.',
  ORGANIZATION_MOVE_BLOCKED: 'Chưa chuyển được tổ chức này vì đang có đợt đánh giá, xếp loại liên quan.',
  ORGANIZATION_CLOSED: 'Tổ chức này đã giải thể hoặc hợp nhất nên không nhận thêm tổ chức, đảng viên.',
  ORGANIZATION_CLOSURE_RULE: 'Chưa giải thể, hợp nhất được tổ chức này.',
  MEMBER_CELL_NOT_A_CELL: 'Đảng viên chỉ sinh hoạt ở chi bộ; hãy chọn một chi bộ.',
  MEMBER_HAS_ACCOUNT: 'Đảng viên này đã có tài khoản.',
  ROLE_OUT_OF_SCOPE:
    'Đồng chí không được thay đổi vai trò này: vai trò ở cấp của chính đồng chí, và tài khoản đang giữ vai trò ngoài phạm vi đồng chí phụ trách, do cấp ủy cấp trên hoặc quản trị hệ thống thay đổi.',
  OWN_PASSWORD_NEEDS_CURRENT: 'Mật khẩu của chính mình đổi ở trang Đổi mật khẩu, với mật khẩu hiện tại.',
  PEER_PASSWORD_RESET:
    'Tài khoản này giữ vai trò ở cùng cấp với đồng chí; mật khẩu của nó do cấp trên hoặc quản trị hệ thống đặt lại.',
  PEER_ACCOUNT_CHANGE:
    'Tài khoản này giữ vai trò ở cùng cấp với đồng chí; việc khóa tài khoản hoặc đổi vai trò của nó do cấp ủy cấp trên hoặc quản trị hệ thống thực hiện.',
  IMPORT_FILE_REQUIRED: 'Hãy chọn tệp danh sách đảng viên (XLSX hoặc CSV).',
  IMPORT_FILE_UNREADABLE: 'Không đọc được tệp; hãy dùng tệp XLSX hoặc CSV theo mẫu.',
  IMPORT_INVALID_ROWS: 'Tệp có dòng chưa hợp lệ nên chưa nhập dòng nào; xem các lỗi bên dưới.',
  CATALOG_VERSION_NOT_FOUND: 'Không có phiên bản danh mục này.',
};

/** When a code has no sentence of its own, the HTTP status still says what kind of problem it is. */
function statusMessage(status: number): string {
  if (status === 400) return 'Thông tin gửi lên chưa hợp lệ.';
  if (status === 401) return CODE_MESSAGES.UNAUTHENTICATED;
  if (status === 403) return CODE_MESSAGES.FORBIDDEN;
  if (status === 404) return CODE_MESSAGES.NOT_FOUND;
  if (status === 409) return 'Thao tác không thực hiện được vì dữ liệu vừa thay đổi; hãy tải lại trang.';
  if (status === 413) return CODE_MESSAGES.PAYLOAD_TOO_LARGE;
  if (status === 429) return CODE_MESSAGES.RATE_LIMITED;
  return 'Máy chủ đang gặp sự cố; nội dung bạn nhập vẫn còn nguyên, hãy thử lại sau ít phút.';
}

/** The numbers a class-validator message carries ("... shorter than or equal to 4000 characters"). */
function limitIn(message: string | undefined): string | undefined {
  // The last number: the first may be an item's position in the field path (`items.0.content`).
  return /(\d+)\D*$/.exec(message ?? '')?.[1];
}

/** Sentences for one rule on one field, where the rule alone would say too little. */
const FIELD_RULE_MESSAGES: Record<string, string> = {
  'currentPassword:matches': 'Mật khẩu hiện tại không đúng.',
  'username:unique': 'Tên đăng nhập này đã có người dùng.',
  'code:unique': 'Mã này đã có tổ chức khác dùng.',
  'memberId:unique': 'Đảng viên này đã có tài khoản.',
  'memberId:required': 'Vai trò bí thư, cấp ủy chỉ cấp cho tài khoản gắn với một đảng viên.',
  'memberId:inScope': 'Chỉ chọn được đảng viên trong phạm vi đồng chí phụ trách.',
  'cellId:open': 'Chi bộ này đã giải thể hoặc hợp nhất.',
  'cellId:inScope': 'Hãy chọn một chi bộ trong phạm vi đồng chí phụ trách.',
  'cellId:isUuid': 'Hãy chọn một chi bộ.',
  'partyCardNumber:matches': 'Số thẻ đảng viên gồm 6 đến 20 chữ số.',
  'partyCardNumber:unique': 'Số thẻ đảng viên này đã có người dùng.',
  'password:strictlyBelow':
    'Tài khoản này giữ vai trò ở cùng cấp với đồng chí; mật khẩu do cấp trên hoặc quản trị hệ thống đặt lại.',
  'password:notOwn': 'Mật khẩu của chính mình đổi ở trang Đổi mật khẩu.',
  'isActive:strictlyBelow':
    'Tài khoản giữ vai trò ở cùng cấp với đồng chí; cấp ủy cấp trên hoặc quản trị hệ thống mới khóa, mở khóa được.',
  'roles:strictlyBelow':
    'Tài khoản giữ vai trò ở cùng cấp với đồng chí; cấp ủy cấp trên hoặc quản trị hệ thống mới đổi được vai trò.',
  'roles:arrayNotEmpty': 'Tài khoản cần gắn với một đảng viên hoặc có ít nhất một vai trò.',
};

/** The rules of the organisation tree, of moves and of role grants (the API's `details[].rule`). */
const RULE_MESSAGES: Record<string, string> = {
  top_level_is_committee: 'Tổ chức cấp cao nhất phải là một đảng bộ.',
  cell_has_no_children: 'Chi bộ không có tổ chức trực thuộc.',
  no_cycle: 'Không chuyển được một tổ chức vào chính nó hoặc vào tổ chức trực thuộc nó.',
  grassroots_not_nested:
    'Một tổ chức cơ sở đảng (đảng bộ cơ sở, chi bộ cơ sở) không nằm trong một tổ chức cơ sở đảng khác.',
  cell_needs_grassroots:
    'Mỗi chi bộ phải thuộc một tổ chức cơ sở đảng; chi bộ không thuộc đảng bộ cơ sở phải là chi bộ cơ sở.',
  open_evaluation_cycle:
    'Tổ chức này đang có đợt đánh giá, xếp loại chưa kết thúc; chuyển sau khi đợt đánh giá hoàn tất.',
  evaluation_cycle_overlap: 'Nơi chuyển đến và nơi chuyển đi cùng có đợt đánh giá, xếp loại đang mở.',
  evaluations_moved_out: 'Chuyển đi sẽ mang kết quả đánh giá ra khỏi một đợt đánh giá đang mở.',
  open: 'Tổ chức này đã giải thể hoặc hợp nhất.',
  strictlyBelow:
    'Cấp ủy chỉ cấp vai trò cho tổ chức cấp dưới; vai trò ở cấp của chính mình do cấp trên hoặc quản trị hệ thống cấp.',
  adminOnly: 'Chỉ quản trị hệ thống mới cấp vai trò quản trị hệ thống.',
  roleScope:
    'Bí thư gắn với một chi bộ, cấp ủy gắn với một đảng bộ, quản trị hệ thống không gắn với tổ chức nào.',
  inSubtree: 'Phải là đảng viên của tổ chức này.',
  isCell: 'Phải là một chi bộ, không phải đảng bộ.',
  grassrootsOfCycle: 'Phải là một tổ chức cơ sở đảng được đánh giá trong đợt này.',
  higherCommittee: 'Phải là một cấp ủy cấp trên của tổ chức cơ sở đảng này.',
  notInFuture: 'Ngày không được ở tương lai.',
};

/** What a failed rule means, said next to the field. */
export function ruleMessage(detail: ErrorDetail): string {
  const leaf = detail.field?.split('.').pop();
  const special = FIELD_RULE_MESSAGES[`${leaf}:${detail.rule}`];
  if (special) return special;
  const named = detail.rule ? RULE_MESSAGES[detail.rule] : undefined;
  if (named) return named;
  const limit = limitIn(detail.message);
  switch (detail.rule) {
    case 'isNotEmpty':
    case 'required':
    case 'isDefined':
      return 'Không được để trống.';
    case 'length':
    case 'isLength':
      if (/longer than/.test(detail.message ?? ''))
        return limit === '1' ? 'Không được để trống.' : `Cần ít nhất ${limit} ký tự.`;
      return limit ? `Dài quá mức cho phép (tối đa ${limit} ký tự).` : 'Độ dài chưa hợp lệ.';
    case 'minLength':
      return limit ? `Cần ít nhất ${limit} ký tự.` : 'Quá ngắn.';
    case 'maxLength':
      return limit ? `Dài quá mức cho phép (tối đa ${limit} ký tự).` : 'Quá dài.';
    case 'isIn':
    case 'isEnum':
      return 'Hãy chọn một giá trị trong danh sách.';
    case 'isInt':
    case 'isNumber':
      return 'Cần một số nguyên.';
    case 'min':
    case 'max':
    case 'range':
      return 'Giá trị nằm ngoài khoảng cho phép.';
    case 'matches':
    case 'isDate':
    case 'isDateString':
      return /date/i.test(`${detail.field ?? ''} ${detail.message ?? ''}`)
        ? 'Ngày chưa hợp lệ.'
        : 'Chưa đúng định dạng.';
    case 'notFuture':
      return 'Ngày không được ở tương lai.';
    case 'afterFrom':
      return 'Ngày kết thúc phải sau ngày bắt đầu.';
    case 'requiredWhenDifferent':
      return 'Cần ghi lý do khi quyết định khác mức gợi ý.';
    case 'grassrootsOrAbove':
      return 'Hãy chọn một tổ chức cơ sở đảng hoặc đảng bộ cấp trên của tổ chức cơ sở đảng.';
    case 'ruleSetInForce':
      return 'Chưa có bộ quy tắc xếp loại nào có hiệu lực vào thời điểm này.';
    case 'inYear':
      return 'Ngày họp kiểm điểm phải thuộc năm đánh giá hoặc đầu năm sau.';
    case 'requiredForResolution4':
      return 'Hãy chọn ít nhất một biểu hiện trong 27 biểu hiện cần phòng, chống.';
    case 'unique':
    case 'arrayUnique':
      return 'Bị trùng.';
    case 'notForYearly':
      return 'Mục của bản cam kết năm không gắn với mục cha.';
    case 'nullForYearly':
      return 'Bản cam kết năm không có số kỳ.';
    case 'yearlyItemOfMember':
      return 'Mục cha phải là một mục trong bản cam kết năm của chính đảng viên.';
    case 'itemOfCommitment':
      return 'Mục này không thuộc bản cam kết (có thể vừa bị xóa); hãy tải lại trang.';
    case 'everyItem':
      return 'Hãy báo cáo kết quả cho mọi mục.';
    case 'onlyWhenDone':
      return 'Chỉ ghi ngày hoàn thành khi mục đã hoàn thành.';
    case 'yearlyOnly':
      return 'Chỉ bản cam kết năm mới kế thừa được.';
    case 'arrayMinSize':
      return limit ? `Cần ít nhất ${limit} mục.` : 'Cần ít nhất một mục.';
    case 'arrayMaxSize':
      return limit ? `Nhiều nhất ${limit} mục.` : 'Quá nhiều mục.';
    case 'isUuid':
    case 'isUUID':
    case 'exists':
    case 'inScope':
      return 'Không tìm thấy mục được chọn.';
    case 'unknownField':
    case 'whitelistValidation':
      return 'Trường này không được phép.';
    case 'isString':
    case 'isBoolean':
    case 'isArray':
    case 'isObject':
      return 'Giá trị chưa đúng kiểu.';
    default:
      return 'Giá trị chưa hợp lệ.';
  }
}

const FIELD_LABELS: Record<string, string> = {
  username: 'Tên đăng nhập',
  password: 'Mật khẩu',
  currentPassword: 'Mật khẩu hiện tại',
  newPassword: 'Mật khẩu mới',
  year: 'Năm',
  periodType: 'Loại kỳ',
  periodIndex: 'Kỳ',
  items: 'Các mục',
  category: 'Nhóm nội dung',
  content: 'Nội dung',
  target: 'Chỉ tiêu, kết quả cần đạt',
  dueDate: 'Hạn hoàn thành',
  manifestationCodes: 'Biểu hiện',
  parentItemId: 'Mục của bản cam kết năm',
  outcome: 'Kết quả',
  note: 'Ghi chú',
  reason: 'Lý do',
  comment: 'Nhận xét',
  level: 'Mức xếp loại',
  kind: 'Loại góp ý',
  version: 'Phiên bản',
  code: 'Mã',
  name: 'Tên',
  parentId: 'Trực thuộc',
  cellId: 'Chi bộ',
  transferReason: 'Lý do chuyển',
  fullName: 'Họ và tên',
  partyCardNumber: 'Số thẻ đảng viên',
  dateOfBirth: 'Ngày sinh',
  gender: 'Giới tính',
  status: 'Loại đảng viên',
  joinedPartyOn: 'Ngày vào Đảng',
  position: 'Chức vụ',
  memberId: 'Đảng viên',
  roles: 'Vai trò',
  organizationId: 'Tổ chức',
  role: 'Vai trò',
  file: 'Tệp',
  isActive: 'Trạng thái tài khoản',
};

/** `items.2.content` -> `Mục 3, Nội dung`: for errors listed away from their field. */
export function fieldLabel(path: string): string {
  const parts = path.split('.');
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const next = parts[i + 1];
    if (parts[i] === 'items' && next !== undefined && /^\d+$/.test(next)) {
      words.push(`Mục ${Number(next) + 1}`);
      i++;
    } else if (!/^\d+$/.test(parts[i])) {
      words.push(FIELD_LABELS[parts[i]] ?? parts[i]);
    }
  }
  return words.join(', ');
}

export interface ExplainedError {
  /** One sentence for the whole error, shown above the form. */
  message: string;
  /** A sentence per field path the API named (`items.0.content`), shown next to that field. */
  fields: Record<string, string>;
  /** True for a 409: someone else changed the record; the form keeps what was typed. */
  conflict: boolean;
  network: boolean;
}

export function explainError(error: unknown): ExplainedError {
  if (error instanceof NetworkError || error instanceof TypeError)
    return { message: NETWORK_MESSAGE, fields: {}, conflict: false, network: true };
  if (!(error instanceof ApiError))
    return { message: statusMessage(500), fields: {}, conflict: false, network: false };
  const fields: Record<string, string> = {};
  for (const d of error.details) {
    if (!d.field) continue;
    const text = ruleMessage(d);
    fields[d.field] = fields[d.field] && fields[d.field] !== text ? `${fields[d.field]} ${text}` : text;
  }
  return {
    message: CODE_MESSAGES[error.code] ?? statusMessage(error.status),
    fields,
    conflict: error.status === 409,
    network: false,
  };
}
