import { authFetch } from '../../api/client';
import { NetworkError, toApiError } from '../../lib/errors';

/** GETs a file of the API with the session and saves it under `filename`. */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const res = await authFetch(new Request(new URL(path, window.location.origin))).catch(() => {
    throw new NetworkError();
  });
  if (!res.ok) throw toApiError(res.status, await res.json().catch(() => null));
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
