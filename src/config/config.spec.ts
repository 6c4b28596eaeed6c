import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('uses the embedded SQLite file and port 3000 by default', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ type: 'better-sqlite3', path: 'database/camket.sqlite' });
    expect(c.http.port).toBe(3000);
    expect(c.docs.enabled).toBe(true);
    expect(c.admin.username).toBe('admin');
  });

  it('switches to PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@localhost/camket' }).database.type).toBe('postgres');
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'abc', DOCS_ENABLED: 'maybe', ARGON2_MEMORY_KIB: '1024' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DOCS_ENABLED');
      expect(problems).toContain('ARGON2_MEMORY_KIB');
    }
  });

  it('requires a JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });
});

describe('loadConfig ADMIN_PASSWORD', () => {
  it('treats an empty ADMIN_PASSWORD as not given (a password is generated at start)', () => {
    expect(loadConfig({ ADMIN_PASSWORD: '' }).admin.password).toBeNull();
  });
  it('refuses a short one', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
  });
});

describe('loadConfig login limits and TRUST_PROXY', () => {
  it('throttles per account and address at 5, per account at 25 (ASVS V2.2.1: at most 100 an hour), per address at 20', () => {
    const { auth } = loadConfig({});
    expect([
      auth.loginMaxFailuresPerAccountIp,
      auth.loginMaxFailuresPerAccount,
      auth.loginMaxFailuresPerIp,
    ]).toEqual([5, 25, 20]);
    expect((auth.loginMaxFailuresPerAccount * 3600) / auth.loginWindowSeconds).toBeLessThanOrEqual(100);
  });

  it('trusts no proxy by default, every one with true, or the listed addresses and ranges', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'off' }).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.2, 172.16.0.0/12,::1,loopback' }).http.trustProxy).toEqual([
      '10.0.0.2',
      '172.16.0.0/12',
      '::1',
      'loopback',
    ]);
  });

  it('refuses a TRUST_PROXY that is no address, range or switch', () => {
    for (const bad of ['2', 'nginx', '10.0.0.0/33', '10.0.0.2,', '::1/129', '10.0.0.0/8/1'])
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
  });
});

describe('loadConfig WORKERS and REMINDERS_CRON', () => {
  const pg = { DATABASE_URL: 'postgres://u:p@localhost/camket', JWT_SECRET: 'x'.repeat(40) };
  it('runs one worker by default and several on PostgreSQL with a shared JWT secret', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ ...pg, WORKERS: '4' }).workers).toBe(4);
  });
  it('refuses more than one worker on SQLite, saying why', () => {
    expect(() => loadConfig({ WORKERS: '2', JWT_SECRET: 'x'.repeat(40) })).toThrow(
      /WORKERS=2 needs PostgreSQL \(DATABASE_URL\)/,
    );
  });
  it('refuses several workers without JWT_SECRET, which each would invent for itself', () => {
    expect(() => loadConfig({ DATABASE_URL: pg.DATABASE_URL, WORKERS: '2' })).toThrow(
      /WORKERS=2 needs JWT_SECRET/,
    );
  });
  it('takes a six-field cron for the reminders, 07:00 by default', () => {
    expect(loadConfig({}).jobs.remindersCron).toBe('0 0 7 * * *');
    expect(loadConfig({ REMINDERS_CRON: '0 30 6 * * 1-5' }).jobs.remindersCron).toBe('0 30 6 * * 1-5');
    expect(() => loadConfig({ REMINDERS_CRON: '0 7 * * *' })).toThrow(/REMINDERS_CRON/);
  });

  it('logs pretty lines in development and JSON elsewhere unless LOG_FORMAT says otherwise', () => {
    expect(loadConfig({}).log.format).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'development' }).log.format).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'test' }).log.format).toBe('json');
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).log.format).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }).log.format).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'text' })).toThrow(/LOG_FORMAT must be one of json, pretty/);
  });

  it('closes /metrics unless a token of 32 or more characters or loopback access is configured', () => {
    expect(loadConfig({}).metrics).toEqual({ token: null, allowLoopback: false });
    const token = 'k'.repeat(40);
    expect(loadConfig({ METRICS_TOKEN: token, METRICS_ALLOW: 'loopback' }).metrics).toEqual({
      token,
      allowLoopback: true,
    });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be 32 to 256/);
    expect(() => loadConfig({ METRICS_TOKEN: `${'k'.repeat(32)} x` })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_ALLOW: '0.0.0.0/0' })).toThrow(/METRICS_ALLOW must be loopback/);
  });
});

describe('loadConfig DATABASE_REPLICA_URLS', () => {
  const pg = 'postgres://u:p@primary/camket';
  it('has no replicas unless given, and reads several separated by commas with the lag bound', () => {
    expect(loadConfig({ DATABASE_URL: pg }).database).toEqual({
      type: 'postgres',
      url: pg,
      poolSize: 10,
      statementCache: 100,
    });
    const config = loadConfig({
      DATABASE_URL: pg,
      DATABASE_REPLICA_URLS: ' postgres://u:p@r1/camket, postgresql://u:p@r2:5433/camket ',
      REPLICA_MAX_LAG_SECONDS: '5',
    });
    expect(config.database).toEqual({
      type: 'postgres',
      url: pg,
      replicas: { urls: ['postgres://u:p@r1/camket', 'postgresql://u:p@r2:5433/camket'], maxLagSeconds: 5 },
      poolSize: 10,
      statementCache: 100,
    });
    const byDefault = loadConfig({ DATABASE_URL: pg, DATABASE_REPLICA_URLS: 'postgres://u:p@r1/camket' });
    expect(byDefault.database.type === 'postgres' && byDefault.database.replicas?.maxLagSeconds).toBe(30);
  });
  it('sizes the connection pool from DATABASE_POOL_SIZE, within 1 to 500', () => {
    const sized = loadConfig({ DATABASE_URL: pg, DATABASE_POOL_SIZE: '24' }).database;
    expect(sized.type === 'postgres' && sized.poolSize).toBe(24);
    expect(() => loadConfig({ DATABASE_URL: pg, DATABASE_POOL_SIZE: '0' })).toThrow(
      /DATABASE_POOL_SIZE must be an integer from 1 to 500/,
    );
    expect(() => loadConfig({ DATABASE_URL: pg, DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE/);
  });
  it('prepares up to DATABASE_STATEMENT_CACHE different statements, 0 for none, at most 10,000', () => {
    const off = loadConfig({ DATABASE_URL: pg, DATABASE_STATEMENT_CACHE: '0' }).database;
    expect(off.type === 'postgres' && off.statementCache).toBe(0);
    expect(() => loadConfig({ DATABASE_URL: pg, DATABASE_STATEMENT_CACHE: '10001' })).toThrow(
      /DATABASE_STATEMENT_CACHE must be an integer from 0 to 10000/,
    );
  });
  it('refuses replicas on SQLite, saying why', () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://u:p@r1/camket' })).toThrow(
      /DATABASE_REPLICA_URLS needs PostgreSQL \(DATABASE_URL\)/,
    );
  });
  it('refuses a replica that is no PostgreSQL URL and a lag bound out of range', () => {
    expect(() => loadConfig({ DATABASE_URL: pg, DATABASE_REPLICA_URLS: 'mysql://r1/camket' })).toThrow(
      /DATABASE_REPLICA_URLS must be postgres/,
    );
    expect(() => loadConfig({ DATABASE_URL: pg, REPLICA_MAX_LAG_SECONDS: '-1' })).toThrow(
      /REPLICA_MAX_LAG_SECONDS must be an integer from 0 to 86400/,
    );
  });
});
