import { DataSource, EntityManager } from 'typeorm';
import { carriesCommit } from '../../src/common/pg-client.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, World } from '../factories/world.js';
import { testPostgresUrl } from '../setup/postgres.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/**
 * The application's PostgreSQL client (src/common/pg-client.ts), seen from the server: it prepares
 * the SQL texts sent again (DATABASE_STATEMENT_CACHE), and a statement sent with the COMMIT (the
 * cache message) commits with the transaction or fails it.
 */
describe.skipIf(!testPostgresUrl())(
  'the PostgreSQL client: prepared statements, a statement sent with the COMMIT (e2e)',
  () => {
    let t: TestApp;
    let off: TestApp;
    let w: World;
    const text = 'SELECT "m"."fullName" AS "name" FROM "member" "m" WHERE "m"."id" = $1';

    /** Runs `text` three times on one pooled connection; answers the names and the server's prepared statements. */
    const onOneConnection = async (app: TestApp, memberId: string) => {
      const runner = app.app.get(DataSource).createQueryRunner();
      try {
        const names: string[] = [];
        for (let i = 0; i < 3; i++)
          for (const row of (await runner.query(text, [memberId])) as Array<{ name: string }>)
            names.push(row.name);
        const prepared = (await runner.query(
          `SELECT name, statement FROM pg_prepared_statements WHERE statement = $1`,
          [text],
        )) as Array<{ name: string; statement: string }>;
        return { names, prepared };
      } finally {
        await runner.release();
      }
    };

    beforeAll(async () => {
      t = await createTestApp();
      w = await buildWorld(t);
      off = await createTestApp({ DATABASE_STATEMENT_CACHE: '0' });
    }, 60_000);
    afterAll(async () => {
      await off?.close();
      await t?.close();
    });

    it('prepares a text sent again, under a name of its own, and answers the same through it', async () => {
      const memberId = w.memberA1a.memberId!;
      const own = await t.http().get(`/api/members/${memberId}`).set(w.memberA1a.auth);
      expect(own.status).toBe(200);
      const { names, prepared } = await onOneConnection(t, memberId);
      expect(names).toEqual(Array(3).fill(own.body.fullName));
      expect(prepared).toEqual([{ name: expect.stringMatching(/^camket_[0-9a-f]{24}$/), statement: text }]);
    });

    it('prepares nothing with DATABASE_STATEMENT_CACHE=0', async () => {
      const { prepared } = await onOneConnection(off, '00000000-0000-4000-8000-000000000000');
      expect(prepared).toEqual([]);
    });

    it('sends a statement with the COMMIT: committed together, or the transaction fails and nothing is stored', async () => {
      const ds = t.app.get(DataSource);
      const name = (em: EntityManager) => {
        const client = (em.queryRunner as unknown as { databaseConnection: unknown }).databaseConnection;
        if (!carriesCommit(client))
          throw new Error('the pool client cannot carry a statement with the COMMIT');
        return client;
      };
      const memberId = w.memberA1a.memberId!;
      const rename = (fullName: string, carried: string) =>
        ds.transaction(async (em) => {
          await em.query('UPDATE "member" SET "fullName" = $1 WHERE "id" = $2', [fullName, memberId]);
          name(em).withCommit(carried);
        });
      const stored = async () =>
        (
          await ds.query<Array<{ fullName: string }>>('SELECT "fullName" FROM "member" WHERE "id" = $1', [
            memberId,
          ])
        )[0].fullName;

      await rename('Nguyễn Văn Đảng', "SELECT set_config('camket.test', 'x', true)");
      expect(await stored()).toBe('Nguyễn Văn Đảng');
      // The statement fails (division by zero): the COMMIT is not run, TypeORM rolls back.
      await expect(rename('Trần Thị Chi Bộ', 'SELECT 1/0')).rejects.toThrow(/division by zero/);
      expect(await stored()).toBe('Nguyễn Văn Đảng');
      // The connection is clean for the next transaction (nothing carried over).
      await rename('Lê Văn Bình', "SELECT set_config('camket.test', 'y', true)");
      expect(await stored()).toBe('Lê Văn Bình');
    });
  },
);
