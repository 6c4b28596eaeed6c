import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createOrg, createUser, loginAdmin, Login } from '../factories/world.js';
import { ADMIN_PASSWORD, createTestApp, PASSWORD, TestApp } from '../setup/test-app.js';

/** The camket_refresh cookie a response set: its value and its attributes (lower-cased names). */
interface SetCookie {
  value: string;
  attributes: Record<string, string | true>;
}

function refreshCookie(res: { headers: Record<string, unknown> }): SetCookie | null {
  const header = res.headers['set-cookie'];
  const lines = Array.isArray(header) ? (header as string[]) : typeof header === 'string' ? [header] : [];
  const line = lines.find((l) => l.startsWith('camket_refresh='));
  if (!line) return null;
  const [pair, ...attrs] = line.split(';').map((p) => p.trim());
  return {
    value: decodeURIComponent(pair.slice('camket_refresh='.length)),
    attributes: Object.fromEntries(
      attrs.map((a) => {
        const eq = a.indexOf('=');
        return eq < 0 ? [a.toLowerCase(), true] : [a.slice(0, eq).toLowerCase(), a.slice(eq + 1)];
      }),
    ),
  };
}

const cookieHeader = (value: string) => `camket_refresh=${value}`;
const REFRESH_TOKEN = /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{20,}$/;

describe('browser sessions: the refresh token in a cookie (e2e)', () => {
  let t: TestApp;
  let admin: Login;
  let username: string;
  let cellId: string;

  beforeAll(async () => {
    t = await createTestApp({ REFRESH_TOKEN_TTL_SECONDS: '86400' });
    admin = await loginAdmin(t);
    const ward = await createOrg(t, admin, {
      name: 'Đảng bộ phường Đống Đa',
      kind: 'committee',
      isGrassroots: true,
      parentId: null,
    });
    const cell = await createOrg(t, admin, {
      name: 'Chi bộ tổ dân phố số 5',
      kind: 'cell',
      isGrassroots: false,
      parentId: ward.id,
    });
    cellId = cell.id;
    const member = await createMember(t, admin, cell.id, 'Trần Thị Hằng');
    username = (await createUser(t, admin, { memberId: member.id, roles: [] })).username;
  });
  afterAll(() => t.close());

  const cookieLogin = async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ username, password: PASSWORD, session: 'cookie' })
      .expect(200);
    return { res, cookie: refreshCookie(res)! };
  };

  it('login with session "cookie" sets the httpOnly cookie and leaves the refresh token out of the body', async () => {
    const { res, cookie } = await cookieLogin();
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'user']);
    expect(res.body.user).toMatchObject({ username, fullName: 'Trần Thị Hằng', cellId });
    expect(cookie.value).toMatch(REFRESH_TOKEN);
    expect(cookie.attributes).toEqual({
      'max-age': '86400',
      path: '/api/auth',
      httponly: true,
      samesite: 'Strict',
    });
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
  });

  it('does not mark the cookie Secure over plain HTTP, nor trust X-Forwarded-Proto without TRUST_PROXY', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ username, password: PASSWORD, session: 'cookie' })
      .expect(200);
    expect(refreshCookie(res)!.attributes).not.toHaveProperty('secure');
  });

  it('refuses an unknown session kind with 400 naming the field', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ username, password: PASSWORD, session: 'localStorage' })
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['session']);
    const nullSession = await t
      .http()
      .post('/api/auth/login')
      .send({ username, password: PASSWORD, session: null })
      .expect(400);
    expect(nullSession.body.details[0].field).toBe('session');
    const nullToken = await t.http().post('/api/auth/refresh').send({ refreshToken: null }).expect(400);
    expect(nullToken.body.details[0].field).toBe('refreshToken');
  });

  it('refresh with {} reads the cookie, rotates it and answers without a refresh token', async () => {
    const { cookie } = await cookieLogin();
    const res = await t
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader(cookie.value))
      .send({})
      .expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'user']);
    expect(res.body.user).toMatchObject({ username, fullName: 'Trần Thị Hằng', cellId });
    const next = refreshCookie(res)!;
    expect(next.value).toMatch(REFRESH_TOKEN);
    expect(next.value).not.toBe(cookie.value);
    expect(next.attributes).toMatchObject({ path: '/api/auth', httponly: true, samesite: 'Strict' });
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    // and the rotated cookie refreshes again
    await t.http().post('/api/auth/refresh').set('Cookie', cookieHeader(next.value)).send({}).expect(200);
  });

  it('revokes the whole session when a rotated cookie comes back', async () => {
    const { cookie } = await cookieLogin();
    const first = await t
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader(cookie.value))
      .send({})
      .expect(200);
    const reuse = await t
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader(cookie.value))
      .send({})
      .expect(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
    const newest = refreshCookie(first)!.value;
    await t.http().post('/api/auth/refresh').set('Cookie', cookieHeader(newest)).send({}).expect(401);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${first.body.accessToken}`).expect(401);
  });

  it('answers 401 with a code when neither a body token nor a cookie is sent', async () => {
    const empty = await t.http().post('/api/auth/refresh').send({}).expect(401);
    expect(empty.body.code).toBe('REFRESH_TOKEN_MISSING');
    const noBody = await t.http().post('/api/auth/refresh').expect(401);
    expect(noBody.body.code).toBe('REFRESH_TOKEN_MISSING');
    const blank = await t
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', 'camket_refresh=')
      .send({})
      .expect(401);
    expect(blank.body.code).toBe('REFRESH_TOKEN_MISSING');
    const forged = await t
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader('3f1c2b8e-5d7a-4c1e-9b2f-0a1b2c3d4e5f.AAAAAAAAAAAAAAAAAAAAAAAA'))
      .send({})
      .expect(401);
    expect(forged.body.code).toBe('INVALID_TOKEN');
    const garbage = await t
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader('khong-hop-le'))
      .send({});
    expect(garbage.status).toBe(401);
    expect(garbage.body.code).toBe('INVALID_TOKEN');
  });

  it('keeps the JSON flow: no session field, the pair in the body and no cookie; a body token wins over a cookie', async () => {
    const res = await t.http().post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'user']);
    expect(res.body.refreshToken).toMatch(REFRESH_TOKEN);
    expect(res.body.user).toMatchObject({ fullName: 'Trần Thị Hằng', cellId });
    expect(refreshCookie(res)).toBeNull();

    const { cookie } = await cookieLogin();
    const refreshed = await t
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader(cookie.value))
      .send({ refreshToken: res.body.refreshToken })
      .expect(200);
    expect(refreshed.body.refreshToken).toMatch(REFRESH_TOKEN);
    expect(refreshCookie(refreshed)).toBeNull();
    // the cookie's session was left alone
    await t.http().post('/api/auth/refresh').set('Cookie', cookieHeader(cookie.value)).send({}).expect(200);
  });

  it('logout with the bearer token clears the cookie and ends the session', async () => {
    const { res, cookie } = await cookieLogin();
    const out = await t
      .http()
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .set('Cookie', cookieHeader(cookie.value))
      .expect(204);
    const cleared = refreshCookie(out)!;
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toMatchObject({ 'max-age': '0', path: '/api/auth', httponly: true });
    await t.http().post('/api/auth/refresh').set('Cookie', cookieHeader(cookie.value)).send({}).expect(401);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(401);
  });

  it('logout without a valid bearer token ends the session of a valid refresh cookie', async () => {
    for (const authorization of [undefined, 'Bearer het-han.khong.hop-le', 'Bearer ']) {
      const { res, cookie } = await cookieLogin();
      const req = t.http().post('/api/auth/logout').set('Cookie', cookieHeader(cookie.value));
      if (authorization) void req.set('Authorization', authorization);
      const out = await req.expect(204);
      expect(refreshCookie(out)!.attributes['max-age']).toBe('0');
      const after = await t
        .http()
        .post('/api/auth/refresh')
        .set('Cookie', cookieHeader(cookie.value))
        .send({})
        .expect(401);
      expect(after.body.code).toBe('INVALID_TOKEN');
      await t.http().get('/api/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(401);
    }
  });

  it('logout answers 401 without a bearer token or a valid cookie, and a rotated cookie ends nothing', async () => {
    const none = await t.http().post('/api/auth/logout').expect(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    const forged = await t
      .http()
      .post('/api/auth/logout')
      .set('Cookie', cookieHeader('3f1c2b8e-5d7a-4c1e-9b2f-0a1b2c3d4e5f.AAAAAAAAAAAAAAAAAAAAAAAA'))
      .expect(401);
    expect(forged.body.code).toBe('INVALID_TOKEN');

    const { cookie } = await cookieLogin();
    const rotated = await t
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader(cookie.value))
      .send({})
      .expect(200);
    await t.http().post('/api/auth/logout').set('Cookie', cookieHeader(cookie.value)).expect(401);
    // the session goes on with its current cookie
    await t
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader(refreshCookie(rotated)!.value))
      .send({})
      .expect(200);
  });

  it('answers /me with the member name and cell, null for an account without a member', async () => {
    const { res } = await cookieLogin();
    const me = await t
      .http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
    expect(me.body).toMatchObject({ username, fullName: 'Trần Thị Hằng', cellId });
    const adminMe = await t.http().get('/api/auth/me').set(admin.auth).expect(200);
    expect(adminMe.body).toMatchObject({ username: 'admin', memberId: null, fullName: null, cellId: null });
  });
});

describe('browser sessions behind an HTTPS proxy (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());

  it('marks the cookie Secure when the request came over HTTPS, on login, refresh and logout', async () => {
    const login = await t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ username: 'admin', password: ADMIN_PASSWORD, session: 'cookie' })
      .expect(200);
    const cookie = refreshCookie(login)!;
    expect(cookie.attributes).toMatchObject({ secure: true, httponly: true, samesite: 'Strict' });
    const refreshed = await t
      .http()
      .post('/api/auth/refresh')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', cookieHeader(cookie.value))
      .send({})
      .expect(200);
    expect(refreshCookie(refreshed)!.attributes.secure).toBe(true);
    const out = await t
      .http()
      .post('/api/auth/logout')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', cookieHeader(refreshCookie(refreshed)!.value))
      .expect(204);
    expect(refreshCookie(out)!.attributes).toMatchObject({ secure: true, 'max-age': '0' });

    const plain = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD, session: 'cookie' })
      .expect(200);
    expect(refreshCookie(plain)!.attributes).not.toHaveProperty('secure');
  });
});
