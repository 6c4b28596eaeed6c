import { randomUUID } from 'node:crypto';
import { QueryRunner } from 'typeorm';

/**
 * A published classification rule set as frozen data (`database/reference/rule-sets/*.json`). The
 * migration that publishes it reads that file and nothing from `src/`, so changing the service's code
 * never changes what an old migration loads. A published file is never edited: a new version is a
 * new file and a new migration.
 */
export interface FrozenRuleSet {
  code: string;
  version: number;
  regulation: string;
  title: string;
  effectiveFrom: string;
}

/** Inserts one rule set row; `definition` is the file's JSON as it stands. */
export async function insertRuleSet(qr: QueryRunner, definition: FrozenRuleSet): Promise<void> {
  const pg = qr.connection.options.type === 'postgres';
  const p = (i: number) => (pg ? `$${i}` : '?');
  await qr.query(
    `INSERT INTO "evaluation_rule_set" ("id", "code", "version", "regulation", "title", "effectiveFrom", "definition")
     VALUES (${[1, 2, 3, 4, 5, 6, 7].map(p).join(', ')})`,
    [
      randomUUID(),
      definition.code,
      definition.version,
      definition.regulation,
      definition.title,
      definition.effectiveFrom,
      JSON.stringify(definition),
    ],
  );
}

/** Removes one version (a migration's `down`); refused by the foreign key when a cycle pins it. */
export async function deleteRuleSet(qr: QueryRunner, code: string, version: number): Promise<void> {
  const pg = qr.connection.options.type === 'postgres';
  await qr.query(
    `DELETE FROM "evaluation_rule_set" WHERE "code" = ${pg ? '$1' : '?'} AND "version" = ${pg ? '$2' : '?'}`,
    [code, version],
  );
}
