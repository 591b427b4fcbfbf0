// One vendor call with a deadline: what came back (status and text), or why nothing did.
export const VENDOR_TIMEOUT_MS = 5_000;

export type VendorAnswer =
  | { ok: true; status: number; text: string }
  | { ok: false; message: string };

export async function callVendor(
  fetcher: typeof fetch, url: string, init: RequestInit, timeoutMs = VENDOR_TIMEOUT_MS,
): Promise<VendorAnswer> {
  try {
    // The deadline covers the body too: a vendor that sends headers and then stalls times out as well.
    const res = await fetcher(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { ok: true, status: res.status, text: await res.text() };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    return { ok: false, message: name === 'TimeoutError' || name === 'AbortError'
      ? `no answer within ${timeoutMs / 1000} s`
      : `network error: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The JSON object in `text`, or null when it is not one. */
export function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : null;
  } catch {
    return null;
  }
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
