import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The worker logs one JSON line per request (and the SMS outbox one per message); keep test output readable.
    onConsoleLog: (log) => !log.startsWith('{"requestId"') && !log.startsWith('{"smsOutbox"'),
    projects: [
      {
        // API tests inside the Workers runtime, each file with its own local D1.
        plugins: [cloudflareTest(async () => ({
          wrangler: { configPath: './wrangler.toml' },
          miniflare: {
            bindings: {
              TEST_MIGRATIONS: await readD1Migrations('./migrations'),
              // Local tests only; deployments set their own with `wrangler secret put`.
              VERIFICATION_SECRET: 'test-only-verification-secret-0123456789abcdef',
            },
            // The tests consume the notifications queue themselves (cloudflare:test's createMessageBatch),
            // with a clock of their own: its messages go to a queue nobody consumes, so that the
            // runtime's own consumer (on the wall clock, in or out of quiet hours) does not race them.
            // The campaigns queue likewise (test/worker/campaign-helpers.ts drives its consumer).
            queueProducers: { NOTIFICATIONS: { queueName: 'ginkgo-notifications-tests' }, CAMPAIGNS: { queueName: 'ginkgo-campaigns-tests' } },
            // Small limits, so that a test reaches them in a few requests (wrangler.toml has the real ones).
            ratelimits: {
              KEY_RATE_LIMIT: { namespace_id: '1001', simple: { limit: 300, period: 60 } },
              CLIENT_RATE_LIMIT: { namespace_id: '1002', simple: { limit: 50, period: 60 } },
              PHONE_RATE_LIMIT: { namespace_id: '1003', simple: { limit: 5, period: 60 } },
              SMS_KEY_RATE_LIMIT: { namespace_id: '1004', simple: { limit: 120, period: 60 } },
              LOOKUP_RATE_LIMIT: { namespace_id: '1005', simple: { limit: 10, period: 60 } },
              STAFF_AUTH_RATE_LIMIT: { namespace_id: '1006', simple: { limit: 20, period: 60 } },
            },
          },
        }))],
        test: {
          name: 'worker', include: ['test/worker/**/*.test.ts'], setupFiles: ['test/worker/apply-migrations.ts', 'test/worker/openapi-recorder.ts'],
        },
      },
      {
        // The SDK and the widgets against the real worker over HTTP (`wrangler dev`), widgets in Chromium.
        test: {
          name: 'e2e', include: ['test/e2e/**/*.test.ts', 'test/sdk/**/*.test.ts', 'test/widgets/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'], setupFiles: ['test/support/openapi-e2e-check.ts'],
          testTimeout: 30_000, hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // Plain Node tests (no Workers runtime, no server): e.g. the SMS adapters against local vendor fakes.
        test: { name: 'node', include: ['test/node/**/*.test.ts'] },
      },
    ],
  },
});
