import type { ResolvedKey } from './access/api-key.ts';
import type { IdempotencyContext } from './middleware/idempotency.ts';

/** Bindings from wrangler.toml and the per-request variables the middleware sets. */
export type AppEnv = {
  Bindings: {
    DB: D1Database;
    ASSETS?: Fetcher;
    /** Optional so that a deployment without them (or `app.request` in a test) still runs. */
    KEY_RATE_LIMIT?: RateLimit;
    CLIENT_RATE_LIMIT?: RateLimit;
    /** Check-ins per mobile number (tenant + number), whoever sends them. */
    PHONE_RATE_LIMIT?: RateLimit;
    /** Human verification of the check-in form: `none` (local development) or `turnstile`. */
    VERIFICATION_PROVIDER?: string;
    TURNSTILE_SITE_KEY?: string;
    /** A secret (`wrangler secret put TURNSTILE_SECRET_KEY`), never a var in wrangler.toml. */
    TURNSTILE_SECRET_KEY?: string;
    /** "rows": Server-Timing also reports D1 rows read and written (doubles select work; benchmark only). */
    D1_METER?: string;
  };
  // correlationId: the client's own X-Request-Id if well-formed, for correlation only (never the request id).
  Variables: { requestId: string; key: ResolvedKey; idempotency: IdempotencyContext; correlationId: string | undefined };
};
