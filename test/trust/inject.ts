import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** One request through Fastify's light-my-request (no socket): fast enough for tens of thousands. */
export interface Call {
  method: string;
  url: string;
  token?: string;
  /** A JSON value to send; ignored when `raw` is given. */
  body?: unknown;
  /** A raw payload sent as is (broken JSON, wrong content type...). */
  raw?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  remoteAddress?: string;
}

export interface Answer {
  status: number;
  // Answers are read field by field in assertions; typing every route's answer here would not help.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

type InjectMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export async function call(app: NestFastifyApplication, c: Call): Promise<Answer> {
  const headers: Record<string, string> = { ...(c.headers ?? {}) };
  if (c.token) headers.authorization = `Bearer ${c.token}`;
  let payload: string | Buffer | undefined;
  if (c.raw !== undefined) {
    payload = c.raw;
    headers['content-type'] = c.contentType ?? 'application/json';
  } else if (c.body !== undefined) {
    payload = JSON.stringify(c.body);
    headers['content-type'] = c.contentType ?? 'application/json';
  }
  const res = await app.inject({
    method: c.method.toUpperCase() as InjectMethod,
    url: c.url,
    headers,
    payload,
    ...(c.remoteAddress ? { remoteAddress: c.remoteAddress } : {}),
  });
  let body: unknown = undefined;
  try {
    body = res.payload ? JSON.parse(res.payload) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, body, text: res.payload, headers: res.headers };
}

/** True when `body` is the API's error envelope `{ statusCode, code, message, details? }` for `status`. */
export function isErrorEnvelope(body: unknown, status: number): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  return (
    b.statusCode === status &&
    typeof b.code === 'string' &&
    b.code.length > 0 &&
    typeof b.message === 'string'
  );
}

/** Collects every object id found anywhere in a JSON answer (for "no foreign row" checks). */
export function idsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) idsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === 'id' && typeof v === 'string') out.add(v);
      else idsIn(v, out);
    }
  }
  return out;
}
