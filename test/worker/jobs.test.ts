import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkIns, idempotencyKeys, mobileVerifications, notifications, serviceRequests, smsOutbox, spentChallenges, staffSessions, staffVerifications, wechatSubscriptions } from '../../schema/index.ts';
import worker from '../../worker/src/index.ts';
import { IDEMPOTENCY_TTL_MS } from '../../worker/src/jobs/expire-idempotency-keys.ts';
import { eq, inArray } from 'drizzle-orm';
import { RETENTION_DEFAULTS } from '../../worker/src/jobs/purge-check-ins.ts';
import { submission, submit } from './check-in-helpers.ts';
import { call, db, seed, SK } from './helpers.ts';
import type { CheckInReceipt } from '../../schema/index.ts';

beforeAll(seed);
const staffPost = (path: string, body: unknown) => call(path, {
  method: 'POST', headers: { Authorization: `Bearer ${SK}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
});

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

  it('purges refused check-ins 180 days after the decision and unverified pending ones 60 days after sending; keeps the rest', async () => {
    const now = Date.now();
    const day = 86_400_000;
    const made = async (name: string, key?: string) => {
      const receipt = await (await submit(submission({ name, needs: ['policy'], notify: true }), key ? { key } : {})).json<CheckInReceipt>();
      return (await db().select().from(checkIns).where(eq(checkIns.reference, receipt.reference)))[0]!;
    };
    const age = (id: string, set: Partial<typeof checkIns.$inferInsert>) => db().update(checkIns).set(set).where(eq(checkIns.id, id));
    const rejectedOld = await made('旧拒绝');
    // Rejected by staff, told by SMS (a notification row: the mobile and the reference), then aged.
    const reject = await staffPost(`/v1/check-ins/${rejectedOld.id}/reject`, { reason: '所填支部有误' });
    expect(reject.status).toBe(200);
    expect(await db().select().from(notifications).where(eq(notifications.subjectId, rejectedOld.id))).toHaveLength(1);
    await age(rejectedOld.id, { status: 'rejected', decidedAt: now - (RETENTION_DEFAULTS.refusedDays + 1) * day });
    const returnedOld = await made('旧退回');
    await age(returnedOld.id, { status: 'returned', decidedAt: now - (RETENTION_DEFAULTS.refusedDays + 1) * day });
    const rejectedRecent = await made('新拒绝');
    await age(rejectedRecent.id, { status: 'rejected', decidedAt: now - (RETENTION_DEFAULTS.refusedDays - 1) * day });
    const confirmedOld = await made('旧确认');
    await age(confirmedOld.id, { status: 'confirmed', decidedAt: now - 400 * day, createdAt: now - 400 * day });
    // Staff sent these without a proof of the mobile: unverified.
    const unverifiedOld = await made('旧未验证', SK);
    await age(unverifiedOld.id, { createdAt: now - (RETENTION_DEFAULTS.unverifiedDays + 1) * day });
    const unverifiedRecent = await made('新未验证', SK);
    await age(unverifiedRecent.id, { createdAt: now - (RETENTION_DEFAULTS.unverifiedDays - 1) * day });
    const verifiedOld = await made('旧已验证');
    await age(verifiedOld.id, { createdAt: now - 400 * day });
    const ids = [rejectedOld, returnedOld, rejectedRecent, confirmedOld, unverifiedOld, unverifiedRecent, verifiedOld].map((r) => r.id);
    // Subscribed in WeChat to hear of them (the one for the rejection spent): the member's openid.
    await db().insert(wechatSubscriptions).values([rejectedOld, verifiedOld].map((r, i) => ({
      id: `ws_purge_${i}`, tenantId: r.tenantId, subjectType: 'check_in' as const, subjectId: r.id, openid: `o_purge_${i}`,
      templateId: 'tpl_status', createdAt: now - 400 * day, usedAt: i === 0 ? now - 181 * day : null,
    })));

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);

    const left = await db().select({ id: checkIns.id }).from(checkIns).where(inArray(checkIns.id, ids));
    expect(left.map((r) => r.id).sort()).toEqual([rejectedRecent.id, confirmedOld.id, unverifiedRecent.id, verifiedOld.id].sort());
    // The purged check-ins' requests for help stay, unlinked.
    const requests = await db().select().from(serviceRequests).where(inArray(serviceRequests.memberId, [rejectedOld.memberId, unverifiedOld.memberId]));
    expect(requests).toHaveLength(2);
    expect(requests.map((r) => r.checkInId)).toEqual([null, null]);
    // The message about the purged check-in goes with it.
    expect(await db().select().from(notifications).where(eq(notifications.subjectId, rejectedOld.id))).toEqual([]);
    // So does its WeChat subscription; the kept check-in's stays.
    expect((await db().select().from(wechatSubscriptions).where(inArray(wechatSubscriptions.id, ['ws_purge_0', 'ws_purge_1']))).map((w) => w.id)).toEqual(['ws_purge_1']);
  });

  it('finds what to purge through its partial indexes, not a scan of every check-in', async () => {
    for (const [where, index] of [
      [`status in ('rejected', 'returned') and decided_at < 1`, 'check_ins_refused_decided'],
      [`status = 'pending' and mobile_verified = 0 and created_at < 1`, 'check_ins_unverified_pending'],
    ]) {
      const { results } = await env.DB.prepare(`explain query plan select id from check_ins where ${where} limit 90`).all<{ detail: string }>();
      expect(results.map((r) => r.detail).join('; ')).toContain(`USING INDEX ${index}`);
    }
    const { results } = await env.DB.prepare(`explain query plan delete from wechat_subscriptions where subject_id in ('a', 'b') and subject_type = 'check_in'`).all<{ detail: string }>();
    expect(results.map((r) => r.detail).join('; ')).toContain('USING INDEX wechat_subscriptions_subject');
  });
});
