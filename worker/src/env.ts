import type { ResolvedKey } from './access/api-key.ts';

/** Bindings from wrangler.toml and the per-request variables the middleware sets. */
export type AppEnv = {
  Bindings: { DB: D1Database; ASSETS?: Fetcher };
  Variables: { requestId: string; key: ResolvedKey };
};
