import { applyD1Migrations, env } from 'cloudflare:test';

declare global {
  namespace Cloudflare {
    interface Env { DB: D1Database; TEST_MIGRATIONS: D1Migration[] }
  }
}

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
