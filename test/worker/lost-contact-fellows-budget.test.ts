// The fellows of a lost-contact case on a large tenant (province-members.ts: 20,000 members, a
// village of about 900): the page seeks members_verified_home (the village's members who proved
// their mobile, most recently checked in first) and checks the city on each entry it passes, so
// it reads the entries up to the page's last fellow (about a page divided by the share of the
// village in that city), not the village, let alone the tenant. Run as the route runs it, with
// D1's `meta.rows_read` and EXPLAIN QUERY PLAN.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { LostContactFellowsQuery } from '../../schema/index.ts';
import { FELLOW_REPORTED_WITHIN_MS, fellowsPageQuery, whereLost, type LostWhere } from '../../worker/src/data/lost-contact-fellows.ts';
import { db } from './helpers.ts';
import { BIG, seedBigTenant } from './province-members.ts';

const NOW = 1_800_000_000_000;
const PAGE = 20;
/** Per entry passed, at most: the index entry and its member row (city, branch); the host branch (its city) when the name did not match. */
const PER_ENTRY = 2;
let lost: LostWhere;

beforeAll(async () => {
  await seedBigTenant();
  // Each member lives in their host branch's city (城0 … 城4, none without a branch); two in three
  // proved their mobile; check-ins spread over two years, so about half are within the year.
  await env.DB.prepare(`update members set
      current_city = case when host_branch_id is null then null else '城' || (cast(substr(host_branch_id, 4) as integer) % 5) end,
      mobile_verified_at = case when cast(substr(id, 4) as integer) % 3 <> 0 then ?2 end,
      last_check_in_at = ?2 - ((cast(substr(id, 4) as integer) * 7919) % 730) * 86400000
    where tenant_id = ?1`).bind(BIG, NOW).run();
  lost = await whereLost(db(), BIG, 'bm_00007'); // bt_1_v3, hosted by bb_49 (城4)
}, 60_000);

async function measure(cursor?: string) {
  const query = fellowsPageQuery(db(), lost, LostContactFellowsQuery.parse({ limit: PAGE, cursor }), NOW);
  const { sql: text, params } = query.toSQL();
  const result = await env.DB.prepare(text).bind(...params).all<{ id: string; last_check_in_at: number }>();
  const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`).bind(...params).all<{ detail: string }>();
  return { rows: result.results, rowsRead: result.meta.rows_read, plan: plan.results.map((r) => r.detail).join('\n') };
}

describe('fellows at scale', () => {
  it('reads about the entries up to the page\'s last fellow, first and middle pages, through members_verified_home', async () => {
    expect(lost).toMatchObject({ homeUnitId: 'bt_1_v3', cities: ['城4'], cityId: 'bcity_4' });
    // Every entry the index holds for the village within the year, in its order, and which are fellows.
    const { results: entries } = await env.DB.prepare(`select m.id, m.last_check_in_at as at, m.current_city = '城4' as fellow from members m
      where m.tenant_id = ?1 and m.home_unit_id = 'bt_1_v3' and m.mobile_verified_at is not null and m.last_check_in_at >= ?2 and m.id <> 'bm_00007'
      order by m.last_check_in_at desc, m.id desc`).bind(BIG, NOW - FELLOW_REPORTED_WITHIN_MS).all<{ id: string; at: number; fellow: number }>();
    const fellows = entries.filter((e) => e.fellow);
    expect(fellows.length, 'fellows in the village and city').toBeGreaterThan(3 * PAGE);
    const middle = fellows[Math.floor(fellows.length / 2)]!;
    for (const [page, cursor] of [['first', undefined], ['middle', `${middle.at}:${middle.id}`]] as const) {
      const m = await measure(cursor);
      expect(m.rows).toHaveLength(PAGE + 1);
      const start = cursor ? entries.findIndex((e) => e.id === middle.id) + 1 : 0;
      const passed = entries.findIndex((e) => e.id === m.rows.at(-1)!.id) + 1 - start;
      console.info(`fellows, ${page} page: ${m.rows.length} rows, ${passed} entries passed of ${entries.length} in the village, ${m.rowsRead} rows read`);
      expect(m.rowsRead).toBeLessThanOrEqual(passed * PER_ENTRY + 2);
      expect(m.plan, m.plan).toContain('USING INDEX members_verified_home');
      expect(m.plan, m.plan).not.toMatch(/SCAN (members|branches)\b/);
      expect(m.plan, m.plan).not.toMatch(/USE TEMP B-TREE/);
    }
  });
});
