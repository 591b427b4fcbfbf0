// The console's one way to the server: same-origin fetch with the session cookie, JSON both ways,
// and the acting grant (X-Ginkgo-Grant) on every /v1 call. Errors become ApiError, whether the
// answer is our envelope ({ error: { code, message, requestId } }), better-auth's ({ code,
// message }) or no JSON at all; a network failure is status 0.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    /** Seconds, from `Retry-After` (429). */
    readonly retryAfter?: number,
    /** The envelope's `details`: for `validation_failed`, `[{ path, message }]`. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const GRANT_KEY = 'ginkgo-console-grant';

/** The grant the console acts as, kept for this tab's session only. */
export const grant = {
  get: (): string | null => {
    try { return sessionStorage.getItem(GRANT_KEY); } catch { return null; }
  },
  set: (id: string | null): void => {
    try {
      if (id) sessionStorage.setItem(GRANT_KEY, id);
      else sessionStorage.removeItem(GRANT_KEY);
    } catch { /* storage off: the server's default grant acts */ }
  },
};

/** `Retry-After` as seconds (a number or an HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export type RequestOptions = { method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; body?: unknown; headers?: Record<string, string> };

export async function api<T>(path: string, { method = 'GET', body, headers = {} }: RequestOptions = {}): Promise<T> {
  const sent: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json', ...headers };
  const acting = grant.get();
  if (acting && path.startsWith('/v1/')) sent['X-Ginkgo-Grant'] = acting;
  let res: Response;
  try {
    res = await fetch(path, {
      method, headers: sent, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  if (!res.ok) throw await errorOf(res);
  const text = await res.text();
  try { return (text ? JSON.parse(text) : undefined) as T; } catch { return undefined as T; }
}

/** The ApiError a failed answer stands for. */
export async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let json: unknown;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  const envelope = (json ?? {}) as { error?: { code?: string; message?: string; requestId?: string; details?: unknown }; code?: string; message?: string };
  const error = typeof envelope.error === 'object' && envelope.error ? envelope.error : undefined;
  return new ApiError(
    res.status,
    error?.code ?? envelope.code ?? String(res.status),
    error?.message ?? envelope.message ?? res.statusText,
    error?.requestId ?? res.headers.get('X-Request-Id') ?? undefined,
    retryAfterSeconds(res.headers.get('Retry-After')),
    error?.details,
  );
}

/** A random v4 UUID for `Idempotency-Key` (crypto.randomUUID needs a secure context; localhost is one). */
export const newIdempotencyKey = (): string => crypto.randomUUID?.()
  ?? '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16));
