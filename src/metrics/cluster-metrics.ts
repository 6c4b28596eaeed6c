import { randomUUID } from 'node:crypto';
import cluster from 'node:cluster';
import { AggregatorRegistry, Registry } from 'prom-client';

const ASK = 'camket:metrics?';
const ANSWER = 'camket:metrics';

interface Ask {
  type: typeof ASK;
  id: string;
}
interface Answer {
  type: typeof ANSWER;
  id: string;
  text?: string;
  error?: string;
}

const isMessage = <T extends { type: string }>(m: unknown, type: T['type']): m is T =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === type;

/**
 * In the primary of `WORKERS=n`: answers a worker's request for the cluster's metrics with every
 * worker's registry summed by prom-client's AggregatorRegistry (counters and histograms added up,
 * gauges per their aggregator), so a scrape of /metrics on any worker reports the whole cluster.
 */
export function answerClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage<Ask>(message, ASK)) return;
    const reply = (answer: Omit<Answer, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: ANSWER, id: message.id, ...answer });
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (e: unknown) => reply({ error: e instanceof Error ? e.message : String(e) }),
    );
  });
}

let answering = false;

/** In a worker: the registry prom-client reports to the primary's AggregatorRegistry. */
export function reportToCluster(registry: Registry): void {
  if (!cluster.isWorker) return;
  // prom-client answers the primary's requests only once an AggregatorRegistry exists in the worker.
  if (!answering) new AggregatorRegistry();
  answering = true;
  AggregatorRegistry.setRegistries([registry]);
}

export const inCluster = (): boolean => cluster.isWorker;

/** In a worker: the cluster's metrics, asked of the primary. */
export function clusterMetrics(timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const id = randomUUID();
    const done = (fn: () => void) => {
      clearTimeout(timer);
      process.off('message', onMessage);
      fn();
    };
    const onMessage = (message: unknown) => {
      if (!isMessage<Answer>(message, ANSWER) || message.id !== id) return;
      done(() =>
        message.error !== undefined ? reject(new Error(message.error)) : resolve(message.text ?? ''),
      );
    };
    const timer = setTimeout(
      () => done(() => reject(new Error(`the primary did not answer within ${timeoutMs} ms`))),
      timeoutMs,
    );
    process.on('message', onMessage);
    process.send!({ type: ASK, id } satisfies Ask);
  });
}
