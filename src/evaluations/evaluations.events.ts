import { domainEvent } from '../common/domain-events.js';

/** An evaluation cycle was finalized (its members' levels are decided), after its audit row. */
export const EvaluationCycleFinalized = domainEvent<{ cycleId: string; year: number }>(
  'evaluation.cycle-finalized',
);
