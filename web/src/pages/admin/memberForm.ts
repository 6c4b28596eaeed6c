import type { Schemas } from '../../api/client';
import { formatDate } from '../../lib/format';

type Member = Schemas['MemberView'];
type Gender = NonNullable<Member['gender']>;

export const GENDER_LABELS: Record<Gender, string> = { male: 'Nam', female: 'Nữ', other: 'Khác' };

/** What the member form holds: strings as typed ('' for nothing), dates as YYYY-MM-DD. */
export interface MemberFormValues {
  fullName: string;
  partyCardNumber: string;
  dateOfBirth: string;
  gender: Gender | '';
  cellId: string;
  status: Member['status'];
  joinedPartyOn: string;
  position: string;
}

/** The fields the form edits, in its order, with their labels (the API's field names). */
export const MEMBER_FIELD_LABELS: Record<Exclude<keyof MemberFormValues, 'cellId'>, string> = {
  fullName: 'Họ và tên',
  partyCardNumber: 'Số thẻ đảng viên',
  dateOfBirth: 'Ngày sinh',
  gender: 'Giới tính',
  status: 'Loại đảng viên',
  joinedPartyOn: 'Ngày vào Đảng',
  position: 'Chức vụ',
};
const EDITED = Object.keys(MEMBER_FIELD_LABELS) as Array<keyof typeof MEMBER_FIELD_LABELS>;

export const EMPTY_MEMBER: MemberFormValues = {
  fullName: '',
  partyCardNumber: '',
  dateOfBirth: '',
  gender: '',
  cellId: '',
  status: 'official',
  joinedPartyOn: '',
  position: '',
};

export function toFormValues(m: Member): MemberFormValues {
  return {
    fullName: m.fullName,
    partyCardNumber: m.partyCardNumber ?? '',
    dateOfBirth: m.dateOfBirth ?? '',
    gender: m.gender ?? '',
    cellId: m.cellId,
    status: m.status,
    joinedPartyOn: m.joinedPartyOn ?? '',
    position: m.position ?? '',
  };
}

/** POST /api/members: what was typed, trimmed; empty optional fields left out. */
export function createBody(v: MemberFormValues): Schemas['CreateMemberDto'] {
  const card = v.partyCardNumber.trim();
  const position = v.position.trim();
  return {
    fullName: v.fullName.trim(),
    cellId: v.cellId,
    status: v.status,
    ...(card ? { partyCardNumber: card } : {}),
    ...(v.dateOfBirth ? { dateOfBirth: v.dateOfBirth } : {}),
    ...(v.gender ? { gender: v.gender } : {}),
    ...(v.joinedPartyOn ? { joinedPartyOn: v.joinedPartyOn } : {}),
    ...(position ? { position } : {}),
  };
}

export interface PatchPlan {
  /** The fields that changed since `base`, with `base`'s version; null when nothing changed. */
  body: Schemas['UpdateMemberDto'] | null;
  /** Fields the API cannot empty once set (it keeps them), said next to the field. */
  fields: Record<string, string>;
}

/** PATCH /api/members/:id: only what changed from the version the form started from. */
export function patchBody(base: Member, v: MemberFormValues): PatchPlan {
  const before = toFormValues(base);
  const body: Record<string, string> = {};
  const fields: Record<string, string> = {};
  for (const key of EDITED) {
    const now = v[key].trim();
    if (now === before[key]) continue;
    if (now === '' && before[key] !== '') {
      fields[key] = 'Thông tin đã có không xóa trống được; hãy sửa lại cho đúng.';
      continue;
    }
    body[key] = now;
  }
  if (Object.keys(fields).length > 0 || Object.keys(body).length === 0) return { body: null, fields };
  return { body: { version: base.version, ...body }, fields };
}

/** How a stored value reads to a person: gender and status in words, '' as "(trống)". */
function shown(key: keyof typeof MEMBER_FIELD_LABELS, value: string): string {
  if (value === '') return '(trống)';
  if (key === 'gender') return GENDER_LABELS[value as Gender] ?? value;
  if (key === 'status') return value === 'official' ? 'Chính thức' : 'Dự bị';
  if (key === 'dateOfBirth' || key === 'joinedPartyOn') return formatDate(value);
  return value;
}

/** What someone else changed between the version the form opened and the latest: "Chức vụ: Bí thư". */
export function changedSince(base: Member, latest: Member): string[] {
  const a = toFormValues(base);
  const b = toFormValues(latest);
  return EDITED.filter((k) => a[k] !== b[k]).map((k) => `${MEMBER_FIELD_LABELS[k]}: ${shown(k, b[k])}`);
}

/**
 * After a 409, "keep what I typed": the latest version with only the person's own edits (the fields
 * they changed from the version they opened) laid over it, so what someone else saved meanwhile in
 * the other fields is not written back over.
 */
export function rebase(opened: Member, latest: Member, typed: MemberFormValues): MemberFormValues {
  const before = toFormValues(opened);
  const own = EDITED.filter((key) => typed[key] !== before[key]).map((key) => [key, typed[key]]);
  return { ...toFormValues(latest), ...Object.fromEntries(own) } as MemberFormValues;
}
