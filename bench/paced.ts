import http from 'node:http';
import { loadavg } from 'node:os';
import type autocannon from 'autocannon';
import { Percentiles, percentiles } from './workload.js';

/** An open-loop run's figures: what was offered, what came back, and the latency of the answers. */
export interface PacedResult extends Percentiles {
  rate: number;
  seconds: number;
  /** Requests sent, answers that were not 2xx (or never came), answers per second. */
  sent: number;
  errors: number;
  rps: number;
  loadBefore: number;
  loadAfter: number;
}

/** How often the sender wakes to send what has fallen due (ms). */
const TICK_MS = 2;
/**
 * Connections per server at most: past that, requests wait in the agent's queue (their latency still
 * counted from when they were due) instead of opening sockets until the machine runs out of ports.
 */
const MAX_SOCKETS = 256;
/** How long the run waits for the last answers before counting them as failed (ms). */
const GRACE_MS = 10_000;

/**
 * Offers `rate` requests per second for `seconds`, spread over `urls` in turn: each request leaves
 * when it falls due, whatever the earlier ones are doing (open loop; a new keep-alive connection is
 * opened when every one is busy, up to MAX_SOCKETS), and its latency counts from when it was due,
 * so a server that falls behind shows it in the figures (no coordinated omission). autocannon's
 * `overallRate` does neither: it sends each second's budget at the start of the second, in one
 * burst, and corrects its latencies against a 1 ms interval, so a paced run there reads like a
 * saturated one.
 *
 * `request` is one of the workload's autocannon requests (its `setupRequest` chooses each request,
 * its `onResponse` sees each answer, as under autocannon).
 */
export async function paced(
  urls: string[],
  request: autocannon.Request,
  rate: number,
  seconds: number,
): Promise<PacedResult> {
  const agents = urls.map(() => new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }));
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  let outstanding = 0;
  const loadBefore = Math.round(loadavg()[0] * 10) / 10;
  const start = performance.now();
  const total = Math.floor(rate * seconds);
  const setup = request.setupRequest as (req: autocannon.Request, context: object) => autocannon.Request;
  const onResponse = request.onResponse as
    ((status: number, body: string, context: object) => void) | undefined;

  const send = (n: number) => {
    const due = start + (n * 1000) / rate;
    const context = {};
    const chosen = setup({}, context);
    const target = new URL(chosen.path ?? '/', urls[n % urls.length]);
    const body = typeof chosen.body === 'string' ? chosen.body : undefined;
    outstanding++;
    const done = (status: number, text: string) => {
      outstanding--;
      latencies.push(performance.now() - due);
      if (status < 200 || status >= 300) errors++;
      onResponse?.(status, text, context);
    };
    const req = http.request(
      target,
      {
        method: chosen.method ?? 'GET',
        headers: {
          ...(chosen.headers as Record<string, string>),
          ...(body && { 'content-length': Buffer.byteLength(body) }),
        },
        agent: agents[n % urls.length],
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
        res.on('error', () => done(0, ''));
      },
    );
    req.on('error', () => done(0, ''));
    req.end(body);
  };

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const dueNow = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (sent < dueNow) send(sent++);
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const deadline = performance.now() + GRACE_MS;
  while (outstanding > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  errors += outstanding;
  const elapsed = (performance.now() - start) / 1000;
  for (const agent of agents) agent.destroy();
  return {
    rate,
    seconds,
    sent,
    errors,
    rps: Math.round(latencies.length / elapsed),
    loadBefore,
    loadAfter: Math.round(loadavg()[0] * 10) / 10,
    ...percentiles(latencies),
  };
}
