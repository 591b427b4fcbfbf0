// A member's letter from home: opened by its QR token or typed code (publishable key), the SMS
// opt-out, and the funnel's reported and confirmed steps taken by the member's check-in.
import { env } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, campaignCounts, campaigns, checkIns, members, tenants, type CheckInReceipt, type Letter, type MyData } from '../../schema/index.ts';
import { formatLetterCode, signLetterToken } from '../../worker/src/campaigns/letter-link.ts';
import { insertMemberIfNew } from '../../worker/src/data/scope-copies.ts';
import { advance, bindings, letterById, letterTo, sentCampaign, tenantCounts } from './campaign-helpers.ts';
import { freshMobile, submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, issueTestKey, PK, proofFor, seed, SK, withKey } from './helpers.ts';

beforeAll(async () => {
  await seed();
  await db().insert(tenants).values({ id: 'elsewhere', nameZh: '别处', nameEn: 'Elsewhere' }).onConflictDoNothing();
});

/** A member on the roster of 港上北村 (new: no host branch), by a fresh mobile. */
async function rosterMember(name = '张三明') {
  const mobile = freshMobile();
  await db().batch(insertMemberIfNew(db(), {
    id: `mb_${crypto.randomUUID().slice(0, 12)}`, tenantId: 'pizhou', name, mobile, homeUnitId: 'hu_gangshang_bei', category: 'worker',
  }) as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  return mobile;
}
const post = (path: string, body: unknown, headers: Record<string, string> = {}, key = PK) =>
  call(`${path}?key=${key}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
const open = (body: unknown, headers: Record<string, string> = {}) => post('/v1/letters/open', body, headers);
const auditsOf = async (letterId: string) => db().select().from(auditLog).where(and(eq(auditLog.action, 'letter.open'), eq(auditLog.subjectId, letterId)));

describe('POST /v1/letters/open', () => {
  it('shows the letter by its QR token, masked, and marks it opened by QR once, counted in print', async () => {
    const campaign = await sentCampaign();
    const mobile = await rosterMember();
    const letter = await letterTo(campaign, { mobile });
    const res = await open({ token: letter.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const shown = await res.json<Letter>();
    expect(shown).toMatchObject({
      campaign: { titleZh: '致全市流动党员的一封信', signatory: '中共邳州市委组织部', bodyEn: expect.any(String) as never },
      code: letter.code,
      member: { name: '张*明', mobile: `${mobile.slice(0, 3)}****${mobile.slice(-4)}`, homeUnit: { id: 'hu_gangshang_bei' }, hostBranch: null, smsOptedOut: false },
      reportedAt: null,
    });
    expect(JSON.stringify(shown)).not.toContain(mobile);
    expect(JSON.stringify(shown)).not.toContain('张三明');
    expect(await letterById(letter.id)).toMatchObject({ openedVia: 'qr', openedAt: shown.openedAt });
    // Again, and by code: the first opening stands, counted once.
    expect((await (await open({ token: letter.token })).json<Letter>()).openedAt).toBe(shown.openedAt);
    expect((await open({ code: letter.code })).status).toBe(200);
    const counts = await tenantCounts(campaign);
    expect([counts.all?.opened, counts.print?.opened, counts.sms?.opened ?? 0]).toEqual([1, 1, 0]);
    const audits = await auditsOf(letter.id);
    expect(audits.map((a) => a.detail)).toEqual([{ via: 'qr' }]);
  });

  it('finds a typed code however it is written, and counts it in sms when an SMS was sent', async () => {
    const campaign = await sentCampaign();
    const letter = await letterTo(campaign, { mobile: await rosterMember('李四') });
    await env.DB.prepare('UPDATE campaign_letters SET sms_sent_at = 1 WHERE id = ?').bind(letter.id).run();
    const res = await open({ code: ` ${formatLetterCode(letter.code).toLowerCase()} ` });
    expect(res.status).toBe(200);
    expect((await res.json<Letter>()).member.name).toBe('李*');
    expect((await letterById(letter.id)).openedVia).toBe('code');
    const counts = await tenantCounts(campaign);
    expect([counts.all?.opened, counts.sms?.opened, counts.print?.opened ?? 0]).toEqual([1, 1, 0]);
  });

  it('refuses tampered, expired, ended, unknown and foreign letters, and changes nothing', async () => {
    const campaign = await sentCampaign();
    const letter = await letterTo(campaign, { mobile: await rosterMember() });
    const [id, expiry, sig] = letter.token.split('.');
    await expectError(await open({ token: `${id}.${Number(expiry) + 86_400}.${sig}` }), 400, 'letter_link_invalid');
    await expectError(await open({ token: `${letter.token}x` }), 400, 'letter_link_invalid');
    await expectError(await open({ token: await signLetterToken(bindings, letter.id, Date.now() - 1000) }), 410, 'letter_link_expired');
    await expectError(await open({ code: 'ABCDE-FGHJK' }), 404, 'letter_not_found');
    await expectError(await open({ code: 'not a code' }), 404, 'letter_not_found');
    await expectError(await open({}), 400, 'validation_failed');
    await expectError(await open({ code: letter.code, token: letter.token }), 400, 'validation_failed');
    // No secret key opens a member's letter, and another tenant's key finds nothing.
    await expectError(await call('/v1/letters/open', { method: 'POST', ...withKey(SK, { 'Content-Type': 'application/json' }), body: JSON.stringify({ code: letter.code }) }), 403, 'forbidden');
    const foreign = await issueTestKey({ tenantId: 'elsewhere', kind: 'publishable', role: null, scopeNodeId: null, allowedOrigins: ['http://localhost:*'] });
    await expectError(await post('/v1/letters/open', { code: letter.code }, {}, foreign.token), 404, 'letter_not_found');
    await expectError(await post('/v1/letters/open', { token: letter.token }, {}, foreign.token), 400, 'letter_link_invalid');
    // The campaign ended: its links and codes stop.
    const ended = await sentCampaign({ status: 'ended' });
    const old = await letterTo(ended, { mobile: await rosterMember() });
    await expectError(await open({ code: old.code }), 410, 'letter_link_expired');
    await expectError(await open({ token: old.token }), 410, 'letter_link_expired');
    for (const l of [letter, old]) expect(await letterById(l.id)).toMatchObject({ openedAt: null, openedVia: null });
    expect(await db().select().from(campaignCounts).where(eq(campaignCounts.campaignId, campaign))).toEqual([]);
  });

  it('lists an opened letter in the channel it was counted in, whatever was sent after', async () => {
    const campaign = await sentCampaign();
    const mobile = await rosterMember();
    const letter = await letterTo(campaign, { mobile }); // printed
    // The printed code typed (print's), then its SMS goes: counted in print, listed there too.
    expect((await open({ code: letter.code })).status).toBe(200);
    await advance([letter.id], 'sms_sent_at', 'sent', 'sms');
    expect(await tenantCounts(campaign)).toMatchObject({ print: { opened: 1 }, sms: { opened: 0, sent: 1 } });
    const listed = async (channel: string) => (await (await call(`/v1/campaigns/${campaign}/letters?stage=opened&channel=${channel}`, withKey(SK)))
      .json<{ data: { id: string }[] }>()).data.map((r) => r.id);
    expect(await listed('print')).toEqual([letter.id]);
    expect(await listed('sms')).toEqual([]);
    // Reported now: in the channel it came through, listed there.
    expect((await submit(submission({ mobile, name: '张三明', branchId: 'br_sz_sip' }))).status).toBe(201);
    expect(await letterById(letter.id)).toMatchObject({ reportedChannel: 'print' });
    expect(await tenantCounts(campaign)).toMatchObject({ print: { reported: 1 }, sms: { reported: 0 } });
  });

  it('limits typed codes per client address', async () => {
    const headers = { 'CF-Connecting-IP': '198.51.100.77' };
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await open({ code: 'ABCDE-FGHJK' }, headers)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('POST /v1/letters/opt-out', () => {
  it('needs a proof of the roster\'s mobile, and keeps the first opt-out', async () => {
    const mobile = await rosterMember();
    const letter = await letterTo(await sentCampaign(), { mobile });
    const optedOut = async () => (await db().select().from(members).where(eq(members.mobile, mobile)))[0]!.smsOptOutAt;
    await expectError(await post('/v1/letters/opt-out', { code: letter.code, mobileProof: await proofFor(freshMobile()) }), 403, 'mobile_unverified');
    await expectError(await post('/v1/letters/opt-out', { code: letter.code, mobileProof: 'forged.proof' }), 403, 'mobile_unverified');
    await expectError(await post('/v1/letters/opt-out', { code: letter.code }), 400, 'validation_failed');
    expect(await optedOut()).toBeNull();
    const res = await post('/v1/letters/opt-out', { token: letter.token, mobileProof: await proofFor(mobile) });
    expect(res.status).toBe(200);
    const { optedOutAt } = await res.json<{ optedOutAt: number }>();
    expect(await optedOut()).toBe(optedOutAt);
    const again = await (await post('/v1/letters/opt-out', { code: letter.code, mobileProof: await proofFor(mobile) })).json<{ optedOutAt: number }>();
    expect(again.optedOutAt).toBe(optedOutAt);
    expect((await (await open({ code: letter.code })).json<Letter>()).member.smsOptedOut).toBe(true);
  });
});

describe('the funnel\'s reported and confirmed steps', () => {
  it('a check-in reports the member\'s open letters once, retried or not; its confirmation confirms them once', async () => {
    const campaign = await sentCampaign();
    const ended = await sentCampaign({ status: 'ended' });
    const draft = await sentCampaign({ status: 'draft' });
    const mobile = await rosterMember();
    const letter = await letterTo(campaign, { mobile });
    const endedLetter = await letterTo(ended, { mobile });
    const draftLetter = await letterTo(draft, { mobile });
    await open({ token: letter.token });
    const body = submission({ mobile, name: '张三明', branchId: 'br_sz_sip' });
    const idempotencyKey = crypto.randomUUID();
    const first = await submit(body, { idempotencyKey });
    expect(first.status).toBe(201);
    const retry = await submit(body, { idempotencyKey });
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    const receipt = await first.json<CheckInReceipt>();
    const reported = await letterById(letter.id);
    expect(reported).toMatchObject({ checkInId: receipt.id, reportedAt: expect.any(Number) as never, confirmedAt: null });
    for (const other of [endedLetter, draftLetter]) expect((await letterById(other.id)).reportedAt).toBeNull();
    // Another check-in of the member later: already reported.
    expect((await submit(submission({ mobile, name: '张三明', branchId: 'br_cz_xinbei' }))).status).toBe(201);
    expect((await letterById(letter.id)).reportedAt).toBe(reported.reportedAt);
    let counts = await tenantCounts(campaign);
    expect([counts.all?.reported, counts.print?.reported]).toEqual([1, 1]);
    expect((await open({ code: letter.code }).then((r) => r.json<Letter>())).reportedAt).toBe(reported.reportedAt);

    const confirm = () => call(`/v1/check-ins/${receipt.id}/confirm`, { method: 'POST', ...withKey(SK) });
    expect((await confirm()).status).toBe(200);
    expect((await confirm()).status).toBe(200); // the same caller's retry: its decision back, nothing again
    expect(await letterById(letter.id)).toMatchObject({ confirmedAt: expect.any(Number) as never, checkInId: receipt.id });
    counts = await tenantCounts(campaign);
    expect([counts.all?.confirmed, counts.print?.confirmed, counts.all?.reported]).toEqual([1, 1, 1]);
    // Counted at the member's nodes too: the village and its town.
    const village = await db().select().from(campaignCounts).where(and(eq(campaignCounts.campaignId, campaign), eq(campaignCounts.nodeId, 'hu_gangshang_bei')));
    expect(village.find((r) => r.channel === 'all')).toMatchObject({ opened: 1, reported: 1, confirmed: 1 });
    const [endedRow] = await db().select().from(campaigns).where(eq(campaigns.id, ended));
    expect(endedRow!.status).toBe('ended');
    expect((await letterById(endedLetter.id)).confirmedAt).toBeNull();
  });

  it('the member answering with the form where a proved check-in of theirs waits since before the letter reports it', async () => {
    const mobile = await rosterMember();
    const pending = await (await submit(submission({ mobile, name: '张三明', branchId: 'br_sz_sip' }))).json<CheckInReceipt>();
    const campaign = await sentCampaign();
    const letter = await letterTo(campaign, { mobile });
    expect((await open({ code: letter.code })).status).toBe(200);
    const body = submission({ mobile, name: '张三明', branchId: 'br_sz_sip' });
    const idempotencyKey = crypto.randomUUID();
    const answer = await submit(body, { idempotencyKey });
    expect(answer.status).toBe(201);
    // The same pending check-in's receipt (one per member and branch), and the letter is answered by it.
    expect((await answer.json<CheckInReceipt>()).id).toBe(pending.id);
    const reported = await letterById(letter.id);
    expect(reported).toMatchObject({ reportedAt: expect.any(Number) as never, checkInId: pending.id, reportedChannel: 'print' });
    expect((await submit(body, { idempotencyKey })).headers.get('Idempotent-Replayed')).toBe('true');
    expect(await letterById(letter.id)).toMatchObject({ reportedAt: reported.reportedAt });
    expect(await tenantCounts(campaign)).toMatchObject({ all: { reported: 1 }, print: { reported: 1 } });
    // Rejected, it takes the report back with it.
    const reject = await call(`/v1/check-ins/${pending.id}/reject`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SK}` }, body: JSON.stringify({ reason: '所填支部有误' }),
    });
    expect(reject.status).toBe(200);
    expect(await letterById(letter.id)).toMatchObject({ reportedAt: null, checkInId: null });
    expect(await tenantCounts(campaign)).toMatchObject({ all: { reported: 0 }, print: { reported: 0 } });
  });

  it('a letter\'s code attaches nobody else\'s check-in: someone who verified another number reports nothing', async () => {
    const campaign = await sentCampaign();
    const mobile = await rosterMember();
    const letter = await letterTo(campaign, { mobile });
    // Someone with the code opens the letter, then checks in with their own, verified number.
    expect((await open({ code: letter.code })).status).toBe(200);
    const stranger = freshMobile();
    expect((await submit(submission({ mobile: stranger, name: '张三明' }))).status).toBe(201);
    expect((await letterById(letter.id)).reportedAt).toBeNull();
    // And staff cannot confirm the letter through the stranger's check-in.
    const [theirs] = await db().select().from(checkIns).where(eq(checkIns.memberId, (await db().select().from(members).where(eq(members.mobile, stranger)))[0]!.id));
    expect((await call(`/v1/check-ins/${theirs!.id}/confirm`, { method: 'POST', ...withKey(SK) })).status).toBe(200);
    expect(await letterById(letter.id)).toMatchObject({ reportedAt: null, confirmedAt: null });
    expect((await tenantCounts(campaign)).all?.reported ?? 0).toBe(0);
  });

  it('a check-in nobody proved (a staff key, any number) reports nothing until confirmed; rejected, never', async () => {
    const campaign = await sentCampaign();
    const mobile = await rosterMember();
    const letter = await letterTo(campaign, { mobile });
    const unproved = async () => (await (await submit(submission({ mobile, name: '张三明' }), { key: SK })).json<CheckInReceipt>()).id;
    // Rejected: the member stays silent (reminded, then handed off), nothing counted.
    const rejected = await unproved();
    expect((await letterById(letter.id)).reportedAt).toBeNull();
    const reject = await call(`/v1/check-ins/${rejected}/reject`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SK}` }, body: JSON.stringify({ reason: '所填支部有误' }),
    });
    expect(reject.status).toBe(200);
    expect(await letterById(letter.id)).toMatchObject({ reportedAt: null, confirmedAt: null });
    // Confirmed by staff: reported and confirmed at once, each counted once.
    const confirmed = await unproved();
    const confirm = () => call(`/v1/check-ins/${confirmed}/confirm`, { method: 'POST', ...withKey(SK) });
    expect((await confirm()).status).toBe(200);
    expect((await confirm()).status).toBe(200);
    expect(await letterById(letter.id)).toMatchObject({ reportedAt: expect.any(Number) as never, confirmedAt: expect.any(Number) as never, checkInId: confirmed });
    const counts = await tenantCounts(campaign);
    expect([counts.all?.reported, counts.all?.confirmed]).toEqual([1, 1]);
  });
});

describe('the member\'s copy of their data', () => {
  it('lists their letters and what became of each', async () => {
    const mobile = await rosterMember();
    const campaign = await sentCampaign();
    const letter = await letterTo(campaign, { mobile });
    await open({ token: letter.token });
    const res = await post('/v1/my-data', { mobile, mobileProof: await proofFor(mobile) });
    expect(res.status).toBe(200);
    const { letters } = await res.json<MyData>();
    expect(letters).toEqual([expect.objectContaining({
      campaign: { id: campaign, titleZh: '致全市流动党员的一封信', titleEn: 'A letter to our mobile members' },
      code: letter.code, openedAt: expect.any(Number) as never, reportedAt: null, confirmedAt: null,
    })]);
  });
});

describe('/l and /l/<token>', () => {
  it('lead to the letter page, the token in the fragment (never sent to a server again), a code in the query', async () => {
    const byQr = await call('/l/ltr_0123456789abcdef0123.1767225600.abcdefghijklmnopqrstuv', { redirect: 'manual' });
    expect(byQr.status).toBe(302);
    expect(byQr.headers.get('Location')).toMatch(/^\/letter(\?k=pk_\w+)?#t=ltr_0123456789abcdef0123\.1767225600\.abcdefghijklmnopqrstuv$/);
    const bySms = await call('/l?c=ABCDE-FGHJK', { redirect: 'manual' });
    expect(bySms.headers.get('Location')).toMatch(/^\/letter\?(k=pk_\w+&)?c=ABCDE-FGHJK$/);
  });
});
