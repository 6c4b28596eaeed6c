import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * The one validated configuration schema. Nothing else in the code reads process.env.
 * Every setting, its default and its meaning is listed in README.md.
 */
export interface AppConfig {
  env: 'development' | 'test' | 'production';
  http: { port: number; host: string; bodyLimitBytes: number; trustProxy: TrustProxy };
  database:
    | { type: 'better-sqlite3'; path: string }
    | {
        type: 'postgres';
        url: string;
        replicas?: ReplicaSettings;
        /** Connections each process keeps to the primary (and to each replica). */
        poolSize: number;
        /** Different SQL texts each process prepares on its connections (0: none); common/pg-client.ts. */
        statementCache: number;
      };
  auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /** argon2id cost: OWASP minimum is m=19 MiB, t=2, p=1. */
    argon2MemoryKiB: number;
    argon2TimeCost: number;
    /** Failed password checks per account and client address: the guessing address is refused. */
    loginMaxFailuresPerAccountIp: number;
    /** Per account over all addresses: much higher, so only a guesser spread wide locks the owner out. */
    loginMaxFailuresPerAccount: number;
    loginMaxFailuresPerIp: number;
    loginWindowSeconds: number;
  };
  admin: { username: string; password: string | null };
  docs: { enabled: boolean };
  /** The built web client (`vite build` output) served at `/`; relative to the working directory. */
  web: { distPath: string };
  /**
   * Logs go through pino: one JSON object per line (`json`), or coloured lines for a person
   * (`pretty`, needs the pino-pretty development package).
   */
  log: { level: 'error' | 'warn' | 'log' | 'debug' | 'verbose'; format: 'json' | 'pretty' };
  /**
   * Who may read GET /metrics (Prometheus): callers sending `Authorization: Bearer <token>`, and with
   * `allowLoopback` callers on this machine. Neither configured: /metrics answers 404.
   */
  metrics: { token: string | null; allowLoopback: boolean };
  /** Scheduled jobs: when the daily reminders run (cron with seconds, Vietnam time). */
  jobs: { remindersCron: string };
  /** Server processes `npm start` runs (node:cluster); more than one only on PostgreSQL. */
  workers: number;
}

/** PostgreSQL standbys the reports read from (docs/SCALING.md, "Read replicas"). */
export interface ReplicaSettings {
  urls: string[];
  /** A report is read from a replica this far behind (or less) and says so; further behind, from the primary. */
  maxLagSeconds: number;
}

/**
 * Which X-Forwarded-For entries to believe (Fastify's trustProxy): none (false: the socket's
 * address), those added by the listed proxies (addresses, CIDR ranges), or every entry (true).
 */
export type TrustProxy = boolean | string[];

export const APP_CONFIG = Symbol('APP_CONFIG');

/** PostgreSQL connections each process keeps when DATABASE_POOL_SIZE is not set. */
export const DEFAULT_POOL_SIZE = 10;
/** Different SQL texts each process prepares on PostgreSQL when DATABASE_STATEMENT_CACHE is not set. */
export const DEFAULT_STATEMENT_CACHE = 100;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

export type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return def;
  }
  return n;
}

function bool(env: Env, name: string, def: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return def;
}

/** Six cron fields (seconds first), each of digits, `*`, `/`, `-` and `,`. */
const CRON = /^[\d*/,-]+( [\d*/,-]+){5}$/;

/** Named ranges proxy-addr (Fastify's trustProxy) understands. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxy(env: Env, problems: string[]): TrustProxy {
  const raw = env.TRUST_PROXY?.trim();
  if (raw === undefined || raw === '') return false;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  const entries = raw.split(',').map((e) => e.trim());
  const proxy = (e: string) => {
    if (PROXY_RANGES.includes(e)) return true;
    const [ip, bits, ...rest] = e.split('/');
    const version = isIP(ip);
    if (version === 0 || rest.length > 0) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
  };
  if (entries.every(proxy)) return entries;
  problems.push(
    `TRUST_PROXY must be false, true, or the proxies' addresses or CIDR ranges separated by commas (got "${raw}")`,
  );
  return false;
}

function oneOf<T extends string>(
  env: Env,
  name: string,
  def: T,
  allowed: readonly T[],
  problems: string[],
): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!(allowed as readonly string[]).includes(raw)) {
    problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return def;
  }
  return raw as T;
}

/** Reads and validates the environment; throws ConfigError listing every problem at once. */
/** The process's environment: the one place outside tests that reads it (docs/ARCHITECTURE.md). */
export function processEnv(): Env {
  return process.env;
}

export function loadConfig(env: Env = processEnv()): AppConfig {
  const problems: string[] = [];
  const nodeEnv = oneOf(
    env,
    'NODE_ENV',
    'development',
    ['development', 'test', 'production'] as const,
    problems,
  );

  const databaseUrl = env.DATABASE_URL?.trim();
  let database: AppConfig['database'];
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl))
      problems.push('DATABASE_URL must start with postgres:// or postgresql://');
    database = {
      type: 'postgres',
      url: databaseUrl,
      poolSize: int(env, 'DATABASE_POOL_SIZE', DEFAULT_POOL_SIZE, 1, 500, problems),
      statementCache: int(env, 'DATABASE_STATEMENT_CACHE', DEFAULT_STATEMENT_CACHE, 0, 10_000, problems),
    };
  } else {
    database = { type: 'better-sqlite3', path: env.DATABASE_PATH?.trim() || 'database/camket.sqlite' };
  }
  const replicaUrls = (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  const replicaMaxLagSeconds = int(env, 'REPLICA_MAX_LAG_SECONDS', 30, 0, 86_400, problems);
  if (replicaUrls.length > 0) {
    if (database.type !== 'postgres')
      problems.push(
        'DATABASE_REPLICA_URLS needs PostgreSQL (DATABASE_URL): read replicas are PostgreSQL standbys ' +
          'of the primary database; a SQLite file has none (docs/SCALING.md)',
      );
    else if (!replicaUrls.every((u) => /^postgres(ql)?:\/\//.test(u)))
      problems.push('DATABASE_REPLICA_URLS must be postgres:// or postgresql:// URLs separated by commas');
    else database.replicas = { urls: replicaUrls, maxLagSeconds: replicaMaxLagSeconds };
  }

  let jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret && jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
  if (!jwtSecret) {
    if (nodeEnv === 'production') problems.push('JWT_SECRET is required when NODE_ENV=production');
    // Development and test: a per-process secret; tokens do not survive a restart.
    jwtSecret = randomBytes(48).toString('base64url');
  }

  // An empty ADMIN_PASSWORD= means "not given": a password is generated and printed once.
  const adminPassword = env.ADMIN_PASSWORD ? env.ADMIN_PASSWORD : null;
  if (adminPassword !== null && (adminPassword.length < 12 || adminPassword.length > 128)) {
    problems.push('ADMIN_PASSWORD must be 12 to 128 characters');
  }

  const remindersCron = env.REMINDERS_CRON?.trim() || '0 0 7 * * *';
  if (!CRON.test(remindersCron))
    problems.push(
      `REMINDERS_CRON must be a cron expression of six fields, seconds first (got "${remindersCron}")`,
    );
  const workers = int(env, 'WORKERS', 1, 1, 256, problems);
  if (workers > 1 && database.type === 'better-sqlite3')
    problems.push(
      `WORKERS=${workers} needs PostgreSQL (DATABASE_URL): a SQLite file is served by one process, ` +
        'whose lock keeps its writes in order (docs/SCALING.md); use WORKERS=1 or move to PostgreSQL',
    );
  if (workers > 1 && !env.JWT_SECRET)
    problems.push(
      `WORKERS=${workers} needs JWT_SECRET: every worker must sign and check tokens with the same secret`,
    );

  const metricsToken = env.METRICS_TOKEN ? env.METRICS_TOKEN : null;
  if (metricsToken !== null && !/^[\x21-\x7e]{32,256}$/.test(metricsToken))
    problems.push('METRICS_TOKEN must be 32 to 256 printable characters without spaces');
  const metricsAllow = env.METRICS_ALLOW?.trim() ?? '';
  if (metricsAllow !== '' && metricsAllow !== 'loopback')
    problems.push(`METRICS_ALLOW must be loopback or empty (got "${metricsAllow}")`);

  const config: AppConfig = {
    env: nodeEnv,
    http: {
      port: int(env, 'PORT', 3000, 0, 65535, problems),
      host: env.HOST?.trim() || '0.0.0.0',
      bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576, problems),
      trustProxy: trustProxy(env, problems),
    },
    database,
    auth: {
      jwtSecret,
      accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86_400, problems),
      refreshTokenTtlSeconds: int(env, 'REFRESH_TOKEN_TTL_SECONDS', 1_209_600, 300, 31_536_000, problems),
      argon2MemoryKiB: int(env, 'ARGON2_MEMORY_KIB', 19_456, 19_456, 1_048_576, problems),
      argon2TimeCost: int(env, 'ARGON2_TIME_COST', 2, 2, 10, problems),
      loginMaxFailuresPerAccountIp: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT_IP', 5, 1, 1000, problems),
      loginMaxFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 25, 1, 1000, problems),
      loginMaxFailuresPerIp: int(env, 'LOGIN_MAX_FAILURES_PER_IP', 20, 1, 100_000, problems),
      loginWindowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 900, 1, 86_400, problems),
    },
    admin: { username: (env.ADMIN_USERNAME?.trim() || 'admin').toLowerCase(), password: adminPassword },
    docs: { enabled: bool(env, 'DOCS_ENABLED', true, problems) },
    web: { distPath: env.WEB_DIST_PATH?.trim() || 'web/dist' },
    log: {
      level: oneOf(env, 'LOG_LEVEL', 'log', ['error', 'warn', 'log', 'debug', 'verbose'] as const, problems),
      format: oneOf(
        env,
        'LOG_FORMAT',
        nodeEnv === 'development' ? 'pretty' : 'json',
        ['json', 'pretty'] as const,
        problems,
      ),
    },
    metrics: { token: metricsToken, allowLoopback: metricsAllow === 'loopback' },
    jobs: { remindersCron },
    workers,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
