import { expect } from 'vitest';
import { Database } from '../../src/common/database.service.js';
import { queryNamed } from '../../src/common/raw-rows.js';
import { TestApp } from '../setup/test-app.js';

/** Named SQL read through the app's own database (outside any transaction). */
export const readRows = <T>(t: TestApp, sql: string, params: Record<string, unknown>) =>
  t.app.get(Database).read((em) => queryNamed<T>(em, sql, params));

/**
 * Counts kept on a row at write time (the commitment's item counts, the meeting's attendance
 * counts) checked against a recount: answers a function that reads the stored `columns` of the row
 * `id` of `table`, expects them to equal `recountSql` (the same columns, from the source rows, with
 * the parameter `:id`) and answers them.
 */
export function storedCounts<K extends string>(
  t: TestApp,
  table: string,
  columns: readonly K[],
  recountSql: string,
): (id: string) => Promise<Record<K, number>> {
  const asCounts = (r: Record<string, unknown> | undefined) =>
    Object.fromEntries(columns.map((k) => [k, Number(r?.[k] ?? 0)])) as Record<K, number>;
  return async (id) => {
    const [stored] = await readRows<Record<string, unknown>>(
      t,
      `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" WHERE "id" = :id`,
      { id },
    );
    const [recount] = await readRows<Record<string, unknown>>(t, recountSql, { id });
    expect(asCounts(stored)).toEqual(asCounts(recount));
    return asCounts(stored);
  };
}
