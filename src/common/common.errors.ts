import type { ErrorCatalog } from './domain-error.js';

/**
 * Codes shared by every module, with their kinds. Throw them with `commonError` or the
 * `DomainError` helpers (`notFound`, `validation`, `invalidField`, `versionConflict`).
 */
export const CommonErrors = {
  VALIDATION_FAILED: 'validation',
  NOT_FOUND: 'not_found',
  UNAUTHENTICATED: 'unauthenticated',
  FORBIDDEN: 'forbidden',
  /** Nobody reviews, evaluates or decides on their own record. */
  SELF_REVIEW: 'forbidden',
  VERSION_CONFLICT: 'conflict',
  DUPLICATE: 'conflict',
  PAYLOAD_TOO_LARGE: 'payload_too_large',
  RATE_LIMITED: 'rate_limited',
} as const satisfies ErrorCatalog;

export type CommonErrorCode = keyof typeof CommonErrors;
