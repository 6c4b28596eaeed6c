import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeforeQueryEvent, DataSource, TransactionCommitEvent } from 'typeorm';
import { Organization } from '../organizations/organization.entity.js';
import { Database } from './database.service.js';
import { TableVersions, writtenTable } from './table-versions.js';
import { migratedMemoryDatabase } from '../../test/factories/memory-database.js';

const byHand = (inTransaction = false) =>
  new TableVersions({ subscribers: [] } as unknown as DataSource, { inTransaction } as Database);

const runner = (active: boolean) => ({ isTransactionActive: active, data: {} as Record<string, unknown> });

function run(versions: TableVersions, query: string, queryRunner = runner(false)): void {
  versions.beforeQuery({ query, queryRunner } as unknown as BeforeQueryEvent);
}

describe(TableVersions.name, () => {
  it('tells a stamp unchanged until one of its tables is written', () => {
    const v = byHand();
    const stamp = v.stamp(['member', 'commitment']);
    run(v, 'SELECT * FROM "member"');
    run(v, 'INSERT INTO "commitment_feedback" ("id") VALUES (?)');
    expect(v.unchangedSince(stamp)).toBe(true);
    run(v, 'UPDATE "commitment" SET "status" = ?');
    expect(v.unchangedSince(stamp)).toBe(false);
    expect(v.unchangedSince(v.stamp(['member', 'commitment']))).toBe(true);
  });

  it.each([
    ['SELECT 1', undefined],
    [
      'WITH "roll" AS (SELECT "m"."id" FROM "member" "m") SELECT COUNT(*), REPLACE("x", \'a\', \'b\') FROM "roll"',
      undefined,
    ],
    ['INSERT INTO "commitment_feedback" ("id") VALUES (?)', 'commitment_feedback'],
    ['UPDATE "public"."member" SET "fullName" = $1', 'member'],
    ['DELETE FROM "meeting_issue" WHERE "id" = ?', 'meeting_issue'],
    ['WITH x AS (SELECT 1) UPDATE "member" SET "fullName" = ?', '*'],
    ['WITH x AS (DELETE FROM "member" RETURNING "id") SELECT * FROM x', '*'],
    ['CREATE TABLE "t" ("id" integer)', '*'],
  ])('tells that %s writes %s', (sql, table) => {
    expect(writtenTable(sql)).toBe(table);
  });

  it('moves every table on for a statement whose table it cannot read', () => {
    const v = byHand();
    const stamp = v.stamp(['member']);
    run(v, 'TRUNCATE "anything"');
    expect(v.unchangedSince(stamp)).toBe(false);
  });

  it('moves the tables a transaction wrote on again at its outermost commit only', () => {
    const v = byHand();
    const tx = runner(true);
    run(v, 'UPDATE "member" SET "fullName" = ?', tx);
    const stamp = v.stamp(['member']);
    void v.afterTransactionCommit({ queryRunner: tx } as unknown as TransactionCommitEvent); // a savepoint
    expect(v.unchangedSince(stamp)).toBe(true);
    tx.isTransactionActive = false;
    void v.afterTransactionCommit({ queryRunner: tx } as unknown as TransactionCommitEvent);
    expect(v.unchangedSince(stamp)).toBe(false);
  });

  it('is not cacheable inside a transaction', () => {
    expect(byHand(false).cacheable).toBe(true);
    expect(byHand(true).cacheable).toBe(false);
  });

  describe('subscribed to a real data source', () => {
    let ds: DataSource;
    let db: Database;
    let v: TableVersions;

    beforeAll(async () => {
      ds = await migratedMemoryDatabase([Organization]);
      db = new Database(ds);
      v = new TableVersions(ds, db);
    });

    afterAll(async () => {
      await ds.destroy();
    });

    const insert = (em: { query: DataSource['query'] }) => {
      const id = randomUUID();
      return em.query(
        `INSERT INTO "organization" ("id", "code", "name", "kind", "isGrassroots", "path", "depth") VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [id, id.slice(0, 8), 'Chi bộ thử', 'cell', 0, `/${id}/`, 0],
      );
    };

    it('sees raw SQL writes in and outside a transaction, and no reads', async () => {
      let stamp = v.stamp(['organization']);
      await db.read((em) => em.count(Organization));
      expect(v.unchangedSince(stamp)).toBe(true);
      await insert(ds.manager);
      expect(v.unchangedSince(stamp)).toBe(false);
      stamp = v.stamp(['organization']);
      let inside = true;
      await db.transaction(async (em) => {
        expect(v.cacheable).toBe(false);
        await insert(em);
        stamp = v.stamp(['organization']); // taken after the write, before the commit
        inside = v.unchangedSince(stamp);
      });
      expect(inside).toBe(true);
      expect(v.unchangedSince(stamp)).toBe(false);
      expect(v.cacheable).toBe(true);
    });
  });
});
