// The end of a campaign: the members whose letter is still silent get a lost-contact case each,
// once, for their village's contact person, with their scope copies and the campaign named; the
// campaign ends when none is left. Campaigns and letters are written directly here (their own
// parts make them), in the Workers runtime with a real local D1.
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignLetters, campaigns, checkIns, lostContactCases, members, type LostContactCase } from '../../schema/index.ts';
import { newLetterCode } from '../../worker/src/campaigns/letter-link.ts';
import { makeLetters } from '../../worker/src/campaigns/letters-step.ts';
import worker, { CRONS } from '../../worker/src/index.ts';
import { handOffEndedCampaigns } from '../../worker/src/jobs/campaign-hand-off.ts';
import { followUpLostContact } from '../../worker/src/jobs/lost-contact.ts';
import { submission, submit } from './check-in-helpers.ts';
import { call, db, seed, SK, withKey } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';
import { signIn, type Session } from './staff-helpers.ts';

checkScopeCopiesAfterEach();

const HOUR = 3_600_000;
const ENDED = 'cmp_ended';
let village: Session;
let all: (typeof members.$inferSelect)[] = [];

async function campaign(id: string, o: { status: 'sending' | 'sent'; endsAt: number; silent: string[]; reported?: string[] }) {
  const now = Date.now();
  await db().insert(campaigns).values({
    id, tenantId: 'pizhou', titleZh: `${id} 家乡来信`, titleEn: `${id} letter from home`, bodyZh: '…', signatory: '组织部', startsAt: now - 30 * 24 * HOUR,
    endsAt: o.endsAt, audience: {}, channels: ['sms'], status: o.status, createdByKeyId: 'test', createdAt: now, updatedAt: now,
  });
  const letter = (memberId: string, reportedAt: number | null) => {
    const m = all.find((x) => x.id === memberId)!;
    return {
      id: `ltr_${id}_${memberId}`, tenantId: 'pizhou', campaignId: id, memberId, code: newLetterCode(), reportedAt, createdAt: now,
      homeUnitId: m.homeUnitId, homeTownId: m.homeTownId, memberBranchId: m.hostBranchId, memberCommitteeId: m.hostCommitteeId,
    };
  };
  // One insert per letter: D1 binds at most 100 variables a statement.
  const rows = [...o.silent.map((m) => letter(m, null)), ...(o.reported ?? []).map((m) => letter(m, now - HOUR))];
  for (const row of rows) await db().insert(campaignLetters).values(row);
}

const openCase = async (memberId: string) =>
  (await db().select().from(lostContactCases).where(and(eq(lostContactCases.memberId, memberId), isNull(lostContactCases.closedAt))))[0];
const casesOf = (campaignId: string) => db().select().from(lostContactCases).where(eq(lostContactCases.campaignId, campaignId));
const letters = (campaignId: string) => db().select().from(campaignLetters).where(eq(campaignLetters.campaignId, campaignId));
const statusOf = async (id: string) => (await db().select().from(campaigns).where(eq(campaigns.id, id)))[0]!;

beforeAll(async () => {
  await seed();
  village = await signIn('13900000003');
  // Everyone was heard of lately (no daily case), but 周杰 (mb_demo_07) already has an open case.
  await db().update(members).set({ lastCheckInAt: Date.now() - 24 * HOUR });
  all = await db().select().from(members).where(eq(members.tenantId, 'pizhou'));
  await env.DB.prepare(`insert into lost_contact_cases (id, tenant_id, member_id, opened_at, due_at, home_unit_id, home_town_id, member_branch_id, member_committee_id)
    select 'lc_before', tenant_id, id, 1, 2, home_unit_id, home_town_id, host_branch_id, host_committee_id from members where id = 'mb_demo_07'`).run();
  // 陈静 (mb_demo_05) reported; the other eight are silent.
  const silent = all.map((m) => m.id).filter((id) => id !== 'mb_demo_05');
  await campaign(ENDED, { status: 'sent', endsAt: Date.now() - HOUR, silent, reported: ['mb_demo_05'] });
  await campaign('cmp_running', { status: 'sent', endsAt: Date.now() + 24 * HOUR, silent: ['mb_demo_01'] });
  await campaign('cmp_sending', { status: 'sending', endsAt: Date.now() + 24 * HOUR, silent: ['mb_demo_02'] });
});

describe('handing the silent to lost contact', () => {
  it('goes a bounded part at a time, and ends the campaign only once every silent letter is handed off', async () => {
    const small = { chunk: 3, batches: 1 };
    expect(await handOffEndedCampaigns(env.DB, Date.now(), small)).toMatchObject({ letters: 3, ended: [] });
    expect((await statusOf(ENDED)).status).toBe('sent');
    expect(await handOffEndedCampaigns(env.DB, Date.now(), small)).toMatchObject({ letters: 3, ended: [] });
    // Eight silent letters: the third run hands off the last two and ends it.
    const last = await handOffEndedCampaigns(env.DB, Date.now(), small);
    expect(last).toMatchObject({ letters: 2, ended: [ENDED] });
    const ended = await statusOf(ENDED);
    expect(ended.status).toBe('ended');
    expect(ended.endedAt).toBeGreaterThan(Date.now() - 60_000);
    // Not past its end (sent, or still sending): untouched.
    expect((await statusOf('cmp_running')).status).toBe('sent');
    expect((await statusOf('cmp_sending')).status).toBe('sending');
    expect((await letters('cmp_running')).every((l) => l.handedOffAt === null)).toBe(true);
    expect((await letters('cmp_sending')).every((l) => l.handedOffAt === null)).toBe(true);
  });

  it('opens one case per silent member, for the village contact, with the member\'s copies; none for who reported or had one', async () => {
    const opened = await casesOf(ENDED);
    // Eight silent; 周杰 already had an open case, which stays the only one.
    expect(opened.map((c) => c.memberId).sort()).toEqual(all.map((m) => m.id).filter((id) => !['mb_demo_05', 'mb_demo_07'].includes(id)).sort());
    expect(await db().select().from(lostContactCases).where(eq(lostContactCases.memberId, 'mb_demo_07'))).toEqual([expect.objectContaining({ id: 'lc_before', campaignId: null })]);
    expect(await openCase('mb_demo_05')).toBeUndefined();
    for (const c of opened) {
      const m = all.find((x) => x.id === c.memberId)!;
      expect(c).toMatchObject({ homeUnitId: m.homeUnitId, homeTownId: m.homeTownId, memberBranchId: m.hostBranchId, memberCommitteeId: m.hostCommitteeId, closedAt: null });
      expect(c.assigneeUserId).toBe(m.homeUnitId === 'hu_gangshang_bei' ? 'su_demo_village' : null);
      expect(c.dueAt - c.openedAt).toBe(14 * 24 * HOUR);
    }
    const handed = await letters(ENDED);
    expect(handed.filter((l) => l.handedOffAt !== null).map((l) => l.memberId).sort()).toEqual(all.map((m) => m.id).filter((id) => id !== 'mb_demo_05').sort());
    expect(handed.find((l) => l.memberId === 'mb_demo_05')!.handedOffAt).toBeNull();
  });

  it('does nothing more when run again, through the sweep cron, or twice at once', async () => {
    const before = (await db().select().from(lostContactCases)).length;
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: CRONS.sweep }), env, ctx);
    await waitOnExecutionContext(ctx);
    const twice = await Promise.all([handOffEndedCampaigns(env.DB), handOffEndedCampaigns(env.DB)]);
    expect(twice.map((r) => r.opened)).toEqual([0, 0]);
    expect((await db().select().from(lostContactCases)).length).toBe(before);
  });

  it('hands off exactly once when runs overlap or one stops mid-way', async () => {
    // A campaign of every member, ended: two runs at once, each stopping after one small batch
    // (as a run cut off by its cap or a crash between batches), then one that finishes.
    await db().update(lostContactCases).set({ closedAt: Date.now(), closedReason: 'found' }).where(isNull(lostContactCases.closedAt));
    await db().update(members).set({ lastCheckInAt: Date.now() - 24 * HOUR });
    await campaign('cmp_overlap', { status: 'sent', endsAt: Date.now() - 1, silent: all.map((m) => m.id) });
    await Promise.all([handOffEndedCampaigns(env.DB, Date.now(), { chunk: 4, batches: 1 }), handOffEndedCampaigns(env.DB, Date.now(), { chunk: 4, batches: 1 })]);
    expect((await statusOf('cmp_overlap')).status).toBe('sent');
    await handOffEndedCampaigns(env.DB);
    expect((await statusOf('cmp_overlap')).status).toBe('ended');
    const opened = await casesOf('cmp_overlap');
    expect(opened.map((c) => c.memberId).sort()).toEqual(all.map((m) => m.id).sort());
    expect((await letters('cmp_overlap')).every((l) => l.handedOffAt !== null)).toBe(true);
  });

  it('shows the case\'s campaign in the list, and closes it as found when the member checks in', async () => {
    const res = await call('/v1/lost-contact', { headers: village.headers });
    const { data } = await res.json<{ data: LostContactCase[] }>();
    const zhou = data.find((c) => c.member.id === 'mb_demo_07')!;
    expect(zhou.campaign).toEqual({ id: 'cmp_overlap', title: { zh: 'cmp_overlap 家乡来信', en: 'cmp_overlap letter from home' } });
    const sent = await submit(submission({ name: '周杰', mobile: '13800000007', branchId: 'br_cz_lingjiatang' }), { key: SK });
    const { reference } = await sent.json<{ reference: string }>();
    const [checkIn] = await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, reference));
    const confirmed = await call(`/v1/check-ins/${checkIn!.id}/confirm`, { method: 'POST', ...withKey(SK, { 'Content-Type': 'application/json' }), body: '{}' });
    expect(confirmed.status, await confirmed.clone().text()).toBe(200);
    const [row] = await db().select().from(lostContactCases).where(eq(lostContactCases.id, zhou.id));
    expect(row).toMatchObject({ closedReason: 'found', campaignId: 'cmp_overlap' });
  });

  it('leaves a case the daily job would close as found to it: heard of since it opened', async () => {
    const zhang = await openCase('mb_demo_01');
    expect(zhang?.campaignId).toBe('cmp_overlap');
    await db().update(members).set({ lastContactAt: Date.now() + 1000 }).where(eq(members.id, 'mb_demo_01'));
    await followUpLostContact(env.DB, Date.now() + 2000);
    expect(await openCase('mb_demo_01')).toBeUndefined();
  });

  it('opens no case when a batch fails half-way, and each once when run again', async () => {
    await db().update(lostContactCases).set({ closedAt: Date.now(), closedReason: 'found' }).where(isNull(lostContactCases.closedAt));
    await campaign('cmp_crash', { status: 'sent', endsAt: Date.now() - 1, silent: ['mb_demo_02', 'mb_demo_03', 'mb_demo_04'] });
    // The letters' UPDATE fails after the cases' INSERT ran, in the same batch (a crash there).
    await env.DB.prepare(`create trigger crash_hand_off before update of handed_off_at on campaign_letters when new.campaign_id = 'cmp_crash'
      begin select raise(abort, 'crash'); end`).run();
    await expect(handOffEndedCampaigns(env.DB)).rejects.toThrow(/crash/);
    expect(await casesOf('cmp_crash')).toEqual([]);
    await env.DB.prepare('drop trigger crash_hand_off').run();
    expect((await handOffEndedCampaigns(env.DB)).ended).toEqual(['cmp_crash']);
    expect((await casesOf('cmp_crash')).map((c) => c.memberId).sort()).toEqual(['mb_demo_02', 'mb_demo_03', 'mb_demo_04']);
  });

  it('ends a campaign still sending at its end with the letters it made, and makes no letter past the end', async () => {
    await db().update(lostContactCases).set({ closedAt: Date.now(), closedReason: 'found' }).where(isNull(lostContactCases.closedAt));
    // Stalled after its first two letters: the cursor stands at 李娜 (mb_demo_02), the rest of the tenant to go.
    await campaign('cmp_stalled', { status: 'sending', endsAt: Date.now() - HOUR, silent: ['mb_demo_01', 'mb_demo_02'] });
    await db().update(campaigns).set({ sendCursor: 'mb_demo_02', lettersMade: 2, audienceTotal: all.length }).where(eq(campaigns.id, 'cmp_stalled'));
    const bindings = env as unknown as Parameters<typeof makeLetters>[0];
    await makeLetters(bindings, 'cmp_stalled', 'mb_demo_02');
    expect(await letters('cmp_stalled')).toHaveLength(2);
    expect((await handOffEndedCampaigns(env.DB)).ended).toContain('cmp_stalled');
    expect(await statusOf('cmp_stalled')).toMatchObject({ status: 'ended', lettersMade: 2, sendCursor: 'mb_demo_02' });
    expect((await casesOf('cmp_stalled')).map((c) => c.memberId).sort()).toEqual(['mb_demo_01', 'mb_demo_02']);
    // The step still queued, delivered after: nothing.
    await makeLetters(bindings, 'cmp_stalled', 'mb_demo_02');
    expect(await letters('cmp_stalled')).toHaveLength(2);
  });
});
