import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { FailedAnswers, mixedRequests, worldOf, writeResults } from '../../bench/workload.js';

/**
 * `npm run soak [-- --minutes 5]`: the production build under the mixed workload of `npm run bench`
 * (80% member / 15% secretary / 5% leader requests, 10% writes) for `--minutes`, on a fresh copy of
 * the seed:scale database. After a warm-up the server's RSS, heap (after a full GC) and open file
 * descriptors (/proc/<pid>/fd) are sampled every `--interval` seconds.
 *
 * Pass: RSS and heap grow less than 10% from the post-warm-up baseline to the end, open file
 * descriptors do not grow, 0 answers 5xx, 0 errors (non-2xx, timeouts, connection errors).
 * The summary goes to stdout and to bench/results/soak.md (`--out ''` for stdout only).
 * Exit code 1 when the run fails.
 *
 * The only instrumentation: the server runs with `--expose-gc --import soak-probe.js`, which answers
 * memory samples over an IPC channel. Everything else is `node dist/src/main.js` as in production.
 */

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    'warmup-seconds': { type: 'string', default: '30' },
    interval: { type: 'string', default: '5' },
    members: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '42' },
    year: { type: 'string', default: '2026' },
    connections: { type: 'string', default: '50' },
    port: { type: 'string', default: '3111' },
    main: { type: 'string', default: 'dist/src/main.js' },
    out: { type: 'string', default: 'soak' },
  },
});
const MINUTES = Number(args.minutes);
const WARMUP = Number(args['warmup-seconds']);
const INTERVAL = Number(args.interval);
const MEMBERS = Number(args.members);
const SEED = Number(args.seed);
const YEAR = Number(args.year);
const CONNECTIONS = Number(args.connections);
const PORT = Number(args.port);
const MAIN = args.main;
const PASSWORD = 'Camket-scale-2026';
const JWT_SECRET = 'soak-only-secret-soak-only-secret-0123456789';
const DATA = 'tmp/bench';
const WORK = 'tmp/soak';
/** Growth allowed from the post-warm-up baseline to the end. */
const MAX_GROWTH = 0.1;

const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const here = dirname(fileURLToPath(import.meta.url));

/** The seed:scale file for this size (cached under tmp/bench, shared with npm run bench; never written here). */
async function dataset(): Promise<string> {
  const base = join(DATA, `scale-${MEMBERS}-${SEED}-${YEAR}.sqlite`);
  if (!existsSync(base)) {
    log(`seeding ${MEMBERS} members into ${base}`);
    mkdirSync(DATA, { recursive: true });
    const seeder = join(dirname(MAIN), 'cli', 'seed-scale.js');
    await new Promise<void>((ok, fail) => {
      const child = spawn(
        process.execPath,
        [seeder, '--members', String(MEMBERS), '--seed', String(SEED), '--year', String(YEAR)],
        {
          env: { ...process.env, DATABASE_PATH: base, LOG_LEVEL: 'error', JWT_SECRET },
          stdio: ['ignore', 'inherit', 'inherit'],
        },
      );
      child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`seed-scale exited ${code}`))));
    });
  }
  mkdirSync(WORK, { recursive: true });
  const work = join(WORK, `soak-${MEMBERS}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${work}${suffix}`, { force: true });
  copyFileSync(base, work);
  return work;
}

const api = (path: string) => `http://127.0.0.1:${PORT}/api${path}`;

function startServer(db: string): { child: ChildProcess; output: () => string } {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first (or pass --main)`);
  const probe = join(here, 'soak-probe.js');
  let out = '';
  const child = spawn(process.execPath, ['--expose-gc', '--import', resolve(probe), MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(PORT),
      DATABASE_PATH: db,
      DATABASE_URL: '',
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      DOCS_ENABLED: 'false',
      ACCESS_TOKEN_TTL_SECONDS: String(Math.min(86_400, Math.max(7200, (MINUTES + 10) * 60))),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

async function waitHealthy(child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(api('/health'))).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`the server did not become healthy:\n${output()}`);
}

async function login(username: string): Promise<string> {
  const res = await fetch(api('/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

interface Sample {
  t: number;
  rss: number;
  heapUsed: number;
  fds: number;
}

/** RSS, heap after a full GC (from the probe) and open file descriptors of the server. */
function sample(child: ChildProcess, started: number): Promise<Sample> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('the memory probe did not answer within 10 s')), 10_000);
    child.once('message', (m: { rss: number; heapUsed: number }) => {
      clearTimeout(timer);
      const fds = readdirSync(`/proc/${child.pid}/fd`).length;
      ok({ t: Math.round((Date.now() - started) / 1000), rss: m.rss, heapUsed: m.heapUsed, fds });
    });
    child.send({ sample: true });
  });
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (from: number, to: number) => Math.round(((to - from) / from) * 1000) / 10;

async function main(): Promise<void> {
  const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const db = await dataset();
  const world = await worldOf(db, 20);
  const server = startServer(db);
  const { child } = server;
  let result: autocannon.Result;
  const samples: Sample[] = [];
  const failed = new FailedAnswers();
  try {
    await waitHealthy(child, server.output);
    const usernames = [
      ...new Set([
        world.leader.username,
        ...world.cells.flatMap((c) => [c.secretary, ...c.members.map((m) => m.username)]),
      ]),
    ];
    log(`logging in ${usernames.length} accounts`);
    const tokens = new Map<string, string>();
    for (let i = 0; i < usernames.length; i += 4) {
      const part = usernames.slice(i, i + 4);
      const got = await Promise.all(part.map(login));
      part.forEach((u, j) => tokens.set(u, got[j]));
    }

    log(`soak: ${WARMUP} s warm-up, then ${MINUTES} min, ${CONNECTIONS} connections, pid ${child.pid}`);
    const started = Date.now();
    const run = autocannon({
      url: api(''),
      connections: CONNECTIONS,
      duration: WARMUP + MINUTES * 60,
      requests: mixedRequests(world, tokens, SEED, YEAR, failed),
    });
    const sampling = (async () => {
      await sleep(WARMUP * 1000);
      const end = started + (WARMUP + MINUTES * 60) * 1000;
      while (Date.now() < end - 1000) {
        const s = await sample(child, started);
        samples.push(s);
        log(`t=${s.t}s rss ${mib(s.rss)} MiB, heap ${mib(s.heapUsed)} MiB, fds ${s.fds}`);
        await sleep(Math.min(INTERVAL * 1000, Math.max(0, end - 1000 - Date.now())));
      }
    })();
    result = await run;
    await sampling;
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  if (samples.length < 3) throw new Error(`only ${samples.length} samples: run for longer`);
  const head = samples.slice(0, 3);
  const tail = samples.slice(-3);
  const base = {
    rss: median(head.map((s) => s.rss)),
    heap: median(head.map((s) => s.heapUsed)),
    fds: median(head.map((s) => s.fds)),
  };
  const end = {
    rss: median(tail.map((s) => s.rss)),
    heap: median(tail.map((s) => s.heapUsed)),
    fds: median(tail.map((s) => s.fds)),
  };
  const fiveXx = (result as autocannon.Result & { '5xx': number })['5xx'];
  const errors = result.errors + result.non2xx; // autocannon's errors include its timeouts
  const checks = {
    rss: pct(base.rss, end.rss) < MAX_GROWTH * 100,
    heap: pct(base.heap, end.heap) < MAX_GROWTH * 100,
    fds: end.fds <= base.fds,
    fiveXx: fiveXx === 0,
    errors: errors === 0,
  };
  const pass = Object.values(checks).every(Boolean);
  const max = (k: 'rss' | 'heapUsed' | 'fds') => Math.max(...samples.map((s) => s[k]));
  const summary = [
    `Soak ${when}: ${MINUTES} min after a ${WARMUP} s warm-up, mixed workload (80% member / 15% secretary / 5% leader, 10% writes),`,
    `${MEMBERS} seeded members, autocannon -c ${CONNECTIONS} on loopback, ${cpus().length} cores shared with the load generator, Node ${process.version}.`,
    `${result.requests.total} requests (${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms);`,
    `5xx ${fiveXx}, errors ${errors} (non-2xx ${result.non2xx}, timeouts ${result.timeouts}, connection errors ${result.errors - result.timeouts}).`,
    ...failed.lines().map((line) => `- failed: ${line}`),
    `${samples.length} samples every ${INTERVAL} s (baseline and end: median of the first and of the last 3):`,
    '',
    '| measure | baseline | end | growth | max | limit |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    `| RSS MiB | ${mib(base.rss)} | ${mib(end.rss)} | ${pct(base.rss, end.rss)}% | ${mib(max('rss'))} | < 10% ${checks.rss ? 'ok' : '**FAIL**'} |`,
    `| heap used after GC MiB | ${mib(base.heap)} | ${mib(end.heap)} | ${pct(base.heap, end.heap)}% | ${mib(max('heapUsed'))} | < 10% ${checks.heap ? 'ok' : '**FAIL**'} |`,
    `| open file descriptors | ${base.fds} | ${end.fds} | ${end.fds - base.fds} | ${max('fds')} | no growth ${checks.fds ? 'ok' : '**FAIL**'} |`,
    '',
    `Result: **${pass ? 'pass' : 'FAIL'}**.`,
  ].join('\n');
  console.log(summary);
  writeFileSync(
    join(WORK, `soak-${when}.json`),
    JSON.stringify({ when, base, end, checks, samples }, null, 2),
  );
  if (args.out) {
    log(`summary written to ${writeResults(args.out, 'npm run soak', summary)}`);
  }
  process.exitCode = pass ? 0 : 1;
}

await main();
