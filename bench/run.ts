import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { PacedResult, paced as pacedRun } from './paced.js';
import { DEFAULT_POOL_SIZE } from '../src/config/config.js';
import { seededRandom } from '../src/cli/vietnamese-names.js';
import {
  FailedAnswers,
  KindLatencies,
  mixedRequests,
  mixKinds,
  Percentiles,
  World,
  worldOf,
  writeResults,
} from './workload.js';

/**
 * `npm run bench` (after `npm run build`, see package.json): loads the production build with
 * autocannon on loopback and writes the figures to bench/results/bench.md (docs/PERFORMANCE.md links there).
 *
 * 1. Anchors, measured in the same run: bare Fastify + one prepared better-sqlite3 statement, and
 *    plain NestJS + TypeORM on Express, each reading one member by primary key.
 * 2. camket's authenticated reads, each as a ratio to the bare-Fastify anchor.
 * 3. A mixed workload: 80% member, 15% secretary, 5% leader requests, 10% of all of them writes;
 *    then the server CPU each kind of request in it costs, one kind at a time (where its time goes).
 * 4. Year-end evaluation generation for the whole tree: seconds and the server's peak RSS; then the
 *    leader's reports over the whole tree, one request at a time, on the generated year.
 *
 * Data comes from `seed:scale` (cached under tmp/bench per size and seed); every run works on a
 * fresh copy, so writes of one run never leak into the next.
 *
 * 5. With `--postgres <url>` (a role that may create databases): the mixed workload on PostgreSQL,
 *    the same data copied there (copy-to-postgres), served by one process and then by two
 *    (`node dist/src/main.js` twice on two ports, autocannon spreading its connections over both),
 *    same machine, same run; written to bench/results/bench-postgres.md. `--postgres-only` skips 1-4.
 *
 * `--dist <dir>` runs another build than the one beside this file (e.g. a private
 * `tsc --outDir tmp/x/dist`), `--work <dir>` keeps the working copies there, `--port <n>` moves the
 * servers to n..n+3: so two benches can run at once without touching each other's files.
 * `--server-node-args "--cpu-prof --cpu-prof-dir=tmp/prof"` profiles the servers.
 */

const { values: args } = parseArgs({
  options: {
    members: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '42' },
    year: { type: 'string', default: '2026' },
    duration: { type: 'string', default: '10' },
    'mixed-duration': { type: 'string', default: '30' },
    connections: { type: 'string', default: '50' },
    generation: { type: 'string', default: '10000' },
    quick: { type: 'boolean', default: false },
    // The build this file belongs to: <dist>/bench/run.js.
    dist: {
      type: 'string',
      default: relative(process.cwd(), dirname(dirname(fileURLToPath(import.meta.url)))),
    },
    work: { type: 'string', default: 'tmp/bench' },
    port: { type: 'string', default: '3101' },
    'report-runs': { type: 'string', default: '5' },
    postgres: { type: 'string' },
    'postgres-only': { type: 'boolean', default: false },
    // The PostgreSQL runs' second measurement: the same mix offered at this rate (req/s, all processes).
    'paced-rate': { type: 'string', default: '600' },
    // e.g. "--cpu-prof --cpu-prof-dir=tmp/prof": where the servers' time goes (node options).
    'server-node-args': { type: 'string' },
  },
});
const quick = args.quick;
const MEMBERS = quick ? 300 : Number(args.members);
const SEED = Number(args.seed);
const YEAR = Number(args.year);
const DURATION = quick ? 2 : Number(args.duration);
const MIXED_DURATION = quick ? 3 : Number(args['mixed-duration']);
const CONNECTIONS = Number(args.connections);
const PACED_RATE = Number(args['paced-rate']);
const GENERATION_SIZES = quick ? [300] : args.generation.split(',').filter(Boolean).map(Number);
const PASSWORD = 'Camket-scale-2026';
const JWT_SECRET = 'bench-only-secret-bench-only-secret-0123456789';
const DATA = 'tmp/bench';
const WORK = args.work;
const DIST = args.dist;
const PORT = Number(args.port);
const PORTS = {
  camket: PORT,
  fastify: PORT + 1,
  express: PORT + 2,
  busy: PORT + 3,
  pg: [PORT + 4, PORT + 5],
};
/** Timed requests per report after the first (cold) one; requests per kind for the CPU breakdown. */
const REPORT_RUNS = Number(args['report-runs']);
const CPU_REQUESTS = quick ? 60 : 400;

interface Scenario {
  name: string;
  /** The machine's 1-minute load average just before and just after the measured run. */
  loadBefore: number;
  loadAfter: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  /** The mixed workload's failed answers by kind, status and code, plus timeouts and connection errors. */
  failures?: string[];
}
interface Generation {
  members: number;
  evaluations: number;
  seconds: number;
  peakRssMiB: number;
}
/** One report, asked one request at a time with nothing else running: the first, then REPORT_RUNS more. */
interface ReportTiming {
  name: string;
  members: number;
  evaluated: boolean;
  status: number;
  bytes: number;
  firstMs: number;
  medianMs: number;
  maxMs: number;
}
/** Server CPU (user + system, from /proc/<pid>/stat) per request of one kind in the mixed workload. */
interface KindCost {
  name: string;
  share: number;
  requests: number;
  cpuMs: number;
  /** PostgreSQL: its server processes' CPU per request (the backends of the database). */
  dbCpuMs?: number;
  errors: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function run(cmd: string, argv: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      process.stderr.write(d);
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}`)),
    );
  });
}

/** A seeded database of `members`, built once per size and seed; answers a fresh working copy. */
async function dataset(
  members: number,
  label: string,
): Promise<{ path: string; seedSeconds: number | null }> {
  mkdirSync(DATA, { recursive: true });
  const base = join(DATA, `scale-${members}-${SEED}-${YEAR}.sqlite`);
  let seedSeconds: number | null = null;
  if (!existsSync(base)) {
    log(`seeding ${members} members into ${base}`);
    const out = await run(
      'node',
      [
        join(DIST, 'src/cli/seed-scale.js'),
        '--members',
        String(members),
        '--seed',
        String(SEED),
        '--year',
        String(YEAR),
      ],
      { DATABASE_PATH: base, LOG_LEVEL: 'error', JWT_SECRET },
    );
    const m = /Done in ([\d.]+) s/.exec(out);
    seedSeconds = m ? Number(m[1]) : null;
    writeFileSync(`${base}.seed-seconds`, String(seedSeconds ?? ''));
  } else if (existsSync(`${base}.seed-seconds`)) {
    seedSeconds = Number(readFileSync(`${base}.seed-seconds`, 'utf8')) || null;
  }
  mkdirSync(WORK, { recursive: true });
  const work = join(WORK, `work-${label}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${work}${suffix}`, { force: true });
  copyFileSync(base, work);
  return { path: work, seedSeconds };
}

/**
 * Waits while the server is alive: a fresh copy of the 100,000-member file runs the migrations
 * newer than its seeding (index builds) before listening, which takes minutes on a busy machine.
 */
async function waitFor(url: string, child: ChildProcess, seconds = 900): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not come up`);
}

function start(script: string, env: Record<string, string>): ChildProcess {
  const nodeArgs = args['server-node-args']?.split(' ').filter(Boolean) ?? [];
  return spawn('node', [...nodeArgs, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function startCamket(db: string): ChildProcess {
  return start(join(DIST, 'src/main.js'), {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(PORTS.camket),
    DATABASE_PATH: db,
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    DOCS_ENABLED: 'false',
    ACCESS_TOKEN_TTL_SECONDS: '7200',
  });
}

const api = (path: string) => `http://127.0.0.1:${PORTS.camket}/api${path}`;

async function login(username: string, base = api('')): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Logs in several accounts at a time (argon2id takes ~70 ms each). */
async function loginAll(usernames: string[], base = api('')): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (let i = 0; i < usernames.length; i += 4) {
    const part = usernames.slice(i, i + 4);
    const got = await Promise.all(part.map((u) => login(u, base)));
    part.forEach((u, j) => tokens.set(u, got[j]));
  }
  return tokens;
}

async function cannon(
  name: string,
  // Several URLs: autocannon spreads its connections over them (round robin).
  opts: Omit<autocannon.Options, 'url' | 'connections' | 'duration'> & { url: string | string[] },
  duration = DURATION,
  failed?: FailedAnswers,
  // Run just before and just after the measured run (not the warm-up): the PostgreSQL runs' probe.
  around?: { before: () => Promise<void>; after: () => Promise<void> },
): Promise<Scenario> {
  // A short warm-up so the JIT and the SQLite page cache are hot before measuring.
  const options = opts as autocannon.Options; // the types know one URL only
  await autocannon({ ...options, connections: CONNECTIONS, duration: Math.min(2, duration) });
  failed?.clear();
  const loadBefore = oneDecimal(loadavg()[0]);
  await around?.before();
  const r = await autocannon({ ...options, connections: CONNECTIONS, duration });
  await around?.after();
  const s: Scenario = {
    name,
    loadBefore,
    loadAfter: oneDecimal(loadavg()[0]),
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    // autocannon's `errors` already counts its timeouts.
    errors: r.errors + r.non2xx,
    requests: r.requests.total,
  };
  log(
    `${name}: ${s.rps} req/s, p50 ${s.p50} ms, p99 ${s.p99} ms, errors ${s.errors}, load average ${s.loadBefore} -> ${s.loadAfter}`,
  );
  if (failed) {
    s.failures = [
      ...failed.lines(),
      ...(r.timeouts ? [`${r.timeouts} x timed out (autocannon's 10 s)`] : []),
      ...(r.errors > r.timeouts ? [`${r.errors - r.timeouts} x connection error`] : []),
    ];
    if (s.errors > 0) shout(`${name}: ${s.errors} of ${s.requests} answers failed`, s.failures);
  }
  for (const url of ([] as string[]).concat(opts.url)) await drain(url);
  return s;
}

const unexpected: string[] = [];

/** A failed answer makes the figures meaningless: said in capitals, in the results and in the exit code. */
function shout(what: string, lines: string[]): void {
  unexpected.push(what);
  log(`\n!!! UNEXPECTED FAILURES: ${what}; the figures of this row measure failures, not the service:`);
  for (const line of lines) log(`!!!   ${line}`);
  log('');
}

/**
 * autocannon stops sending when its time is up, but a slow endpoint leaves a backlog the server
 * keeps working through: wait until it answers a trivial request promptly, so one slow row cannot
 * spill into the next.
 */
async function drain(url: string): Promise<void> {
  const health = new URL('/api/health', url).toString();
  for (let i = 0; i < 600; i++) {
    const started = performance.now();
    try {
      await fetch(health);
    } catch {
      return; // not camket (an anchor): nothing to wait for
    }
    if (performance.now() - started < 20) return;
    await sleep(100);
  }
}

/** CPU time (user + system) the process has used so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
}

/**
 * Where the mixed workload's time goes: each kind of request alone, CPU_REQUESTS of them at 4
 * connections, and the server's CPU time per request. Weighted by the kinds' shares, the sum is the
 * CPU an average mixed request costs (so 1000 / that is what one core can serve).
 */
async function mixCosts(
  world: World,
  tokens: Map<string, string>,
  pid: number,
  url = api(''),
  amount = CPU_REQUESTS,
  // PostgreSQL: the pids of the database's server processes (pg_stat_activity), on this machine.
  dbPids?: () => Promise<number[]>,
): Promise<KindCost[]> {
  const costs: KindCost[] = [];
  const dbCpu = async () => {
    const cpu = new Map<number, number>();
    for (const p of (await dbPids?.()) ?? []) {
      try {
        cpu.set(p, cpuMs(p));
      } catch {
        // ended meanwhile
      }
    }
    return cpu;
  };
  for (const kind of mixKinds(world, tokens, seededRandom(SEED + 1), YEAR)) {
    const setupRequest = (req: autocannon.Request) => ({ ...req, ...kind.next() });
    const opts = { url, connections: 4, requests: [{ setupRequest }] };
    await autocannon({ ...opts, amount: Math.max(20, amount / 10) }); // warm-up
    await drain(url);
    const before = cpuMs(pid);
    const dbBefore = await dbCpu();
    const r = await autocannon({ ...opts, amount });
    const dbAfter = await dbCpu();
    const perRequest = (ms: number) => Math.round((ms / r.requests.total) * 100) / 100;
    const cost: KindCost = {
      name: kind.name,
      share: kind.share,
      requests: r.requests.total,
      cpuMs: perRequest(cpuMs(pid) - before),
      ...(dbPids && {
        dbCpuMs: perRequest([...dbAfter].reduce((sum, [p, ms]) => sum + ms - (dbBefore.get(p) ?? 0), 0)),
      }),
      errors: r.errors + r.non2xx,
    };
    log(
      `${kind.name}: ${cost.cpuMs} ms server CPU per request${dbPids ? `, PostgreSQL ${cost.dbCpuMs} ms` : ''} (${cost.requests}, errors ${cost.errors})`,
    );
    costs.push(cost);
  }
  return costs;
}

/**
 * The p99 the machine allows the mixed workload: plain node:http costing the mix's average server
 * CPU per request, loaded the same way (bench/anchors/busy-http.ts). Measured after the mix's costs,
 * in the same conditions; when this floor is far above 50 ms, the mix cannot meet its target here
 * whatever the endpoints do, only by costing less per request.
 */
async function busyFloor(busyMs: number): Promise<Scenario> {
  const busy = start(join(DIST, 'bench/anchors/busy-http.js'), {
    BUSY_MS: busyMs.toFixed(3),
    PORT: String(PORTS.busy),
  });
  try {
    await waitFor(`http://127.0.0.1:${PORTS.busy}/`, busy);
    return await cannon(
      `node:http spending ${busyMs.toFixed(2)} ms of CPU per request (the mix's average)`,
      { url: `http://127.0.0.1:${PORTS.busy}/` },
      MIXED_DURATION,
    );
  } finally {
    await stop(busy);
  }
}

/** The leader's reports over the whole tree, one request at a time: the first, then REPORT_RUNS more. */
async function reportTimings(rootId: string, token: string, members: number, evaluated: boolean) {
  const base = `organizationId=${rootId}&year=${YEAR}`;
  const reports = [
    ['overview (json)', `/reports/overview?${base}`],
    ['organizations: per-child table (json)', `/reports/organizations?${base}`],
    ['classification list (xlsx)', `/reports/classification?${base}&format=xlsx`],
  ];
  const timings: ReportTiming[] = [];
  for (const [name, path] of reports) {
    const once = async () => {
      const started = performance.now();
      const res = await fetch(api(path), { headers: { authorization: `Bearer ${token}` } });
      const bytes = (await res.arrayBuffer()).byteLength;
      return { ms: performance.now() - started, status: res.status, bytes };
    };
    const first = await once();
    const runs = [];
    for (let i = 0; i < REPORT_RUNS; i++) runs.push(await once());
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    const t: ReportTiming = {
      name,
      members,
      evaluated,
      status: runs.find((r) => r.status !== 200)?.status ?? first.status,
      bytes: first.bytes,
      firstMs: Math.round(first.ms),
      medianMs: Math.round(ms[Math.floor(ms.length / 2)] ?? first.ms),
      maxMs: Math.round(ms[ms.length - 1] ?? first.ms),
    };
    log(
      `report ${name} on ${members}: ${t.status}, first ${t.firstMs} ms, median ${t.medianMs}, max ${t.maxMs}`,
    );
    timings.push(t);
  }
  return timings;
}

async function anchorsAndReads(db: string): Promise<{
  anchors: Scenario[];
  reads: Scenario[];
  mixed: Scenario;
  costs: KindCost[];
  floor: Scenario;
  reports: ReportTiming[];
}> {
  const world = await worldOf(db, quick ? 4 : 20);
  const fastify = start(join(DIST, 'bench/anchors/bare-fastify.js'), {
    BENCH_DB: db,
    PORT: String(PORTS.fastify),
  });
  const express = start(join(DIST, 'bench/anchors/nest-express.js'), {
    BENCH_DB: db,
    PORT: String(PORTS.express),
  });
  const camket = startCamket(db);
  try {
    const id = world.member.memberId;
    await waitFor(`http://127.0.0.1:${PORTS.fastify}/members/${id}`, fastify);
    await waitFor(`http://127.0.0.1:${PORTS.express}/members/${id}`, express);
    await waitFor(api('/health'), camket);

    const anchors = [
      await cannon('bare Fastify + prepared statement', {
        url: `http://127.0.0.1:${PORTS.fastify}/members/${id}`,
      }),
      await cannon('NestJS + TypeORM on Express', { url: `http://127.0.0.1:${PORTS.express}/members/${id}` }),
    ];
    await stop(fastify);
    await stop(express);

    const usernames = [
      ...new Set([
        world.member.username,
        world.secretary.username,
        world.leader.username,
        ...world.cells.flatMap((c) => [c.secretary, ...c.members.map((m) => m.username)]),
      ]),
    ];
    log(`logging in ${usernames.length} accounts`);
    const tokens = await loginAll(usernames);
    const as = (u: string) => ({ authorization: `Bearer ${tokens.get(u)!}` });
    const m = world.member;
    const reads = [
      await cannon('member: own member record', {
        url: api(`/members/${m.memberId}`),
        headers: as(m.username),
      }),
      await cannon('member: own commitment', {
        url: api(`/commitments/${m.commitmentId}`),
        headers: as(m.username),
      }),
      await cannon('member: own commitments list', {
        url: api(`/commitments?year=${YEAR}&memberId=${m.memberId}`),
        headers: as(m.username),
      }),
      await cannon("secretary: the cell's review queue", {
        url: api('/commitments/queue'),
        headers: as(world.secretary.username),
      }),
      await cannon('leader: member list page (50 of the province)', {
        url: api('/members?page=3&pageSize=50'),
        headers: as(world.leader.username),
      }),
    ];
    const overview = await fetch(api(`/reports/overview?organizationId=${world.rootId}&year=${YEAR}`), {
      headers: as(world.leader.username),
    });
    if (overview.status === 200) {
      reads.push(
        await cannon('leader: overview report (province)', {
          url: api(`/reports/overview?organizationId=${world.rootId}&year=${YEAR}`),
          headers: as(world.leader.username),
        }),
      );
    } else {
      log(`overview report not measured: GET /api/reports/overview answered ${overview.status}`);
    }
    const failed = new FailedAnswers();
    const mixed = await cannon(
      'mixed: 80% member / 15% secretary / 5% leader, 10% writes',
      { url: api(''), requests: mixedRequests(world, tokens, SEED, YEAR, failed) },
      MIXED_DURATION,
      failed,
    );
    const costs = await mixCosts(world, tokens, camket.pid!);
    const floor = await busyFloor(costs.reduce((sum, c) => sum + c.cpuMs * c.share, 0));
    // Without a generation run at this size the classification list has no evaluations to list.
    const reports = GENERATION_SIZES.includes(MEMBERS)
      ? []
      : await reportTimings(world.rootId, tokens.get(world.leader.username)!, MEMBERS, false);
    return { anchors, reads, mixed, costs, floor, reports };
  } finally {
    await stop(fastify);
    await stop(express);
    await stop(camket);
  }
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function generation(
  members: number,
): Promise<{ generation: Generation & { seedSeconds: number | null }; reports: ReportTiming[] }> {
  const { path, seedSeconds } = await dataset(members, `gen-${members}`);
  const rootId = (await worldOf(path, 1)).rootId;
  const camket = startCamket(path);
  try {
    await waitFor(api('/health'), camket);
    const token = await login('ld-tinh');
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const cycle = await fetch(api('/evaluation-cycles'), {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ organizationId: rootId, year: YEAR }),
    });
    if (cycle.status !== 201) throw new Error(`open cycle: ${cycle.status} ${await cycle.text()}`);
    const { id } = (await cycle.json()) as { id: string };
    const started = performance.now();
    const res = await fetch(api(`/evaluation-cycles/${id}/generate`), {
      method: 'POST',
      headers: { authorization: auth.authorization },
    });
    const seconds = (performance.now() - started) / 1000;
    const body = await res.text();
    if (res.status >= 300) throw new Error(`generate: ${res.status} ${body}`);
    const generated = (JSON.parse(body) as { result?: { created?: number; refreshed?: number } }).result;
    const evaluations = (generated?.created ?? NaN) + (generated?.refreshed ?? 0);
    const g = {
      members,
      evaluations,
      seconds: Math.round(seconds * 100) / 100,
      peakRssMiB: peakRssMiB(camket.pid!),
      seedSeconds,
    };
    log(
      `generation for ${members} members: ${g.seconds} s, peak RSS ${g.peakRssMiB} MiB (${JSON.stringify(generated)})`,
    );
    // On the year just generated, so the classification list has every evaluation to list.
    return { generation: g, reports: await reportTimings(rootId, token, members, true) };
  } finally {
    await stop(camket);
  }
}

/** One or two camket processes on one PostgreSQL database, the mixed workload spread over them. */
interface PostgresRun {
  processes: number;
  mixed: Scenario;
  /** Latency by kind of request and by group (member reads, member writes, secretary, leader). */
  kinds: Array<{ kind: string } & Percentiles>;
  groups: Array<{ kind: string } & Percentiles>;
  probe: ProbeResult;
  /** The same mix offered at PACED_RATE req/s, open loop (bench/paced.ts), below what the machine can serve. */
  paced: PacedResult;
  pacedFailures: string[];
  /** One process: each kind alone, the server's and PostgreSQL's CPU per request. */
  costs?: KindCost[];
}

/** What the servers and PostgreSQL were doing during a measured run (`Probe`). */
interface ProbeResult {
  /** Cache reads over the run, all processes: hits / (hits + misses), and the reads. */
  caches: Array<{ cache: string; hits: number; misses: number }>;
  /** Queries waiting for a pool connection (all processes), sampled: mean and max; the pools' size. */
  poolWaitingMean: number;
  poolWaitingMax: number;
  poolConnectionsMax: number;
  /** Event-loop delay p99 of each sample interval, the worst process: max over the samples, ms. */
  eventLoopP99MaxMs: number;
  /** Garbage collection over the run, all processes: pauses and their total, ms. */
  gcPauses: number;
  gcMs: number;
  /** Of those, the pauses over 100 ms. */
  gcOver100Ms: number;
  /** Server sessions of the database, sampled: mean count by state and wait event (pg_stat_activity). */
  sessions: Array<{ what: string; mean: number }>;
  samples: number;
}

/** `name{labels} value` lines of a Prometheus exposition, as [labels, value] for one metric name. */
function metricValues(text: string, name: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^(\w+)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m && m[1] === name) out.push([m[2] ?? '', Number(m[3])]);
  }
  return out;
}

const metricSum = (text: string, name: string, labels = '') =>
  metricValues(text, name)
    .filter(([l]) => l.includes(labels))
    .reduce((sum, [, v]) => sum + v, 0);

/**
 * Samples, every 500 ms of a measured run, each server's /metrics (METRICS_ALLOW=loopback) and the
 * database's sessions in pg_stat_activity; reads the cache and GC counters at both ends.
 */
class Probe {
  private timer: NodeJS.Timeout | null = null;
  private startTexts: string[] = [];
  private waiting: number[] = [];
  private connections = 0;
  private loopP99 = 0;
  private sessions = new Map<string, number>();
  private samples = 0;
  private busy = false;

  constructor(
    private readonly urls: string[],
    private readonly admin: pg.Client,
    private readonly database: string,
  ) {}

  private texts(): Promise<string[]> {
    return Promise.all(this.urls.map(async (u) => (await fetch(`${u}/metrics`)).text()));
  }

  async start(): Promise<void> {
    this.startTexts = await this.texts();
    this.timer = setInterval(() => void this.sample(), 500);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const texts = await this.texts();
      this.waiting.push(texts.reduce((sum, t) => sum + metricSum(t, 'camket_db_pool_waiting'), 0));
      this.connections = Math.max(
        this.connections,
        texts.reduce((sum, t) => sum + metricSum(t, 'camket_db_pool_connections'), 0),
      );
      for (const t of texts)
        this.loopP99 = Math.max(this.loopP99, metricSum(t, 'nodejs_eventloop_lag_p99_seconds'));
      const rows = await this.admin.query<{ what: string; n: string }>(
        `SELECT coalesce(state, '?') || coalesce(': ' || wait_event_type || '/' || wait_event, '') AS what,
                count(*) AS n
           FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()
          GROUP BY 1`,
        [this.database],
      );
      for (const r of rows.rows) this.sessions.set(r.what, (this.sessions.get(r.what) ?? 0) + Number(r.n));
      this.samples++;
    } catch {
      // a sample missed: the figures are means over those taken
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<ProbeResult> {
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await sleep(20);
    const end = await this.texts();
    const delta = (name: string, labels = '') =>
      end.reduce(
        (sum, t, i) => sum + metricSum(t, name, labels) - metricSum(this.startTexts[i], name, labels),
        0,
      );
    const caches = ['actor', 'read', 'report'].map((cache) => ({
      cache,
      hits: delta('camket_cache_requests_total', `cache="${cache}",result="hit"`),
      misses: delta('camket_cache_requests_total', `cache="${cache}",result="miss"`),
    }));
    const n = Math.max(1, this.samples);
    return {
      caches,
      poolWaitingMean: oneDecimal(this.waiting.reduce((a, b) => a + b, 0) / Math.max(1, this.waiting.length)),
      poolWaitingMax: Math.max(0, ...this.waiting),
      poolConnectionsMax: this.connections,
      eventLoopP99MaxMs: Math.round(this.loopP99 * 1000),
      gcPauses: delta('nodejs_gc_duration_seconds_count'),
      gcMs: Math.round(delta('nodejs_gc_duration_seconds_sum') * 1000),
      gcOver100Ms:
        delta('nodejs_gc_duration_seconds_count') - delta('nodejs_gc_duration_seconds_bucket', 'le="0.1"'),
      sessions: [...this.sessions]
        .map(([what, total]) => ({ what, mean: oneDecimal(total / n) }))
        .sort((a, b) => b.mean - a.mean),
      samples: this.samples,
    };
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Marks a template database whose copy finished (its comment). */
const TEMPLATE_DONE = 'camket bench data set: complete';

/**
 * The data set on PostgreSQL, kept as a template database per size, seed and year: made once from
 * the SQLite data set (copy-to-postgres, minutes at 10,000 members) and marked complete by its
 * comment, so later runs (any checkout, same server) copy it in seconds. Answers its name.
 */
async function postgresTemplate(admin: pg.Client, adminUrl: string): Promise<string> {
  const template = `camket_bench_${MEMBERS}_${SEED}_${YEAR}`;
  const found = await admin.query<{ note: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`,
    [template],
  );
  if (found.rows[0]?.note === TEMPLATE_DONE) {
    log(`PostgreSQL data set: the template database ${template} (drop it to remake it)`);
    return template;
  }
  const { path } = await dataset(MEMBERS, 'postgres');
  await admin.query(`DROP DATABASE IF EXISTS "${template}"`);
  await admin.query(
    `CREATE DATABASE "${template}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
  );
  log(`copying ${path} to the template database ${template} (once per size, seed and year)`);
  await run(
    'node',
    [join(DIST, 'src/cli/main.js'), 'copy-to-postgres', withDatabase(adminUrl, template), '--from', path],
    { LOG_LEVEL: 'error', JWT_SECRET },
  );
  await admin.query(`COMMENT ON DATABASE "${template}" IS '${TEMPLATE_DONE}'`);
  return template;
}

const oneDecimal = (x: number) => Math.round(x * 10) / 10;

async function postgresRuns(adminUrl: string): Promise<PostgresRun[]> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const database = `camket_bench_run_${process.pid}`;
  try {
    const template = await postgresTemplate(admin, adminUrl);
    // FILE_COPY (PostgreSQL 15+): copied file by file between two checkpoints, not written through the
    // WAL, whose checkpoints would otherwise be flushing the copy during the measured runs.
    await admin
      .query(`CREATE DATABASE "${database}" TEMPLATE "${template}" STRATEGY = FILE_COPY`)
      .catch(() => admin.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`));
    const url = withDatabase(adminUrl, database);
    const world = await worldOf(url, quick ? 4 : 20);
    const usernames = [
      ...new Set([
        world.leader.username,
        ...world.cells.flatMap((c) => [c.secretary, ...c.members.map((m) => m.username)]),
      ]),
    ];
    const base = (port: number) => `http://127.0.0.1:${port}/api`;
    const runs: PostgresRun[] = [];
    let tokens: Map<string, string> | null = null;
    for (const processes of [1, 2]) {
      const ports = PORTS.pg.slice(0, processes);
      const servers = ports.map((port) =>
        start(join(DIST, 'src/main.js'), {
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: url,
          TZ: 'UTC',
          JWT_SECRET,
          LOG_LEVEL: 'warn',
          DOCS_ENABLED: 'false',
          ACCESS_TOKEN_TTL_SECONDS: '7200',
          METRICS_ALLOW: 'loopback',
        }),
      );
      try {
        for (const [i, port] of ports.entries()) await waitFor(`${base(port)}/health/ready`, servers[i]);
        // The sessions are in the database: the tokens of the first run serve the second.
        if (!tokens) {
          log(`logging in ${usernames.length} accounts`);
          tokens = await loginAll(usernames, base(ports[0]));
        }
        const failed = new FailedAnswers();
        const latencies = new KindLatencies();
        const probe = new Probe(
          ports.map((port) => `http://127.0.0.1:${port}`),
          admin,
          database,
        );
        let probed: ProbeResult | null = null;
        const mixed = await cannon(
          `PostgreSQL, ${processes} process${processes > 1 ? 'es' : ''}: mixed workload`,
          { url: ports.map(base), requests: mixedRequests(world, tokens, SEED, YEAR, failed, latencies) },
          MIXED_DURATION,
          failed,
          {
            before: async () => {
              latencies.clear();
              await probe.start();
            },
            after: async () => {
              probed = await probe.stop();
            },
          },
        );
        const kinds = latencies.kinds();
        const groups = latencies.groups();
        // Below saturation: what a request waits when the machine is not the queue.
        failed.clear();
        const pacedLatencies = new KindLatencies();
        const [pacedRequest] = mixedRequests(world, tokens, SEED + 1, YEAR, failed, pacedLatencies);
        const pacedProbe = new Probe(
          ports.map((port) => `http://127.0.0.1:${port}`),
          admin,
          database,
        );
        // Warm-up as for autocannon's runs: its members' answers are not all in the caches yet.
        await pacedRun(ports.map(base), pacedRequest, PACED_RATE, Math.min(5, MIXED_DURATION));
        failed.clear();
        pacedLatencies.clear();
        await pacedProbe.start();
        const paced = await pacedRun(ports.map(base), pacedRequest, PACED_RATE, MIXED_DURATION);
        log(`  probe: ${JSON.stringify(await pacedProbe.stop())}`);
        log(
          `PostgreSQL, ${processes} process(es), ${PACED_RATE} req/s offered: ${paced.rps} answers/s, p50 ${paced.p50} ms, p99 ${paced.p99} ms, max ${paced.max} ms, failed ${paced.errors} of ${paced.sent}`,
        );
        for (const g of pacedLatencies.groups())
          log(`  ${g.kind}: ${g.n} answers, p50 ${g.p50} ms, p99 ${g.p99} ms, max ${g.max} ms`);
        log(
          `  p99 ms by second: ${pacedLatencies
            .timeline()
            .map((t) => Math.round(t.p99))
            .join(' ')}`,
        );
        const pacedFailures = failed.lines();
        if (paced.errors > 0)
          shout(`paced run, ${processes} process(es): ${paced.errors} answers failed`, pacedFailures);
        for (const url of ports.map(base)) await drain(url);
        const run: PostgresRun = { processes, mixed, kinds, groups, probe: probed!, paced, pacedFailures };
        if (processes === 1) {
          run.costs = await mixCosts(
            world,
            tokens,
            servers[0].pid!,
            base(ports[0]),
            quick ? 40 : 150,
            async () =>
              (
                await admin.query<{ pid: number }>(
                  `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
                  [database],
                )
              ).rows.map((r) => r.pid),
          );
        }
        for (const g of run.groups)
          log(`  ${g.kind}: ${g.n} answers, p50 ${g.p50} ms, p99 ${g.p99} ms, max ${g.max} ms`);
        log(`  probe: ${JSON.stringify(run.probe)}`);
        log(
          `  p99 ms by second: ${latencies
            .timeline()
            .map((t) => Math.round(t.p99))
            .join(' ')}`,
        );
        runs.push(run);
      } finally {
        for (const server of servers) await stop(server);
      }
    }
    return runs;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

function postgresMarkdown(when: string, runs: PostgresRun[]): string {
  const [one, two] = runs;
  const target = two.mixed.p99 < 50 ? 'met' : 'not met';
  const failures = runs.filter((r) => r.mixed.errors > 0 || r.paced.errors > 0);
  return [
    `Measured ${when} on ${cpus().length} cores, Node ${process.version}, PostgreSQL on the same machine, ${MEMBERS}`,
    `seeded members (seed ${SEED}), autocannon -c ${CONNECTIONS} on loopback, ${MIXED_DURATION} s after a 2 s warm-up,`,
    'both runs on one copy of the data set, the second right after the first (its writes included). Servers,',
    'PostgreSQL and the load generator share the cores. The load average (1 minute) is taken just before',
    `and just after each measured run; above ~${cpus().length + 1} it counts other work than this benchmark's.`,
    '',
    '| mixed: 80% member / 15% secretary / 5% leader, 10% writes | load average before / after | req/s | p50 ms | p99 ms | failed answers |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map(
      (r) =>
        `| ${r.processes} process${r.processes > 1 ? 'es' : ''} | ${r.mixed.loadBefore} / ${r.mixed.loadAfter} | ${r.mixed.rps} | ${r.mixed.p50} | ${r.mixed.p99} | ${r.mixed.errors} of ${r.mixed.requests} |`,
    ),
    '',
    `Two processes against one: ${ratio(two.mixed.rps, one.mixed.rps)} of the throughput; p99 ${one.mixed.p99} ms with one, ` +
      `${two.mixed.p99} ms with two (target: under 50 ms with two processes, ${target}).`,
    '',
    `The same mix offered at a steady ${PACED_RATE} req/s for ${MIXED_DURATION} s after 5 s of warm-up, right after each run above (open loop, bench/paced.ts: each`,
    'request leaves when due whatever the others are doing, its latency counted from then): what a request',
    'waits when the machine keeps up, rather than the queue of 50 clients on a saturated machine.',
    '',
    `| mixed, ${PACED_RATE} req/s offered | load average before / after | answers/s | p50 ms | p99 ms | max ms | failed answers |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map(
      (r) =>
        `| ${r.processes} process${r.processes > 1 ? 'es' : ''} | ${r.paced.loadBefore} / ${r.paced.loadAfter} | ${r.paced.rps} | ${r.paced.p50} | ${r.paced.p99} | ${r.paced.max} | ${r.paced.errors} of ${r.paced.sent} |`,
    ),
    '',
    'Latency by kind of request, as the load generator saw it (ms; n answers, p50, p99):',
    '',
    `| kind of request | ${runs.map((r) => `${r.processes} process${r.processes > 1 ? 'es' : ''}: n, p50, p99`).join(' | ')} |`,
    `| --- |${runs.map(() => ' ---: |').join('')}`,
    ...kindRows(
      runs,
      (r) => r.groups,
      (k) => `**${k}**`,
    ),
    ...kindRows(
      runs,
      (r) => r.kinds,
      (k) => k,
    ),
    '',
    'During each measured run (sampled every 500 ms): cache hits of reads (the actor cache counts a miss',
    "twice, once by the guard's look and once by authenticate's), queries waiting for a pool connection",
    `(all processes; each pool holds ${process.env.DATABASE_POOL_SIZE ?? DEFAULT_POOL_SIZE}), the worst event-loop delay p99, garbage collection, and the`,
    "database's sessions by state and wait event (pg_stat_activity, mean count):",
    '',
    '| | ' + runs.map((r) => `${r.processes} process${r.processes > 1 ? 'es' : ''}`).join(' | ') + ' |',
    `| --- |${runs.map(() => ' --- |').join('')}`,
    ...probeRows(runs),
    ...(one.costs ? ['', ...pgCostRows(one.costs)] : []),
    ...(failures.length === 0
      ? ['Every answer was 2xx.']
      : [
          '',
          '**Failed answers: these rows measure failures, not the service.**',
          '',
          ...failures.flatMap((r) =>
            [...(r.mixed.failures ?? []), ...r.pacedFailures].map(
              (f) => `- ${r.processes} process(es): ${f}`,
            ),
          ),
        ]),
  ].join('\n');
}

const ratio = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;

/** One row per kind (or group) of request, one column per run. */
function kindRows(
  runs: PostgresRun[],
  of: (r: PostgresRun) => Array<{ kind: string } & Percentiles>,
  label: (kind: string) => string,
): string[] {
  return of(runs[0]).map(({ kind }) => {
    const cells = runs.map((r) => {
      const k = of(r).find((x) => x.kind === kind);
      return k ? `${k.n}, ${Math.round(k.p50)}, ${Math.round(k.p99)}` : '-';
    });
    return `| ${label(kind)} | ${cells.join(' | ')} |`;
  });
}

/** CPU per request of each kind alone on one process: camket's and PostgreSQL's (cf. bench.md on SQLite). */
function pgCostRows(costs: KindCost[]): string[] {
  const mix = (f: (c: KindCost) => number) => costs.reduce((sum, c) => sum + f(c) * c.share, 0);
  return [
    'Each kind alone on one process (4 connections; most answers computed, few from the caches): CPU per request,',
    "camket's and PostgreSQL's (its server processes for the database), ms; SQLite's figures are in bench.md:",
    '',
    '| kind of request | share | camket CPU ms | PostgreSQL CPU ms | errors |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...costs.map(
      (c) =>
        `| ${c.name} | ${Math.round(c.share * 1000) / 10}% | ${c.cpuMs.toFixed(2)} | ${(c.dbCpuMs ?? 0).toFixed(2)} | ${c.errors} |`,
    ),
    `| average mixed request | 100% | ${mix((c) => c.cpuMs).toFixed(2)} | ${mix((c) => c.dbCpuMs ?? 0).toFixed(2)} | |`,
  ];
}

function probeRows(runs: PostgresRun[]): string[] {
  const row = (name: string, cell: (p: ProbeResult) => string) =>
    `| ${name} | ${runs.map((r) => cell(r.probe)).join(' | ')} |`;
  const hits = (p: ProbeResult, cache: string) => {
    const c = p.caches.find((x) => x.cache === cache);
    return c && c.hits + c.misses > 0 ? `${ratio(c.hits, c.hits + c.misses)} of ${c.hits + c.misses}` : '-';
  };
  return [
    row('read cache hits', (p) => hits(p, 'read')),
    row('actor cache hits', (p) => hits(p, 'actor')),
    row('report cache hits', (p) => hits(p, 'report')),
    row('waiting for a pool connection: mean, max', (p) => `${p.poolWaitingMean}, ${p.poolWaitingMax}`),
    row('event-loop delay p99, worst 500 ms', (p) => `${p.eventLoopP99MaxMs} ms`),
    row(
      'garbage collection: pauses, total, over 100 ms',
      (p) => `${p.gcPauses}, ${p.gcMs} ms, ${p.gcOver100Ms}`,
    ),
    row('database sessions (mean)', (p) =>
      p.sessions
        .filter((x) => x.mean >= 0.1)
        .map((x) => `${x.what} ${x.mean}`)
        .join('; '),
    ),
  ];
}

function markdown(r: {
  when: string;
  anchors: Scenario[];
  reads: Scenario[];
  mixed: Scenario;
  costs: KindCost[];
  floor: Scenario;
  reports: ReportTiming[];
  generations: Array<Generation & { seedSeconds: number | null }>;
  seedSeconds: number | null;
}): string {
  const [bare, express] = r.anchors;
  const mixCpu = r.costs.reduce((sum, c) => sum + c.cpuMs * c.share, 0);
  const row = (s: Scenario, vs: boolean) =>
    `| ${s.name} | ${s.rps} | ${s.p50} | ${s.p99} | ${s.errors} |${vs ? ` ${ratio(s.rps, bare.rps)} | ${ratio(s.rps, express.rps)} |` : ''}`;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return [
    `Measured ${r.when} on ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version},`,
    `SQLite (better-sqlite3), ${MEMBERS} seeded members (seed ${SEED}), autocannon -c ${CONNECTIONS} on loopback,`,
    `${DURATION} s per read row after a 2 s warm-up, ${MIXED_DURATION} s mixed. Server and load generator share the 2 cores.`,
    '',
    '| anchor (one member row by primary key, no auth) | req/s | p50 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...r.anchors.map((s) => row(s, false)),
    '',
    '| camket, authenticated (token verified, session and roles checked, scope applied) | req/s | p50 ms | p99 ms | errors | vs bare Fastify | vs Nest+Express |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.reads.map((s) => row(s, true)),
    row(r.mixed, true),
    ...(r.mixed.failures?.length
      ? [
          '',
          '**Failed answers in the mixed workload (its row measures failures, not the service):**',
          '',
          ...r.mixed.failures.map((f) => `- ${f}`),
        ]
      : []),
    '',
    '| year-end generation (whole tree) | members | evaluations | seconds | server peak RSS MiB | seed:scale seconds |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.generations.map(
      (g) =>
        `| POST /api/evaluation-cycles/:id/generate | ${g.members} | ${Number.isNaN(g.evaluations) ? '-' : g.evaluations} | ${g.seconds} | ${g.peakRssMiB} | ${g.seedSeconds ?? '(cached)'} |`,
    ),
    '',
    `| leader's report on the whole tree, one request at a time (first, then ${REPORT_RUNS} more) | members | evaluations generated | status | KiB | first ms | median ms | max ms |`,
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.reports.map(
      (t) =>
        `| ${t.name} | ${t.members} | ${t.evaluated ? 'yes' : 'no'} | ${t.status} | ${Math.round(t.bytes / 1024)} | ${t.firstMs} | ${t.medianMs} | ${t.maxMs} |`,
    ),
    '',
    `Where the mixed workload's server time goes: each kind alone, ${CPU_REQUESTS} requests at 4 connections, server CPU`,
    '(user + system from /proc) per request; "weighted" is CPU x share, summed over the kinds an average mixed request.',
    '',
    '| kind of request in the mixed workload | share | server CPU ms per request | weighted ms | of the mix CPU | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.costs.map(
      (c) =>
        `| ${c.name} | ${Math.round(c.share * 1000) / 10}% | ${c.cpuMs.toFixed(2)} | ${(c.cpuMs * c.share).toFixed(3)} | ${ratio(c.cpuMs * c.share, mixCpu)} | ${c.errors} |`,
    ),
    `| average mixed request | 100% | | ${mixCpu.toFixed(3)} | 100% | |`,
    '',
    'What this machine allows a server of that cost, loaded like the mixed workload (autocannon -c ' +
      `${CONNECTIONS}, ${MIXED_DURATION} s):`,
    '',
    '| anchor for the mixed p99 | req/s | p50 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: |',
    row(r.floor, false),
  ].join('\n');
}

async function main(): Promise<void> {
  for (const f of ['src/main.js', 'src/cli/seed-scale.js', 'bench/anchors/bare-fastify.js']) {
    if (!existsSync(join(DIST, f)))
      throw new Error(`${join(DIST, f)} is missing: run npm run bench (it builds first)`);
  }
  const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  if (args['postgres-only'] && !args.postgres) throw new Error('--postgres-only needs --postgres <url>');
  if (!args['postgres-only']) await sqliteRuns(when);
  if (args.postgres) {
    const runs = await postgresRuns(args.postgres);
    mkdirSync(WORK, { recursive: true });
    writeFileSync(
      join(WORK, `results-postgres-${when}.json`),
      JSON.stringify({ when, members: MEMBERS, runs }, null, 2),
    );
    const table = postgresMarkdown(when, runs);
    console.log(table);
    if (!quick)
      log(`figures written to ${writeResults('bench-postgres', 'npm run bench -- --postgres <url>', table)}`);
  }
  if (unexpected.length > 0) {
    log(
      `\n!!! UNEXPECTED FAILURES in ${unexpected.length} row(s); their figures measure failures, not the service:`,
    );
    for (const what of unexpected) log(`!!!   ${what}`);
    process.exitCode = 1;
  }
}

async function sqliteRuns(when: string): Promise<void> {
  const { path, seedSeconds } = await dataset(MEMBERS, 'reads');
  const { anchors, reads, mixed, costs, floor, reports } = await anchorsAndReads(path);
  const generations = [];
  for (const size of GENERATION_SIZES) {
    const g = await generation(size);
    generations.push(g.generation);
    reports.push(...g.reports);
  }
  const result = {
    when,
    members: MEMBERS,
    seed: SEED,
    node: process.version,
    anchors,
    reads,
    mixed,
    costs,
    floor,
    reports,
    generations,
    seedSeconds,
  };
  mkdirSync(DATA, { recursive: true });
  writeFileSync(join(WORK, `results-${when}.json`), JSON.stringify(result, null, 2));
  const table = markdown(result);
  console.log(table);
  if (!quick) log(`figures written to ${writeResults('bench', 'npm run bench', table)}`);
}

await main();
