import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import request from 'supertest';

/**
 * The built service as `npm start` runs it (`node dist/src/main.js`), started as a real process on a
 * free port of loopback, for the e2e specs of several processes (two-processes, cluster-metrics).
 */
export const MAIN = 'dist/src/main.js';

export interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output: string[];
}

/**
 * CI builds before the tests (.ci/run), so this finds the build current; a local run builds here
 * when the sources are newer than dist/.
 */
export function buildIfStale(): void {
  execFileSync('npm', ['run', 'build:if-stale', '--silent'], { stdio: 'ignore' });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startServer(name: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  return { name, url: `http://127.0.0.1:${port}`, child, output };
}

/** Waits for `/api/health/ready`; fails with the process's output when it ends first. */
export async function untilReady(s: ServerProcess): Promise<void> {
  for (;;) {
    if (s.child.exitCode !== null)
      throw new Error(`${s.name} exited with ${s.child.exitCode}:\n${s.output.join('')}`);
    const ok = await request(s.url)
      .get('/api/health/ready')
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** SIGTERM, then the exit code (null when it ended by a signal). */
export async function stopServer(s: ServerProcess | undefined): Promise<number | null> {
  if (!s || s.child.exitCode !== null) return s?.child.exitCode ?? null;
  const exited = new Promise<number | null>((r) => s.child.once('exit', (code) => r(code)));
  s.child.kill('SIGTERM');
  return exited;
}
