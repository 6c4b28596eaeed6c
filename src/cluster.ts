import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import { answerClusterMetrics } from './metrics/cluster-metrics.js';

/** A worker that ends before it listened is not restarted: the cause (configuration, database) would end the next one too. */
const RESTART_DELAY_MS = 1_000;

/**
 * The primary of `WORKERS=n npm start` (node:cluster, PostgreSQL only; the configuration refuses
 * more than one worker on SQLite): starts n workers that each run the whole service and share the
 * port, starts another when one ends after it listened, and passes SIGTERM and SIGINT on to all.
 * The workers act as one service through the database (docs/SCALING.md).
 */
export function runPrimary(workers: number): void {
  const logger = new Logger('Cluster');
  answerClusterMetrics();
  const listening = new Set<number>();
  let stopping = false;
  cluster.on('listening', (worker) => listening.add(worker.id));
  cluster.on('exit', (worker, code, signal) => {
    const started = listening.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (!started) {
      logger.error(`worker ${worker.process.pid} ended before it listened (${signal ?? code}); stopping`);
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
      process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    logger.warn(`worker ${worker.process.pid} ended (${signal ?? code}); starting another`);
    setTimeout(() => cluster.fork(), RESTART_DELAY_MS);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill(signal);
    });
  }
  logger.log(`starting ${workers} workers`);
  for (let i = 0; i < workers; i++) cluster.fork();
}
