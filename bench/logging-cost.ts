import { execFileSync } from 'node:child_process';
import { createHook } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { pino } from 'pino';
import { registerRequestLogging } from '../src/logging/logging.js';

/**
 * `npm run bench:logging`: the server CPU the request logging (src/logging/logging.ts) adds to a
 * request. Three variants, each in a process of its own (an AsyncLocalStorage, once used, slows
 * every later promise of its process, so a baseline cannot share one with it):
 *
 * - `none`: Fastify without the logging hooks;
 * - `context`: the AsyncLocalStorage hook every request runs in (LOG_LEVEL=warn, no request line);
 * - `line`: that and the JSON request line (LOG_LEVEL=log), written to /dev/null.
 *
 * The handler creates about as many promises as a request of the mixed workload does in camket
 * (~120-130, counted with an async hook), since the context's cost is paid per promise. Requests go
 * through `fastify.inject` (no sockets); the figure is CPU time (user + system) per request, the
 * median of several rounds run alternately, so other work on the machine moves it less than
 * wall-clock time.
 */

const { values: args } = parseArgs({
  options: {
    variant: { type: 'string' },
    requests: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '5' },
  },
});
const VARIANTS = ['none', 'context', 'line'] as const;
type Variant = (typeof VARIANTS)[number];
/** Awaited steps per request: with Fastify's own, about 120 promises a request. */
const STEPS = 28;

const step = async (i: number): Promise<number> => (await Promise.resolve(i)) + 1;

async function measure(variant: Variant, requests: number): Promise<{ cpuUs: number; promises: number }> {
  const app = Fastify({ logger: false });
  if (variant !== 'none') {
    const log = pino({ level: variant === 'line' ? 'info' : 'warn' }, pino.destination('/dev/null'));
    registerRequestLogging(app, log);
  }
  app.get('/api/members/:id', async (request) => {
    let n = 0;
    for (let i = 0; i < STEPS; i++) n = await step(n);
    return { id: (request.params as { id: string }).id, n };
  });
  await app.ready();
  const once = () => app.inject({ method: 'GET', url: '/api/members/3f2a' });
  for (let i = 0; i < 2000; i++) await once(); // warm-up
  let promises = 0;
  const counter = createHook({
    init: (_id, type) => {
      if (type === 'PROMISE') promises++;
    },
  }).enable();
  for (let i = 0; i < 100; i++) await once();
  counter.disable();
  const before = process.cpuUsage();
  for (let i = 0; i < requests; i++) await once();
  const used = process.cpuUsage(before);
  await app.close();
  return { cpuUs: (used.user + used.system) / requests, promises: promises / 100 };
}

if (args.variant) {
  const result = await measure(args.variant as Variant, Number(args.requests));
  process.stdout.write(JSON.stringify(result));
} else {
  const self = fileURLToPath(import.meta.url);
  const rounds = Number(args.rounds);
  const cpu: Record<Variant, number[]> = { none: [], context: [], line: [] };
  let promises = 0;
  for (let r = 0; r < rounds; r++) {
    for (const variant of VARIANTS) {
      const out = execFileSync(process.execPath, [self, '--variant', variant, '--requests', args.requests], {
        encoding: 'utf8',
      });
      const result = JSON.parse(out) as { cpuUs: number; promises: number };
      cpu[variant].push(result.cpuUs);
      promises = result.promises;
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const [none, context, line] = VARIANTS.map((v) => median(cpu[v]));
  const us = (x: number) => `${x.toFixed(1)} µs`;
  console.log(
    [
      `request logging, CPU per request (median of ${rounds} rounds of ${args.requests} requests, ~${Math.round(promises)} promises each):`,
      `  without the logging hooks:            ${us(none)}`,
      `  with the request context (ALS):       ${us(context)}  (+${us(context - none)})`,
      `  with the context and the request line: ${us(line)}  (+${us(line - none)})`,
    ].join('\n'),
  );
}
