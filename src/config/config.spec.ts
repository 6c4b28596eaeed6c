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
