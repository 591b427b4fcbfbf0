// The request core: auth, URL building, per-attempt timeouts, retries and typed errors.
import type { ApiError } from '../../schema/common.ts';
import { codeForStatus } from '../../schema/error-codes.ts';
import { errorClassFor, GinkgoError, NetworkError, RateLimitError, ServerError, TimeoutError } from './errors.ts';
import { backoffMs, MAX_RETRY_AFTER_MS, parseRetryAfter, sleep } from './retry.ts';

export interface GinkgoOptions {
  /** A publishable key (`pk_…`, browsers) or a secret key (`sk_…`, servers only). */
  key: string;
  /** The API's origin. Default `http://localhost:8787` in Node; required everywhere else. */
  baseUrl?: string;
  /** A `fetch` to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: typeof fetch;
  /** Time allowed for each attempt, headers and body (default 10 000 ms). */
  timeoutMs?: number;
  /** Extra attempts for safe requests after a 429, a 5xx, a network error or a timeout (default 2; 0 disables). */
  maxRetries?: number;
  /** Base of the exponential backoff (default 300 ms, capped at 5 s); tests set it near 0. */
  retryBaseMs?: number;
  /** The longest `Retry-After` worth waiting out (default 60 000 ms); a longer one fails at once. Widgets set it low. */
  maxRetryWaitMs?: number;
}

export type Query = Record<string, string | number | undefined>;

export interface RequestSpec {
  method?: string;
  /** Path under the base URL, already encoded, e.g. `/v1/branches/near`. */
  path: string;
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Whether repeating the request is harmless, so it may be retried. Defaults to true for GET only;
   * a POST carrying an `Idempotency-Key` header should pass true.
   */
  idempotent?: boolean;
}

type Outcome<T> = { value: T } | { error: GinkgoError; retryAfterMs?: number };

const runningInNode = () =>
  typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

export class HttpClient {
  private readonly key: string;
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly maxRetryWaitMs: number;

  constructor(options: GinkgoOptions) {
    if (!/^(pk|sk)_/.test(options.key ?? '')) throw new TypeError('Ginkgo: `key` must be a `pk_…` or `sk_…` API key.');
    const baseUrl = options.baseUrl ?? (runningInNode() ? 'http://localhost:8787' : undefined);
    if (!baseUrl) throw new TypeError('Ginkgo: `baseUrl` is required outside Node.');
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== 'function') throw new TypeError('Ginkgo: no `fetch` available; pass one in the options.');
    this.key = options.key;
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    // Called unbound-safe: some fetches (browsers' own) throw when called as a method of another object.
    this.fetch = (input, init) => f(input, init);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRetries = Math.max(0, options.maxRetries ?? 2);
    this.retryBaseMs = options.retryBaseMs ?? 300;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? MAX_RETRY_AFTER_MS;
  }

  async request<T>(spec: RequestSpec): Promise<T> {
    const method = spec.method ?? 'GET';
    const retryable = spec.idempotent ?? method === 'GET';
    for (let retry = 0; ; retry++) {
      const outcome = await this.attempt<T>(method, spec);
      if ('value' in outcome) return outcome.value;
      const { error, retryAfterMs } = outcome;
      const transient = error instanceof NetworkError || error instanceof RateLimitError || error instanceof ServerError;
      if (!retryable || !transient || retry >= this.maxRetries) throw error;
      // A server asking for a long pause is better answered at once than by hanging the caller.
      if (retryAfterMs !== undefined && retryAfterMs > this.maxRetryWaitMs) throw error;
      await sleep(retryAfterMs ?? backoffMs(retry, this.retryBaseMs));
    }
  }

  private url(method: string, spec: RequestSpec): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) params.set(name, String(value));
    }
    // A publishable key in the URL keeps a browser's GET "simple": no CORS preflight.
    if (method === 'GET' && this.key.startsWith('pk_')) params.set('key', this.key);
    const search = params.toString();
    return `${this.baseUrl}${spec.path}${search ? `?${search}` : ''}`;
  }

  private headers(method: string, spec: RequestSpec): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json', ...spec.headers };
    // A secret key never goes in a URL (logs, caches, Referer); only in the header.
    if (method !== 'GET' || this.key.startsWith('sk_')) headers.Authorization = `Bearer ${this.key}`;
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    return headers;
  }

  /** One try: resolves with the parsed body or the typed error, never rejects. */
  private async attempt<T>(method: string, spec: RequestSpec): Promise<Outcome<T>> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; controller.abort(); }, this.timeoutMs);
    let res: Response;
    let text: string;
    try {
      res = await this.fetch(this.url(method, spec), {
        method,
        headers: this.headers(method, spec),
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: controller.signal,
      });
      // Read the body under the same timer: a connection can stall or drop mid-body.
      text = await res.text();
    } catch (cause) {
      return {
        error: timedOut
          ? new TimeoutError(`No response within ${this.timeoutMs} ms.`, { code: 'timeout', cause })
          : new NetworkError('The request failed before a complete response arrived.', { code: 'network_error', cause }),
      };
    } finally {
      clearTimeout(timer);
    }
    return this.outcome<T>(res, text);
  }

  private outcome<T>(res: Response, text: string): Outcome<T> {
    const status = res.status;
    let body: unknown;
    try { body = JSON.parse(text); } catch { /* not JSON: handled below */ }
    const headerId = res.headers.get('X-Request-Id') ?? undefined;
    if (res.ok) {
      if (body !== undefined) return { value: body as T };
      return { error: new NetworkError(`The response (HTTP ${status}) was not JSON.`, { code: 'network_error', status, requestId: headerId }) };
    }
    const retryAfterMs = parseRetryAfter(res.headers.get('Retry-After'));
    const envelope = (body as Partial<ApiError> | undefined)?.error;
    const ErrorClass = errorClassFor(status);
    // An error without our envelope (a proxy's or gateway's page) still gets its class by status.
    const error = typeof envelope?.message === 'string'
      ? new ErrorClass(envelope.message, { code: envelope.code ?? codeForStatus(status), status, requestId: envelope.requestId ?? headerId, details: envelope.details })
      : new ErrorClass(`HTTP ${status} without an error body.`, { code: codeForStatus(status), status, requestId: headerId });
    if (error instanceof RateLimitError) error.retryAfterMs = retryAfterMs;
    return { error, retryAfterMs };
  }
}
