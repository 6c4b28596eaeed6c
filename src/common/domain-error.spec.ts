import { describe, expect, it } from 'vitest';
import { CommonErrors } from './common.errors.js';
import { commonError, DomainError, errorFactory, httpStatusOf, type ErrorCatalog } from './domain-error.js';

const Errors = {
  CHI_BO_CLOSED: 'conflict',
  /** The same code answered as bad input. */
  CHI_BO_CLOSED_INPUT: { code: 'CHI_BO_CLOSED', kind: 'validation' },
  CHI_BO_NOT_YOURS: 'forbidden',
} as const satisfies ErrorCatalog;
const chiBoError = errorFactory(Errors);

describe('errors from a catalog', () => {
  it('takes the code and the kind from the catalog, the message and details from the throw site', () => {
    const e = chiBoError('CHI_BO_NOT_YOURS', 'Chi bộ Phường Bến Nghé không thuộc quyền của bạn', {
      organizationId: 'o-1',
    });
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({
      code: 'CHI_BO_NOT_YOURS',
      kind: 'forbidden',
      details: { organizationId: 'o-1' },
    });
    expect(e.message).toBe('Chi bộ Phường Bến Nghé không thuộc quyền của bạn');
    expect(httpStatusOf(e.kind)).toBe(403);
  });

  it('answers an alias under the code it names, with its own kind', () => {
    const e = DomainError.of(Errors, 'CHI_BO_CLOSED_INPUT', 'closedOn must not be after today');
    expect(e).toMatchObject({ code: 'CHI_BO_CLOSED', kind: 'validation' });
    expect(chiBoError('CHI_BO_CLOSED', 'Chi bộ đã giải thể')).toMatchObject({
      code: 'CHI_BO_CLOSED',
      kind: 'conflict',
    });
  });

  it('carries response headers', () => {
    const e = commonError('RATE_LIMITED', 'Too many attempts', undefined, { 'Retry-After': '60' });
    expect(e).toMatchObject({ code: 'RATE_LIMITED', kind: 'rate_limited', headers: { 'Retry-After': '60' } });
  });

  it('restates an error with its code, kind and headers', () => {
    const e = commonError('RATE_LIMITED', 'Too many attempts', undefined, { 'Retry-After': '60' });
    const r = e.restated('ids.2: Too many attempts', [{ field: 'ids.2', message: 'Too many attempts' }]);
    expect(r).toMatchObject({
      code: 'RATE_LIMITED',
      kind: 'rate_limited',
      message: 'ids.2: Too many attempts',
      headers: { 'Retry-After': '60' },
      details: [{ field: 'ids.2', message: 'Too many attempts' }],
    });
  });

  it('keeps the common helpers on the common codes', () => {
    expect(DomainError.notFound('Đảng viên Nguyễn Thị Hằng')).toMatchObject({
      code: 'NOT_FOUND',
      kind: 'not_found',
      message: 'Đảng viên Nguyễn Thị Hằng not found',
    });
    expect(DomainError.invalidField('year', 'min', 'year must be 2000 or later')).toMatchObject({
      code: 'VALIDATION_FAILED',
      kind: 'validation',
      message: 'year: year must be 2000 or later',
      details: [{ field: 'year', rule: 'min', message: 'year must be 2000 or later' }],
    });
    expect(DomainError.versionConflict(3)).toMatchObject({
      code: 'VERSION_CONFLICT',
      kind: 'conflict',
      details: { currentVersion: 3 },
    });
    for (const [code, kind] of Object.entries(CommonErrors))
      expect(commonError(code as keyof typeof CommonErrors, 'x')).toMatchObject({ code, kind });
  });
});
