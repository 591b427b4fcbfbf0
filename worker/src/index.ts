import { app } from './app.ts';
import type { AppEnv } from './env.ts';
import { expireIdempotencyKeys } from './jobs/expire-idempotency-keys.ts';
import { purgeVerifications } from './jobs/purge-verifications.ts';

export default {
  fetch: app.fetch,
  /** Cron (wrangler.toml `[triggers]`): daily housekeeping. */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(expireIdempotencyKeys(env.DB).then((deleted) =>
      console.log(JSON.stringify({ job: 'expire-idempotency-keys', deleted }))));
    ctx.waitUntil(purgeVerifications(env.DB).then((deleted) =>
      console.log(JSON.stringify({ job: 'purge-verifications', deleted }))));
  },
} satisfies ExportedHandler<AppEnv['Bindings']>;
