import { errorFactory, type ErrorCatalog } from '../common/domain-error.js';

export const CommitmentErrors = {
  COMMITMENT_DUPLICATE: 'conflict',
  COMMITMENT_ILLEGAL_TRANSITION: 'conflict',
  COMMITMENT_PERIOD_NOT_STARTED: 'conflict',
  COMMITMENT_NOT_YEARLY: 'conflict',
  COMMITMENT_NOT_YOURS: 'forbidden',
  COMMITMENT_NOT_REVIEWER: 'forbidden',
  /** The account entered or carried the commitment on the member's behalf, so it does not decide it. */
  COMMITMENT_ENTERED_BY_REVIEWER: 'forbidden',
} as const satisfies ErrorCatalog;

export const commitmentError = errorFactory(CommitmentErrors);
