import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommitment, step } from '../factories/commitments.js';
import { buildWorld, login, Login, World } from '../factories/world.js';
import { freshPostgresDatabase, TestPostgres, testPostgresUrl } from '../setup/postgres.js';
import {
  buildIfStale,
  ServerProcess as Server,
  startServer,
  stopServer,
  untilReady,
} from '../setup/server-process.js';
import { ADMIN_PASSWORD, PASSWORD, TestApp } from '../setup/test-app.js';

/**
 * Two real server processes (`node dist/src/main.js`, the built service as `npm start` runs it) on
 * one PostgreSQL database, driven through alternating processes (docs/SCALING.md): each process
 * caches commitments, queues and who a token is, so every check first reads through the other
 * process to fill its cache, then writes through one and reads through the other at once.
 */
const baseUrl = testPostgresUrl();

/** What the factories need of an app: its HTTP client. */
const asApp = (s: Server) => ({ http: () => request(s.url) }) as unknown as TestApp;

describe.skipIf(!baseUrl)(
  'two server processes on one PostgreSQL database (e2e; runs with TEST_DATABASE_URL)',
  () => {
    let pg: TestPostgres;
    let a: Server;
    let b: Server;
    let w: World;
    let env: Record<string, string>;
    const A = () => request(a.url);
    const B = () => request(b.url);

    beforeAll(async () => {
      buildIfStale();
      pg = (await freshPostgresDatabase(baseUrl))!;
      env = {
        NODE_ENV: 'test',
        DATABASE_URL: pg.url,
        JWT_SECRET: 'hai-tiến-trình-một-cơ-sở-dữ-liệu-bí-mật-chung',
        ADMIN_PASSWORD,
        LOG_LEVEL: 'warn',
        LOGIN_MAX_FAILURES_PER_IP: '10000',
        DOCS_ENABLED: 'false',
        // Both schedulers run the reminders every two seconds, so their runs meet.
        REMINDERS_CRON: '*/2 * * * * *',
      };
      // Started together: the migrations run once, under an advisory lock.
      [a, b] = await Promise.all([startServer('A', env), startServer('B', env)]);
      await Promise.all([untilReady(a), untilReady(b)]);
      w = await buildWorld(asApp(a));
    }, 600_000);

    afterAll(async () => {
      for (const s of [a, b]) await stopServer(s);
      await pg?.drop();
    }, 60_000);

    const view = async (http: () => request.Agent | ReturnType<typeof request>, as: Login, id: string) => {
      const res = await http().get(`/api/commitments/${id}`).set(as.auth);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { status: string; version: number };
    };
    const queueIds = async (http: () => ReturnType<typeof request>, as: Login) => {
      const res = await http().get('/api/commitments/queue').set(as.auth);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return JSON.stringify(res.body);
    };

    it('reads its own submit, accept and feedback through the other process at once, and the queue follows', async () => {
      const c = await createCommitment(asApp(a), w.memberA1a);
      // B and A both hold the draft and the queue without it in their caches.
      expect((await view(B, w.memberA1a, c.id)).status).toBe('draft');
      expect(await queueIds(B, w.secretaryA1)).not.toContain(c.id);
      expect((await view(A, w.memberA1a, c.id)).status).toBe('draft');

      const submitted = await step(asApp(a), w.memberA1a, c.id, 'submit');
      expect(await view(B, w.memberA1a, c.id)).toMatchObject({
        status: 'submitted',
        version: submitted.version,
      });
      const seenByB = await view(B, w.secretaryA1, c.id);
      expect(seenByB).toMatchObject({ status: 'submitted', version: submitted.version });
      expect(await queueIds(B, w.secretaryA1)).toContain(c.id);

      // The secretary accepts through B with the version B showed; the member reads it through A.
      const accepted = await step(asApp(b), w.secretaryA1, c.id, 'accept', {
        version: seenByB.version,
        comment: 'Đồng ý, nội dung cụ thể',
      });
      expect(await view(A, w.memberA1a, c.id)).toMatchObject({
        status: 'accepted',
        version: accepted.version,
      });
      expect(await queueIds(A, w.secretaryA1)).not.toContain(c.id);

      // Feedback written through A is read through B, whose list was cached before.
      const before = await B().get(`/api/commitments/${c.id}/feedback`).set(w.memberA1a.auth).expect(200);
      await A()
        .post(`/api/commitments/${c.id}/feedback`)
        .set(w.secretaryA1.auth)
        .send({ content: 'Đồng chí Trần Thị Đào cần nêu rõ thời hạn từng chỉ tiêu', kind: 'comment' })
        .expect(201);
      const after = await B().get(`/api/commitments/${c.id}/feedback`).set(w.memberA1a.auth).expect(200);
      expect(JSON.stringify(after.body)).toContain('cần nêu rõ thời hạn');
      expect(JSON.stringify(before.body)).not.toContain('cần nêu rõ thời hạn');
    });

    it('ends a token on every process at once when it logs out through one', async () => {
      const me = await A().get('/api/auth/me').set(w.memberB1.auth).expect(200);
      const s = await login(asApp(b), me.body.username);
      await A().get('/api/auth/me').set(s.auth).expect(200);
      await B().get('/api/auth/me').set(s.auth).expect(200);
      await A().post('/api/auth/logout').set(s.auth).expect(204);
      await B().get('/api/auth/me').set(s.auth).expect(401);
      await A().get('/api/auth/me').set(s.auth).expect(401);
    });

    it('applies a role change on every process at once', async () => {
      // The bulk accept needs commitment.review: with it an empty body is refused by validation
      // (400), without it by the guard (403).
      const review = (via: () => ReturnType<typeof request>, as: Login) =>
        via().post('/api/commitments/accept').set(as.auth).send({});
      const username = (await A().get('/api/auth/me').set(w.secretaryB1.auth)).body.username as string;
      const sec = await login(asApp(a), username);
      await review(B, sec).expect(400);
      await review(A, sec).expect(400);
      const user = await A().get(`/api/users/${sec.userId}`).set(w.admin.auth).expect(200);
      await A()
        .patch(`/api/users/${sec.userId}`)
        .set(w.admin.auth)
        .send({ version: user.body.version, roles: [] })
        .expect(200);
      // A role change ends the account's sessions (API.md): the old token stops on both at once,
      // and a new session carries the new roles on both.
      await review(B, sec).expect(401);
      await review(A, sec).expect(401);
      const again = await login(asApp(b), username);
      await review(A, again).expect(403);
      await review(B, again).expect(403);
    });

    it('reaches the login limit at the same count as one process, however the attempts are spread', async () => {
      const me = await A().get('/api/auth/me').set(w.memberA2.auth).expect(200);
      const username = me.body.username as string;
      // LOGIN_MAX_FAILURES_PER_ACCOUNT_IP is 5: five wrong passwords, alternating, then the sixth attempt is refused.
      for (let i = 0; i < 5; i++) {
        const via = i % 2 === 0 ? A : B;
        await via().post('/api/auth/login').send({ username, password: 'sai-mật-khẩu-01' }).expect(401);
      }
      const refused = await B().post('/api/auth/login').send({ username, password: PASSWORD }).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await A().post('/api/auth/login').send({ username, password: PASSWORD }).expect(429);
    });

    it('creates one reminder per member per day with both schedulers running', async () => {
      // Registration reminders up to 60 days before each deadline, for the whole city.
      await A()
        .put(`/api/notifications/settings/${w.orgs.city.id}`)
        .set(w.admin.auth)
        .send({ registrationLeadDays: 60 })
        .expect(200);
      type Item = { kind: string; title: string; entityId: string | null; createdAt: string };
      const reminders = async (via: () => ReturnType<typeof request>, as: Login) =>
        (
          (await via().get('/api/notifications?pageSize=200').set(as.auth).expect(200)).body.items as Item[]
        ).filter((n) => n.kind.startsWith('reminder.'));
      // Wait for a run (every two seconds in each process), then for several more runs of both.
      for (let i = 0; ; i++) {
        if ((await reminders(i % 2 ? A : B, w.memberB1)).length > 0) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, 7_000));
      for (const [i, who] of [w.memberA1b, w.memberA2, w.memberB1, w.secretaryA1].entries()) {
        const got = await reminders(i % 2 ? A : B, who);
        expect(got.length).toBeGreaterThan(0);
        const keys = got.map((n) => `${n.kind} ${n.entityId} ${n.title} ${n.createdAt.slice(0, 10)}`);
        expect(new Set(keys).size).toBe(keys.length);
      }
      const log = [...a.output, ...b.output].join('');
      expect(log).not.toContain('Reminders failed');
    }, 120_000);

    it('serves with WORKERS=2 (node:cluster) on the same database and stops them all on SIGTERM', async () => {
      const c = await startServer('C', { ...env, WORKERS: '2', REMINDERS_CRON: '0 0 7 * * *' });
      try {
        await untilReady(c);
        const children = () =>
          readFileSync('/proc/' + String(c.child.pid) + '/task/' + String(c.child.pid) + '/children', 'utf8')
            .trim()
            .split(/\s+/)
            .filter(Boolean);
        expect(children()).toHaveLength(2);
        // The workers share the port and the caches' channel: a session begun on A works on C.
        const s = await login(asApp(a), (await A().get('/api/auth/me').set(w.memberA1b.auth)).body.username);
        for (let i = 0; i < 4; i++) await request(c.url).get('/api/auth/me').set(s.auth).expect(200);
        await A().post('/api/auth/logout').set(s.auth).expect(204);
        for (let i = 0; i < 4; i++) await request(c.url).get('/api/auth/me').set(s.auth).expect(401);
      } finally {
        expect(await stopServer(c)).toBe(0);
      }
    }, 120_000);
  },
);
