import { QueryRunner } from 'typeorm';

interface SetAside {
  table: string;
  name: string;
  /** The statement that makes it again, from PostgreSQL's own definition. */
  create: string;
  drop: string;
}

/**
 * PostgreSQL loads millions of rows several times faster into tables without their foreign keys
 * and secondary (non-unique) indexes: each row otherwise checks its parents one by one and inserts
 * into every index at a random place (uuid keys). This sets them aside for a bulk load and returns
 * the step that makes them again from their stored definitions: one sorted index build each, and
 * each foreign key validated in one pass over the table (a violation fails the load).
 *
 * Call it inside the load's transaction: DDL is transactional in PostgreSQL, so an interrupted load
 * rolls back to the schema as it was. Primary keys and unique constraints and indexes stay (they
 * are what foreign keys point at, and they keep guarding the load), and so do partial and expression
 * indexes (PostgreSQL prints their definitions back in a form that differs from the migrations').
 */
export async function setAsideForBulkLoad(
  qr: QueryRunner,
  tables: string[],
): Promise<{ count: number; restore: () => Promise<void> }> {
  if (!qr.isTransactionActive) throw new Error('setAsideForBulkLoad needs the load’s transaction');
  const rows = (await qr.query(
    `SELECT "c"."relname" AS "table", "k"."conname" AS "name", pg_get_constraintdef("k"."oid") AS "def", 'constraint' AS "kind"
       FROM "pg_constraint" "k" JOIN "pg_class" "c" ON "c"."oid" = "k"."conrelid"
      WHERE "k"."contype" = 'f' AND "c"."relnamespace" = current_schema()::regnamespace AND "c"."relname" = ANY($1)
     UNION ALL
     SELECT "c"."relname", "x"."relname", pg_get_indexdef("i"."indexrelid"), 'index'
       FROM "pg_index" "i" JOIN "pg_class" "c" ON "c"."oid" = "i"."indrelid" JOIN "pg_class" "x" ON "x"."oid" = "i"."indexrelid"
      WHERE NOT "i"."indisunique" AND NOT "i"."indisprimary" AND "i"."indpred" IS NULL AND "i"."indexprs" IS NULL
        AND "c"."relnamespace" = current_schema()::regnamespace AND "c"."relname" = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM "pg_constraint" "k" WHERE "k"."conindid" = "i"."indexrelid")
      ORDER BY 4, 1, 2`,
    [tables],
  )) as Array<{ table: string; name: string; def: string; kind: 'constraint' | 'index' }>;
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const setAside: SetAside[] = rows.map((r) =>
    r.kind === 'constraint'
      ? {
          table: r.table,
          name: r.name,
          create: `ALTER TABLE ${q(r.table)} ADD CONSTRAINT ${q(r.name)} ${r.def}`,
          drop: `ALTER TABLE ${q(r.table)} DROP CONSTRAINT ${q(r.name)}`,
        }
      : { table: r.table, name: r.name, create: r.def, drop: `DROP INDEX ${q(r.name)}` },
  );
  for (const s of setAside) await qr.query(s.drop);
  return {
    count: setAside.length,
    restore: async () => {
      // Sorting for an index build and hashing for a foreign key's check run in memory.
      await qr.query(`SET LOCAL maintenance_work_mem = '512MB'`);
      // Indexes first (rows carry 'index' after 'constraint' in the list): the checks can use them.
      for (const s of [...setAside].reverse()) await qr.query(s.create);
    },
  };
}
