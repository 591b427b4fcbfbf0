import { applyD1Migrations, env, type D1Migration } from 'cloudflare:test';

declare global {
  namespace Cloudflare {
    interface Env { DB: D1Database; TEST_MIGRATIONS: D1Migration[] }
  }
}

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
