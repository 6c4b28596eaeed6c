import { describe, expect, it } from 'vitest';
import {
  ApiError,
  explainError,
  fieldLabel,
  NETWORK_MESSAGE,
  NetworkError,
  toApiError,
  unwrap,
} from './errors';

describe('explainError', () => {
  it('says a validation error in words next to each field the details name, never the code', () => {
    const error = toApiError(400, {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'items.0.content must be longer than or equal to 1 characters',
      details: [
        {
          field: 'items.0.content',
          rule: 'length',
          message: 'items.0.content must be longer than or equal to 1 characters',
        },
        { field: 'items.1.manifestationCodes', rule: 'requiredForResolution4', message: 'required' },
        {
          field: 'items.1.target',
          rule: 'maxLength',
          message: 'target must be shorter than or equal to 1000 characters',
        },
      ],
    });
    const explained = explainError(error);
    expect(explained.message).toBe('Một số thông tin chưa hợp lệ; xem các ô được đánh dấu.');
    expect(explained.fields).toEqual({
      'items.0.content': 'Không được để trống.',
      'items.1.manifestationCodes': 'Hãy chọn ít nhất một biểu hiện trong 27 biểu hiện cần phòng, chống.',
      'items.1.target': 'Dài quá mức cho phép (tối đa 1000 ký tự).',
    });
    expect(JSON.stringify(explained)).not.toContain('VALIDATION_FAILED');
  });

  it('marks a stale version as a conflict and says the typed text is kept', () => {
    const explained = explainError(
      toApiError(409, { statusCode: 409, code: 'VERSION_CONFLICT', message: 'x' }),
    );
    expect(explained.conflict).toBe(true);
    expect(explained.message).toContain('Nội dung bạn nhập vẫn được giữ nguyên');
  });

  it('falls back on the HTTP status for a code without a sentence, and never shows the code', () => {
    const explained = explainError(toApiError(409, { code: 'SOMETHING_NEW', message: 'raw' }));
    expect(explained.message).toBe(
      'Thao tác không thực hiện được vì dữ liệu vừa thay đổi; hãy tải lại trang.',
    );
    expect(explainError(toApiError(502, 'Bad gateway')).message).toContain('Máy chủ đang gặp sự cố');
  });

  it('says a failed network in words and keeps the form', () => {
    expect(explainError(new NetworkError())).toMatchObject({ message: NETWORK_MESSAGE, network: true });
  });

  it('has one sentence for a wrong current password', () => {
    const explained = explainError(
      toApiError(403, {
        code: 'INVALID_CREDENTIALS',
        details: [{ field: 'currentPassword', rule: 'matches', message: 'currentPassword is wrong' }],
      }),
    );
    expect(explained.fields.currentPassword).toBe('Mật khẩu hiện tại không đúng.');
  });
});

describe('fieldLabel', () => {
  it('names a field of an item by its position and label', () => {
    expect(fieldLabel('items.2.content')).toBe('Mục 3, Nội dung');
    expect(fieldLabel('periodIndex')).toBe('Kỳ');
  });
});

describe('unwrap', () => {
  it('returns the data of a 2xx, throws an ApiError otherwise and a NetworkError when fetch fails', async () => {
    const ok = new Response('{}', { status: 200 });
    await expect(unwrap(Promise.resolve({ data: { a: 1 }, response: ok }))).resolves.toEqual({ a: 1 });
    const bad = new Response('{}', { status: 404 });
    await expect(
      unwrap(Promise.resolve({ error: { code: 'NOT_FOUND' }, response: bad })),
    ).rejects.toBeInstanceOf(ApiError);
    await expect(unwrap(Promise.reject(new TypeError('Failed to fetch')))).rejects.toBeInstanceOf(
      NetworkError,
    );
  });
});

describe('the refusals of administration in words', () => {
  it('a refused move names the tree rule next to the field', () => {
    const e = explainError(
      new ApiError(
        409,
        'ORGANIZATION_TREE_RULE',
        [{ field: 'parentId', rule: 'grassroots_not_nested', message: 'A grassroots organisation cannot …' }],
        '',
      ),
    );
    expect(e.message).toMatch(/quy tắc của cây tổ chức/);
    expect(e.fields.parentId).toMatch(/không nằm trong một tổ chức cơ sở đảng khác/);
  });

  it('a refused grant says who grants it instead', () => {
    const e = explainError(
      new ApiError(
        403,
        'ROLE_OUT_OF_SCOPE',
        [{ field: 'roles.0.organizationId', rule: 'strictlyBelow', message: 'must be below' }],
        '',
      ),
    );
    expect(e.fields['roles.0.organizationId']).toMatch(/cấp trên hoặc quản trị hệ thống/);
    expect(explainError(new ApiError(403, 'ROLE_OUT_OF_SCOPE', [], '')).message).toMatch(/ngoài phạm vi/);
  });
});
