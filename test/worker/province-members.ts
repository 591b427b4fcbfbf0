// A large tenant for the list budgets: 20,000 members of 2 towns (each with 10 villages), hosted
// by 100 branches under 5 committees, 20,000 check-ins and 10,000 service requests, every scope
// spread thinly over the id and time orders. Inserted set-based (INSERT … SELECT over a recursive
// CTE) with the scope columns computed as the write paths do, so that it takes seconds.
import type { Role } from '../../schema/index.ts';
import { database } from '../../worker/src/db.ts';
import type { ResolvedKey } from '../../worker/src/env.ts';
import { recountRoster } from '../../worker/src/data/scope-copies.ts';
import { env } from 'cloudflare:test';

export const BIG = 'bigorg';
export const MEMBERS = 20_000;
export const CHECK_INS = 20_000;
export const REQUESTS = 10_000;
export const T0 = 1_700_000_000_000;

const key = (role: Role, scopeNodeId: string | null, extra: Partial<ResolvedKey> = {}): ResolvedKey =>
  ({ id: 'key_big', tenantId: BIG, kind: 'secret', role, scopeNodeId, scopes: null, allowedOrigins: [], ...extra });

/** A key of each role on the large tenant, at a node the seed fills (a partner that members shared with). */
export const BIG_ROLES = {
  home_admin: key('home_admin', null),
  town_staff: key('town_staff', 'bt_0'),
  village_staff: key('village_staff', 'bt_1_v3'),
  committee_secretary: key('committee_secretary', 'bc_0'),
  branch_secretary: key('branch_secretary', 'bb_40'),
  partner: key('partner', 'bp_0', { serviceCategory: 'credit' }),
};

/** Rows 0 … n-1 as `n` of a CTE named seq. */
const seq = (n: number) => `with recursive seq(n) as (select 0 union all select n + 1 from seq where n + 1 < ${n})`;
const pad = (expr: string, width: number) => `printf('%0${width}d', ${expr})`;
const position = `31.5, 120.0, 3150, 0.1, 0.8, 0.5`;

/** Member i: town i % 2; every 11th of a town lives in the town itself, the others in its 10 villages. */
const homeUnit = `case when (n / 2) % 11 = 10 then 'bt_' || (n % 2) else 'bt_' || (n % 2) || '_v' || ((n / 2) % 11) end`;
/** Member i's host branch: one in ten has none. */
const hostBranch = `case when n % 10 = 9 then null else 'bb_' || ${pad('(n * 7) % 100', 2)} end`;

const statements = [
  `insert into tenants (id, name_zh, name_en) values ('${BIG}', '大组织', 'Big org')`,
  `${seq(2)} insert into home_units (id, tenant_id, parent_id, kind, name_zh, name_en) select 'bt_' || n, '${BIG}', null, 'town', '镇' || n, 'Town ' || n from seq`,
  `${seq(20)} insert into home_units (id, tenant_id, parent_id, kind, name_zh, name_en)
    select 'bt_' || (n / 10) || '_v' || (n % 10), '${BIG}', 'bt_' || (n / 10), 'village', '村' || n, 'Village ' || n from seq`,
  `${seq(5)} insert into host_cities (id, tenant_id, name_zh, name_en, province_zh, province_en, lat, lng)
    select 'bcity_' || n, '${BIG}', '城' || n, 'City ' || n, '省', 'Province', 31.5, 120.0 from seq`,
  `${seq(5)} insert into committees (id, tenant_id, city_id, name_zh, name_en) select 'bc_' || n, '${BIG}', 'bcity_' || n, '委' || n, 'Committee ' || n from seq`,
  // Branch j is under committee j % 5.
  `${seq(100)} insert into branches (id, tenant_id, committee_id, city_id, name_zh, name_en, address_zh, address_en, lat, lng, lat_cell, unit_x, unit_y, unit_z, search_text)
    select 'bb_' || ${pad('n', 2)}, '${BIG}', 'bc_' || (n % 5), 'bcity_' || (n % 5), '支部' || n, 'Branch ' || n, '路' || n, 'Road ' || n, ${position}, 'branch ' || n from seq`,
  `${seq(5)} insert into stations (id, tenant_id, committee_id, city_id, name_zh, name_en, address_zh, address_en, lat, lng, lat_cell, unit_x, unit_y, unit_z)
    select 'bs_' || n, '${BIG}', 'bc_' || n, 'bcity_' || n, '驿站' || n, 'Station ' || n, '路' || n, 'Road ' || n, ${position} from seq`,
  `insert into partners (id, tenant_id, name_zh, name_en) values ('bp_0', '${BIG}', '商会', 'Chamber')`,
  `${seq(MEMBERS)} insert into members (id, tenant_id, name, mobile, home_unit_id, current_city, category, host_branch_id, home_town_id, host_committee_id)
    select 'bm_' || ${pad('n', 5)}, '${BIG}', '成员' || n, '139' || ${pad('n', 8)}, ${homeUnit}, '城', 'worker', ${hostBranch},
      'bt_' || (n % 2), case when n % 10 = 9 then null else 'bc_' || ((n * 7) % 100 % 5) end from seq`,
  // One member in 40 consents to the chamber; one in ten of those has withdrawn.
  `${seq(MEMBERS / 40)} insert into partner_consents (tenant_id, partner_id, member_id, consent_version, granted_at, withdrawn_at)
    select '${BIG}', 'bp_0', 'bm_' || ${pad('n * 40', 5)}, 'partner-share-v1', ${T0}, case when n % 10 = 3 then ${T0 + 1} else null end from seq`,
  // Check-in n: member (n·7919) mod 20,000 (each member once), branch (n·13) mod 100, one in five
  // a handover from branch (n·17) mod 100; its copies from the member and the branches, as written.
  `${seq(CHECK_INS)}, c as (select n, 'bm_' || ${pad('(n * 7919) % ' + MEMBERS, 5)} as member_id, (n * 13) % 100 as b,
      case when n % 5 = 0 then (n * 17) % 100 end as p from seq)
    insert into check_ins (id, tenant_id, member_id, branch_id, status, reference, submitted_name, current_city, category, consent_version,
      consented_at, created_by_key_id, previous_branch_id, created_at, home_unit_id, home_town_id, member_branch_id, member_committee_id,
      branch_committee_id, previous_committee_id)
    select 'bci_' || ${pad('c.n', 5)}, '${BIG}', c.member_id, 'bb_' || ${pad('c.b', 2)}, case when c.n % 3 = 0 then 'pending' else 'confirmed' end,
      'GK-B' || ${pad('c.n', 7)}, m.name, '城', 'worker', 'v1', ${T0}, 'key_big', case when c.p is null then null else 'bb_' || ${pad('c.p', 2)} end,
      ${T0} + c.n * 1000, m.home_unit_id, m.home_town_id, m.host_branch_id, m.host_committee_id,
      'bc_' || (c.b % 5), case when c.p is null then null else 'bc_' || (c.p % 5) end
    from c join members m on m.id = c.member_id`,
  // Request n: member (n·31) mod 20,000, every other one ticked on that member's check-in, every
  // fourth shared with the chamber; routed to station and committee n mod 5.
  `${seq(REQUESTS)}, r as (select n, 'bm_' || ${pad('(n * 31) % ' + MEMBERS, 5)} as member_id from seq)
    insert into service_requests (id, tenant_id, member_id, category, status, city_id, committee_id, station_id, check_in_id, reference,
      shared_with_partner_id, share_consent_version, shared_at, created_at, updated_at, home_unit_id, home_town_id, member_branch_id, check_in_branch_id)
    select 'bsr_' || ${pad('r.n', 5)}, '${BIG}', r.member_id,
      case (r.n / 4) % 8 when 0 then 'training' when 1 then 'policy' when 2 then 'livelihood' when 3 then 'employment'
        when 4 then 'social_insurance' when 5 then 'legal' when 6 then 'credit' else 'hardship' end,
      'open', 'bcity_' || (r.n % 5), 'bc_' || (r.n % 5), 'bs_' || (r.n % 5), case when r.n % 2 = 0 then ci.id end, 'SR-B' || ${pad('r.n', 7)},
      case when r.n % 4 = 0 then 'bp_0' end, case when r.n % 4 = 0 then 'share-v1' end, case when r.n % 4 = 0 then ${T0} end,
      ${T0} + r.n * 1000, ${T0} + r.n * 1000, m.home_unit_id, m.home_town_id, m.host_branch_id, case when r.n % 2 = 0 then ci.branch_id end
    from r join members m on m.id = r.member_id left join check_ins ci on ci.tenant_id = '${BIG}' and ci.member_id = r.member_id`,
];

/** Seeds the tenant (no ANALYZE: the plans must hold without statistics, as on a fresh D1). */
export async function seedBigTenant(): Promise<void> {
  await env.DB.batch(statements.map((s) => env.DB.prepare(s)));
  // Members came in bulk, past the per-member upkeep of their counts: count them.
  const db = database(env.DB);
  const [first, ...rest] = recountRoster(db, BIG);
  await db.batch([first!, ...rest]);
}
