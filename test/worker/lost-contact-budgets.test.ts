// The lost-contact list reads about a page of rows in every role's scope on a large tenant
// (province-members.ts, seeded once for this file), open, overdue and closed, first page and one
// from the middle: each scope's condition is one equality on the case's own scope copy, so its
// partial index (lost_contact_cases_<scope>_open / _closed) gives the page in due order, and the
// member, home unit, host branch and assignee are joined per row. The page query's SQL runs on D1
// as the route runs it, with its `meta.rows_read` and EXPLAIN QUERY PLAN.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { LostContactQuery } from '../../schema/index.ts';
import { listPageQuery } from '../../worker/src/data/lost-contact.ts';
import { CASE_COPIES } from '../../worker/src/data/scope-copies.ts';
import { db } from './helpers.ts';
import { BIG, BIG_ROLES, MEMBERS, seedBigTenant, T0 } from './province-members.ts';

const PAGE = 50;
const ROWS = PAGE + 1;
/** A case is listed with its member, home unit and host branch (and assignee: none here). */
const PER_ROW = 4;
/**
 * The overdue list also passes over the snoozed cases among the overdue ones (one in five here):
 * read from the index, then left out.
 */
const SNOOZED_SHARE = 1 / 5;
/** The time the pages are read at: half the open cases are past due. */
const NOW = T0 + (MEMBERS / 2) * 60_000;

/** Partners have no lost-contact cases. */
const { partner: _, ...roles } = BIG_ROLES;
const statuses = ['open', 'overdue', 'closed'] as const;
const scopeColumn: Record<keyof typeof roles, string> = {
  home_admin: 'tenant', town_staff: 'town', village_staff: 'home', committee_secretary: 'committee', branch_secretary: 'branch',
};

beforeAll(async () => {
  await seedBigTenant();
  // A case for every member, due one minute apart in a shuffled order; one in four closed (spread
  // over every scope), one in five of the open ones snoozed for a day. Copies from the member, as the daily job writes them.
  const { meta } = await env.DB.prepare(`insert into lost_contact_cases (id, tenant_id, member_id, opened_at, due_at, snoozed_until, closed_at, closed_reason, ${CASE_COPIES.columns})
    select 'blc_' || substr(m.id, 4), m.tenant_id, m.id, ${T0}, ${T0} + ((cast(substr(m.id, 4) as integer) * 7919) % ${MEMBERS}) * 60000,
      case when cast(substr(m.id, 4) as integer) % 5 = 1 then ${NOW + 86_400_000} end,
      case when (cast(substr(m.id, 4) as integer) / 7) % 4 = 3 then ${T0 + 1} end,
      case when (cast(substr(m.id, 4) as integer) / 7) % 4 = 3 then 'duplicate' end,
      ${CASE_COPIES.fromMember}
    from members m where m.tenant_id = ?1`).bind(BIG).run();
  expect(meta.changes).toBe(MEMBERS);
}, 60_000);

async function measure(query: { toSQL(): { sql: string; params: unknown[] } }) {
  const { sql: text, params } = query.toSQL();
  const result = await env.DB.prepare(text).bind(...params).all();
  const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`).bind(...params).all<{ detail: string }>();
  return { rows: result.results.length, rowsRead: result.meta.rows_read, plan: plan.results.map((r) => r.detail).join('\n') };
}

describe.each(Object.keys(roles) as (keyof typeof roles)[])('%s', (name) => {
  it.each(statuses)('reads about a page of %s cases, first and middle pages, through its own index', async (status) => {
    const k = roles[name];
    // Every case of the scope and status, in list order (past the API's limit of 100: built by hand).
    const all = (await listPageQuery(db(), k, { status, limit: MEMBERS }, NOW)).map((r) => `${r.dueAt}:${r.id}`);
    expect(all.length, 'cases in scope').toBeGreaterThan(ROWS / 2);
    const middle = Math.max(0, Math.min(Math.floor(all.length / 2), all.length - ROWS - 1));
    for (const [page, cursor, left] of [['first', undefined, all.length], ['middle', all[middle], all.length - middle - 1]] as const) {
      const m = await measure(listPageQuery(db(), k, LostContactQuery.parse({ status, limit: PAGE, cursor }), NOW));
      console.info(`${name} ${status}, ${page} page (${all.length} in scope): ${m.rows} rows, ${m.rowsRead} rows read`);
      expect(m.rows).toBe(Math.min(ROWS, left));
      const passedOver = status === 'overdue' ? Math.ceil(m.rows * SNOOZED_SHARE * 2) : 0;
      // Plus the index entry past the page's end, and the seek to its start.
      expect(m.rowsRead).toBeLessThanOrEqual(m.rows * PER_ROW + passedOver + 2);
      expect(m.plan, m.plan).toContain(`USING INDEX lost_contact_cases_${scopeColumn[name]}_${status === 'closed' ? 'closed' : 'open'}`);
      expect(m.plan, m.plan).not.toMatch(/SCAN (lost_contact_cases|members|branches|home_units|staff_users)\b/);
      expect(m.plan, m.plan).not.toMatch(/USE TEMP B-TREE/);
    }
  });
});
