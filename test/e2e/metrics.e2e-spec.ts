import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createOrg, createUser, login, loginAdmin, Login } from '../factories/world.js';
import { sample } from '../setup/prometheus.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const TOKEN = 'prometheus-doc-so-lieu-0123456789abcdef-ABCDEF';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('GET /metrics is closed unless configured (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers the API 404 without METRICS_TOKEN or METRICS_ALLOW, to Prometheus and to a browser alike', async () => {
    const res = await t.http().get('/metrics').expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    await t.http().get('/metrics').set('Accept', 'text/html').expect(404);
    await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
  });
});

describe('GET /metrics with METRICS_TOKEN (e2e)', () => {
  let t: TestApp;
  let member: Login;

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: TOKEN });
    const admin = await loginAdmin(t);
    const ward = await createOrg(t, admin, {
      name: 'Đảng bộ phường Kim Mã',
      kind: 'committee',
      isGrassroots: true,
      parentId: null,
    });
    const cell = await createOrg(t, admin, {
      name: 'Chi bộ khu dân cư số 3',
      kind: 'cell',
      isGrassroots: false,
      parentId: ward.id,
    });
    const person = await createMember(t, admin, cell.id, 'Lê Văn Thắng');
    member = await login(t, (await createUser(t, admin, { memberId: person.id, roles: [] })).username);
  });
  afterAll(() => t.close());

  it('refuses a missing or wrong token with 401 and the API error envelope', async () => {
    const missing = await t.http().get('/metrics').expect(401);
    expect(missing.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
    // A user's access token is not the metrics token.
    await t.http().get('/metrics').set(member.auth).expect(401);
  });

  it('reports latency per route pattern (no ids in labels), answers by status, caches, database and event loop', async () => {
    for (let i = 0; i < 3; i++)
      await t.http().get(`/api/members/${member.memberId}`).set(member.auth).expect(200);
    await t
      .http()
      .get(`/api/members/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)
      .set(member.auth)
      .expect(404);
    await t.http().get('/api/khong-co-duong-nay').expect(404);

    const res = await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    const text = res.text;
    const route = { method: 'GET', route: '/api/members/:id' };
    expect(sample(text, 'http_request_duration_seconds_count', { ...route, status_code: '200' })).toBe(3);
    expect(
      sample(text, 'http_request_duration_seconds_bucket', { ...route, status_code: '200', le: '+Inf' }),
    ).toBe(3);
    expect(sample(text, 'http_requests_total', { ...route, status_code: '200' })).toBe(3);
    expect(sample(text, 'http_requests_total', { ...route, status_code: '404' })).toBe(1);
    expect(
      sample(text, 'http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' }),
    ).toBe(1);
    expect(text).not.toMatch(UUID);
    expect(text).not.toContain('khong-co-duong-nay');

    // The member's token was verified once and then answered from the ActorCache.
    expect(
      sample(text, 'camket_cache_requests_total', { cache: 'actor', result: 'hit' }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(text, 'camket_cache_requests_total', { cache: 'actor', result: 'miss' }),
    ).toBeGreaterThanOrEqual(1);
    for (const cache of ['read', 'report'])
      expect(sample(text, 'camket_cache_requests_total', { cache, result: 'miss' })).toBeGreaterThanOrEqual(
        0,
      );
    if (t.config.database.type === 'postgres') {
      expect(sample(text, 'camket_db_pool_connections')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'camket_db_pool_waiting')).toBe(0);
      expect(sample(text, 'camket_sqlite_lock_waiting')).toBeUndefined();
    } else {
      expect(sample(text, 'camket_sqlite_lock_waiting')).toBe(0);
      expect(sample(text, 'camket_db_pool_connections')).toBeUndefined();
    }
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('counts a report answered from the ReportCache as a hit', async () => {
    const admin = await loginAdmin(t);
    const year = new Date().getFullYear();
    const orgs = await t.http().get('/api/organizations').set(admin.auth).expect(200);
    const orgId = (orgs.body.items ?? orgs.body)[0].id as string;
    const before = await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    const hits = sample(before.text, 'camket_cache_requests_total', { cache: 'report', result: 'hit' }) ?? 0;
    for (let i = 0; i < 2; i++)
      await t
        .http()
        .get(`/api/reports/overview`)
        .query({ organizationId: orgId, year })
        .set(admin.auth)
        .expect(200);
    const after = await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(sample(after.text, 'camket_cache_requests_total', { cache: 'report', result: 'hit' })).toBe(
      hits + 1,
    );
  });
});

describe('GET /metrics with METRICS_ALLOW=loopback (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_ALLOW: 'loopback', TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('lets this machine in without a token and refuses another address with 403', async () => {
    const res = await t.http().get('/metrics').expect(200);
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    // Through the trusted proxy on this machine, for a client elsewhere.
    const remote = await t.http().get('/metrics').set('X-Forwarded-For', '203.0.113.7').expect(403);
    expect(remote.body).toMatchObject({ code: 'FORBIDDEN' });
    await t.http().get('/metrics').set('Authorization', 'Bearer doan-bua').expect(401);
  });
});
