import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { CommonErrorCode } from './common.errors.js';
import { DomainError, ErrorDetail, httpStatusOf } from './domain-error.js';
import { driverCode, isUniqueViolation } from './driver-errors.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

const codeByStatus: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

interface FastifyClientError {
  statusCode: number;
  code?: string;
  message?: string;
}

function isClientFastifyError(error: unknown): error is FastifyClientError {
  const e = error as Partial<FastifyClientError> | null | undefined;
  return typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500;
}

/**
 * A number the DTO let through (an integer like `version: 1e308`) that PostgreSQL refuses for its
 * 32-bit integer column: out of range (SQLSTATE 22003) or, written as `1e+308`, not an integer at
 * all (22P02). SQLite stores 64-bit integers and compares floats, so there the same input simply
 * matches nothing. Bad input: 400, not 500.
 */
function isOutOfRange(error: unknown): boolean {
  const code = driverCode(error);
  return code === '22003' || code === '22P02';
}

/** PostgreSQL text cannot hold NUL (U+0000): SQLSTATE 22021. SQLite stores it. Bad input: 400. */
function isUnstorableText(error: unknown): boolean {
  return driverCode(error) === '22021';
}

/**
 * The database could not store the change (SQLite: disk full, I/O error, read-only file, busy past
 * the timeout; PostgreSQL: disk full 53100). Nothing was saved: 507 for a full disk, else 503.
 */
function storageFailure(error: unknown): { body: ErrorBody; headers?: Record<string, string> } | null {
  const code = driverCode(error);
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_FULL') || code === '53100') {
    return {
      body: {
        statusCode: 507,
        code: 'STORAGE_FULL',
        message: 'The database has no space left; the change was not saved',
      },
    };
  }
  if (/^SQLITE_(IOERR|READONLY|BUSY|CANTOPEN|CORRUPT)/.test(code)) {
    return {
      body: {
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database could not store the change; it was not saved. Try again later',
      },
      headers: { 'Retry-After': '5' },
    };
  }
  return null;
}

/** Turns any thrown value into the API's error envelope. No stack trace ever leaves the service. */
export function toErrorBody(
  error: unknown,
  logger?: Logger,
): { body: ErrorBody; headers?: Record<string, string> } {
  if (error instanceof DomainError) {
    const statusCode = httpStatusOf(error.kind);
    return {
      body: {
        statusCode,
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      },
      headers: error.headers,
    };
  }
  // Nest wraps errors raised by Fastify itself (body parser, content type, body size) in an
  // HttpException whose cause is the Fastify error: answer those from the cause.
  if (error instanceof HttpException && isClientFastifyError(error.cause))
    return toErrorBody(error.cause, logger);
  if (error instanceof HttpException) {
    const statusCode = error.getStatus();
    const res = error.getResponse();
    const raw = typeof res === 'string' ? res : (res as { message?: unknown }).message;
    const message = Array.isArray(raw)
      ? raw.map(String).join('; ')
      : typeof raw === 'string'
        ? raw
        : error.message;
    return {
      body: {
        statusCode,
        code: codeByStatus[statusCode] ?? `HTTP_${statusCode}`,
        message,
      },
    };
  }
  // Errors raised by Fastify itself (body parser, content type, body size) carry a statusCode.
  if (isClientFastifyError(error)) {
    const fastifyError = error;
    const statusCode = fastifyError.statusCode;
    const details: ErrorDetail[] | undefined =
      statusCode === 400
        ? [{ field: 'body', rule: 'json', message: fastifyError.message ?? 'Malformed body' }]
        : undefined;
    return {
      body: {
        statusCode,
        code: codeByStatus[statusCode] ?? `HTTP_${statusCode}`,
        message: statusCode === 413 ? 'Request body is too large' : (fastifyError.message ?? 'Bad request'),
        ...(details ? { details } : {}),
      },
    };
  }
  if (isUniqueViolation(error)) {
    return {
      body: {
        statusCode: 409,
        code: 'DUPLICATE' satisfies CommonErrorCode,
        message: 'A record with the same unique value already exists',
      },
    };
  }
  const storage = storageFailure(error);
  if (storage) {
    logger?.error(`database storage failure: ${String(driverCode(error))}`);
    return storage;
  }
  if (isOutOfRange(error)) {
    return {
      body: {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'A number in the request is out of range',
      },
    };
  }
  if (isUnstorableText(error)) {
    return {
      body: {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'A text in the request contains a character that cannot be stored (NUL)',
      },
    };
  }
  logger?.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return { body: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' } };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, headers } = toErrorBody(exception, this.logger);
    if (headers) void reply.headers(headers);
    void reply.status(body.statusCode).send(body);
  }
}
