import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import Sqlite from 'better-sqlite3';

export const ADMIN_PASSWORD = 'Mật-khẩu-tra-tấn-2026';
const JWT_SECRET = 'torture-secret-torture-secret-torture-secret-0123';
/** The built server; TORTURE_MAIN points at another build (e.g. a private `tsc --outDir`). */
export const MAIN = process.env.TORTURE_MAIN || 'dist/src/main.js';

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Server {
  proc: ChildProcess;
  base: string;
  output: () => string;
}

/**
 * Starts the built server (node dist/src/main.js) on a loopback port and a given SQLite file, or on
 * PostgreSQL when `opts.databaseUrl` is given.
 */
export async function startServer(
  databasePath: string,
  port: number,
  opts: { fileSizeLimitKiB?: number; databaseUrl?: string } = {},
): Promise<Server> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  let out = '';
  // A file-size limit (ulimit -f, SIGXFSZ ignored) makes writes past it fail with EFBIG, which SQLite
  // reports as SQLITE_FULL: a disk that fills up, without mounting anything.
  const [cmd, args]: [string, string[]] = opts.fileSizeLimitKiB
    ? ['bash', ['-c', `trap '' XFSZ; ulimit -f ${opts.fileSizeLimitKiB}; exec "${process.execPath}" ${MAIN}`]]
    : [process.execPath, [MAIN]];
  const proc = spawn(cmd, args, {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_PATH: databasePath,
      DATABASE_URL: opts.databaseUrl ?? '',
      ADMIN_PASSWORD,
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      LOGIN_MAX_FAILURES_PER_IP: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.status === 200) return { proc, base, output: () => out };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`server did not become healthy:\n${out}`);
}

export function killHard(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.proc.exitCode !== null || server.proc.signalCode !== null) return resolve();
    server.proc.once('exit', () => resolve());
    server.proc.kill('SIGKILL');
  });
}

// Answers are read field by field in the scripts' assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function api(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

export async function loginAdmin(base: string): Promise<string> {
  const res = await api(base, 'POST', '/api/auth/login', undefined, {
    username: 'admin',
    password: ADMIN_PASSWORD,
  });
  if (res.status !== 200) throw new Error(`admin login: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** `PRAGMA integrity_check` and `foreign_key_check` of a file, opened read-only by a separate connection. */
export function integrity(path: string): { integrity: string[]; foreignKeys: number } {
  const db = new Sqlite(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const fk = db.pragma('foreign_key_check') as unknown[];
    return { integrity: rows.map((r) => r.integrity_check), foreignKeys: fk.length };
  } finally {
    db.close();
  }
}
