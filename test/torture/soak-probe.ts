/**
 * Loaded into the server under soak with `node --expose-gc --import <this file>` (never in
 * production): answers the soak script's `{ sample: true }` message over the IPC channel with the
 * process's memory after a full garbage collection, so heap figures compare live objects and not
 * where the collector happened to be.
 */
type Gc = () => void;

if (process.send) {
  process.on('message', (msg: unknown) => {
    if (typeof msg !== 'object' || msg === null || !('sample' in msg)) return;
    (globalThis as { gc?: Gc }).gc?.();
    const m = process.memoryUsage();
    process.send?.({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external });
  });
  // The channel must not keep the server alive once it is told to stop.
  process.channel?.unref();
}
