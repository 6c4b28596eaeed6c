import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { changedSince, createBody, EMPTY_MEMBER, patchBody, rebase, toFormValues } from './memberForm';

const hang: Schemas['MemberView'] = {
  id: '0b7c3f36-7f43-4a39-9b36-6f0f7a1f0001',
  createdAt: '2026-01-05T02:00:00.000Z',
  updatedAt: '2026-01-05T02:00:00.000Z',
  fullName: 'Nguyễn Thị Hằng',
  partyCardNumber: '01234567',
  dateOfBirth: '1980-03-12',
  gender: 'female',
  cellId: '0b7c3f36-7f43-4a39-9b36-6f0f7a1f00c1',
  status: 'probationary',
  joinedPartyOn: null,
  position: null,
  isExempt: false,
  isSuspended: false,
  version: 3,
  expelledOn: null,
};

describe('the member form', () => {
  it('creates with what was typed, trimmed, and leaves empty optional fields out', () => {
    expect(
      createBody({
        ...EMPTY_MEMBER,
        fullName: '  Đặng Văn Đức ',
        cellId: hang.cellId,
        partyCardNumber: ' ',
        joinedPartyOn: '2010-05-19',
        position: ' Tổ trưởng tổ dân phố ',
      }),
    ).toEqual({
      fullName: 'Đặng Văn Đức',
      cellId: hang.cellId,
      status: 'official',
      joinedPartyOn: '2010-05-19',
      position: 'Tổ trưởng tổ dân phố',
    });
  });

  it('edits only what changed, with the version it started from', () => {
    const typed = { ...toFormValues(hang), status: 'official' as const, position: 'Chi ủy viên' };
    expect(patchBody(hang, typed)).toEqual({
      body: { version: 3, status: 'official', position: 'Chi ủy viên' },
      fields: {},
    });
    expect(patchBody(hang, toFormValues(hang))).toEqual({ body: null, fields: {} });
  });

  it('refuses to empty a field the API keeps, naming the field', () => {
    const plan = patchBody(hang, { ...toFormValues(hang), partyCardNumber: '', fullName: 'Nguyễn Thị Hằng' });
    expect(plan.body).toBeNull();
    expect(Object.keys(plan.fields)).toEqual(['partyCardNumber']);
  });

  it('says what someone else changed meanwhile, in words', () => {
    const latest = { ...hang, version: 4, status: 'official' as const, joinedPartyOn: '2005-06-05' };
    expect(changedSince(hang, latest)).toEqual(['Loại đảng viên: Chính thức', 'Ngày vào Đảng: 05/06/2005']);
    expect(changedSince(hang, hang)).toEqual([]);
  });

  it('keeps the person’s own edits over the latest version, and the rest of the latest', () => {
    const latest = { ...hang, version: 4, dateOfBirth: '1980-03-13', position: 'Chi ủy viên' };
    const typed = { ...toFormValues(hang), fullName: 'Nguyễn Thị Thu Hằng', position: 'Bí thư chi đoàn' };
    const kept = rebase(hang, latest, typed);
    expect(kept).toEqual({
      ...toFormValues(latest),
      fullName: 'Nguyễn Thị Thu Hằng',
      position: 'Bí thư chi đoàn',
    });
    expect(patchBody(latest, kept).body).toEqual({
      version: 4,
      fullName: 'Nguyễn Thị Thu Hằng',
      position: 'Bí thư chi đoàn',
    });
  });
});
