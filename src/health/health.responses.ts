import { number, object, oneOf, text } from '../common/schema-kit.js';
import type { Static } from '../common/schema-kit.js';

/** The shapes health answers (common/schema-kit.ts: the schema and its type in one declaration). */

/** GET /api/health when the database answers (200). */
export const LivenessUp = object({
  status: oneOf(['ok']),
  database: object({ status: oneOf(['up']), engine: text(), latencyMs: number({ minimum: 0 }) }),
});
/** GET /api/health when it does not (503). */
export const LivenessDown = object({
  status: oneOf(['error']),
  database: object({ status: oneOf(['down']), engine: text() }),
});
export type LivenessBody = Static<typeof LivenessUp> | Static<typeof LivenessDown>;

/** GET /api/health/ready when this process may take requests (200). */
export const Ready = object({
  status: oneOf(['ready']),
  database: oneOf(['up']),
  migrations: oneOf(['applied']),
  cacheChannel: oneOf(['listening', 'not_used']),
});
/** GET /api/health/ready otherwise (503). */
export const NotReady = object({
  status: oneOf(['not_ready']),
  database: oneOf(['up', 'down']),
  migrations: oneOf(['applied', 'pending', 'unknown']),
  cacheChannel: oneOf(['listening', 'not_listening', 'not_used']),
});
export type ReadinessBody = Static<typeof Ready> | Static<typeof NotReady>;
