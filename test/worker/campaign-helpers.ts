// Campaigns and letters for worker tests: a campaign already sent, with letters made as the
// sender makes them (the member's scope copies, a personal code), and the letter's QR token.
import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { campaignCounts, campaignLetters, campaigns, members, type CampaignStatus } from '../../schema/index.ts';
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
