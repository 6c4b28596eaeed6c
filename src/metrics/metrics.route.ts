import type { FastifyInstance } from 'fastify';
import { commonError } from '../common/domain-error.js';
import { toErrorBody } from '../common/error.filter.js';
import { metricsAccess, metricsEnabled, MetricsSettings } from './metrics-access.rules.js';
import { MetricsService } from './metrics.service.js';

/**
 * Times every request by its route pattern and, when configured (METRICS_TOKEN, METRICS_ALLOW),
 * serves GET /metrics. Unconfigured, /metrics does not exist (404 like any unknown path).
 */
export function registerMetrics(
  fastify: FastifyInstance,
  metrics: MetricsService,
  settings: MetricsSettings,
): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
  if (!metricsEnabled(settings)) return;
  fastify.get('/metrics', async (request, reply) => {
    const access = metricsAccess(settings, request.ip, request.headers.authorization);
    if (access !== 'allow') {
      // Outside Nest's routes the ErrorFilter does not run: the same envelope, sent here.
      const { body } = toErrorBody(
        access === 'unauthenticated'
          ? commonError('UNAUTHENTICATED', 'GET /metrics needs the METRICS_TOKEN bearer token')
          : commonError('FORBIDDEN', 'GET /metrics is open to this machine only'),
      );
      return reply.code(body.statusCode).header('cache-control', 'no-store').send(body);
    }
    let text: string;
    try {
      text = await metrics.text();
    } catch (e) {
      // WORKERS=n and the primary did not answer: Prometheus records the scrape as failed.
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send(`the cluster's metrics could not be gathered: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
  });
}
