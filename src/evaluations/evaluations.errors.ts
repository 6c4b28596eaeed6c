import { errorFactory, type ErrorCatalog } from '../common/domain-error.js';

export const EvaluationErrors = {
  EVALUATION_CYCLE_EXISTS: 'conflict',
  EVALUATION_CYCLE_OVERLAP: 'conflict',
  EVALUATION_CYCLE_LOCKED: 'conflict',
  EVALUATION_CYCLE_NOT_FINALIZED: 'conflict',
  /** A reopen refused: evaluations of the cycle now lie outside its organisation (a cell moved out). */
  EVALUATION_CYCLE_REOPEN_BLOCKED: 'conflict',
  EVALUATION_CYCLE_NOT_GENERATED: 'conflict',
  EVALUATION_FINALIZE_BLOCKED: 'conflict',
  EVALUATION_NOT_CLASSIFIED: 'conflict',
  EVALUATION_DISQUALIFIED: 'conflict',
  EVALUATION_WRONG_STATE: 'conflict',
  EVALUATION_NOT_OWNER: 'forbidden',
  EVALUATION_NOT_ALLOWED: 'forbidden',
  /** An evaluation input withdrawn already. */
  EVALUATION_INPUT_WITHDRAWN: 'conflict',
  /** The cycle has an approval to exceed the quota for this organisation already. */
  EVALUATION_QUOTA_EXCEPTION_EXISTS: 'conflict',
  /** The cycle's rule set does not let the higher committee approve exceeding the quota. */
  EVALUATION_QUOTA_EXCEPTION_NOT_ALLOWED: 'conflict',
} as const satisfies ErrorCatalog;

export const evaluationError = errorFactory(EvaluationErrors);
