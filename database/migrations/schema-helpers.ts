import { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column builders for portable migrations written with TypeORM's Table API, so one migration
 * serves SQLite and PostgreSQL. Types follow what the entities map to on each engine.
 */
export function isPostgres(qr: QueryRunner): boolean {
  return qr.connection.options.type === 'postgres';
}

export function idColumn(qr: QueryRunner): TableColumnOptions {
  // PostgreSQL: varchar(36) rather than the native uuid type, so ids compare with the varchar(36)
  // reference columns without casts; the database fills it in (TypeORM inserts DEFAULT and reads it
  // back with RETURNING). SQLite: plain varchar, exactly what TypeORM maps @PrimaryGeneratedColumn('uuid')
  // to (SQLite ignores lengths anyway); TypeORM generates the uuid in JavaScript.
  return isPostgres(qr)
    ? { name: 'id', type: 'varchar', length: '36', isPrimary: true, default: 'gen_random_uuid()::text' }
    : { name: 'id', type: 'varchar', isPrimary: true };
}

export function timestampType(qr: QueryRunner): string {
  return isPostgres(qr) ? 'timestamp' : 'datetime';
}

export function nowDefault(qr: QueryRunner): string {
  return isPostgres(qr) ? 'now()' : "datetime('now')";
}

export function timestamps(qr: QueryRunner): TableColumnOptions[] {
  return [
    { name: 'createdAt', type: timestampType(qr), default: nowDefault(qr) },
    { name: 'updatedAt', type: timestampType(qr), default: nowDefault(qr) },
  ];
}

export function ts(qr: QueryRunner, name: string, nullable = true): TableColumnOptions {
  return { name, type: timestampType(qr), isNullable: nullable };
}

export function uuidRef(name: string, nullable = false): TableColumnOptions {
  return { name, type: 'varchar', length: '36', isNullable: nullable };
}

export function str(name: string, length: number, nullable = false, def?: string): TableColumnOptions {
  return {
    name,
    type: 'varchar',
    length: String(length),
    isNullable: nullable,
    ...(def !== undefined ? { default: `'${def}'` } : {}),
  };
}

export function text(name: string, nullable = true): TableColumnOptions {
  return { name, type: 'text', isNullable: nullable };
}

export function int(name: string, def?: number, nullable = false): TableColumnOptions {
  return { name, type: 'integer', isNullable: nullable, ...(def !== undefined ? { default: def } : {}) };
}

export function bool(qr: QueryRunner, name: string, def: boolean): TableColumnOptions {
  return { name, type: 'boolean', default: isPostgres(qr) ? String(def) : def ? 1 : 0 };
}

export function date(name: string, nullable = true): TableColumnOptions {
  return { name, type: 'date', isNullable: nullable };
}

export function version(): TableColumnOptions {
  return int('version', 1);
}
