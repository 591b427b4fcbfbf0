import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys, mobileVerifications, smsOutbox, spentChallenges, staffSessions, staffVerifications } from '../../schema/index.ts';
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

  it('purges code rows (members\' and staff\'s) and outbox messages after a day, spent challenges and staff sessions once expired', async () => {
    const now = Date.now();
    const code = (id: string, age: number) => ({
      id, tenantId: 'pizhou', mobileHash: 'h', codeHash: 'c', keyId: 'key_demo_pk', clientHash: null, createdAt: now - age, expiresAt: now - age + 300_000,
    });
    await db().insert(mobileVerifications).values([code('mv_old', 25 * 3600_000), code('mv_fresh', 23 * 3600_000)]);
    await db().insert(spentChallenges).values([{ challengeHash: 'old', expiresAt: now - 1 }, { challengeHash: 'live', expiresAt: now + 60_000 }]);
    const sms = (text: string, age: number) => ({ tenantId: 'pizhou', mobile: '13900000000', template: 'verification_code', params: { code: '1' }, text, createdAt: now - age });
    await db().insert(smsOutbox).values([sms('old', 25 * 3600_000), sms('fresh', 60_000)]);
    const at = (age: number) => new Date(now - age);
    const staffCode = (id: string, age: number) => ({ id, identifier: 'phone-number-otp-13900000001', value: '1:0', expiresAt: at(age - 300_000), createdAt: at(age), updatedAt: at(age) });
    await db().insert(staffVerifications).values([staffCode('sv_old', 25 * 3600_000), staffCode('sv_fresh', 60_000)]);
    const session = (id: string, expiresIn: number) => ({ id, token: id, userId: 'su_demo_admin', expiresAt: at(-expiresIn), createdAt: at(0), updatedAt: at(0) });
    await db().insert(staffSessions).values([session('ss_expired', -1), session('ss_live', 3600_000)]);

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);

    expect((await db().select({ id: mobileVerifications.id }).from(mobileVerifications)).map((r) => r.id)).toEqual(['mv_fresh']);
    expect((await db().select({ h: spentChallenges.challengeHash }).from(spentChallenges)).map((r) => r.h)).toEqual(['live']);
    expect((await db().select({ t: smsOutbox.text }).from(smsOutbox)).map((r) => r.t)).toEqual(['fresh']);
    expect((await db().select({ id: staffVerifications.id }).from(staffVerifications)).map((r) => r.id)).toEqual(['sv_fresh']);
    expect((await db().select({ id: staffSessions.id }).from(staffSessions)).map((r) => r.id)).toEqual(['ss_live']);
  });
});
