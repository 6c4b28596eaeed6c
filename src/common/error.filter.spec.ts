import { describe, expect, it } from 'vitest';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error.js';
import { toErrorBody } from './error.filter.js';

const dbError = (code: string) =>
  new QueryFailedError('COMMIT', [], Object.assign(new Error(code), { code }));

describe('toErrorBody', () => {
  it('maps a domain error kind to its status and keeps the code and details', () => {
    const { body } = toErrorBody(DomainError.invalidField('year', 'min', 'year must be 2000 or later'));
    expect(body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', details: [{ field: 'year' }] });
  });

  it('answers 409 for a unique index violation on either engine', () => {
    expect(toErrorBody(dbError('SQLITE_CONSTRAINT_UNIQUE')).body.statusCode).toBe(409);
    expect(toErrorBody(dbError('23505')).body.statusCode).toBe(409);
  });

  it('answers 507 for a full disk and 503 with Retry-After for an I/O error, never 500', () => {
    expect(toErrorBody(dbError('SQLITE_FULL')).body).toMatchObject({ statusCode: 507, code: 'STORAGE_FULL' });
    const io = toErrorBody(dbError('SQLITE_IOERR_WRITE'));
    expect(io.body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(io.headers?.['Retry-After']).toBe('5');
  });

  it('hides anything unexpected behind a 500 without the message or stack', () => {
    const { body } = toErrorBody(new Error('secret internals at /work/main/src/x.ts:1'));
    expect(body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' });
  });
});
