import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordHasher } from '../../src/auth/passwords.js';
import { loadScaleData, ScaleLoad, ScaleSeedRefused } from '../../src/cli/seed-scale/load.js';
import { setAsideForBulkLoad } from '../../src/cli/seed-scale/postgres-bulk-load.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const PASSWORD = 'Mật-khẩu-tỉnh-2026';
const OPTIONS = { members: 120, year: 2026, seed: 42, password: PASSWORD };

/**
 * `npm run seed:scale` loads its data set through loadScaleData, on SQLite and (npm run test:pg) on
 * PostgreSQL, where the tables' foreign keys and secondary indexes are set aside for the load and
 * made again inside the same transaction: the schema after is the schema before.
 */
describe('seed:scale loading (e2e)', () => {
  let t: TestApp;
  let ds: DataSource;
  let postgres: boolean;
  let schemaBefore: string[];
  let load: ScaleLoad;

  /** Every constraint and index of the schema, as the engine defines it. */
  const schema = async (): Promise<string[]> => {
    const rows = await ds.query<Array<{ d: string }>>(
      postgres
        ? `SELECT "c"."relname" || ' ' || "k"."conname" || ' ' || pg_get_constraintdef("k"."oid") AS "d"
             FROM "pg_constraint" "k" JOIN "pg_class" "c" ON "c"."oid" = "k"."conrelid"
            WHERE "c"."relnamespace" = current_schema()::regnamespace
           UNION ALL
           SELECT pg_get_indexdef("indexrelid") FROM "pg_index" "i" JOIN "pg_class" "c" ON "c"."oid" = "i"."indrelid"
            WHERE "c"."relnamespace" = current_schema()::regnamespace`
        : `SELECT "type" || ' ' || "name" || ' ' || COALESCE("sql", '') AS "d" FROM "sqlite_master"`,
    );
    return rows.map((r) => r.d).sort();
  };
  const count = async (table: string) =>
    Number((await ds.query<Array<{ n: string }>>(`SELECT COUNT(*) AS "n" FROM "${table}"`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    ds = t.app.get(DataSource);
    postgres = ds.options.type === 'postgres';
    schemaBefore = await schema();
    const hash = await t.app.get(PasswordHasher).hash(PASSWORD);
    const seen: number[] = [];
    load = await loadScaleData(ds, OPTIONS, hash, (members) => seen.push(members));
    expect(seen.at(-1)).toBe(OPTIONS.members);
  }, 120_000);
  afterAll(() => t.close());

  it('stores what it counts, and its logins work', async () => {
    expect(load.counts.members).toBe(OPTIONS.members);
    expect(await count('member')).toBe(OPTIONS.members);
    expect(await count('commitment')).toBe(load.counts.commitments);
    expect(await count('commitment_item')).toBe(load.counts.items);
    expect(await count('meeting')).toBe(load.counts.meetings);
    expect(load.counts.items).toBeGreaterThan(load.counts.commitments);
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'dv0000001', password: PASSWORD })
      .expect(200);
    const cell = await t
      .http()
      .get('/api/commitments?year=2026&periodType=yearly')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
    // The first cell's secretary sees the yearly commitments of their cell's members, no others.
    expect(cell.body.total).toBeGreaterThan(10);
    expect(cell.body.total).toBeLessThan(40);
  });

  it('leaves every constraint and index as the migrations made them', async () => {
    expect(await schema()).toEqual(schemaBefore);
    if (postgres) expect(load.rebuilt?.count).toBeGreaterThan(20);
    else expect(load.rebuilt).toBeUndefined();
  });

  it('refuses a database that has organisations and writes nothing', async () => {
    const members = await count('member');
    const hash = await t.app.get(PasswordHasher).hash(PASSWORD);
    await expect(loadScaleData(ds, { ...OPTIONS, seed: 7 }, hash)).rejects.toBeInstanceOf(ScaleSeedRefused);
    expect(await count('member')).toBe(members);
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'on PostgreSQL, fails on a broken foreign key when making it again and rolls the schema back',
    async () => {
      const qr = ds.createQueryRunner();
      try {
        await qr.startTransaction();
        const bulk = await setAsideForBulkLoad(qr, ['commitment_item']);
        expect(bulk.count).toBeGreaterThan(0);
        // An item whose commitment does not exist: no check stops it while the keys are set aside.
        const [item] = (await qr.query(`SELECT * FROM "commitment_item" LIMIT 1`)) as Array<
          Record<string, unknown>
        >;
        const columns = Object.keys(item);
        await qr.query(
          `INSERT INTO "commitment_item" (${columns.map((c) => `"${c}"`).join(', ')})
           VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          columns.map((c) =>
            c === 'id'
              ? '00000000-0000-4000-8000-00000000beef'
              : c === 'commitmentId'
                ? '00000000-0000-4000-8000-00000000dead'
                : item[c],
          ),
        );
        await expect(bulk.restore()).rejects.toMatchObject({ driverError: { code: '23503' } });
        await qr.rollbackTransaction();
      } finally {
        await qr.release();
      }
      expect(await schema()).toEqual(schemaBefore);
      expect(await count('commitment_item')).toBe(load.counts.items);
    },
  );

  it('refuses to set anything aside outside a transaction', async () => {
    const qr = ds.createQueryRunner();
    try {
      await expect(setAsideForBulkLoad(qr, ['commitment_item'])).rejects.toThrow(/transaction/);
    } finally {
      await qr.release();
    }
    expect(await schema()).toEqual(schemaBefore);
  });
});
