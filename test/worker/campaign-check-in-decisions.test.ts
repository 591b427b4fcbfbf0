// A check-in that reported a member's letters from home, then rejected or returned by staff: the
// letters are not reported any more (counted back at every node, in the channel their report was
// counted in, whatever happened to the letter since), reminders and the hand-off take the member
// again, and a confirmed check-in is final. Through the worker, with a real local D1.
import { env } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignCounts, campaigns, checkIns, lostContactCases, type CheckInReceipt } from '../../schema/index.ts';
import { sendReminders } from '../../worker/src/campaigns/sms-steps.ts';
import { handOffEndedCampaigns } from '../../worker/src/jobs/campaign-hand-off.ts';
import { advance, bindings, letterById, letterTo, sentCampaign, tenantCounts } from './campaign-helpers.ts';
import { freshMobile, submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, PK, seed, SK } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';
import { stageCondition } from '../../worker/src/campaigns/letter-list.ts';

checkScopeCopiesAfterEach();
beforeAll(seed);

const DAY = 86_400_000;
type Action = 'confirm' | 'reject' | 'return';
const decide = (id: string, action: Action) => call(`/v1/check-ins/${id}/${action}`, {
  method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SK}` },
  ...(action === 'confirm' ? {} : { body: JSON.stringify({ reason: action === 'return' ? '请补充工作单位' : '所填支部有误' }) }),
});

/** A member of 港上北村 hosted by 凌家塘 (staff checked them in and confirmed it), so their letters count at five nodes. */
async function hostedMember(): Promise<string> {
  const mobile = freshMobile();
  const res = await submit(submission({ mobile, name: '张三明' }), { key: SK });
  expect(res.status).toBe(201);
  expect((await decide((await res.json<CheckInReceipt>()).id, 'confirm')).status).toBe(200);
  return mobile;
}

/** A check-in by the member, who proved the mobile by SMS code (the form); its id. */
async function provedCheckIn(mobile: string, branchId = 'br_cz_xinbei', idempotencyKey: string = crypto.randomUUID()): Promise<string> {
  const res = await submit(submission({ mobile, name: '张三明', branchId }), { key: PK, idempotencyKey });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json<CheckInReceipt>()).id;
}

/** The campaign's reported and confirmed counts, per node and channel (zeros left out). */
async function counted(campaignId: string) {
  const rows = await db().select().from(campaignCounts).where(eq(campaignCounts.campaignId, campaignId));
  for (const r of rows) {
    for (const n of [r.letters, r.sent, r.delivered, r.failed, r.opened, r.reported, r.confirmed, r.reminded]) expect(n).toBeGreaterThanOrEqual(0);
  }
  return Object.fromEntries(rows.filter((r) => r.reported || r.confirmed).map((r) => [`${r.nodeId} ${r.channel}`, { reported: r.reported, confirmed: r.confirmed }]));
}

/** The same recounted from the letters themselves: each at its nodes, in `all` and the channel its report counted in. */
async function recounted(campaignId: string) {
  const { results } = await env.DB.prepare(`SELECT * FROM campaign_letters WHERE campaign_id = ?1`).bind(campaignId).all<{
    tenant_id: string; home_town_id: string | null; home_unit_id: string | null; member_committee_id: string | null; member_branch_id: string | null;
    reported_at: number | null; confirmed_at: number | null; reported_channel: string | null;
  }>();
  const out: Record<string, { reported: number; confirmed: number }> = {};
  for (const l of results) {
    if (l.reported_at === null) continue;
    const nodes = new Set([l.tenant_id, l.home_town_id, l.home_unit_id, l.member_committee_id, l.member_branch_id].filter((n) => n !== null));
    for (const node of nodes) {
      for (const channel of ['all', ...(l.reported_channel ? [l.reported_channel] : [])]) {
        const at = (out[`${node} ${channel}`] ??= { reported: 0, confirmed: 0 });
        at.reported++;
        if (l.confirmed_at !== null) at.confirmed++;
      }
    }
  }
  return out;
}

const expectCountsAsLetters = async (campaignId: string) => expect(await counted(campaignId)).toEqual(await recounted(campaignId));

describe('a rejected check-in', () => {
  it('un-reports the letters it reported, once: counts back at every node, reminded and handed off again', async () => {
    const campaign = await sentCampaign({ endsAt: Date.now() + 30 * DAY });
    const ended = await sentCampaign();
    const mobile = await hostedMember();
    const letter = await letterTo(campaign, { mobile });
    const endedLetter = await letterTo(ended, { mobile });
    expect(letter.member.hostBranchId).toBe('br_cz_lingjiatang');
    await advance([letter.id], 'sms_sent_at', 'sent', 'sms');
    const before = await counted(campaign);
    expect(before).toEqual({});

    const key = crypto.randomUUID();
    const checkIn = await provedCheckIn(mobile, 'br_cz_xinbei', key);
    expect(await letterById(letter.id)).toMatchObject({ reportedAt: expect.any(Number) as never, checkInId: checkIn, reportedChannel: null });
    const reported = await counted(campaign);
    // The tenant, 港上, 港上北村, 常州 committee, 凌家塘: `all` only (reported without opening the letter).
    expect(Object.keys(reported).sort()).toEqual(['br_cz_lingjiatang all', 'cm_changzhou all', 'hu_gangshang all', 'hu_gangshang_bei all', 'pizhou all']);
    expect(Object.values(reported).every((c) => c.reported === 1)).toBe(true);
    await expectCountsAsLetters(campaign);
    // Reported, so the reminder round (11:00 China time, past the reminder days) passes the member by.
    const later = Date.UTC(2026, 0, 1, 3) + Math.ceil((Date.now() + 20 * DAY - Date.UTC(2026, 0, 1, 3)) / DAY) * DAY;
    await sendReminders(bindings, { campaignId: campaign, after: null }, { now: () => later });
    expect((await letterById(letter.id)).remindersSent).toBe(0);
    // The other campaign ended meanwhile: its letter stays reported.
    await db().update(campaigns).set({ status: 'ended' }).where(eq(campaigns.id, ended));

    expect((await decide(checkIn, 'reject')).status).toBe(200);
    expect((await decide(checkIn, 'reject')).status).toBe(200); // the same caller's retry: its decision back, nothing again
    await expectError(await decide(checkIn, 'return'), 409, 'conflict');
    // The check-in sent again with its Idempotency-Key: the first answer replayed, nothing reported.
    const replay = await submit(submission({ mobile, name: '张三明', branchId: 'br_cz_xinbei' }), { key: PK, idempotencyKey: key });
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await letterById(letter.id)).toMatchObject({ reportedAt: null, checkInId: null, reportedChannel: null, confirmedAt: null });
    expect(await counted(campaign)).toEqual(before);
    expect(await tenantCounts(campaign)).toMatchObject({ all: { reported: 0 }, sms: { reported: 0, sent: 1 } });
    await expectCountsAsLetters(campaign);
    expect(await letterById(endedLetter.id)).toMatchObject({ reportedAt: expect.any(Number) as never, checkInId: checkIn });

    // Silent again: reminded, and handed to lost contact when the campaign ends.
    await sendReminders(bindings, { campaignId: campaign, after: null }, { now: () => later });
    expect((await letterById(letter.id)).remindersSent).toBe(1);
    const [row] = await db().select().from(campaigns).where(eq(campaigns.id, campaign));
    await handOffEndedCampaigns(env.DB, row!.endsAt + 1);
    expect((await letterById(letter.id)).handedOffAt).not.toBeNull();
    const cases = await db().select().from(lostContactCases).where(and(eq(lostContactCases.memberId, letter.member.id), eq(lostContactCases.campaignId, campaign)));
    expect(cases).toHaveLength(1);
  });

  it('subtracts from the channel the report counted in, when the letter was opened, sent or printed after it', async () => {
    const mobile = await hostedMember();
    // Reported without opening (`all` only), then opened by its QR code.
    const qrCampaign = await sentCampaign();
    const unopened = await letterTo(qrCampaign, { mobile });
    // Opened by a typed code, printed and no SMS (print), then sent by SMS: its opened channel would now be sms.
    const codeCampaign = await sentCampaign();
    const typed = await letterTo(codeCampaign, { mobile });
    const open = (body: unknown) => call(`/v1/letters/open?key=${PK}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await open({ code: typed.code })).status).toBe(200);
    const checkIn = await provedCheckIn(mobile);
    expect(await letterById(typed.id)).toMatchObject({ reportedChannel: 'print', checkInId: checkIn });
    expect((await open({ token: unopened.token })).status).toBe(200);
    await advance([typed.id], 'sms_sent_at', 'sent', 'sms');
    expect(await letterById(unopened.id)).toMatchObject({ openedVia: 'qr', reportedChannel: null, checkInId: checkIn });
    expect(await tenantCounts(qrCampaign)).toMatchObject({ all: { opened: 1, reported: 1 }, print: { opened: 1, reported: 0 } });
    expect(await tenantCounts(codeCampaign)).toMatchObject({ all: { reported: 1 }, print: { opened: 1, reported: 1 }, sms: { sent: 1, reported: 0 } });

    expect((await decide(checkIn, 'reject')).status).toBe(200);
    for (const [l, campaign] of [[unopened, qrCampaign], [typed, codeCampaign]] as const) {
      expect(await letterById(l.id)).toMatchObject({ reportedAt: null, checkInId: null, reportedChannel: null });
      // None reported anywhere, none below zero (counted() checks every count of every row).
      expect(await counted(campaign)).toEqual({});
      await expectCountsAsLetters(campaign);
    }
    expect(await tenantCounts(qrCampaign)).toMatchObject({ all: { opened: 1, reported: 0 }, print: { opened: 1, reported: 0 } });
    expect(await tenantCounts(codeCampaign)).toMatchObject({ print: { opened: 1, reported: 0 }, sms: { sent: 1, reported: 0 } });
  });

  it('leaves the letter reported by another proved check-in of the member pending since the letter', async () => {
    const mobile = await hostedMember();
    // Sent before the letter existed: it never reported it, and does not stand in for another.
    const earlier = await provedCheckIn(mobile, 'br_sz_sip');
    const campaign = await sentCampaign();
    const letter = await letterTo(campaign, { mobile });
    const first = await provedCheckIn(mobile, 'br_cz_xinbei');
    const second = await provedCheckIn(mobile, 'br_cz_lingjiatang');
    expect((await letterById(letter.id)).checkInId).toBe(first);
    expect((await decide(first, 'reject')).status).toBe(200);
    const [secondRow] = await db().select().from(checkIns).where(eq(checkIns.id, second));
    expect(await letterById(letter.id)).toMatchObject({ checkInId: second, reportedAt: secondRow!.createdAt });
    expect((await tenantCounts(campaign)).all?.reported).toBe(1);
    await expectCountsAsLetters(campaign);
    expect((await decide(second, 'reject')).status).toBe(200);
    expect(await letterById(letter.id)).toMatchObject({ checkInId: null, reportedAt: null });
    expect((await tenantCounts(campaign)).all?.reported).toBe(0);
    await expectCountsAsLetters(campaign);
    expect((await db().select().from(checkIns).where(eq(checkIns.id, earlier)))[0]!.status).toBe('pending');
  });
});

describe('a returned check-in', () => {
  it('un-reports the letters until the member sends it again with a proof, which reports them once more', async () => {
    const mobile = await hostedMember();
    const campaign = await sentCampaign();
    const letter = await letterTo(campaign, { mobile });
    const open = await call(`/v1/letters/open?key=${PK}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: letter.token }) });
    expect(open.status).toBe(200);
    const returned = await provedCheckIn(mobile);
    expect((await tenantCounts(campaign)).print?.reported).toBe(1);
    expect((await decide(returned, 'return')).status).toBe(200);
    expect(await letterById(letter.id)).toMatchObject({ reportedAt: null, checkInId: null });
    expect(await counted(campaign)).toEqual({});
    // Corrected and sent again (a new check-in, the same branch).
    const again = await provedCheckIn(mobile);
    expect(await letterById(letter.id)).toMatchObject({ reportedAt: expect.any(Number) as never, checkInId: again, reportedChannel: 'print' });
    expect(await tenantCounts(campaign)).toMatchObject({ all: { reported: 1 }, print: { reported: 1 } });
    expect((await decide(again, 'confirm')).status).toBe(200);
    expect(await tenantCounts(campaign)).toMatchObject({ all: { reported: 1, confirmed: 1 }, print: { reported: 1, confirmed: 1 } });
    await expectCountsAsLetters(campaign);
  });
});

describe('a confirmed check-in', () => {
  it('is final: it cannot be rejected or returned, and its letters stay confirmed', async () => {
    const mobile = await hostedMember();
    const campaign = await sentCampaign();
    const letter = await letterTo(campaign, { mobile });
    const checkIn = await provedCheckIn(mobile);
    expect((await decide(checkIn, 'confirm')).status).toBe(200);
    const confirmed = await counted(campaign);
    await expectError(await decide(checkIn, 'reject'), 409, 'conflict');
    await expectError(await decide(checkIn, 'return'), 409, 'conflict');
    expect(await letterById(letter.id)).toMatchObject({ checkInId: checkIn, reportedAt: expect.any(Number) as never, confirmedAt: expect.any(Number) as never });
    expect(await counted(campaign)).toEqual(confirmed);
    expect(confirmed[`pizhou all`]).toEqual({ reported: 1, confirmed: 1 });
  });

  it('keeps the letters another check-in reported: rejecting that one later changes nothing', async () => {
    const mobile = await hostedMember();
    const campaign = await sentCampaign();
    const letter = await letterTo(campaign, { mobile });
    const reporter = await provedCheckIn(mobile, 'br_cz_xinbei');
    const other = await provedCheckIn(mobile, 'br_sz_sip');
    expect((await decide(other, 'confirm')).status).toBe(200);
    expect(await letterById(letter.id)).toMatchObject({ checkInId: other, confirmedAt: expect.any(Number) as never });
    const confirmed = await counted(campaign);
    expect((await decide(reporter, 'reject')).status).toBe(200);
    expect(await letterById(letter.id)).toMatchObject({ checkInId: other, reportedAt: expect.any(Number) as never, confirmedAt: expect.any(Number) as never });
    expect(await counted(campaign)).toEqual(confirmed);
    await expectCountsAsLetters(campaign);
  });
});

describe('letters reported before migration 0024', () => {
  it('get the channel their report was counted in then, not the one the letter has since', async () => {
    const campaign = await sentCampaign();
    const t = Date.now() - 10 * DAY;
    // Each: what the letter went through, in order; the report was counted in the opened channel of that moment.
    const timelines: [Record<string, number | string | null>, string | null][] = [
      [{ reported_at: t, opened_at: t + DAY, opened_via: 'qr', printed_at: t - DAY }, null], // reported, then opened
      [{ printed_at: t - 2 * DAY, opened_at: t - DAY, opened_via: 'code', reported_at: t, sms_sent_at: t + DAY }, 'print'], // SMS after
      [{ sms_sent_at: t - 2 * DAY, opened_at: t - DAY, opened_via: 'code', reported_at: t }, 'sms'],
      [{ printed_at: t - 2 * DAY, opened_at: t - DAY, opened_via: 'qr', reported_at: t, sms_sent_at: t - 3 * DAY }, 'print'],
      [{ opened_at: t - DAY, opened_via: 'code', sms_sent_at: t - 2 * DAY }, null], // not reported
    ];
    const ids: string[] = [];
    for (const [set] of timelines) {
      const { id } = await letterTo(campaign, { mobile: await hostedMember() });
      const columns = Object.keys(set);
      await env.DB.prepare(`UPDATE campaign_letters SET printed_at = NULL, ${columns.map((c, i) => `${c} = ?${i + 2}`).join(', ')} WHERE id = ?1`)
        .bind(id, ...columns.map((c) => set[c])).run();
      ids.push(id);
    }
    const backfill = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0024_'))!.queries.filter((q) => /^\s*UPDATE/m.test(q.replace(/^--.*$/gm, '')));
    expect(backfill).toHaveLength(1);
    await env.DB.prepare(backfill[0]!).run();
    for (const [i, [, channel]] of timelines.entries()) expect((await letterById(ids[i]!)).reportedChannel).toBe(channel);
  });
});

describe('chains of openings, sendings and check-ins, decided in any order', () => {
  it('keep every count equal to a recount from the letters, and the people listed behind each count', async () => {
    // A seeded generator (mulberry32): the same chains every run.
    let state = 20261204;
    const pick = (n: number) => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const branches = ['br_cz_xinbei', 'br_cz_lingjiatang', 'br_sz_sip', 'br_sz_wuzhong'];
    const campaign = await sentCampaign();
    const openBy = (body: unknown) => call(`/v1/letters/open?key=${PK}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    for (let member = 0; member < 12; member++) {
      const mobile = await hostedMember();
      const theirs: string[] = [];
      // Some have a proved check-in waiting since before the letter.
      if (pick(2) === 0) theirs.push(await provedCheckIn(mobile, branches[pick(4)]));
      const letter = await letterTo(campaign, { mobile });
      await env.DB.prepare('UPDATE campaign_letters SET printed_at = NULL WHERE id = ?1').bind(letter.id).run();
      for (let step = 0; step < 8; step++) {
        const action = pick(8);
        if (action === 0) await openBy({ token: letter.token });
        else if (action === 1) await openBy({ code: letter.code });
        else if (action === 2) await advance([letter.id], 'sms_sent_at', 'sent', 'sms');
        else if (action === 3) await advance([letter.id], 'printed_at', 'sent', 'print');
        else if (action === 4) theirs.push(await provedCheckIn(mobile, branches[pick(4)]));
        else if (action === 5) theirs.push((await (await submit(submission({ mobile, name: '张三明', branchId: branches[pick(4)] }), { key: SK })).json<CheckInReceipt>()).id);
        else if (theirs.length) await decide(theirs[pick(theirs.length)]!, (['confirm', 'reject', 'return'] as const)[pick(3)]!);
        await expectCountsAsLetters(campaign);
        // Reported only by a check-in that stands: proved and pending, or confirmed.
        const l = await letterById(letter.id);
        if (l.reportedAt !== null) {
          const [by] = await db().select().from(checkIns).where(eq(checkIns.id, l.checkInId!));
          expect(by!.status === 'confirmed' || (by!.status === 'pending' && by!.mobileVerified)).toBe(true);
        }
      }
    }
    // The people behind each count of the whole campaign are as many as it counts (stageCondition, as the list reads them).
    const counts = await tenantCounts(campaign);
    for (const stage of ['sent', 'opened', 'reported', 'confirmed'] as const) {
      for (const channel of ['all', 'print', 'sms'] as const) {
        const listed = await env.DB.prepare(`SELECT count(*) AS n FROM campaign_letters l WHERE l.campaign_id = ?1 AND (${stageCondition(stage, channel)})`)
          .bind(campaign).first<{ n: number }>();
        expect([stage, channel, listed!.n]).toEqual([stage, channel, counts[channel]?.[stage] ?? 0]);
      }
    }
    expect(counts.all?.reported).toBeGreaterThan(0);
    expect(counts.all?.confirmed).toBeGreaterThan(0);
  }, 60_000);
});
