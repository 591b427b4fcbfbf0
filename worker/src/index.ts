import { app } from './app.ts';
import type { AppEnv } from './env.ts';
import { expireIdempotencyKeys } from './jobs/expire-idempotency-keys.ts';
import { purgeVerifications } from './jobs/purge-verifications.ts';
import { followUpLostContact } from './jobs/lost-contact.ts';
import { purgeCheckIns } from './jobs/purge-check-ins.ts';

export default {
  fetch: app.fetch,
  /** Cron (wrangler.toml `[triggers]`): daily housekeeping (retention included), and the lost-contact follow-ups. */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(expireIdempotencyKeys(env.DB).then((deleted) =>
      console.log(JSON.stringify({ job: 'expire-idempotency-keys', deleted }))));
    ctx.waitUntil(purgeVerifications(env.DB).then((deleted) =>
      console.log(JSON.stringify({ job: 'purge-verifications', deleted }))));
    ctx.waitUntil(purgeCheckIns(env).then((deleted) =>
      console.log(JSON.stringify({ job: 'purge-check-ins', deleted }))));
    ctx.waitUntil(followUpLostContact(env.DB).then((cases) =>
      console.log(JSON.stringify({ job: 'lost-contact', cases }))));
  },
} satisfies ExportedHandler<AppEnv['Bindings']>;
