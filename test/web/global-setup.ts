import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEB_PORT } from './web-env.js';

/**
 * The real server (the built dist, serving web/dist at `/`) on a fresh SQLite database filled by
 * `seed:demo`, on a loopback port. WEB_BASE_URL set by hand skips this and uses a running server.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.WEB_BASE_URL) return async () => undefined;
  for (const built of ['dist/src/main.js', 'web/dist/index.html']) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'camket-web-'));
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(WEB_PORT),
    DATABASE_PATH: join(dir, 'demo.sqlite'),
    DATABASE_URL: '',
    ADMIN_PASSWORD: 'Quản-trị-thử-2026',
    JWT_SECRET: 'web-journeys-secret-web-journeys-secret-0123456789',
    LOG_LEVEL: 'warn',
    LOGIN_MAX_FAILURES_PER_IP: '100000',
  };
  const seeded = spawnSync(process.execPath, ['dist/src/cli/seed-demo.js'], { env, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seed:demo failed:\n${seeded.stdout}\n${seeded.stderr}`);

  let output = '';
  const server = spawn(process.execPath, ['dist/src/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const base = `http://127.0.0.1:${WEB_PORT}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}:\n${output}`);
    const healthy = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`server did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  };
}
