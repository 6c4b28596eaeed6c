/**
 * Domain code throws DomainError, never an HTTP exception. The `kind` decides the HTTP status in
 * the one global filter (exhaustive switch); the `code` is a stable, module-specific string that
 * clients can branch on.
 */
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited';

export interface ErrorDetail {
  field?: string;
  rule?: string;
  message: string;
  [key: string]: unknown;
}

/** Codes shared by every module. Modules add their own enums next to their services. */
export enum CommonErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  NotFound = 'NOT_FOUND',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  SelfReview = 'SELF_REVIEW',
  VersionConflict = 'VERSION_CONFLICT',
  Duplicate = 'DUPLICATE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  RateLimited = 'RATE_LIMITED',
}

export class DomainError extends Error {
  constructor(
    public readonly code: string,
    public readonly kind: ErrorKind,
    message: string,
    public readonly details?: ErrorDetail[] | Record<string, unknown>,
    /** Extra response headers (e.g. Retry-After). */
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string, code: string = CommonErrorCode.NotFound): DomainError {
    return new DomainError(code, 'not_found', `${what} not found`);
  }

  static validation(details: ErrorDetail[], message = 'Validation failed'): DomainError {
    return new DomainError(CommonErrorCode.ValidationFailed, 'validation', message, details);
  }

  static invalidField(field: string, rule: string, message: string): DomainError {
    return DomainError.validation([{ field, rule, message }], `${field}: ${message}`);
  }

  static versionConflict(current: number): DomainError {
    return new DomainError(
      CommonErrorCode.VersionConflict,
      'conflict',
      'The record was changed by someone else; reload it and try again',
      { currentVersion: current },
    );
  }
}

export function httpStatusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'validation':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'rate_limited':
      return 429;
    default: {
      const never: never = kind;
      throw new Error(`unmapped error kind ${String(never)}`);
    }
  }
}
