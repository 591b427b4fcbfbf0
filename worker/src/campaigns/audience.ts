// Who a campaign writes to (schema/campaign-tables.ts `CampaignAudienceRow`), as SQL over `members m`:
// the sending steps enumerate it in member-id order, and the same condition counts it.
import { sql, type SQL } from 'drizzle-orm';
import type { CampaignAudienceRow } from '../../../schema/index.ts';
import type { Database } from '../db.ts';

/**
 * The audience's condition on `members m`, beside the tenant (which the caller's index leads with).
 * Home units are towns or villages (a town's members carry it as `home_town_id`); `notReportedSince`:
 * no check-in since then, or none ever.
 */
export function audienceCondition(audience: CampaignAudienceRow): SQL {
  const parts: SQL[] = [sql`1`];
  if (audience.homeUnitIds?.length) {
    const units = JSON.stringify(audience.homeUnitIds);
    parts.push(sql`(m.home_unit_id in (select value from json_each(${units})) or m.home_town_id in (select value from json_each(${units})))`);
  }
  if (audience.categories?.length) parts.push(sql`m.category in (select value from json_each(${JSON.stringify(audience.categories)}))`);
  if (audience.notReportedSince !== undefined) {
    parts.push(sql`(m.last_check_in_at is null or m.last_check_in_at < ${audience.notReportedSince})`);
  }
  return sql.join(parts, sql` and `);
}

/** How many members of the tenant the audience has now (one query; at a million members, an index scan of the tenant's). */
export async function countAudience(db: Database, tenantId: string, audience: CampaignAudienceRow): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`select count(*) as n from members m where m.tenant_id = ${tenantId} and ${audienceCondition(audience)}`);
  return row?.n ?? 0;
}

/**
 * The next `size` members of the tenant after `after` in id order (members_tenant_id), each with
 * whether the audience includes them. A step reads exactly this window whatever the audience's
 * share of it, so a narrow audience costs many cheap steps, never one that reads the tenant.
 */
export async function audienceWindow(db: Database, tenantId: string, audience: CampaignAudienceRow, after: string | null, size: number) {
  return db.all<{ id: string; inAudience: number }>(audienceWindowSql(tenantId, audience, after, size));
}

export const audienceWindowSql = (tenantId: string, audience: CampaignAudienceRow, after: string | null, size: number): SQL =>
  sql`select m.id, (${audienceCondition(audience)}) as inAudience from members m
    where m.tenant_id = ${tenantId} and m.id > ${after ?? ''} order by m.id limit ${size}`;
