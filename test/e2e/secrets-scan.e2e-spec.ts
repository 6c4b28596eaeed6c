import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, login, World } from '../factories/world.js';
import { findSecrets, scanPayload } from '../setup/secrets-scan.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

describe('secrets scan', () => {
  it('flags secret keys anywhere in a body, and hash-looking values under any key', () => {
    expect(findSecrets({ items: [{ id: 'x', passwordHash: 'a' }] }, '/api/users').map((l) => l.path)).toEqual(
      ['$.items[0].passwordHash'],
    );
    expect(findSecrets({ refreshHash: 'a', token: 'b', password: 'c', secret: 'd' }, '/api/x')).toHaveLength(
      4,
    );
    expect(findSecrets({ note: '$argon2id$v=19$m=19456,t=2,p=1$abc$def' }, '/api/x')[0].reason).toMatch(
      /hash/,
    );
    expect(findSecrets({ changes: { password: { from: 'a', to: 'b' } } }, '/api/audit-log')).toHaveLength(1);
  });

  it('allows only the token pair of the login and refresh answers, and flags without values', () => {
    expect(
      findSecrets({ accessToken: 'a', refreshToken: 'b', user: { id: 'u' } }, '/api/auth/login'),
    ).toEqual([]);
    expect(findSecrets({ accessToken: 'a', refreshToken: 'b' }, '/api/auth/refresh?x=1')).toEqual([]);
    expect(findSecrets({ accessToken: 'a' }, '/api/auth/me')).toHaveLength(1);
    expect(findSecrets({ user: { refreshToken: 'b' } }, '/api/auth/login')).toHaveLength(1);
    expect(findSecrets({ passwordReset: true, tokenRevoked: null }, '/api/audit-log')).toEqual([]);
  });

  it('scans JSON payloads only', () => {
    expect(scanPayload('{"password":"x"}', 'application/json; charset=utf-8', '/api/x')).toHaveLength(1);
    expect(scanPayload('<input name="password">', 'text/html', '/docs')).toEqual([]);
    expect(scanPayload('not json', 'application/json', '/api/x')).toEqual([]);
  });
});

describe('no response carries a secret (e2e)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('reads every foundation list and record as every role without a leak', async () => {
    const me = (await t.http().get('/api/auth/me').set(w.memberA1a.auth)).body;
    const paths = [
      '/api/auth/me',
      '/api/organizations',
      `/api/organizations/${w.orgs.cellA1.id}`,
      '/api/members?pageSize=200',
      `/api/members/${w.members.a1a.id}`,
      '/api/users?pageSize=200',
      `/api/users/${me.id}`,
      '/api/audit-log?pageSize=200',
      '/api/health',
    ];
    for (const as of [w.admin, w.leaderCity, w.leaderA, w.secretaryA1, w.memberA1a]) {
      for (const path of paths) {
        const res = await t.http().get(path).set(as.auth);
        expect(res.status, path).toBeLessThan(500);
        expect(findSecrets(res.body, path), path).toEqual([]);
      }
    }
  });

  it('keeps tokens out of the audit log after logins, refreshes, resets and logouts', async () => {
    const s = await login(t, (await t.http().get('/api/auth/me').set(w.memberA2.auth)).body.username);
    const r = await t.http().post('/api/auth/refresh').send({ refreshToken: s.refreshToken }).expect(200);
    await t
      .http()
      .post('/api/auth/logout')
      .set({ Authorization: `Bearer ${r.body.accessToken}` })
      .expect(204);
    await t
      .http()
      .patch(`/api/users/${s.userId}`)
      .set(w.admin.auth)
      .send({ version: 1, password: 'Mật khẩu đặt lại 2026' })
      .expect(200);
    const log = await t.http().get('/api/audit-log?pageSize=200').set(w.admin.auth).expect(200);
    const text = JSON.stringify(log.body);
    for (const secret of [
      s.token,
      s.refreshToken,
      r.body.refreshToken,
      r.body.accessToken,
      'Mật khẩu đặt lại 2026',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(t.leaks).toEqual([]);
  });
});
