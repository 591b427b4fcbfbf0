// Sending a campaign through the CAMPAIGNS queue's consumer (the runtime's message batches, driven by
// hand on a test clock): letters and SMS each at most once per member whatever the queue redelivers,
// retries or loses; resume; quiet hours; opt-outs; the per-number caps; receipts; the route's answers.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignLetters, campaigns, members, notifications, smsOutbox, type ApiError, type CampaignSendResult } from '../../schema/index.ts';
import { app } from '../../worker/src/app.ts';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { env } from 'cloudflare:test';
import { audienceWindowSql } from '../../worker/src/campaigns/audience.ts';
import { reminderWindowSql, waitingLettersSql } from '../../worker/src/campaigns/sms-steps.ts';
import { formatLetterCode } from '../../worker/src/campaigns/letter-link.ts';
import { sendCampaignSms } from '../../worker/src/campaigns/campaign-sms.ts';
import { sweepCampaigns, STUCK_AFTER_MS } from '../../worker/src/campaigns/sweep.ts';
import { underSmsCaps } from '../../worker/src/notify/recipient-limits.ts';
import { addVillagers, makeCampaign, perMember, pump, recordedQueue, release, tenantCounts } from './campaign-sending-helpers.ts';
import { db, seed, SK } from './helpers.ts';
import { chinaTime } from './notification-helpers.ts';

const morning = { now: () => chinaTime(10) };
let memberCount = 0;

beforeAll(async () => {
  await seed();
  await addVillagers(37, 1);
  memberCount = (await db().select({ n: sql<number>`count(*)` }).from(members).where(eq(members.tenantId, 'pizhou')))[0]!.n;
});

function send(q: ReturnType<typeof recordedQueue>, id: string, key = SK) {
  return app.request(`/v1/campaigns/${id}/send`, {
    method: 'POST', headers: { Authorization: `Bearer ${key}`, 'CF-Connecting-IP': '10.9.8.7' },
  }, q.env);
}

describe('sending a campaign', () => {
  it('gives every member of the audience one letter and one SMS with the address and their code, in windows', async () => {
    const q = recordedQueue({ CAMPAIGN_CHUNK_SIZE: '10' });
    const c = await makeCampaign();
    const res = await send(q, c.id);
    expect(res.status).toBe(202);
    expect(await res.json<CampaignSendResult>()).toMatchObject({ status: 'sending', resumed: false, progress: { audienceTotal: memberCount, lettersMade: 0 } });
    await pump(q, morning, { limit: 100 });
    const [after] = await db().select().from(campaigns).where(eq(campaigns.id, c.id));
    expect(after).toMatchObject({ status: 'sent', lettersMade: memberCount, sentAt: expect.any(Number) });
    const rows = await perMember(c.id);
    expect(rows.every((r) => r.letters === 1 && r.messages === 1)).toBe(true);
    const [one] = await db().select().from(smsOutbox).where(eq(smsOutbox.template, 'campaign_letter')).limit(1);
    // Ending with how to stop (the letter page's 不再接收短信), in two SMS parts at most (134 characters).
    expect(one!.text).toMatch(/^【银杏家天下】家乡来信：.*ginkgo\.example\.gov\.cn\/l，输入您的专属码[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}，阅读来信并报到。不想再收此类短信，可在该网址点“不再接收短信”。$/);
    expect([...one!.text].length).toBeLessThanOrEqual(134);
    const counts = await tenantCounts(c.id);
    expect(counts.all).toMatchObject({ letters: memberCount, sent: memberCount });
    expect(counts.sms).toMatchObject({ sent: memberCount });
    const audit = await db().all<{ action: string }>(sql`select action from audit_log where subject_id = ${c.id}`);
    expect(audit.map((a) => a.action)).toEqual(['campaign.send']);
  });

  it('sends only to the audience: a village, members not reported since a date', async () => {
    const q = recordedQueue({ CAMPAIGN_CHUNK_SIZE: '10' });
    const c = await makeCampaign({ audience: { homeUnitIds: ['hu_gangshang'], notReportedSince: Date.UTC(2026, 0, 1) }, channels: ['print'] });
    expect((await send(q, c.id)).status).toBe(202);
    await pump(q, morning);
    const letters = await db().select({ memberId: campaignLetters.memberId }).from(campaignLetters).where(eq(campaignLetters.campaignId, c.id));
    const expected = await db().all<{ id: string }>(sql`select id from members where tenant_id = 'pizhou' and home_town_id = 'hu_gangshang'
      and (last_check_in_at is null or last_check_in_at < ${Date.UTC(2026, 0, 1)})`);
    expect(letters.map((l) => l.memberId).sort()).toEqual(expected.map((m) => m.id).sort());
    expect(expected.length).toBeGreaterThan(37);
    expect(await db().select().from(smsOutbox).where(eq(smsOutbox.template, 'campaign_letter'))).toHaveLength(memberCount); // the first test's only
  });
});

describe('at most once', () => {
  it('survives every message delivered twice and a share of them failing before or after their work', async () => {
    const q = recordedQueue({ CAMPAIGN_CHUNK_SIZE: '10', CAMPAIGN_FAULTS: '0.4' });
    const c = await makeCampaign();
    expect((await send(q, c.id)).status).toBe(202);
    const deliveries = await pump(q, morning, { duplicate: true, limit: 2000 });
    expect(deliveries).toBeGreaterThan(20);
    expect((await db().select().from(campaigns).where(eq(campaigns.id, c.id)))[0]).toMatchObject({ status: 'sent', lettersMade: memberCount });
    expect((await perMember(c.id)).filter((r) => r.letters !== 1 || r.messages !== 1)).toEqual([]);
    expect((await tenantCounts(c.id)).all).toMatchObject({ letters: memberCount, sent: memberCount });
  });

  it('resumes after a crash between steps: the sweep enqueues the lost step, and a second send is a harmless resume', async () => {
    const q = recordedQueue({ CAMPAIGN_CHUNK_SIZE: '10' });
    const c = await makeCampaign();
    expect((await send(q, c.id)).status).toBe(202);
    // The first step commits its window, then cannot enqueue the next: as if it crashed there.
    q.setFailing(true);
    await pump(q, morning);
    q.setFailing(false);
    const [stuck] = await db().select().from(campaigns).where(eq(campaigns.id, c.id));
    expect(stuck).toMatchObject({ status: 'sending', lettersMade: 10 });
    expect(q.queued).toEqual([]);
    // The demo's campaign (under way, its SMS waiting) is swept too: count this campaign's steps only.
    const mine = () => q.queued.filter((m) => m.body.campaignId === c.id).length;
    await sweepCampaigns(q.env, stuck!.sendProgressAt! + 60_000);
    expect(mine()).toBe(0); // not stuck for long yet
    await sweepCampaigns(q.env, Math.max(chinaTime(10), stuck!.sendProgressAt! + STUCK_AFTER_MS + 1));
    expect(mine()).toBe(2); // letters, and SMS
    q.queued.splice(0, q.queued.length, ...q.queued.filter((m) => m.body.campaignId === c.id));
    const again = await send(q, c.id);
    expect(await again.json<CampaignSendResult>()).toMatchObject({ status: 'sending', resumed: true });
    await pump(q, morning, { duplicate: true });
    expect((await db().select().from(campaigns).where(eq(campaigns.id, c.id)))[0]).toMatchObject({ status: 'sent', lettersMade: memberCount });
    expect((await perMember(c.id)).filter((r) => r.letters !== 1 || r.messages !== 1)).toEqual([]);
    const audit = await db().all<{ action: string }>(sql`select action from audit_log where subject_id = ${c.id} order by id`);
    expect(audit.map((a) => a.action)).toEqual(['campaign.send', 'campaign.resume']);
  });

  it('goes on in a new step when a window fails after others were done (the retry would find the cursor moved)', async () => {
    const q = recordedQueue({ CAMPAIGN_CHUNK_SIZE: '10' });
    const c = await makeCampaign({ channels: ['print'] });
    expect((await send(q, c.id)).status).toBe(202);
    let calls = 0;
    const flaky = () => { if (++calls === 15) throw new Error('D1 went away'); return Math.random().toString(36).slice(2, 12).toUpperCase(); };
    await pump(q, { ...morning, newCode: flaky });
    expect(calls).toBeGreaterThan(15);
    expect((await db().select().from(campaigns).where(eq(campaigns.id, c.id)))[0]).toMatchObject({ status: 'sent', lettersMade: memberCount });
  });

  it('retries a personal code that clashes with another letter\'s, never losing the member', async () => {
    const q = recordedQueue({ CAMPAIGN_CHUNK_SIZE: '500' });
    const [taken] = await db().select({ code: campaignLetters.code }).from(campaignLetters).limit(1);
    const c = await makeCampaign({ channels: ['print'] });
    expect((await send(q, c.id)).status).toBe(202);
    let calls = 0;
    await pump(q, { ...morning, newCode: () => (++calls === 1 ? taken!.code : Math.random().toString(36).slice(2, 12).toUpperCase()) });
    expect(calls).toBeGreaterThan(memberCount); // the clash, then a fresh set
    expect((await perMember(c.id)).filter((r) => r.letters !== 1)).toEqual([]);
  });
});

describe('who gets no SMS, and when', () => {
  it('defers in quiet hours (letters are made), sends at 08:00 China time', async () => {
    const q = recordedQueue();
    const c = await makeCampaign();
    expect((await send(q, c.id)).status).toBe(202);
    await pump(q, { now: () => chinaTime(22) });
    expect((await db().select().from(campaigns).where(eq(campaigns.id, c.id)))[0]!.lettersMade).toBe(memberCount);
    expect((await perMember(c.id)).every((r) => r.messages === 0)).toBe(true);
    expect(q.queued).toHaveLength(1);
    expect(q.queued[0]!.delaySeconds).toBe(10 * 3600); // 22:00 → 08:00
    release(q);
    await pump(q, { now: () => chinaTime(8, 1, 5) });
    expect((await perMember(c.id)).every((r) => r.messages === 1)).toBe(true);
  });

  it('skips a member who opted out, and holds back a number at its per-number cap', async () => {
    const q = recordedQueue();
    await db().update(members).set({ smsOptOutAt: Date.now() }).where(eq(members.id, 'mb_cs_0001'));
    const now = chinaTime(11, 0, 6);
    await db().insert(notifications).values([1, 2, 3].map((i) => ({
      id: `nt_cap_${i}`, tenantId: 'pizhou', event: 'check_in.confirmed' as const, eventKey: `cap:${i}`, channel: 'sms' as const, recipient: '13700000002',
      subjectType: 'check_in' as const, subjectId: `ci_cap_${i}`, params: {}, status: 'sent' as const, attempts: 1, claimedAt: now - 600_000, createdAt: now - 600_000,
    })));
    const c = await makeCampaign();
    expect((await send(q, c.id)).status).toBe(202);
    await pump(q, { now: () => now });
    const rows = Object.fromEntries((await perMember(c.id)).map((r) => [r.memberId, r.messages]));
    expect(rows.mb_cs_0001).toBe(0);
    expect(rows.mb_cs_0002).toBe(0);
    expect(rows.mb_cs_0003).toBe(1);
    const [optedOut] = await db().select().from(campaignLetters).where(and(eq(campaignLetters.campaignId, c.id), eq(campaignLetters.memberId, 'mb_cs_0001')));
    expect(optedOut).toMatchObject({ smsClaimedAt: now, smsSentAt: null });
    // The capped one waits an hour, then goes.
    expect(q.queued.map((m) => m.delaySeconds)).toEqual([3600]);
    release(q);
    await pump(q, { now: () => now + 3600_000 });
    expect(Object.fromEntries((await perMember(c.id)).map((r) => [r.memberId, r.messages])).mb_cs_0002).toBe(1);
    expect((await tenantCounts(c.id)).sms!.sent).toBe(memberCount - 1);
  });
  it('does not send to a member who opted out after the step read its window', async () => {
    const q = recordedQueue();
    const c = await makeCampaign({ channels: ['print'] });
    expect((await send(q, c.id)).status).toBe(202);
    await pump(q, morning);
    const [letter] = await db().select().from(campaignLetters).where(and(eq(campaignLetters.campaignId, c.id), eq(campaignLetters.memberId, 'mb_cs_0003')));
    const [member] = await db().select().from(members).where(eq(members.id, 'mb_cs_0003'));
    // What the step read before the member opted out.
    const read = { id: letter!.id, code: letter!.code, mobile: member!.mobile, optedOut: false, lastRemindedAt: null };
    await db().update(members).set({ smsOptOutAt: chinaTime(10) }).where(eq(members.id, 'mb_cs_0003'));
    const [campaign] = await db().select().from(campaigns).where(eq(campaigns.id, c.id));
    // A day no other test sends on: the number is under its per-number caps.
    const later = { now: () => chinaTime(10, 0, 20) };
    const result = await sendCampaignSms(q.env, campaign!, 'letter', [read], later);
    expect(result).toMatchObject({ sent: 0, waiting: 1 });
    const [after] = await db().select().from(campaignLetters).where(eq(campaignLetters.id, letter!.id));
    expect(after).toMatchObject({ smsClaimedAt: null, smsSentAt: null });
    expect(await db().select().from(smsOutbox).where(sql`json_extract(params, '$.code') = ${formatLetterCode(letter!.code)}`)).toEqual([]);
    // A reminder read the same way is not sent either.
    await db().update(campaignLetters).set({ smsClaimedAt: chinaTime(9, 0, 10), smsSentAt: chinaTime(9, 0, 10) }).where(eq(campaignLetters.id, letter!.id));
    const reminded = await sendCampaignSms(q.env, { ...campaign!, reminderAfterDays: 1, reminderLimit: 3 }, 'reminder', [read], later);
    expect(reminded.sent).toBe(0);
    expect((await db().select().from(campaignLetters).where(eq(campaignLetters.id, letter!.id)))[0]).toMatchObject({ remindersSent: 0 });
    await db().update(members).set({ smsOptOutAt: null }).where(eq(members.id, 'mb_cs_0003'));
  });
});

describe('the route', () => {
  it('refuses a sent campaign, one past its end, an unknown one, and a staff role without the permission', async () => {
    const q = recordedQueue();
    const sent = await makeCampaign({ status: 'sent' });
    const res = await send(q, sent.id);
    expect(res.status).toBe(409);
    expect((await res.json<ApiError>()).error.code).toBe('conflict');
    const past = await makeCampaign({ startsAt: Date.now() - 100 * 86_400_000, endsAt: Date.now() - 1000 });
    expect((await send(q, past.id)).status).toBe(409);
    expect((await send(q, 'cmp_nobody')).status).toBe(404);
    expect((await send(q, 'x'.repeat(65))).status).toBe(400);
    expect((await db().select().from(campaigns).where(eq(campaigns.id, past.id)))[0]!.status).toBe('draft');
    expect(q.queued).toEqual([]);
  });

  it('refuses the SMS channel when a real vendor has no approved campaign_letter template', async () => {
    const q = recordedQueue({ SMS_PROVIDER: 'aliyun', SMS_NOTIFY_TEMPLATES: '{}' });
    const c = await makeCampaign();
    expect((await send(q, c.id)).status).toBe(409);
    expect((await db().select().from(campaignLetters).where(and(eq(campaignLetters.campaignId, c.id), isNotNull(campaignLetters.id))))).toEqual([]);
  });
});

describe('query plans', () => {
  const planOf = async (query: { sql: string; params: unknown[] }) =>
    (await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).bind(...query.params).all<{ detail: string }>()).results.map((r) => r.detail).join('\n');
  const dialect = new SQLiteSyncDialect();

  it('reads each step\'s window through an index, in its order: no scan, no sort', async () => {
    const c = await makeCampaign({ reminderLimit: 2 });
    const plans = {
      window: await planOf(dialect.sqlToQuery(audienceWindowSql('pizhou', { categories: ['worker'], notReportedSince: 1 }, 'mb_x', 500))),
      waiting: await planOf(dialect.sqlToQuery(waitingLettersSql(c.id, 'mb_x', null, 500))),
      reminders: await planOf(dialect.sqlToQuery(reminderWindowSql(c, 'mb_x', 1, 500))),
      caps: await planOf({ sql: `SELECT id FROM campaign_letters WHERE id = ? AND ${underSmsCaps('campaign_letters.tenant_id', '(SELECT mobile FROM members WHERE id = campaign_letters.member_id)', 1)}`, params: ['ltr_x'] }),
    };
    expect(plans.window).toMatch(/SEARCH m USING COVERING INDEX members_tenant_id \(tenant_id=\? AND id>\?\)|SEARCH m USING INDEX members_tenant_id/);
    expect(plans.waiting).toMatch(/SEARCH l USING INDEX campaign_letters_sms_waiting \(campaign_id=\? AND member_id>\?\)/);
    expect(plans.reminders).toMatch(/SEARCH l USING INDEX campaign_letters_once \(campaign_id=\? AND member_id>\?\)/);
    expect(plans.caps).toMatch(/notifications_recipient_claimed/);
    expect(plans.caps).toMatch(/members_tenant_mobile/);
    expect(plans.caps).toMatch(/campaign_letters_member/);
    for (const plan of Object.values(plans)) expect(plan).not.toMatch(/SCAN (m|l|r|rm|rl|members|campaign_letters|notifications)\b|TEMP B-TREE/);
  });
});
