import { Body, Controller, Logger, Module, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequirePermission } from '../../src/common/auth-decorators.js';
import { createMember, createOrg, createUser, login, loginAdmin, Login } from '../factories/world.js';
import { ADMIN_PASSWORD, createTestApp, PASSWORD, TestApp } from '../setup/test-app.js';

/**
 * Logs while it serves an authenticated POST, after the body was parsed and after a database
 * round trip: the lines must still carry the request's id and the caller's id.
 */
@Controller('log-probe')
class LogProbeController {
  private readonly logger = new Logger('LogProbe');
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post()
  @RequirePermission('auth.self')
  async probe(@Body() body: Record<string, unknown>) {
    await this.dataSource.query('SELECT 1');
    this.logger.log('thăm dò sau truy vấn');
    // A careless call that passes credentials: the logger must not write them.
    this.logger.warn({ password: body.note, nested: { refreshToken: body.note } });
    return { ok: true };
  }
}

@Module({ controllers: [LogProbeController] })
class LogProbeModule {}

interface Line {
  level: string;
  msg?: string;
  requestId?: string;
  userId?: string | null;
  [key: string]: unknown;
}

describe('JSON logs: one line per request with its id and the acting user (e2e)', () => {
  let t: TestApp;
  let member: Login;
  let admin: Login;
  const written: string[] = [];
  const lines = (): Line[] =>
    written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line);
  const SECRET_NOTE = 'Mật-khẩu-lộ-ra-9f27c1';

  beforeAll(async () => {
    // Behind a trusted proxy (loopback: supertest's socket), so a valid incoming X-Request-Id is kept.
    t = await createTestApp({ LOG_LEVEL: 'log', TRUST_PROXY: 'loopback' }, [LogProbeModule], {
      logDestination: { write: (chunk: string) => void written.push(chunk) },
    });
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
    const person = await createMember(t, admin, cell.id, 'Nguyễn Thị Hằng');
    const user = await createUser(t, admin, { memberId: person.id, roles: [] });
    member = await login(t, user.username);
  });
  afterAll(() => t.close());

  it('writes the request line with the request id, the user id and the route pattern, and no query string', async () => {
    const res = await t.http().get(`/api/members/${member.memberId}`).set(member.auth).expect(200);
    const requestId = res.headers['x-request-id'];
    const line = lines().find((l) => l.requestId === requestId && l.msg === 'request')!;
    expect(line).toMatchObject({
      level: 'info',
      requestId,
      userId: member.userId,
      method: 'GET',
      path: `/api/members/${member.memberId}`,
      route: '/api/members/:id',
      status: 200,
    });
    expect(typeof line.ms).toBe('number');

    // A search term may be a person's name: the query string is not written.
    const search = await t
      .http()
      .get('/api/members')
      .query({ q: 'Nguyễn Thị Hằng' })
      .set(admin.auth)
      .expect(200);
    const searchLine = lines().find(
      (l) => l.requestId === search.headers['x-request-id'] && l.msg === 'request',
    )!;
    expect(searchLine).toMatchObject({ userId: admin.userId, path: '/api/members', route: '/api/members' });
    expect(JSON.stringify(lines())).not.toMatch(/Nguy|H%E1|Hằng/);
  });

  it('keeps a valid X-Request-Id from the trusted proxy and replaces an invalid one with a UUID', async () => {
    const kept = await t
      .http()
      .get('/api/auth/me')
      .set(member.auth)
      .set('X-Request-Id', 'lb-2026:0001')
      .expect(200);
    expect(kept.headers['x-request-id']).toBe('lb-2026:0001');
    expect(lines().some((l) => l.requestId === 'lb-2026:0001' && l.userId === member.userId)).toBe(true);

    const replaced = await t
      .http()
      .get('/api/auth/me')
      .set(member.auth)
      .set('X-Request-Id', 'id with spaces"}')
      .expect(200);
    expect(replaced.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('gives every line logged while a request is served its id and the user id, and redacts credentials', async () => {
    const res = await t
      .http()
      .post('/api/log-probe')
      .set(member.auth)
      .send({ note: SECRET_NOTE })
      .expect(201);
    const requestId = res.headers['x-request-id'];
    const during = lines().filter((l) => l.requestId === requestId);
    expect(during.map((l) => l.msg ?? l.level)).toEqual(['thăm dò sau truy vấn', 'warn', 'request']);
    for (const l of during) expect(l.userId).toBe(member.userId);
    expect(during[0]).toMatchObject({ level: 'info', context: 'LogProbe' });
    expect(during[1]).toMatchObject({ password: '[redacted]', nested: { refreshToken: '[redacted]' } });
  });

  it('writes no password, token or cookie: not at login, not at a cookie refresh, not for an authenticated call', async () => {
    const cookieLogin = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD, session: 'cookie' })
      .expect(200);
    const setCookie = ([] as string[]).concat(cookieLogin.headers['set-cookie'] as unknown as string[]);
    const cookie = setCookie.find((c) => c.startsWith('camket_refresh='))!.split(';')[0];
    const refreshed = await t.http().post('/api/auth/refresh').set('Cookie', cookie).send({}).expect(200);
    await t
      .http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${refreshed.body.accessToken}`)
      .expect(200);
    await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'sai-mật-khẩu-123' })
      .expect(401);

    const all = written.join('');
    const secrets = [
      ADMIN_PASSWORD,
      PASSWORD,
      'sai-mật-khẩu-123',
      SECRET_NOTE,
      member.token,
      member.refreshToken,
      cookieLogin.body.accessToken as string,
      refreshed.body.accessToken as string,
      decodeURIComponent(cookie.slice('camket_refresh='.length)),
    ];
    for (const secret of secrets) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/authorization|cookie|bearer/i);
    // The login answered 401 is still a line, without the caller (nobody was authenticated).
    const refused = lines().filter(
      (l) => l.msg === 'request' && l.path === '/api/auth/login' && l.status === 401,
    );
    expect(refused).toHaveLength(1);
    expect(refused[0].userId).toBeNull();
  });
});
