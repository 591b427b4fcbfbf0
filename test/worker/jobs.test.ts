import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys } from '../../schema/index.ts';
import worker from '../../worker/src/index.ts';
import { IDEMPOTENCY_TTL_MS } from '../../worker/src/jobs/expire-idempotency-keys.ts';
import { db, seed } from './helpers.ts';

beforeAll(seed);

describe('daily housekeeping', () => {
  it('expires idempotency keys older than a week, in chunks, and keeps the rest', async () => {
    const now = Date.now();
    const row = (key: string, age: number) => ({
      tenantId: 'pizhou', apiKeyId: 'key_demo_pk', key, requestHash: 'h', status: 201, body: '{}', createdAt: now - age,
    });
    const old = Array.from({ length: 1_500 }, (_, i) => row(`old-${i}`, IDEMPOTENCY_TTL_MS + 60_000));
    const fresh = [row('fresh-1', 60_000), row('fresh-2', IDEMPOTENCY_TTL_MS - 60_000)];
    const all = [...old, ...fresh];
    for (let i = 0; i < all.length; i += 10) await db().insert(idempotencyKeys).values(all.slice(i, i + 10));

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);

    const left = await db().select({ key: idempotencyKeys.key }).from(idempotencyKeys);
    expect(left.map((r) => r.key).sort()).toEqual(['fresh-1', 'fresh-2']);
  });
});
