// Campaigns and letters for worker tests, made directly in D1 as the sending part makes them: a
// letter per member with the member's nodes copied and a personal code, the letter's QR token, and
// every count through countChanged in the same batch as the change it counts.
import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { campaignCounts, campaignLetters, campaigns, members, type CampaignChannel, type CampaignStatus } from '../../schema/index.ts';
import { countChanged, newChangeMark, type CountChannel, type CountColumn } from '../../worker/src/campaigns/counts.ts';
import { newLetterCode, signLetterToken } from '../../worker/src/campaigns/letter-link.ts';
import type { AppEnv } from '../../worker/src/env.ts';
import { newId } from '../../worker/src/lib/crypto.ts';
import { db } from './helpers.ts';

export const bindings = env as unknown as AppEnv['Bindings'];
const DAY = 86_400_000;

/** A campaign of `status` (sent by default) ending in a month, with no letters yet. */
export async function sentCampaign(over: { status?: CampaignStatus; endsAt?: number; tenantId?: string } = {}): Promise<string> {
  const now = Date.now();
  const id = newId('cmp');
  await db().insert(campaigns).values({
    id, tenantId: over.tenantId ?? 'pizhou', titleZh: '致全市流动党员的一封信', titleEn: 'A letter to our mobile members', bodyZh: '同志们：\n\n请主动报到。',
    bodyEn: 'Comrades,\n\nPlease report in.', signatory: '中共邳州市委组织部', startsAt: now - DAY, endsAt: over.endsAt ?? now + 30 * DAY,
    audience: {}, channels: ['print', 'sms'], status: over.status ?? 'sent', createdByKeyId: 'test', createdAt: now, updatedAt: now,
  });
  return id;
}

/** A letter of `campaignId` to the member with `mobile` (or id), as sending makes it; its code and QR token. */
export async function letterTo(campaignId: string, member: { mobile: string } | { id: string }) {
  const [m] = await db().select().from(members).where('mobile' in member ? eq(members.mobile, member.mobile) : eq(members.id, member.id));
  if (!m) throw new Error('no such member');
  const [campaign] = await db().select().from(campaigns).where(eq(campaigns.id, campaignId));
  const id = newId('ltr');
  const code = newLetterCode();
  await db().insert(campaignLetters).values({
    id, tenantId: m.tenantId, campaignId, memberId: m.id, code, homeUnitId: m.homeUnitId, homeTownId: m.homeTownId,
    memberBranchId: m.hostBranchId, memberCommitteeId: m.hostCommitteeId, printedAt: Date.now(), createdAt: Date.now(),
  });
  return { id, code, member: m, token: await signLetterToken(bindings, id, campaign!.endsAt) };
}

/** The campaign's counts for the whole tenant (node: the tenant), per channel. */
export async function tenantCounts(campaignId: string, tenantId = 'pizhou') {
  const rows = await db().select().from(campaignCounts).where(eq(campaignCounts.campaignId, campaignId));
  const at = (channel: string) => rows.find((r) => r.nodeId === tenantId && r.channel === channel);
  return { all: at('all'), print: at('print'), sms: at('sms') };
}

export const letterById = async (id: string) => (await db().select().from(campaignLetters).where(eq(campaignLetters.id, id)))[0]!;
export async function makeCampaign(id: string, tenantId = 'pizhou', over: Partial<typeof campaigns.$inferInsert> = {}) {
  const now = Date.now();
  await db().insert(campaigns).values({
    id, tenantId, titleZh: '2026年家乡来信', bodyZh: '亲爱的同志：\n\n家乡一切都好。\n\n请您报到。', signatory: '中共邳州市委组织部',
    startsAt: now - DAY, endsAt: now + 30 * DAY, audience: {}, channels: ['print', 'sms'] as CampaignChannel[], status: 'sent',
    createdByKeyId: 'test', createdAt: now, updatedAt: now, ...over,
  });
}

/**
 * A letter for every member of the tenant, ids `ltr_` and 20 random hex digits (as newId makes them),
 * codes at random, counted in `letters`. Set-based: fast for a large tenant.
 */
export async function makeLetters(campaignId: string, tenantId = 'pizhou'): Promise<string[]> {
  await env.DB.prepare(`INSERT INTO campaign_letters (id, tenant_id, campaign_id, member_id, code, home_unit_id, home_town_id,
      member_branch_id, member_committee_id, created_at)
    SELECT 'ltr_' || lower(hex(randomblob(10))), tenant_id, ?1, id, substr(hex(randomblob(5)) || 'ABCDEFGHJK', 1, 10),
      home_unit_id, home_town_id, host_branch_id, host_committee_id, ?3 FROM members WHERE tenant_id = ?2`)
    .bind(campaignId, tenantId, Date.now()).run();
  const { results } = await env.DB.prepare(`SELECT id FROM campaign_letters WHERE campaign_id = ?1 ORDER BY id`).bind(campaignId).all<{ id: string }>();
  const ids = results.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 2000) await advance(ids.slice(i, i + 2000), 'created_at', 'letters', 'none', true);
  return ids;
}

/**
 * Sets `timestamp` on the letters where unset (plus `extra` SQL assignments) and counts them in
 * `column`/`channel`, in one batch. `force`: stamp them even if set (for `letters`, whose time is set at creation).
 */
export async function advance(ids: string[], timestamp: string, column: CountColumn, channel: CountChannel, force = false, extra = '') {
  const mark = newChangeMark();
  await env.DB.batch([
    env.DB.prepare(`UPDATE campaign_letters SET ${timestamp} = coalesce(${timestamp}, ?1), change_mark = ?2${extra ? `, ${extra}` : ''}
      WHERE id IN (SELECT value FROM json_each(?3))${force ? '' : ` AND ${timestamp} IS NULL`}`).bind(Date.now(), mark, JSON.stringify(ids)),
    countChanged(env.DB, column, channel, ids, mark),
  ]);
}

/** The letter ids of the members named. */
export async function lettersOf(campaignId: string, memberIds: string[]): Promise<string[]> {
  const { results } = await env.DB.prepare(`SELECT id FROM campaign_letters WHERE campaign_id = ?1 AND member_id IN (SELECT value FROM json_each(?2))`)
    .bind(campaignId, JSON.stringify(memberIds)).all<{ id: string }>();
  return results.map((r) => r.id);
}
