import { DataSource, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';

export type Row = Record<string, unknown>;

/**
 * Buffers rows per entity and writes them in chunks: multi-row INSERTs on SQLite, INSERT ... SELECT
 * FROM unnest(arrays) on PostgreSQL.
 * Values go through TypeORM's own conversion (dates, booleans) for the column, so the stored form
 * is exactly what the services write. Tables are flushed in the given order, parents before
 * children, so foreign keys hold at every statement.
 */
export class BatchWriter {
  private readonly buffers = new Map<EntityTarget<ObjectLiteral>, Row[]>();
  private readonly sqlCache = new Map<string, string>();
  private readonly typesByTable = new Map<string, Map<string, string>>();
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

  /** The tables written, by name. */
  get tables(): string[] {
    return [...this.buffers.keys()].map((target) => this.ds.getMetadata(target).tableName);
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
    // SQLite binds at most 32766 variables per statement; PostgreSQL takes one array per column.
    const perStatement = postgres ? 2_000 : Math.max(1, Math.min(500, Math.floor(30_000 / columns.length)));
    const types = postgres ? await this.columnTypes(meta.tableName) : undefined;
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values = chunk.map((row) =>
        columns.map((c) => {
          let value = row[c.propertyName];
          if (value === undefined) {
            if (c.isCreateDate || c.isUpdateDate) value = this.createdAt;
            else if (c.isVersion || c.propertyName === 'version') value = 1;
            else if (c.default !== undefined && typeof c.default !== 'function') value = c.default;
            else value = null;
          }
          return this.ds.driver.preparePersistentValue(value, c) as unknown;
        }),
      );
      const names = columns.map((c) => c.databaseName);
      if (types) {
        // INSERT ... SELECT FROM unnest(one array per column): one short statement to parse however
        // many rows it carries.
        await this.qr.query(
          this.unnestSql(meta.tableName, names, types),
          names.map((_, i) => values.map((v) => v[i])),
        );
      } else {
        await this.qr.query(this.sql(meta.tableName, names, chunk.length), values.flat());
      }
      this.rows += chunk.length;
    }
  }

  /** Each column's type as PostgreSQL spells it (for the arrays' casts), read once per table. */
  private async columnTypes(table: string): Promise<Map<string, string>> {
    const known = this.typesByTable.get(table);
    if (known) return known;
    const rows = (await this.qr.query(
      `SELECT "attname" AS "name", format_type("atttypid", "atttypmod") AS "type" FROM "pg_attribute"
        WHERE "attrelid" = $1::regclass AND "attnum" > 0 AND NOT "attisdropped"`,
      [`"${table}"`],
    )) as Array<{ name: string; type: string }>;
    const types = new Map(rows.map((r) => [r.name, r.type]));
    this.typesByTable.set(table, types);
    return types;
  }

  private unnestSql(table: string, columns: string[], types: Map<string, string>): string {
    let sql = this.sqlCache.get(table);
    if (sql) return sql;
    const arrays = columns.map((c, i) => `$${i + 1}::${types.get(c)}[]`);
    sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) SELECT * FROM unnest(${arrays.join(', ')})`;
    this.sqlCache.set(table, sql);
    return sql;
  }

  private sql(table: string, columns: string[], count: number): string {
    const key = `${table}:${count}`;
    let sql = this.sqlCache.get(key);
    if (sql) return sql;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array(count).fill(tuple).join(', ')}`;
    this.sqlCache.set(key, sql);
    return sql;
  }
}
