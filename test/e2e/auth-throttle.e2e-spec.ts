import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createOrg, createUser, login, loginAdmin } from '../factories/world.js';
import { createTestApp, PASSWORD, TestApp } from '../setup/test-app.js';
import { dbFingerprint } from '../trust/db-fingerprint.js';
import { call, isErrorEnvelope } from '../trust/inject.js';

/** One account of a member of a cell (Chi bộ) of a ward committee (Đảng bộ phường). */
async function memberAccount(t: TestApp, fullName: string): Promise<string> {
  const admin = await loginAdmin(t);
  const ward = await createOrg(t, admin, {
    name: 'Đảng bộ phường Hội Hợp',
    kind: 'committee',
    isGrassroots: true,
    parentId: null,
  });
  const cell = await createOrg(t, admin, {
    name: 'Chi bộ tổ dân phố Đồng Tâm',
    kind: 'cell',
    isGrassroots: false,
    parentId: ward.id,
  });
  const member = await createMember(t, admin, cell.id, fullName);
  return (await createUser(t, admin, { memberId: member.id, roles: [] })).username;
}

const WRONG = 'sai-mật-khẩu-đoán-mò';

describe('login throttling per account and address, with the shipped limits (e2e)', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    // the shipped per-address limit too (test-app raises it for the other files)
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_IP: '20' });
    owner = await memberAccount(t, 'Nguyễn Thị Hằng');
  });
  afterAll(() => t.close());

  const attempt = (password: string, remoteAddress: string, username = owner) =>
    call(t.app, { method: 'POST', url: '/api/auth/login', body: { username, password }, remoteAddress });

  it('refuses the guessing address while the owner signs in from another; past the account ceiling everyone waits', async () => {
    // the defaults (LOGIN_MAX_FAILURES_PER_ACCOUNT_IP, LOGIN_MAX_FAILURES_PER_ACCOUNT; config.spec.ts)
    const [pair, ceiling] = [5, 25];
    const guesses: number[] = [];
    for (let i = 0; i < pair; i++) guesses.push((await attempt(WRONG, '198.51.100.7')).status);
    expect(guesses).toEqual(Array(pair).fill(401));
    const before = await dbFingerprint(t.app);
    const refused = [await attempt(WRONG, '198.51.100.7'), await attempt(PASSWORD, '198.51.100.7')];
    for (const res of refused) {
      expect(res.status).toBe(429);
      expect(isErrorEnvelope(res.body, 429)).toBe(true);
      expect(res.body.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(await dbFingerprint(t.app)).toEqual(before);
    // the owner, from their own device
    expect((await attempt(PASSWORD, '192.0.2.10')).status).toBe(200);
    // A guesser spread over ceiling / pair addresses reaches the account's ceiling: then the owner
    // waits too (the price of bounding guesses per account; see docs/SECURITY.md).
    for (let a = 0; a < ceiling / pair; a++)
      for (let i = 0; i < pair; i++) expect((await attempt(WRONG, `203.0.113.${a + 1}`)).status).toBe(401);
    const owner2 = await attempt(PASSWORD, '192.0.2.11');
    expect(owner2.status).toBe(429);
    // another account is not touched
    const other = await memberAccount(t, 'Trần Văn Bình');
    expect((await attempt(PASSWORD, '203.0.113.1', other)).status).toBe(200);
  });
});

describe('change-password is throttled like login (e2e)', () => {
  let t: TestApp;
  let username: string;
  beforeAll(async () => {
    t = await createTestApp();
    username = await memberAccount(t, 'Lê Thị Mai');
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After after the allowed wrong current passwords, even for the right one, and stores nothing', async () => {
    const s = await login(t, username);
    const change = (currentPassword: string) =>
      t
        .http()
        .post('/api/auth/change-password')
        .set(s.auth)
        .send({ currentPassword, newPassword: 'Mật khẩu mới của chi bộ 2026' });
    for (let i = 0; i < 5; i++) {
      const res = await change(`${WRONG}-${i}`).expect(403);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
    const before = await dbFingerprint(t.app);
    const res = await change(PASSWORD).expect(429);
    expect(res.body.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(await dbFingerprint(t.app)).toEqual(before);
    // the same count as login: this address cannot switch to guessing through /auth/login
    await t.http().post('/api/auth/login').send({ username, password: PASSWORD }).expect(429);
    // the failures are in the audit log, and the session goes on
    const audit = await t
      .http()
      .get('/api/audit-log?action=auth.password_change_failed')
      .set((await loginAdmin(t)).auth)
      .expect(200);
    expect(audit.body.total).toBe(5);
    await t.http().get('/api/auth/me').set(s.auth).expect(200);
  });
});

describe('behind a reverse proxy (TRUST_PROXY) (e2e)', () => {
  let t: TestApp;
  let owner: string;
  const PROXY = '10.0.0.2';
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: `${PROXY},127.0.0.1` });
    owner = await memberAccount(t, 'Phạm Quốc Khánh');
  });
  afterAll(() => t.close());

  /** A login through the proxy: it appends the address it saw to what the client sent. */
  const viaProxy = (password: string, client: string, claimed?: string) =>
    call(t.app, {
      method: 'POST',
      url: '/api/auth/login',
      body: { username: owner, password },
      remoteAddress: PROXY,
      headers: { 'x-forwarded-for': claimed ? `${claimed}, ${client}` : client },
    });

  it('tells clients apart by the address the proxy saw, which a forged X-Forwarded-For does not change', async () => {
    for (let i = 0; i < 5; i++) expect((await viaProxy(WRONG, '203.0.113.66')).status).toBe(401);
    const forged = await viaProxy(PASSWORD, '203.0.113.66', '192.0.2.99');
    expect(forged.status).toBe(429);
    expect((await viaProxy(PASSWORD, '198.51.100.20')).status).toBe(200);
  });
});
