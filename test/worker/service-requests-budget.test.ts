// Rows D1 reads for one page of a scoped list, in a tenant with many requests elsewhere: each
// scope with its own index reads about a page, not the table.
import { env } from 'cloudflare:test';
import { beforeAll, expect, it } from 'vitest';
import { serviceRequests } from '../../schema/index.ts';
import { listPageQuery } from '../../worker/src/data/service-requests.ts';
import { chunkedInserts } from '../../worker/src/db.ts';
import { db, roleKey, seed } from './helpers.ts';

const ELSEWHERE = 3000;
const AT_CHANGZHOU = 120;

beforeAll(async () => {
  await seed();
  const row = (i: number, stationId: string, committeeId: string, partner: string | null) => ({
    id: `sr_budget_${stationId}_${i}`, tenantId: 'pizhou', memberId: 'mb_demo_02', category: 'credit' as const, reference: `SR-B${stationId.slice(3, 5).toUpperCase()}${String(i).padStart(5, '0')}`,
    cityId: 'pizhou_suzhou', committeeId, stationId, sharedWithPartnerId: partner, createdAt: 1_700_000_000_000 + i, updatedAt: 1_700_000_000_000 + i,
    // mb_demo_02's scope columns (schema/tables.ts): 姚湾村 of 铁富镇, hosted by the Suzhou Industrial Park branch.
    homeUnitId: 'hu_tiefu_yaowan', homeTownId: 'hu_tiefu', memberBranchId: 'br_sz_sip',
  });
  const rows = [
    ...Array.from({ length: ELSEWHERE }, (_, i) => row(i, 'st_suzhou', 'cm_suzhou', i % 2 ? 'pt_pizhou_bank' : null)),
    ...Array.from({ length: AT_CHANGZHOU }, (_, i) => row(i, 'st_changzhou', 'cm_changzhou', null)),
  ];
  const [first, ...rest] = chunkedInserts(db(), serviceRequests, rows);
  await db().batch([first!, ...rest]);
});

it.each([
  ['station manager', 'station_manager', 'st_changzhou'],
  ['committee secretary', 'committee_secretary', 'cm_changzhou'],
  ['partner with a credit key', 'partner', 'pt_pizhou_bank'],
] as const)(`a %s's page of 50 reads about a page of rows among ${ELSEWHERE + AT_CHANGZHOU} requests`, async (_, role, node) => {
  const { key } = await roleKey(role, node);
  if (role === 'partner') key.serviceCategory = 'credit';
  const { sql, params } = listPageQuery(db(), key, { limit: 50 }).toSQL();
  const result = await env.DB.prepare(sql).bind(...params).all();
  console.log(`${role}: ${result.results.length} rows returned, ${result.meta.rows_read} rows read`);
  expect(result.results).toHaveLength(51);
  // 51 requests plus their joined member, unit, tenant, city, station and committee rows.
  expect(result.meta.rows_read).toBeLessThan(51 * 8);
});
