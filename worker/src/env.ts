import type { ResolvedKey } from './access/api-key.ts';

/** Bindings from wrangler.toml and the per-request variables the middleware sets. */
export type AppEnv = {
  Bindings: {
    DB: D1Database;
    ASSETS?: Fetcher;
    /** Optional so that a deployment without them (or `app.request` in a test) still runs. */
    KEY_RATE_LIMIT?: RateLimit;
    CLIENT_RATE_LIMIT?: RateLimit;
  };
  Variables: { requestId: string; key: ResolvedKey };
};
