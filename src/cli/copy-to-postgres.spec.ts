import { describe, expect, it } from 'vitest';
import { insertStatement, rowsPerInsert, toPostgresValue } from './copy-to-postgres.js';

describe('copy-to-postgres value conversion', () => {
  it('turns SQLite 0/1 into PostgreSQL booleans and keeps null', () => {
    expect(toPostgresValue(1, 'boolean')).toBe(true);
    expect(toPostgresValue(0, 'boolean')).toBe(false);
    expect(toPostgresValue('1', 'boolean')).toBe(true);
    expect(toPostgresValue('false', 'boolean')).toBe(false);
    expect(toPostgresValue(null, 'boolean')).toBeNull();
    expect(toPostgresValue(undefined, 'text')).toBeNull();
  });

  it('keeps text (with diacritics), numbers, dates and timestamps in their literal form', () => {
    expect(toPostgresValue('Nguyễn Văn Đảng', 'character varying')).toBe('Nguyễn Văn Đảng');
    expect(toPostgresValue(42, 'integer')).toBe(42);
    expect(toPostgresValue('2026-11-26 09:30:00.123', 'timestamp without time zone')).toBe(
      '2026-11-26 09:30:00.123',
    );
    expect(toPostgresValue('2026-01-31', 'date')).toBe('2026-01-31');
    expect(toPostgresValue(9007199254740993n, 'bigint')).toBe('9007199254740993');
  });
});

describe('copy-to-postgres batching', () => {
  it('numbers the placeholders row by row', () => {
    expect(insertStatement('member', ['id', 'fullName'], 2)).toBe(
      'INSERT INTO "member" ("id", "fullName") VALUES ($1, $2), ($3, $4)',
    );
  });

  it('stays under PostgreSQL’s bind parameter limit and at most 1,000 rows a statement', () => {
    expect(rowsPerInsert(10)).toBe(1000);
    expect(rowsPerInsert(100)).toBe(600);
    expect(rowsPerInsert(100) * 100).toBeLessThanOrEqual(65_535);
    expect(rowsPerInsert(100_000)).toBe(1);
  });
});
