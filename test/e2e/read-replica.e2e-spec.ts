import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createCommitment } from '../factories/commitments.js';
import { buildWorld, createMember, World } from '../factories/world.js';
import { freshPostgresDatabase, TestPostgres, testPostgresUrl } from '../setup/postgres.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

/**
 * Reports on a real PostgreSQL streaming replica (docs/SCALING.md, "Read replicas"): a standby made
 * with `pg_basebackup -R` on loopback (.ci/run `start_replica`), named by TEST_REPLICA_URL (its
 * `postgres` database; the test role may pause and resume its replay). Pausing the replay shows
 * which server answered: figures without a write made meanwhile come from the replica.
 */
const baseUrl = testPostgresUrl();
const replicaBase = process.env.TEST_REPLICA_URL?.trim() || null;
if (baseUrl && !replicaBase)
  throw new Error(
    'TEST_REPLICA_URL is required with TEST_DATABASE_URL: a streaming replica of that server ' +
      '(.ci/run start_replica; docs/SCALING.md, "Read replicas")',
  );

const YEAR = 2026;

describe.skipIf(!baseUrl)('reports on a read replica (e2e; PostgreSQL with TEST_REPLICA_URL)', () => {
  let pg: TestPostgres;
  /** Reads on the replica within a lag of an hour. */
  let t: TestApp;
  /** The same database, REPLICA_MAX_LAG_SECONDS=0: never a lagging replica. */
  let strict: TestApp;
  let standby: DataSource;
  let primary: DataSource;
  let w: World;

  const paused = async () =>
    (await standby.query<Array<{ s: string }>>('SELECT pg_get_wal_replay_pause_state() AS s'))[0].s;
  const pause = async () => {
    await standby.query('SELECT pg_wal_replay_pause()');
    while ((await paused()) !== 'paused') await new Promise((r) => setTimeout(r, 20));
  };
  const resume = () => standby.query('SELECT pg_wal_replay_resume()');
  /** Until the replica has replayed everything the primary has flushed (the test's own writes). */
  const caughtUp = async () => {
    const [{ lsn }] = await primary.query<Array<{ lsn: string }>>(
      'SELECT pg_current_wal_flush_lsn()::text AS lsn',
    );
    for (;;) {
      const [{ done }] = await standby.query<Array<{ done: boolean }>>(
        'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
        [lsn],
      );
      if (done) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const overview = async (app: TestApp) => {
    const res = await app
      .http()
      .get(`/api/reports/overview?organizationId=${w.orgs.wardA.id}&year=${YEAR}`)
      .set(w.leaderA.auth);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { members: { total: number }; asOf?: string; replicaLagSeconds?: number };
  };

  beforeAll(async () => {
    pg = (await freshPostgresDatabase(baseUrl))!;
    const name = new URL(pg.url).pathname.slice(1);
    standby = await new DataSource({ type: 'postgres', url: replicaBase!, extra: { max: 1 } }).initialize();
    primary = await new DataSource({ type: 'postgres', url: baseUrl!, extra: { max: 1 } }).initialize();
    const [{ recovering }] = await standby.query<Array<{ recovering: boolean }>>(
      'SELECT pg_is_in_recovery() AS recovering',
    );
    if (!recovering) throw new Error(`TEST_REPLICA_URL (${replicaBase}) is not a standby in recovery`);
    await resume(); // a run that stopped half-way may have left it paused
    // The replica follows the whole cluster: the fresh database appears there once replayed.
    for (;;) {
      const found = await standby.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const replicaUrl = new URL(replicaBase!);
    replicaUrl.pathname = `/${name}`;
    const env = {
      DATABASE_URL: pg.url,
      DATABASE_REPLICA_URLS: replicaUrl.toString(),
      // One secret, so a token from one app works on the other.
      JWT_SECRET: 'bản-sao-đọc-báo-cáo-bí-mật-chung-của-hai-ứng-dụng',
    };
    t = await createTestApp({ ...env, REPLICA_MAX_LAG_SECONDS: '3600' }, [], { database: pg });
    strict = await createTestApp({ ...env, REPLICA_MAX_LAG_SECONDS: '0' }, [], { database: pg });
    w = await buildWorld(t);
  }, 120_000);

  afterAll(async () => {
    if (standby?.isInitialized) {
      await resume();
      await standby.destroy();
    }
    if (primary?.isInitialized) await primary.destroy();
    await strict?.close();
    await t?.close();
    await pg?.drop();
  });

  it('reads a report on the replica: while its replay is paused the figures miss a later write and say how old they are; then current again', async () => {
    await caughtUp();
    const before = await overview(t);
    // Current figures (the replica had replayed everything) state no lag.
    expect(before.members.total).toBe(5);
    expect(before).not.toHaveProperty('asOf');
    expect(before).not.toHaveProperty('replicaLagSeconds');

    await pause();
    try {
      const started = Date.now();
      await createMember(t, w.admin, w.orgs.cellA1.id, 'Nguyễn Thị Hằng');

      const lagging = await overview(t);
      expect(lagging.members.total).toBe(5);
      expect(lagging.replicaLagSeconds).toBeGreaterThan(0);
      expect(Date.parse(lagging.asOf!)).toBeLessThanOrEqual(started);

      // Above REPLICA_MAX_LAG_SECONDS the primary answers, with nothing to state.
      const fromPrimary = await overview(strict);
      expect(fromPrimary.members.total).toBe(6);
      expect(fromPrimary).not.toHaveProperty('replicaLagSeconds');

      // A file states no lag, so it is never computed from a lagging replica.
      const csv = await t
        .http()
        .get(`/api/reports/overview?organizationId=${w.orgs.wardA.id}&year=${YEAR}&format=csv`)
        .set(w.leaderA.auth)
        .expect(200);
      expect(csv.text).toMatch(/Tổng số đảng viên[^\n]*6/);
    } finally {
      await resume();
    }

    // No write since: the lagging answer was not kept in the cache as the figures of these tables.
    await caughtUp();
    const current = await overview(t);
    expect(current.members.total).toBe(6);
    expect(current).not.toHaveProperty('replicaLagSeconds');
  });

  it('keeps what must read its own writes on the primary while the replica is behind: the member reads a new commitment back, generation counts every member', async () => {
    await pause();
    try {
      const c = await createCommitment(t, w.memberA1a);
      const own = await t.http().get(`/api/commitments/${c.id}`).set(w.memberA1a.auth);
      expect(own.status, JSON.stringify(own.body)).toBe(200);
      expect(own.body).toMatchObject({ id: c.id, status: 'draft' });
      const mine = await t.http().get(`/api/commitments?year=${YEAR}`).set(w.memberA1a.auth).expect(200);
      expect(JSON.stringify(mine.body)).toContain(c.id);

      // The cycle exists only on the primary until replay resumes: generation reads there.
      await createMember(t, w.admin, w.orgs.cellA2.id, 'Đỗ Văn Khoa');
      const cycle = await t
        .http()
        .post('/api/evaluation-cycles')
        .set(w.leaderA.auth)
        .send({ organizationId: w.orgs.wardA.id, year: YEAR })
        .expect(201);
      const generated = await t
        .http()
        .post(`/api/evaluation-cycles/${cycle.body.id}/generate`)
        .set(w.leaderA.auth);
      expect(generated.status, JSON.stringify(generated.body)).toBe(200);
      expect(generated.body.result.members).toBe(7);

      const lagging = await overview(t);
      expect(lagging.members.total).toBe(6);
      expect(lagging.replicaLagSeconds).toBeGreaterThan(0);
    } finally {
      await resume();
    }
    await caughtUp();
    expect((await overview(t)).members.total).toBe(7);
  });

  it('answers 401 without a token and 404 out of scope, as on the primary', async () => {
    await t.http().get(`/api/reports/overview?organizationId=${w.orgs.wardA.id}&year=${YEAR}`).expect(401);
    await t
      .http()
      .get(`/api/reports/overview?organizationId=${w.orgs.wardA.id}&year=${YEAR}`)
      .set(w.leaderB.auth)
      .expect(404);
  });
});
