import { authFetch } from '../api/client';
import { NetworkError, toApiError } from './errors';

/**
 * The name a download is saved under, from `Content-Disposition` (RFC 6266): the UTF-8 `filename*`
 * when given (Vietnamese names), else the ASCII `filename`, else `fallback`.
 */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const utf8 = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (utf8) {
    try {
      return decodeURIComponent(utf8[1].trim());
    } catch {
      // A malformed escape: fall back to the ASCII name.
    }
  }
  const ascii = /filename\s*=\s*"([^"]*)"/i.exec(disposition) ?? /filename\s*=\s*([^;]+)/i.exec(disposition);
  return ascii ? ascii[1].trim() : fallback;
}

/**
 * GET a file of the API with the session (the access token lives in memory, so a plain link would
 * not carry it) and save it under the name the API gives. Throws ApiError or NetworkError.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const res = await authFetch(new Request(new URL(path, window.location.origin))).catch(() => {
    throw new NetworkError();
  });
  if (!res.ok) throw toApiError(res.status, await res.json().catch(() => null));
  const name = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}
