import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, login, World } from '../factories/world.js';
import { createTestApp, PASSWORD, TestApp } from '../setup/test-app.js';
import { dbFingerprint } from '../trust/db-fingerprint.js';

describe('auth (e2e)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('logs in and answers /me with roles and permissions', async () => {
    const res = await t.http().get('/api/auth/me').set(w.secretaryA1.auth).expect(200);
    expect(res.body.memberId).toBe(w.members.secA1.id);
    expect(res.body.roles).toEqual(
      expect.arrayContaining([
        { role: 'member', organizationId: w.orgs.cellA1.id },
        { role: 'secretary', organizationId: w.orgs.cellA1.id },
      ]),
    );
    expect(res.body.permissions).toContain('commitment.review');
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
  });

  it('answers 401 without a token, with a bad token and with alg none', async () => {
    await t.http().get('/api/auth/me').expect(401);
    await t.http().get('/api/auth/me').set('Authorization', 'Bearer nonsense').expect(401);
    const [, payload] = w.memberA1a.token.split('.');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${none}`).expect(401);
    expect(res.body.code).toBe('INVALID_TOKEN');
  });

  it('refuses a token it has accepted (and cached) when the header around it is malformed', async () => {
    const token = w.memberA1a.token;
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    for (const header of [
      `bearer ${token}`,
      `Bearer  ${token}`,
      `Basic ${token}`,
      `Bearer ${token}!`,
      token,
    ]) {
      await t.http().get('/api/auth/me').set('Authorization', header).expect(401);
    }
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('gives one message for an unknown user and a wrong password', async () => {
    const a = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'khong-co-ai', password: 'sai-mat-khau-1234' })
      .expect(401);
    const b = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'sai-mat-khau-1234' })
      .expect(401);
    expect(a.body.message).toBe(b.body.message);
  });

  it('rejects a malformed login body with 400 naming the field', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'admin' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain('password');
  });

  it('rotates refresh tokens and revokes the session when an old one is reused', async () => {
    const s = await login(t, (await t.http().get('/api/auth/me').set(w.memberA2.auth)).body.username);
    const first = await t.http().post('/api/auth/refresh').send({ refreshToken: s.refreshToken }).expect(200);
    expect(first.body.refreshToken).not.toBe(s.refreshToken);
    const reuse = await t.http().post('/api/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
    // the whole session is gone: the newest refresh token and the access token no longer work
    await t.http().post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(401);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${first.body.accessToken}`).expect(401);
  });

  it('answers a plain 401 to a refresh secret that never belonged to the session, and changes nothing', async () => {
    const s = await login(t, (await t.http().get('/api/auth/me').set(w.memberA2.auth)).body.username);
    const refresh = (refreshToken: string) => t.http().post('/api/auth/refresh').send({ refreshToken });
    const current = (await refresh(s.refreshToken).expect(200)).body;
    // The session id is no secret: every access token carries it as `sid`.
    const sid = JSON.parse(Buffer.from(current.accessToken.split('.')[1], 'base64url').toString()).sid;
    expect(current.refreshToken.startsWith(`${sid}.`)).toBe(true);
    const oldSecret = s.refreshToken.slice(37);
    const before = await dbFingerprint(t.app);
    for (const secret of [
      randomBytes(32).toString('base64url'),
      `${randomBytes(32).toString('base64url')}${'B'.repeat(22)}0`,
      // an earlier generation's tag and number around a random part it was never issued with
      `${randomBytes(32).toString('base64url')}${oldSecret.slice(43)}`,
    ]) {
      const res = await refresh(`${sid}.${secret}`).expect(401);
      expect(res.body.code).toBe('INVALID_TOKEN');
    }
    expect(await dbFingerprint(t.app)).toEqual(before);
    // the owner's session goes on
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${current.accessToken}`).expect(200);
    await refresh(current.refreshToken).expect(200);
  });

  it('revokes the session when a token rotated away several generations ago comes back', async () => {
    const s = await login(t, (await t.http().get('/api/auth/me').set(w.memberA2.auth)).body.username);
    const refresh = (refreshToken: string) => t.http().post('/api/auth/refresh').send({ refreshToken });
    let latest = { accessToken: s.token, refreshToken: s.refreshToken };
    for (let i = 0; i < 3; i++) latest = (await refresh(latest.refreshToken).expect(200)).body;
    const reuse = await refresh(s.refreshToken).expect(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
    await refresh(latest.refreshToken).expect(401);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${latest.accessToken}`).expect(401);
  });

  it('logout revokes the access and refresh tokens', async () => {
    const me = await t.http().get('/api/auth/me').set(w.memberB1.auth).expect(200);
    const s = await login(t, me.body.username);
    await t.http().post('/api/auth/logout').set(s.auth).expect(204);
    await t.http().get('/api/auth/me').set(s.auth).expect(401);
    await t.http().post('/api/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
  });

  it('changes the password, accepts Unicode, and revokes the sessions', async () => {
    const me = await t.http().get('/api/auth/me').set(w.memberA1b.auth).expect(200);
    const s = await login(t, me.body.username);
    await t
      .http()
      .post('/api/auth/change-password')
      .set(s.auth)
      .send({ currentPassword: 'wrong-password-1', newPassword: 'Mới-hoàn-toàn-2026' })
      .expect(403);
    const short = await t
      .http()
      .post('/api/auth/change-password')
      .set(s.auth)
      .send({ currentPassword: PASSWORD, newPassword: 'ngắn' })
      .expect(400);
    expect(short.body.details[0].field).toBe('newPassword');
    await t
      .http()
      .post('/api/auth/change-password')
      .set(s.auth)
      .send({ currentPassword: PASSWORD, newPassword: 'Chi bộ Đảng vững mạnh 2026' })
      .expect(204);
    // the session that changed it goes on; every other session of the account is revoked
    await t.http().get('/api/auth/me').set(s.auth).expect(200);
    await t.http().get('/api/auth/me').set(w.memberA1b.auth).expect(401);
    await t
      .http()
      .post('/api/auth/login')
      .send({ username: me.body.username, password: PASSWORD })
      .expect(401);
    await login(t, me.body.username, 'Chi bộ Đảng vững mạnh 2026');
  });

  it('throttles repeated failures with 429 and Retry-After, even for the right password', async () => {
    const me = await t.http().get('/api/auth/me').set(w.memberA1a.auth).expect(200);
    for (let i = 0; i < 3; i++) {
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: me.body.username, password: 'wrong-password-x' })
        .expect(401);
    }
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ username: me.body.username, password: PASSWORD })
      .expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // a forged X-Forwarded-For does not reset the count
    await t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '203.0.113.9')
      .send({ username: me.body.username, password: PASSWORD })
      .expect(429);
    // other endpoints keep serving
    await t.http().get('/api/health').expect(200);
  });

  it('records logins in the audit log', async () => {
    const res = await t.http().get('/api/audit-log?action=auth.login_failed').set(w.admin.auth).expect(200);
    expect(res.body.total).toBeGreaterThan(0);
  });
});
