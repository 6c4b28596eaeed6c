import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { Database } from '../../src/common/database.service.js';
import { buildWorld, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const ACTION = 'concurrency.test';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Rollback extends Error {}

describe('concurrent writes on the shared SQLite connection (e2e)', () => {
  let t: TestApp;
  let db: Database;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(Database);
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  // The first bound parameter in the engine's dialect (the suite also runs on PostgreSQL).
  const p1 = () => (db.isSqlite ? '?' : '$1');
  const countRows = (ids: string[]) =>
    db.read(async (em) => {
      const rows: Array<{ entityId: string; n: number }> = await em.query(
        `SELECT "entityId", COUNT(*) AS n FROM audit_entry WHERE action = ${p1()} GROUP BY "entityId"`,
        [ACTION],
      );
      return new Map(rows.filter((r) => ids.includes(r.entityId)).map((r) => [r.entityId, Number(r.n)]));
    });

  it('commits exactly the transactions that succeed out of 50 concurrent ones, and no read sees a half-done one', async () => {
    const jobs = Array.from({ length: 50 }, (_, i) => ({ id: randomUUID(), fails: i % 3 === 0 }));
    const ids = jobs.map((j) => j.id);
    const failed = new Set<string>(jobs.filter((j) => j.fails).map((j) => j.id));
    const insert = (em: Parameters<Parameters<Database['transaction']>[0]>[0], id: string, step: number) =>
      em.insert(AuditEntry, {
        action: ACTION,
        entityType: 'probe',
        entityId: id,
        changes: JSON.stringify({ step }),
      });

    const writes = jobs.map((job, i) =>
      db.transaction(async (em) => {
        await insert(em, job.id, 1);
        await pause(i % 4); // give every other job the chance to interleave
        await insert(em, job.id, 2);
        if (job.fails) throw new Rollback(`job ${i} rolls back`);
        return job.id;
      }),
    );
    const anomalies: string[] = [];
    const reads = Array.from({ length: 50 }, async (_, i) => {
      await pause(i % 7);
      const seen = await countRows(ids);
      for (const [id, n] of seen) {
        if (failed.has(id)) anomalies.push(`read ${i} saw rows of a rolled-back transaction`);
        else if (n !== 2) anomalies.push(`read ${i} saw ${n} of 2 rows of a transaction`);
      }
    });

    const results = await Promise.allSettled(writes);
    await Promise.all(reads);

    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    expect(
      errors.every((e) => e instanceof Rollback),
      errors.map((e) => e.message).join('\n'),
    ).toBe(true);
    expect(errors.map((e) => e.message).join()).not.toMatch(/within a transaction/);
    expect(errors).toHaveLength(failed.size);
    expect(anomalies).toEqual([]);

    const final = await countRows(ids);
    expect([...final.keys()].sort()).toEqual(ids.filter((id) => !failed.has(id)).sort());
    expect([...final.values()].every((n) => n === 2)).toBe(true);
  });

  it('holds a read until a concurrent write has committed or rolled back', async () => {
    const id = randomUUID();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const started = new Promise<void>((r) => (inserted = r));
    const write = db.transaction(async (em) => {
      await em.insert(AuditEntry, { action: ACTION, entityType: 'probe', entityId: id });
      inserted();
      await gate;
      throw new Rollback('never commits');
    });
    await started;
    let readDone = false;
    const read = countRows([id]).then((m) => {
      readDone = true;
      return m;
    });
    await pause(20);
    // SQLite: the lock holds the read. PostgreSQL: MVCC lets it run, without the uncommitted row.
    if (db.isSqlite) expect(readDone).toBe(false);
    release();
    await expect(write).rejects.toBeInstanceOf(Rollback);
    expect((await read).get(id)).toBeUndefined();
  });

  it('runs a read or a transaction started inside a transaction in that transaction instead of deadlocking', async () => {
    const id = randomUUID();
    const outcome = await Promise.race([
      db.transaction(async (em) => {
        await em.insert(AuditEntry, { action: ACTION, entityType: 'probe', entityId: id });
        const seen = await db.read((inner) =>
          inner.query(`SELECT COUNT(*) AS n FROM audit_entry WHERE "entityId" = ${p1()}`, [id]),
        );
        await db.transaction((inner) =>
          inner.insert(AuditEntry, { action: ACTION, entityType: 'probe', entityId: id }),
        );
        return Number(seen[0].n);
      }),
      pause(3000).then(() => 'deadlock'),
    ]);
    expect(outcome).toBe(1);
    expect((await countRows([id])).get(id)).toBe(2);
  });

  it('runs a read nested in a read in place even while a writer waits, and refuses a transaction inside a read', async () => {
    let entered!: () => void;
    const inRead = new Promise<void>((r) => (entered = r));
    let writerGo!: () => void;
    const writerQueued = new Promise<void>((r) => (writerGo = r));
    const outer = db.read(async (em) => {
      entered();
      await writerQueued; // a writer is now waiting for this read to finish
      const inner = await db.read((e) => e.query('SELECT 1 AS one'));
      await expect(db.transaction(async () => 1)).rejects.toThrow(/inside Database.read/);
      return Number(inner[0].one) + Number((await em.query('SELECT 1 AS one'))[0].one);
    });
    await inRead;
    // started outside the read, so it queues behind it on the lock
    const writer = db.transaction((em) =>
      em.insert(AuditEntry, { action: ACTION, entityType: 'probe', entityId: randomUUID() }),
    );
    writerGo();
    const outcome = await Promise.race([outer, pause(3000).then(() => 'deadlock')]);
    expect(outcome).toBe(2);
    await writer;
  });

  it('keeps a unit of work in its context while others finish around it, and again after none was open', async () => {
    // The context is switched off whenever no unit of work is open (database.service.ts).
    let holdOuter!: () => void;
    const outerHeld = new Promise<void>((r) => (holdOuter = r));
    let entered!: () => void;
    const inOuter = new Promise<void>((r) => (entered = r));
    const outer = db.read(async () => {
      entered();
      await outerHeld; // another read starts and finishes meanwhile, and a writer queues
      return db.read((e) => e.query('SELECT 1 AS one')); // in place: the writer waits for this read
    });
    await inOuter;
    await db.read((e) => e.query('SELECT 1 AS one'));
    const writer = db.transaction(async (em) => {
      await em.insert(AuditEntry, { action: ACTION, entityType: 'probe', entityId: randomUUID() });
      await pause(5);
      return db.inTransaction && (await db.read(async () => db.inTransaction));
    });
    holdOuter();
    expect(await Promise.race([outer.then((r) => r.length), pause(3000).then(() => 'deadlock')])).toBe(1);
    expect(await writer).toBe(true);
    expect(db.inTransaction).toBe(false);
    // Nothing is open now: the next transaction switches the context on again.
    expect(
      await db.transaction(async () => (await db.read(async () => db.inTransaction)) && db.inTransaction),
    ).toBe(true);
    expect(db.inTransaction).toBe(false);
  });

  it('rolls back the inner work of a nested transaction with the outer one', async () => {
    const id = randomUUID();
    await expect(
      db.transaction(async () => {
        await db.transaction((inner) =>
          inner.insert(AuditEntry, { action: ACTION, entityType: 'probe', entityId: id }),
        );
        throw new Rollback('outer fails');
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect((await countRows([id])).get(id)).toBeUndefined();
  });

  it('serves 50 concurrent HTTP writes, some refused, with exactly the accepted rows stored', async () => {
    const before = (
      await t.http().get(`/api/members?organizationId=${w.orgs.cellA2.id}`).set(w.leaderA.auth).expect(200)
    ).body.total;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t
          .http()
          .post('/api/members')
          .set(w.leaderA.auth)
          // every fifth request reuses a card number: one of each group wins, the others answer 409
          .send({
            fullName: `Đảng viên đồng thời số ${i}`,
            cellId: w.orgs.cellA2.id,
            status: 'official',
            partyCardNumber: i % 5 === 0 ? '55550000' : `5555${String(i).padStart(4, '0')}`,
          }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const created = statuses.filter((s) => s === 201).length;
    expect(created).toBe(41); // 40 distinct card numbers plus one winner of the shared one
    const after = (
      await t.http().get(`/api/members?organizationId=${w.orgs.cellA2.id}`).set(w.leaderA.auth).expect(200)
    ).body.total;
    expect(after - before).toBe(created);
    const audit = await t
      .http()
      .get('/api/audit-log?action=member.create&pageSize=200')
      .set(w.leaderA.auth)
      .expect(200);
    const names = audit.body.items.map((a: { changes: { fullName: string } }) => a.changes.fullName);
    expect(names.filter((n: string) => n.startsWith('Đảng viên đồng thời')).length).toBe(created);
  });
});
