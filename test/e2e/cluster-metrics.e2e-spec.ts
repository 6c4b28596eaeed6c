import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, TestPostgres, testPostgresUrl } from '../setup/postgres.js';
import { sample } from '../setup/prometheus.js';
import { buildIfStale, ServerProcess, startServer, stopServer, untilReady } from '../setup/server-process.js';
import { ADMIN_PASSWORD } from '../setup/test-app.js';

/**
 * `WORKERS=2 node dist/src/main.js` (node:cluster) with METRICS_TOKEN: a scrape of /metrics, whichever
 * worker answers it, reports every worker's counts summed by the primary (src/metrics/cluster-metrics.ts).
 * Each request is sent on a connection of its own, which the primary hands to the workers in turn;
 * the JSON request log (one line per request, with the worker's pid) shows which worker served
 * what. PostgreSQL only: SQLite refuses more than one worker.
 */
const baseUrl = testPostgresUrl();
const TOKEN = 'prometheus-cum-tien-trinh-0123456789abcdef-XYZ';

interface RequestLine {
  pid: number;
  msg: string;
  method: string;
  route: string | null;
  status: number;
}

/** The request lines the workers logged so far (pino JSON, one per answer). */
function requestLines(s: ServerProcess): RequestLine[] {
  return s.output
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as RequestLine)
    .filter((line) => line.msg === 'request');
}

/** Waits until `count` request lines for `route` have been logged (each is written once its answer is sent). */
async function served(s: ServerProcess, route: string, count: number): Promise<RequestLine[]> {
  for (;;) {
    const lines = requestLines(s).filter((l) => l.route === route);
    if (lines.length >= count) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!baseUrl)(
  'GET /metrics under WORKERS=2 sums every worker (e2e; PostgreSQL only, runs with TEST_DATABASE_URL: SQLite refuses more than one worker)',
  () => {
    let pg: TestPostgres;
    let c: ServerProcess;
    /** A request on a connection of its own, so the primary hands it to the next worker. */
    const http = () => request(c.url);
    const scrape = () =>
      http().get('/metrics').set('Connection', 'close').set('Authorization', `Bearer ${TOKEN}`);

    beforeAll(async () => {
      buildIfStale();
      pg = (await freshPostgresDatabase(baseUrl))!;
      c = await startServer('WORKERS=2', {
        NODE_ENV: 'test',
        DATABASE_URL: pg.url,
        JWT_SECRET: 'số-liệu-của-cả-cụm-tiến-trình-bí-mật-chung-2026',
        ADMIN_PASSWORD,
        WORKERS: '2',
        METRICS_TOKEN: TOKEN,
        LOG_LEVEL: 'log',
        LOG_FORMAT: 'json',
        DOCS_ENABLED: 'false',
        REMINDERS_CRON: '0 0 7 * * *',
      });
      await untilReady(c);
    }, 600_000);

    // A failure shows what the primary and the workers said (Nest's start-up lines left out).
    beforeEach(({ onTestFailed }) =>
      onTestFailed(() =>
        console.error(
          c.output
            .join('')
            .split('\n')
            .filter((line) => !/InstanceLoader|RoutesResolver|RouterExplorer/.test(line))
            .join('\n'),
        ),
      ),
    );

    afterAll(async () => {
      await stopServer(c);
      await pg?.drop();
    }, 60_000);

    it('counts each request once, whichever worker served it and whichever worker is scraped', async () => {
      const login = await http()
        .post('/api/auth/login')
        .set('Connection', 'close')
        .send({ username: 'admin', password: ADMIN_PASSWORD })
        .expect(200);
      const auth = { Authorization: `Bearer ${login.body.accessToken as string}` };
      for (let i = 0; i < 12; i++)
        await http().get('/api/auth/me').set('Connection', 'close').set(auth).expect(200);
      for (let i = 0; i < 4; i++) await http().get('/api/auth/me').set('Connection', 'close').expect(401);

      const lines = await served(c, '/api/auth/me', 16);
      expect(lines).toHaveLength(16);
      const pids = new Set(lines.map((l) => l.pid));
      // Both workers served some of them: neither worker's own registry holds all sixteen.
      expect(pids.size).toBe(2);
      expect(pids.has(c.child.pid!)).toBe(false);

      // Scrape until both workers have answered a scrape; every answer holds the whole cluster's counts.
      const me = { method: 'GET', route: '/api/auth/me' };
      const scrapers = new Set<number>();
      for (let scrapes = 1; scrapers.size < 2; scrapes++) {
        const res = await scrape().expect(200);
        expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
        const text = res.text;
        expect(sample(text, 'http_requests_total', { ...me, status_code: '200' })).toBe(12);
        expect(sample(text, 'http_requests_total', { ...me, status_code: '401' })).toBe(4);
        expect(sample(text, 'http_request_duration_seconds_count', { ...me, status_code: '200' })).toBe(12);
        expect(
          sample(text, 'http_request_duration_seconds_bucket', { ...me, status_code: '200', le: '+Inf' }),
        ).toBe(12);
        expect(
          sample(text, 'http_requests_total', {
            method: 'POST',
            route: '/api/auth/login',
            status_code: '200',
          }),
        ).toBe(1);
        // The scrapes before this one, counted once each (a scrape is counted after it is answered).
        expect(
          sample(text, 'http_requests_total', { method: 'GET', route: '/metrics', status_code: '200' }) ?? 0,
        ).toBe(scrapes - 1);
        // Each worker holds at least one pooled connection: the gauge is the sum of both.
        expect(sample(text, 'camket_db_pool_connections')).toBeGreaterThanOrEqual(2);
        const scraped = await served(c, '/metrics', scrapes);
        scrapers.add(scraped[scrapes - 1].pid);
      }
    });

    it('refuses a scrape without the token on every worker', async () => {
      for (let i = 0; i < 2; i++) {
        const res = await http().get('/metrics').set('Connection', 'close').expect(401);
        expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
      }
    });
  },
);
