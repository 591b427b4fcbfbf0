// After the letters: delivery receipts on campaign SMS, the daily reminder round (due after a number
// of days, at most a number of times, never to the reported, the failed or the opted out), and a
// real vendor's path (Aliyun's API answered by a local stand-in): claim before the call, a refusal
// marks the number failed, a throttle is tried again, a racing redelivery never calls twice.
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignLetters, campaigns, members } from '../../schema/index.ts';
import { app } from '../../worker/src/app.ts';
import { scheduleReminders } from '../../worker/src/campaigns/sweep.ts';
import { addVillagers, makeCampaign, perMember, pump, recordedQueue, release, tenantCounts } from './campaign-sending-helpers.ts';
import { db, seed } from './helpers.ts';
import { bindings, chinaTime } from './notification-helpers.ts';

const TOKEN = 'receipt-token-for-tests-0123456789';
const day = (d: number) => ({ now: () => chinaTime(11, 0, d) });
let total = 0;

beforeAll(async () => {
  await seed();
  await addVillagers(12, 101);
  total = (await db().select({ n: sql<number>`count(*)` }).from(members).where(eq(members.tenantId, 'pizhou')))[0]!.n;
});

/** A campaign sent (its letters and SMS) on 4 December, 11:00 China time. */
async function sentCampaign(over: Parameters<typeof makeCampaign>[0] = {}, env = {}) {
  const q = recordedQueue(env);
  const c = await makeCampaign(over, chinaTime(11, 0, 4));
  await db().update(campaigns).set({ status: 'sending', sendStartedAt: chinaTime(11, 0, 4) }).where(eq(campaigns.id, c.id));
  q.queued.push({ body: { kind: 'letters', campaignId: c.id, after: null }, delaySeconds: 0 });
  await pump(q, day(4));
  return { q, c, letters: await db().select().from(campaignLetters).where(eq(campaignLetters.campaignId, c.id)).orderBy(campaignLetters.memberId) };
}

const receipt = (vendor: string, body: unknown) => app.request(`/v1/notification-receipts/${vendor}/${TOKEN}`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
}, bindings({ NOTIFY_RECEIPT_TOKEN: TOKEN }));

describe('delivery receipts', () => {
  it('mark a letter delivered or its number failed, each counted once', async () => {
    const { c, letters } = await sentCampaign();
    const [a, b] = letters;
    const report = [{ biz_id: a!.smsVendorId, success: true, err_code: 'DELIVERED' }, { biz_id: b!.smsVendorId, success: false, err_code: 'MK:0001' }];
    expect((await receipt('aliyun', report)).status).toBe(200);
    expect((await receipt('aliyun', report)).status).toBe(200); // the vendor posts again
    const after = await db().select().from(campaignLetters).where(eq(campaignLetters.campaignId, c.id)).orderBy(campaignLetters.memberId);
    expect(after[0]).toMatchObject({ smsDeliveredAt: expect.any(Number), smsFailedAt: null });
    expect(after[1]).toMatchObject({ smsDeliveredAt: null, smsFailedAt: expect.any(Number) });
    const counts = await tenantCounts(c.id);
    expect(counts.sms).toMatchObject({ sent: total, delivered: 1, failed: 1 });
    expect(counts.all).toMatchObject({ delivered: 1, failed: 1 });
  });
});

describe('reminders', () => {
  it('remind the silent once a round, after the days set, at most the times set, never the reported, failed or opted out', async () => {
    const { q, c, letters } = await sentCampaign({ reminderAfterDays: 2, reminderLimit: 2 });
    expect((await db().select().from(campaigns).where(eq(campaigns.id, c.id)))[0]!.status).toBe('sent');
    const [reported, failed, optedOut] = letters;
    await db().update(campaignLetters).set({ reportedAt: chinaTime(12, 0, 4) }).where(eq(campaignLetters.id, reported!.id));
    await receipt('tencent', [{ sid: failed!.smsVendorId, report_status: 'FAIL', errmsg: 'MK:0005' }]);
    await db().update(members).set({ smsOptOutAt: chinaTime(12, 0, 4) }).where(eq(members.id, optedOut!.memberId));
    const round = async (d: number, duplicate = false) => {
      expect(await scheduleReminders(q.env, chinaTime(11, 0, d))).toBeGreaterThanOrEqual(1);
      await pump(q, day(d), { duplicate });
    };
    const reminded = async () => Object.fromEntries((await perMember(c.id, 'campaign_reminder')).map((r) => [r.memberId, r.messages]));

    await round(5); // a day later: too soon
    expect(Object.values(await reminded()).every((n) => n === 0)).toBe(true);
    await round(6, true); // two days later, the round delivered twice at once
    await round(6); // and the cron run again that day
    let r = await reminded();
    expect([r[reported!.memberId], r[failed!.memberId], r[optedOut!.memberId]]).toEqual([0, 0, 0]);
    expect(Object.values(r).filter((n) => n === 1)).toHaveLength(total - 3);
    expect(Object.values(r).filter((n) => n > 1)).toEqual([]);
    await round(7); // a day after the first reminder: too soon for the second
    await round(8);
    await round(12); // the limit (2) is reached
    r = await reminded();
    expect(Object.values(r).filter((n) => n === 2)).toHaveLength(total - 3);
    expect(Object.values(r).filter((n) => n > 2)).toEqual([]);
    expect((await tenantCounts(c.id)).sms).toMatchObject({ reminded: 2 * (total - 3) });
    const [one] = await db().select().from(campaignLetters).where(and(eq(campaignLetters.campaignId, c.id), eq(campaignLetters.id, letters[5]!.id)));
    expect(one).toMatchObject({ remindersSent: 2, lastRemindedAt: chinaTime(11, 0, 8) });
  });

  it('are not scheduled for a campaign without the SMS channel, or past its end', async () => {
    const print = await sentCampaign({ channels: ['print'] });
    const sms = await sentCampaign();
    await scheduleReminders(print.q.env, chinaTime(11, 0, 20));
    expect(print.q.queued.map((m) => m.body.campaignId)).not.toContain(print.c.id);
    expect(print.q.queued.map((m) => m.body.campaignId)).toContain(sms.c.id);
    const before = sms.q.queued.length;
    await scheduleReminders(sms.q.env, sms.c.endsAt + 1);
    expect(sms.q.queued.slice(before).map((m) => m.body.campaignId)).not.toContain(sms.c.id);
  });
});

describe('through a real vendor', () => {
  const VENDOR = {
    SMS_PROVIDER: 'aliyun', ALIYUN_ACCESS_KEY_ID: 'id', ALIYUN_ACCESS_KEY_SECRET: 'secret', ALIYUN_SMS_SIGN_NAME: '银杏家天下',
    ALIYUN_SMS_TEMPLATE_CODE: 'SMS_1', SMS_NOTIFY_TEMPLATES: '{"campaign_letter":"SMS_2","campaign_reminder":"SMS_3"}',
    ALIYUN_SMS_ENDPOINT: 'https://sms.vendor.test',
  };

  it('claims before calling: each number called once under racing redeliveries; a refusal fails it, a throttle waits', async () => {
    const calls = new Map<string, number>();
    let throttledOnce = false;
    const fetch = (async (input: RequestInfo | URL) => {
      const url = new URL(String(input));
      const to = url.searchParams.get('PhoneNumbers')!;
      calls.set(to, (calls.get(to) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 1));
      if (to === '13700000101') return Response.json({ Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: 'bad number' });
      if (to === '13700000102' && !throttledOnce) { throttledOnce = true; return Response.json({ Code: 'isv.BUSINESS_LIMIT_CONTROL' }); }
      return Response.json({ Code: 'OK', BizId: `biz-${to}-${calls.get(to)}` });
    }) as typeof globalThis.fetch;
    const q = recordedQueue(VENDOR);
    // Weeks after the other tests' SMS, which count towards each number's caps.
    const c = await makeCampaign({}, chinaTime(11, 0, 25));
    await db().update(campaigns).set({ status: 'sending' }).where(eq(campaigns.id, c.id));
    q.queued.push({ body: { kind: 'letters', campaignId: c.id, after: null }, delaySeconds: 0 });
    await pump(q, { ...day(25), fetch }, { duplicate: true });
    expect(q.queued.map((m) => m.delaySeconds)).toEqual([3600]); // the throttled one, an hour later
    release(q);
    await pump(q, { now: () => chinaTime(12, 1, 25), fetch }, { duplicate: true });
    const optedOut = (await db().select({ id: members.id }).from(members).where(sql`sms_opt_out_at is not null`)).length;
    expect(calls.get('13700000102')).toBe(2); // throttled, then sent
    expect([...calls.entries()].filter(([to, n]) => to !== '13700000102' && n !== 1)).toEqual([]);
    expect(calls.size).toBe(total - optedOut);
    const letters = await db().select().from(campaignLetters).where(eq(campaignLetters.campaignId, c.id));
    const bad = letters.find((l) => l.memberId === 'mb_cs_0101')!;
    expect(bad).toMatchObject({ smsFailedAt: expect.any(Number), smsSentAt: null });
    expect(letters.find((l) => l.memberId === 'mb_cs_0102')).toMatchObject({ smsSentAt: expect.any(Number), smsVendorId: 'biz-13700000102-2' });
    expect((await tenantCounts(c.id)).sms).toMatchObject({ sent: total - optedOut - 1, failed: 1 });
  });
});
