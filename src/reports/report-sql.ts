import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** SQL pieces the report repositories share (docs/REPORTS.md, "Speed"). */

/** Accepted or later: the commitment was made public before the cell. */
export const PUBLISHED = `('accepted', 'reported', 'assessed')`;

/** Ids of the organisations of the subtree (param :p = path + '%'), to reach rows by their cellId index. */
export const SUBTREE_CELLS = `(SELECT "so"."id" FROM "organization" "so" WHERE "so"."path" LIKE :p)`;

export const num = (v: unknown): number => Number(v ?? 0);

/** A member "m" on the roll is expected to take part unless exempt or suspended (`expectedSql`). */
export const EXPECTED = `NOT "m"."isExempt" AND NOT "m"."isSuspended"`;

export const sumWhen = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

/**
 * The id of the direct child of the organisation at `parentPath` that a path below it lies in: the
 * path segment right after the parent's (ids are 36-character uuids); '' for the parent itself.
 */
export const childOf = (pathColumn: string, parentPath: string) =>
  `SUBSTR(${pathColumn}, ${Number(parentPath.length) + 1}, 36)`;

/**
 * Rows bound to a cell (`<alias>."cellId"`) in the subtree at `path`, reached from the subtree's cells
 * (`cellId IN (...)`) through the rows' cellId indexes: as one group '' or one group per cell (`grp` =
 * the cell's id). Grouping per direct child through a join on the cell's path instead lets SQLite
 * start from the rows (100,000 members: every commitment item of every year, 27 s); per cell keeps the
 * plan of the whole-subtree figure, and `sumByChild` adds the cells up.
 */
export interface CellScope {
  rows(qb: SelectQueryBuilder<ObjectLiteral>, alias: string): SelectQueryBuilder<ObjectLiteral>;
}

export function cellScope(path: string, groupBy?: (alias: string) => string): CellScope {
  return {
    rows(qb, alias) {
      const scoped = qb.where(`"${alias}"."cellId" IN ${SUBTREE_CELLS}`, { p: `${path}%` });
      if (!groupBy) return scoped.select(`''`, 'grp');
      return scoped.select(groupBy(alias), 'grp').groupBy(groupBy(alias));
    },
  };
}

/** Group rows per cell. */
export const BY_CELL = (alias: string) => `"${alias}"."cellId"`;

/** A group key as the engines answer it (text, or an integer for months). */
export const groupKey = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : '';

/** Additive counts per cell added up per direct child (`cellToChild` from `childrenOfCells`). */
export function sumByChild<T extends object>(
  perCell: ReadonlyMap<string, T>,
  cellToChild: ReadonlyMap<string, string>,
): Map<string, T> {
  const out = new Map<string, T>();
  for (const [cell, counts] of perCell) {
    const child = cellToChild.get(cell);
    if (!child) continue;
    const sum = out.get(child);
    if (!sum) {
      out.set(child, { ...counts });
      continue;
    }
    for (const k of Object.keys(counts) as Array<keyof T>)
      (sum[k] as unknown as number) = (sum[k] as unknown as number) + (counts[k] as unknown as number);
  }
  return out;
}

/**
 * Rows of several grouped statements (column `grp`) merged into one figure set per group; a group
 * missing from a statement counts 0 there.
 */
export function mergeByGroup<T>(
  statements: Array<Array<Record<string, unknown>>>,
  make: (r: Record<string, unknown>) => T,
): Map<string, T> {
  const merged = new Map<string, Record<string, unknown>>();
  for (const rows of statements)
    for (const r of rows) {
      const grp = groupKey(r.grp);
      merged.set(grp, { ...merged.get(grp), ...r });
    }
  return new Map([...merged].map(([grp, r]) => [grp, make(r)]));
}

/** The named columns of a raw row as numbers. */
export const pick =
  <K extends string>(keys: readonly K[]) =>
  (r: Record<string, unknown>) =>
    Object.fromEntries(keys.map((k) => [k, num(r[k])])) as Record<K, number>;

/** A `date` column read raw as YYYY-MM-DD (SQLite answers text; node-postgres a Date at local midnight). */
export function isoDay(v: unknown): string {
  if (v instanceof Date)
    return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v).slice(0, 10);
}
