import { CommonErrors } from './common.errors.js';

/**
 * Domain code throws DomainError, never an HTTP exception. Each module declares its codes and their
 * kinds in `<module>.errors.ts`; the `kind` decides the HTTP status in the one global filter
 * (exhaustive switch); the `code` is a stable, module-specific string that clients can branch on.
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

/**
 * One error of a module's catalog (`<module>.errors.ts`): its kind, or, for the rare error that
 * answers another kind under a code its module declares already, that code and the kind.
 */
export type ErrorSpec = ErrorKind | { readonly code: string; readonly kind: ErrorKind };

/** A module's errors: name -> spec. The name is the code clients see unless the spec names one. */
export type ErrorCatalog = Readonly<Record<string, ErrorSpec>>;

export type ErrorDetails = ErrorDetail[] | Record<string, unknown>;

export class DomainError extends Error {
  /** Use `DomainError.of`, a module's factory (`errorFactory`) or the helpers below: they give the kind. */
  constructor(
    public readonly code: string,
    public readonly kind: ErrorKind,
    message: string,
    public readonly details?: ErrorDetails,
    /** Extra response headers (e.g. Retry-After). */
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** The error `name` of `catalog`: code and kind as the catalog declares them. */
  static of<C extends ErrorCatalog>(
    catalog: C,
    name: keyof C & string,
    message: string,
    details?: ErrorDetails,
    headers?: Record<string, string>,
  ): DomainError {
    const spec: ErrorSpec = catalog[name];
    return typeof spec === 'string'
      ? new DomainError(name, spec, message, details, headers)
      : new DomainError(spec.code, spec.kind, message, details, headers);
  }

  /** The same error (code, kind, headers) told in another message with other details. */
  restated(message: string, details?: ErrorDetails): DomainError {
    return new DomainError(this.code, this.kind, message, details, this.headers);
  }

  static notFound(what: string): DomainError {
    return commonError('NOT_FOUND', `${what} not found`);
  }

  static validation(details: ErrorDetail[], message = 'Validation failed'): DomainError {
    return commonError('VALIDATION_FAILED', message, details);
  }

  static invalidField(field: string, rule: string, message: string): DomainError {
    return DomainError.validation([{ field, rule, message }], `${field}: ${message}`);
  }

  static versionConflict(current: number): DomainError {
    return commonError(
      'VERSION_CONFLICT',
      'The record was changed by someone else; reload it and try again',
      { currentVersion: current },
    );
  }
}

/** A module's error factory: a throw site names the error, a message and details, never a kind. */
export type ErrorFactory<C extends ErrorCatalog> = (
  name: keyof C & string,
  message: string,
  details?: ErrorDetails,
  headers?: Record<string, string>,
) => DomainError;

export function errorFactory<C extends ErrorCatalog>(catalog: C): ErrorFactory<C> {
  return (name, message, details, headers) => DomainError.of(catalog, name, message, details, headers);
}

/** Errors of `CommonErrors` (common.errors.ts). */
export const commonError = errorFactory(CommonErrors);

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
