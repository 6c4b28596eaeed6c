import { DataSource, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';

export type Row = Record<string, unknown>;

/**
 * Buffers rows per entity and writes them as multi-row INSERTs with the engine's placeholders.
 * Values go through TypeORM's own conversion (dates, booleans) for the column, so the stored form
 * is exactly what the services write. Tables are flushed in the given order, parents before
 * children, so foreign keys hold at every statement.
 */
export class BatchWriter {
  private readonly buffers = new Map<EntityTarget<ObjectLiteral>, Row[]>();
  private readonly sqlCache = new Map<string, string>();
  private pending = 0;
  rows = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly qr: QueryRunner,
    private readonly createdAt: Date,
    /** Every table written, parents before children. */
    order: Array<EntityTarget<ObjectLiteral>>,
  ) {
    for (const target of order) this.buffers.set(target, []);
  }

  add(target: EntityTarget<ObjectLiteral>, row: Row): void {
    const buffer = this.buffers.get(target);
    if (!buffer)
      throw new Error(`BatchWriter: ${this.ds.getMetadata(target).tableName} is not in the table order`);
    buffer.push(row);
    this.pending++;
  }

  get pendingRows(): number {
    return this.pending;
  }

  async flush(): Promise<void> {
    for (const [target, rows] of this.buffers) {
      if (rows.length) await this.insert(target, rows);
      rows.length = 0;
    }
    this.pending = 0;
  }

  private async insert(target: EntityTarget<ObjectLiteral>, rows: Row[]): Promise<void> {
    const meta = this.ds.getMetadata(target);
    const columns = meta.columns;
    const postgres = this.ds.options.type === 'postgres';
    // SQLite binds at most 32766 variables per statement; PostgreSQL 65535.
    const perStatement = Math.max(
      1,
      Math.min(500, Math.floor((postgres ? 60_000 : 30_000) / columns.length)),
    );
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const params: unknown[] = [];
      for (const row of chunk) {
        for (const c of columns) {
          let value = row[c.propertyName];
          if (value === undefined) {
            if (c.isCreateDate || c.isUpdateDate) value = this.createdAt;
            else if (c.isVersion || c.propertyName === 'version') value = 1;
            else if (c.default !== undefined && typeof c.default !== 'function') value = c.default;
            else value = null;
          }
          params.push(this.ds.driver.preparePersistentValue(value, c));
        }
      }
      await this.qr.query(
        this.sql(
          meta.tableName,
          columns.map((c) => c.databaseName),
          chunk.length,
          postgres,
        ),
        params,
      );
      this.rows += chunk.length;
    }
  }

  private sql(table: string, columns: string[], count: number, postgres: boolean): string {
    const key = `${table}:${count}`;
    let sql = this.sqlCache.get(key);
    if (sql) return sql;
    let n = 0;
    const tuple = () => `(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
    const tuples = Array.from({ length: count }, tuple);
    sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`;
    this.sqlCache.set(key, sql);
    return sql;
  }
}
