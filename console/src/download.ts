// Files from the API (未报到 lists, the import template) saved under the name the server gives, and
// files the console makes (an import's errors).
// Fetched rather than linked: a link could not send X-Ginkgo-Grant, so it would act through the
// user's first grant instead of the one chosen in the header.
import { ApiError, errorOf, grant } from './api.ts';

/** The name in a Content-Disposition: `filename*` (RFC 5987, UTF-8) before `filename`; else `fallback`. */
export function dispositionFilename(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*[^']*'[^']*'([^;\s]+)/i.exec(header)?.[1];
  if (star) {
    try { return decodeURIComponent(star); } catch { /* not percent-encoded UTF-8: try the plain name */ }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(header);
  return plain?.[1] ?? plain?.[2] ?? fallback;
}

/** GETs `path` with the session and the acting grant, and saves the answer as a download; its file name. */
export async function download(path: string, fallback: string): Promise<string> {
  const headers: Record<string, string> = {};
  const acting = grant.get();
  if (acting) headers['X-Ginkgo-Grant'] = acting;
  let res: Response;
  let blob: Blob;
  try {
    res = await fetch(path, { headers, credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) throw await errorOf(res);
    blob = await res.blob();
  } catch (error) {
    throw error instanceof ApiError ? error : new ApiError(0, 'network', 'network');
  }
  const name = dispositionFilename(res.headers.get('Content-Disposition'), fallback);
  save(blob, name);
  return name;
}

/** Saves `blob` as a download named `name`. */
export function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
