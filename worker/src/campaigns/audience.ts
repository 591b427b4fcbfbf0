// Who a campaign writes to (schema/campaigns.ts `CampaignAudience`): the home units it names are
// checked against the tenant, and its size counted. Whole towns and villages without other filters
// are the roster's own counts (roster_counts, kept by data/scope-copies.ts): a few rows whatever the
// tenant's size. A category or "not reported since" filter counts members, each named unit walking
// its own index (members_tenant_town / members_tenant_home), the whole tenant members_tenant_id.
// Sending enumerates it as a condition over `members m`, a window of member ids at a time.
import { sql, type SQL } from 'drizzle-orm';
import type { CampaignAudienceRow } from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import { HttpError } from '../errors.ts';

type Unit = { id: string; parent_id: string | null };

/** The named units, each once and none inside another named one (a village of a named town is in it already). */
export type AudienceUnits = { towns: string[]; villages: string[] };

/** Reads the named home units; an id that is not the tenant's is a 400 naming it. */
export async function audienceUnits(db: D1Database, tenantId: string, audience: CampaignAudienceRow): Promise<AudienceUnits | null> {
  const ids = audience.homeUnitIds;
  if (!ids) return null;
  const { results } = await db.prepare(`SELECT id, parent_id FROM home_units WHERE tenant_id = ?1 AND id IN (SELECT value FROM json_each(?2))`)
    .bind(tenantId, JSON.stringify(ids)).all<Unit>();
  const known = new Map(results.map((u) => [u.id, u]));
  const unknown = ids.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id));
  if (unknown.length) {
    throw new HttpError(400, 'validation_failed', 'Some towns or villages of the audience are not this organisation\'s.',
      unknown.map(({ id, i }) => ({ path: `audience.homeUnitIds.${i}`, message: `No town or village ${id} here.` })));
  }
  const units = [...known.values()];
  return {
    towns: units.filter((u) => u.parent_id === null).map((u) => u.id),
    villages: units.filter((u) => u.parent_id !== null && !known.has(u.parent_id)).map((u) => u.id),
  };
}

/** The member filters besides the units, as SQL on `members` with its parameters (numbered from `first`). */
function memberFilters(audience: CampaignAudienceRow, first: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (audience.categories) {
    parts.push(`category IN (SELECT value FROM json_each(?${first + params.length}))`);
    params.push(JSON.stringify(audience.categories));
  }
  if (audience.notReportedSince !== undefined) {
    parts.push(`coalesce(last_check_in_at, 0) < ?${first + params.length}`);
    params.push(audience.notReportedSince);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

/** Members in the audience now. `units`: from `audienceUnits` (null: the whole tenant). */
export async function countAudience(db: D1Database, tenantId: string, audience: CampaignAudienceRow, units: AudienceUnits | null): Promise<{ members: number; rowsRead: number }> {
  const filtered = audience.categories !== undefined || audience.notReportedSince !== undefined;
  let statement: D1PreparedStatement;
  if (!filtered) {
    // Towns hold their villages' members: the whole tenant is the sum over its towns.
    statement = units
      ? db.prepare(`SELECT coalesce(sum(members), 0) AS n FROM roster_counts WHERE tenant_id = ?1 AND node_id IN (SELECT value FROM json_each(?2))`)
        .bind(tenantId, JSON.stringify([...units.towns, ...units.villages]))
      : db.prepare(`SELECT coalesce(sum(c.members), 0) AS n FROM home_units u JOIN roster_counts c ON c.tenant_id = u.tenant_id AND c.node_id = u.id
          WHERE u.tenant_id = ?1 AND u.parent_id IS NULL`).bind(tenantId);
  } else {
    const f = memberFilters(audience, units ? 4 : 2);
    // Towns and villages each through their own index (named: without statistics SQLite would walk
    // the tenant's members instead); an OR over the two columns could use neither.
    statement = units
      ? db.prepare(`SELECT (SELECT count(*) FROM members INDEXED BY members_tenant_town WHERE tenant_id = ?1 AND home_town_id IN (SELECT value FROM json_each(?2))${f.sql})
          + (SELECT count(*) FROM members INDEXED BY members_tenant_home WHERE tenant_id = ?1 AND home_unit_id IN (SELECT value FROM json_each(?3))${f.sql}) AS n`)
        .bind(tenantId, JSON.stringify(units.towns), JSON.stringify(units.villages), ...f.params)
      : db.prepare(`SELECT count(*) AS n FROM members WHERE tenant_id = ?1${f.sql}`).bind(tenantId, ...f.params);
  }
  const result = await statement.all<{ n: number }>();
  return { members: result.results[0]?.n ?? 0, rowsRead: result.meta.rows_read };
}

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
