// Campaigns, letters and counts made directly in D1 for the funnel's tests, as the sending part
// makes them: a letter per member with the member's nodes copied, and every count through
// countChanged in the same batch as the change it counts.
import { env } from 'cloudflare:test';
import { campaigns, type CampaignChannel } from '../../schema/index.ts';
import { countChanged, newChangeMark, type CountChannel, type CountColumn } from '../../worker/src/campaigns/counts.ts';
import { db } from './helpers.ts';

const DAY = 86_400_000;

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
