// The scope copies' invariant (worker/src/data/scope-copies.ts), as a check over the whole
// database: every copy equals what it copies, on every row, the roster's counts per node equal a
// recount, and the branch text postings that migration 0006's triggers keep equal what the branches say. Every test file of a write path
// calls `checkScopeCopiesAfterEach()`, so a new write path that forgets a copy fails there.
import { env } from 'cloudflare:test';
import { afterEach, expect } from 'vitest';

/** Per table, a query for the rows whose copies differ from what they copy (with what they should be). */
const STALE = {
  members: `select m.id, m.home_town_id, coalesce(u.parent_id, u.id) want_town, m.host_committee_id, b.committee_id want_committee
    from members m left join home_units u on u.id = m.home_unit_id left join branches b on b.id = m.host_branch_id
    where m.home_town_id is not coalesce(u.parent_id, u.id) or m.host_committee_id is not b.committee_id`,
  check_ins: `select c.id from check_ins c join members m on m.id = c.member_id
    left join branches b on b.id = c.branch_id left join branches p on p.id = c.previous_branch_id
    where c.home_unit_id is not m.home_unit_id or c.home_town_id is not m.home_town_id
      or c.member_branch_id is not m.host_branch_id or c.member_committee_id is not m.host_committee_id
      or c.branch_committee_id is not b.committee_id or c.previous_committee_id is not p.committee_id`,
  service_requests: `select r.id from service_requests r join members m on m.id = r.member_id
    left join check_ins c on c.id = r.check_in_id
    where r.home_unit_id is not m.home_unit_id or r.home_town_id is not m.home_town_id
      or r.member_branch_id is not m.host_branch_id or r.check_in_branch_id is not c.branch_id`,
  lost_contact_cases: `select c.id from lost_contact_cases c join members m on m.id = c.member_id
    where c.home_unit_id is not m.home_unit_id or c.home_town_id is not m.home_town_id
      or c.member_branch_id is not m.host_branch_id or c.member_committee_id is not m.host_committee_id`,
  // Counts per node that differ from a recount (a count of 0 may stay behind when the last member leaves).
  roster_counts: `with want as (select tenant_id, node_id, count(*) members from (
        select tenant_id, home_unit_id node_id from members
        union all select tenant_id, home_town_id from members where home_town_id is not home_unit_id
        union all select tenant_id, host_branch_id from members
        union all select tenant_id, host_committee_id from members) where node_id is not null group by tenant_id, node_id)
    select k.tenant_id, k.node_id, k.members, coalesce(w.members, 0) want from roster_counts k
      left join want w on w.tenant_id = k.tenant_id and w.node_id = k.node_id where k.members is not coalesce(w.members, 0)
    union all
    select w.tenant_id, w.node_id, null, w.members from want w
      where not exists (select 1 from roster_counts k where k.tenant_id = w.tenant_id and k.node_id = w.node_id)`,
  // Postings missing or left over (the view says what the triggers should have written).
  branch_text_grams: `select s.branch_id, s.gram, 'missing' what from branch_text_gram_source s
      where not exists (select 1 from branch_text_grams g where g.tenant_id = s.tenant_id and g.gram = s.gram and g.city_id = s.city_id and g.branch_id = s.branch_id)
    union all
    select g.branch_id, g.gram, 'left over' from branch_text_grams g
      where not exists (select 1 from branch_text_gram_source s where s.branch_id = g.branch_id and s.tenant_id = g.tenant_id and s.gram = g.gram and s.city_id = g.city_id)`,
  // A count of 0 may stay behind (the delete trigger decrements); any other must match the postings.
  branch_text_gram_counts: `select k.tenant_id, k.gram, k.branches, coalesce(n.branches, 0) want from branch_text_gram_counts k
      left join (select tenant_id, gram, count(*) branches from branch_text_grams where length(gram) = 2 group by tenant_id, gram) n
        on n.tenant_id = k.tenant_id and n.gram = k.gram
      where k.branches is not coalesce(n.branches, 0)
    union all
    select n.tenant_id, n.gram, null, n.branches from (select tenant_id, gram, count(*) branches from branch_text_grams where length(gram) = 2 group by tenant_id, gram) n
      where not exists (select 1 from branch_text_gram_counts k where k.tenant_id = n.tenant_id and k.gram = n.gram)`,
} as const;

/** The rows of each table whose copies are stale (at most 5 each, for the message); all empty when consistent. */
export async function staleCopies(): Promise<Record<keyof typeof STALE, unknown[]>> {
  const tables = Object.keys(STALE) as (keyof typeof STALE)[];
  const results = await env.DB.batch(tables.map((t) => env.DB.prepare(`${STALE[t]} limit 5`)));
  return Object.fromEntries(tables.map((t, i) => [t, results[i]!.results])) as Record<keyof typeof STALE, unknown[]>;
}

export const CONSISTENT = Object.fromEntries(Object.keys(STALE).map((t) => [t, []]));

/** Fails, naming the stale rows, unless every scope copy and text posting agrees with what it copies. */
export async function expectScopeCopiesConsistent(): Promise<void> {
  expect(await staleCopies(), 'scope copies (worker/src/data/scope-copies.ts)').toEqual(CONSISTENT);
}

/** Checks the copies after every test of the calling file (each file has its own database). */
export function checkScopeCopiesAfterEach(): void {
  afterEach(expectScopeCopiesConsistent);
}

/**
 * The triggers the migrations create. A migration that rebuilds a table (drizzle-kit's copy, drop
 * and rename) drops its triggers, and drizzle-kit's snapshots do not know them: this list does.
 */
export const TRIGGERS = {
  audit_log: ['audit_log_no_delete', 'audit_log_no_update'],
  branches: ['branches_text_grams_delete', 'branches_text_grams_insert', 'branches_text_grams_update_new', 'branches_text_grams_update_old'],
};

/** The triggers there are, by table. */
export async function triggers(): Promise<Record<string, string[]>> {
  const { results } = await env.DB.prepare(`select tbl_name, name from sqlite_master where type = 'trigger' order by tbl_name, name`)
    .all<{ tbl_name: string; name: string }>();
  const byTable: Record<string, string[]> = {};
  for (const r of results) (byTable[r.tbl_name] ??= []).push(r.name);
  return byTable;
}
