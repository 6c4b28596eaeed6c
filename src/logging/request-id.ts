/**
 * An X-Request-Id sent from in front is kept only when the service sits behind a proxy it trusts
 * (TRUST_PROXY set): the load balancer's id then joins its logs to ours. Without one, a client could
 * choose the id the audit log records, so every request gets a fresh UUID.
 */
export function incomingRequestId(
  header: string | string[] | undefined,
  behindTrustedProxy: boolean,
): string | null {
  return behindTrustedProxy ? acceptedRequestId(header) : null;
}

/**
 * An X-Request-Id a proxy sent is kept as the request's id (logs, the audit log, the
 * answer's X-Request-Id) when it is 1-64 characters of letters, digits, `.`, `_`, `:` and `-`
 * (the audit log's column holds 64); anything else gets a new UUID.
 */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function acceptedRequestId(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : null;
}
