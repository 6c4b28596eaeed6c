/**
 * An X-Request-Id a client or proxy sent is kept as the request's id (logs, the audit log, the
 * answer's X-Request-Id) when it is 1-64 characters of letters, digits, `.`, `_`, `:` and `-`
 * (the audit log's column holds 64); anything else gets a new UUID.
 */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function acceptedRequestId(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : null;
}
