/**
 * `npm run bench:web`: the web client's speed budget of UI.md, measured on the built app served by
 * the real service over a demo database, in Debian's Chromium (/usr/bin/chromium):
 * - the JavaScript sent for the login page and for the member's home (a reload while signed in),
 *   as gzip bytes (the budget: at most 250 KB each) and as the bytes Chromium actually received;
 * - the Largest Contentful Paint of the member's home (dangvien.tdp1 on a 360 x 740 phone) under
 *   Chromium's "Slow 4G" network (562.5 ms, 1.44 Mbit/s down, 675 kbit/s up) and a 4x CPU slowdown,
 *   the median of three cold loads (budget: under 2.5 s).
 * - the leader's dashboard (`Báo cáo`, ld-tinh over the whole tree) on a `seed:scale` database of
 *   10,000 members at 1280 x 860, unthrottled: for each report the page reads, the time from the
 *   end of its answer (Resource Timing) to its figures in the page (a MutationObserver), the median of
 *   three loads (UI.md / issue 19: under 1 s after the API answers). `--no-dashboard` skips it.
 * The figures go to bench/results/web.md (docs/WEB.md links there). A benchmark, never a test assertion.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/cli/demo-plan.js';
import { writeResults } from './workload.js';

const CHROMIUM = '/usr/bin/chromium';
const MEMBER = 'dangvien.tdp1';
const BUDGET_JS = 250 * 1024;
const BUDGET_LCP_MS = 2500;
/** Chromium DevTools' "Slow 4G" preset (front_end/core/sdk/NetworkManager.ts). */
const SLOW_4G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
};
const CPU_SLOWDOWN = 4;
const RUNS = 3;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the service did not answer /api/health in time');
}

interface ScriptSize {
  url: string;
  gzip: number;
  received: number;
}

/** The scripts a navigation loads, with their gzip size (level 9, as the service sends them) and the bytes received. */
async function scriptsOf(page: Page, navigate: () => Promise<unknown>): Promise<ScriptSize[]> {
  const seen: Array<Promise<ScriptSize | null>> = [];
  const onResponse = (response: import('playwright-core').Response) => {
    const type = response.headers()['content-type'] ?? '';
    if (!/javascript/.test(type)) return;
    seen.push(
      (async () => {
        const body = await response.body();
        const sizes = await response.request().sizes();
        return {
          url: new URL(response.url()).pathname,
          gzip: gzipSync(body, { level: 9 }).length,
          received: sizes.responseBodySize,
        };
      })().catch(() => null),
    );
  };
  page.on('response', onResponse);
  try {
    await navigate();
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('response', onResponse);
  }
  return (await Promise.all(seen)).filter((s): s is ScriptSize => s !== null);
}

const sum = (list: ScriptSize[], key: 'gzip' | 'received') => list.reduce((n, s) => n + s[key], 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function signIn(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByRole('textbox', { name: 'Tên đăng nhập', exact: true }).fill(MEMBER);
  await page.getByRole('textbox', { name: 'Mật khẩu', exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Việc cần làm' }).first().waitFor({ timeout: 60_000 });
}

/** One cold load of the member's home (throttled or not): its LCP and when the page's heading showed. */
async function coldHome(
  context: BrowserContext,
  base: string,
  throttled: boolean,
): Promise<{ lcp: number; heading: number }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttled) {
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  }
  const started = Date.now();
  await page.goto(`${base}/`, { timeout: 180_000 });
  await page.getByRole('heading', { name: 'Việc cần làm' }).first().waitFor({ timeout: 180_000 });
  const heading = Date.now() - started;
  await page.waitForLoadState('networkidle', { timeout: 180_000 });
  // A string: the page's PerformanceObserver is the browser's, not the one of Node's types.
  const lcp = await page.evaluate<number>(`new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const entries = list.getEntries();
      resolve(entries[entries.length - 1].startTime);
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  })`);
  await page.close();
  return { lcp, heading };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const SCALE_MEMBERS = 10_000;
const SCALE_PASSWORD = 'CamKet-Scale-2026';
const BUDGET_RENDER_MS = 1000;

/** Each report of the dashboard: the API path its answer comes from and what shows its figures. */
const DASHBOARD_PARTS = [
  {
    name: 'overview',
    api: '/api/reports/overview',
    shown: '[data-figure="manifestations.self-evolution.atRisk"]',
  },
  {
    name: 'per-child table',
    api: '/api/reports/organizations',
    shown: 'table[aria-label="Các tổ chức trực thuộc"] tbody tr',
  },
  {
    name: 'leaders first',
    api: '/api/reports/leaders-first',
    // seed:scale records no heads: the section's sentence saying so is its answer shown.
    shown:
      'section[aria-labelledby="section-leaders"] table tbody tr, section[aria-labelledby="section-leaders"] p:not([aria-hidden])',
  },
  {
    name: 'trend by month',
    api: '/api/reports/trend?organizationId',
    shown: '[data-figure="month.12.issues"]',
    by: 'month',
  },
  {
    name: 'trend by year',
    api: '/api/reports/trend?organizationId',
    shown: 'table[aria-label="Diễn biến qua các năm"] tbody tr',
    by: 'year',
  },
] as const;

/** Records in the page when each part's selector first matches (performance.now, the page's clock). */
const WATCH_PARTS = `(() => {
  const parts = ${JSON.stringify(DASHBOARD_PARTS.map((p) => p.shown))};
  window.__shown = {};
  const check = () => {
    for (const sel of parts) if (!(sel in window.__shown) && document.querySelector(sel)) window.__shown[sel] = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})()`;

interface PartTiming {
  name: string;
  answered: number;
  shown: number;
}

/** One load of the dashboard: per part, when its answer ended and when its figures showed (ms since navigation). */
async function dashboardLoad(context: BrowserContext, base: string): Promise<PartTiming[]> {
  const page = await context.newPage();
  await page.addInitScript(WATCH_PARTS);
  await page.goto(`${base}/bao-cao`, { timeout: 180_000 });
  // Polled from here: a string predicate of waitForFunction is eval'ed in the page, which its CSP forbids.
  const deadline = Date.now() + 300_000;
  while ((await page.evaluate<number>('Object.keys(window.__shown ?? {}).length')) < DASHBOARD_PARTS.length) {
    if (Date.now() > deadline) throw new Error('the dashboard did not show every report in time');
    await new Promise((r) => setTimeout(r, 100));
  }
  const raw = await page.evaluate<{
    shown: Record<string, number>;
    resources: Array<{ name: string; end: number }>;
  }>(`({
    shown: window.__shown,
    resources: performance.getEntriesByType('resource').map((e) => ({ name: e.name, end: e.responseEnd })),
  })`);
  await page.close();
  return DASHBOARD_PARTS.map((part) => {
    const hits = raw.resources.filter(
      (r) => r.name.includes(part.api) && (!('by' in part) || r.name.includes(`by=${part.by}`)),
    );
    if (hits.length === 0) throw new Error(`no answer of ${part.api} seen`);
    return { name: part.name, answered: Math.max(...hits.map((h) => h.end)), shown: raw.shown[part.shown] };
  });
}

/** seed:scale into the given database: SCALE_MEMBERS members, the bench's password. */
function seedScale(scaleEnv: NodeJS.ProcessEnv): void {
  console.log(`Seeding ${SCALE_MEMBERS} members (seed:scale) ...`);
  const seeded = Date.now();
  const seed = spawnSync(
    process.execPath,
    ['dist/src/cli/seed-scale.js', '--members', String(SCALE_MEMBERS), '--password', SCALE_PASSWORD],
    { env: scaleEnv, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (seed.status !== 0) throw new Error('seed:scale failed');
  console.log(`  seeded in ${((Date.now() - seeded) / 1000).toFixed(0)} s`);
}

/**
 * The leader's dashboard over a seed:scale database: seeded here (10,000 members), served by its own
 * service (or a copy of one given with `--scale-db`); the first load fills the report cache, the next
 * three are measured.
 */
async function dashboardAtScale(
  browser: import('playwright-core').Browser,
  env: NodeJS.ProcessEnv,
  dir: string,
): Promise<string> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const scaleEnv = { ...env, DATABASE_PATH: join(dir, 'scale.sqlite'), PORT: String(port) };
  // `--scale-db <file>`: a copy of a database seed:scale filled before (seeding takes minutes).
  const given = process.argv.indexOf('--scale-db');
  if (given > 0) {
    copyFileSync(process.argv[given + 1], String(scaleEnv.DATABASE_PATH));
    console.log(`Using a copy of ${process.argv[given + 1]} (seed:scale)`);
  } else seedScale(scaleEnv);
  const server = spawn(process.execPath, ['dist/src/main.js'], {
    env: scaleEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth(base, Date.now() + 120_000);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('textbox', { name: 'Tên đăng nhập', exact: true }).fill('ld-tinh');
    await page.getByRole('textbox', { name: 'Mật khẩu', exact: true }).fill(SCALE_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor({ timeout: 60_000 });
    await page.close();
    const cold = await dashboardLoad(context, base);
    const loads: PartTiming[][] = [];
    for (let i = 0; i < RUNS; i++) loads.push(await dashboardLoad(context, base));
    await context.close();
    const after = (t: PartTiming) => t.shown - t.answered;
    const rows = DASHBOARD_PARTS.map((part, i) => {
      const afters = loads.map((l) => after(l[i]));
      const m = median(afters);
      return `| ${part.name} | ${(cold[i].answered / 1000).toFixed(2)} s | ${Math.round(m)} ms (${afters.map((a) => Math.round(a)).join(', ')}) | ${m < BUDGET_RENDER_MS ? 'within' : '**over**'} 1 s |`;
    });
    const whole = loads.map(
      (l) => Math.max(...l.map((t) => t.shown)) - Math.max(...l.map((t) => t.answered)),
    );
    return [
      `The leader's dashboard (\`/bao-cao\`, ld-tinh, the whole tree of a \`seed:scale\` database of ${SCALE_MEMBERS.toLocaleString('en')} members, 1280 x 860, no throttling): ` +
        "time from the end of each report's answer to its figures in the page, median of " +
        `${RUNS} loads after one that filled the report cache (the cold load's answer times beside, since navigation).`,
      '',
      '| report | answered (cold load) | shown after its answer | budget |',
      '| --- | --- | --- | --- |',
      ...rows,
      '',
      `Last figures shown after the last answer: ${whole.map((w) => `${Math.round(w)} ms`).join(', ')}.`,
    ].join('\n');
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'camket-bench-web-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    DATABASE_PATH: join(dir, 'web.sqlite'),
    ADMIN_PASSWORD: `Bench-${randomBytes(12).toString('base64url')}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  console.log('Seeding the demo database ...');
  const seed = spawnSync(process.execPath, ['dist/src/cli/seed-demo.js'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (seed.status !== 0) throw new Error('seed:demo failed');
  const server = spawn(process.execPath, ['dist/src/main.js'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
  try {
    await waitForHealth(base, Date.now() + 120_000);
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'vi-VN',
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });

    const login = await scriptsOf(page, () => page.goto(`${base}/`));
    await signIn(page, base);
    const home = await scriptsOf(page, () => page.reload());
    await page.getByRole('heading', { name: 'Việc cần làm' }).first().waitFor({ timeout: 60_000 });
    await page.close();

    const loads = [];
    for (let i = 0; i < RUNS; i++) loads.push(await coldHome(context, base, true));
    // The same load without throttling: how much of the figure is this machine rather than the network.
    const unthrottled = await coldHome(context, base, false);
    await context.close();
    const dashboard = process.argv.includes('--no-dashboard')
      ? null
      : await dashboardAtScale(browser, env, dir);

    const lcp = median(loads.map((l) => l.lcp));
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const row = (name: string, list: ScriptSize[]) =>
      `| ${name} | ${list.length} | ${kb(sum(list, 'gzip'))} | ${kb(sum(list, 'received'))} | ${sum(list, 'gzip') <= BUDGET_JS ? 'within' : '**over**'} 250 KB |`;
    const text = [
      `Measured ${when} UTC with \`npm run bench:web\` on ${cpus().length} cores (${cpu}), ` +
        `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Chromium ${browser.version()}; ` +
        `the service and Chromium on the same machine, shared with other work (load average ${loadavg()[0].toFixed(1)} at the end).`,
      '',
      '| page | scripts | JavaScript, gzip | bytes received (brotli) | budget |',
      '| --- | --- | --- | --- | --- |',
      row('login (`/`, signed out)', login),
      row(`member's home (\`/\`, ${MEMBER}, reloaded)`, home),
      '',
      `Largest Contentful Paint of the member's home (360 x 740, Slow 4G, ${CPU_SLOWDOWN}x CPU slowdown, cold cache), ` +
        `median of ${RUNS}: **${(lcp / 1000).toFixed(2)} s** (${lcp < BUDGET_LCP_MS ? 'within' : '**over**'} 2.5 s); ` +
        `runs ${loads.map((l) => `${(l.lcp / 1000).toFixed(2)} s`).join(', ')}; ` +
        `the page's heading showed after ${loads.map((l) => `${(l.heading / 1000).toFixed(1)} s`).join(', ')} of wall time. ` +
        `Without throttling, on the same machine: LCP ${(unthrottled.lcp / 1000).toFixed(2)} s.`,
      ...(dashboard ? ['', dashboard] : []),
    ].join('\n');
    console.log(`\n${text}\n`);
    console.log("Scripts of the member's home:");
    for (const s of home) console.log(`  ${s.url}  gzip ${kb(s.gzip)}`);
    console.log(`\nWritten to ${writeResults('web', 'npm run bench:web', text)}.`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
