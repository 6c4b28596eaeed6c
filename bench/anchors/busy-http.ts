import { createServer } from 'node:http';

/**
 * Anchor 3, what the load itself allows: plain node:http spending a fixed CPU time per request
 * (a busy wait of BUSY_MS) before a small JSON answer. Loaded like the mixed workload (50
 * connections, closed loop) with the mix's average server CPU per request, its p50 and p99 are
 * what a single-threaded server of that cost can answer on this machine, with no framework, no
 * database and no slow request among fast ones. Env: BUSY_MS, PORT.
 */
const busyMs = Number(process.env.BUSY_MS ?? 1);
const body = JSON.stringify({
  items: Array.from({ length: 5 }, (_, i) => ({ id: i, text: 'x'.repeat(380) })),
});

createServer((_req, res) => {
  const started = performance.now();
  while (performance.now() - started < busyMs);
  res.setHeader('content-type', 'application/json');
  res.end(body);
}).listen(Number(process.env.PORT ?? 3104), '127.0.0.1');
