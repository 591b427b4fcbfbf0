// The nearest-branch search must not scan the branch table: its query plan seeks the grid
// index, and on 10,000 branches a dense area costs at most 100 D1 rows read, with the same
// answer as a full scan.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Position } from '../../schema/index.ts';
import { searchBranchesQuery } from '../../worker/src/data/branches.ts';
import { NEAR_RADII_M, nearestBranches, nearestSql } from '../../worker/src/data/nearest-branches.ts';
import { distanceMeters } from '../../schema/geo.ts';
import { boundingBox } from '../../worker/src/lib/geo.ts';
import { db } from './helpers.ts';
import { DENSE_POINT, PROVINCE, seedProvince, SPARSE_POINT } from './province.ts';

beforeAll(async () => {
  expect(await seedProvince()).toBe(10_000);
}, 60_000);

/** The reference answer: every branch of the tenant read and ranked. */
async function fullScan(p: Position, limit: number) {
  const all = await env.DB.prepare('SELECT id, lat, lng FROM branches WHERE tenant_id = ?').bind(PROVINCE)
    .all<{ id: string; lat: number; lng: number }>();
  const ranked = all.results.map((b) => ({ id: b.id, d: distanceMeters(p, b) })).sort((a, b) => a.d - b.d);
  return { ids: ranked.slice(0, limit).map((b) => b.id), rowsRead: all.meta.rows_read };
}

async function plan(sql: string, params: unknown[]): Promise<string[]> {
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
  return rows.results.map((r) => r.detail);
}

/** A dense area's budget: one query (the first radius holds enough), at most 100 rows read. */
const DENSE_QUERIES = 1;
const DENSE_ROWS_READ = 100;

describe('nearest branches on 10,000 branches', () => {
  it('answers a dense area in one query, at most 100 rows read, the same as a full scan', async () => {
    const result = await nearestBranches(env.DB, PROVINCE, DENSE_POINT, 5);
    const reference = await fullScan(DENSE_POINT, 5);
    expect(result.data.map((b) => b.id)).toEqual(reference.ids);
    expect(result.queries).toBeLessThanOrEqual(DENSE_QUERIES);
    expect(result.rowsRead).toBeLessThanOrEqual(DENSE_ROWS_READ);
    console.info(`nearest 5, dense: ${result.rowsRead} rows read in ${result.queries} query `
      + `(full scan: ${reference.rowsRead} rows, ${(reference.rowsRead / result.rowsRead).toFixed(0)}× more)`);
  });

  it('widens where branches are sparse and still gives the exact answer', async () => {
    const result = await nearestBranches(env.DB, PROVINCE, SPARSE_POINT, 5);
    const reference = await fullScan(SPARSE_POINT, 5);
    expect(result.data.map((b) => b.id)).toEqual(reference.ids);
    console.info(`nearest 5, sparse: ${result.rowsRead} rows read in ${result.queries} queries (full scan: ${reference.rowsRead})`);
  });

  it('matches a full scan at positions all over the map', async () => {
    const next = ((s: number) => () => ((s = (s * 16_807) % 2_147_483_647) / 2_147_483_647))(7);
    for (let i = 0; i < 25; i++) {
      const p = { lat: 22 + next() * 18, lng: 104 + next() * 18 };
      const limit = 1 + Math.floor(next() * 10);
      const result = await nearestBranches(env.DB, PROVINCE, p, limit);
      expect(result.data.map((b) => b.id), `at ${p.lat},${p.lng}`).toEqual((await fullScan(p, limit)).ids);
    }
  }, 30_000); // 25 positions, each also ranked by a full scan: seconds on a busy machine

  it('seeks the grid index and never scans the branch table (EXPLAIN QUERY PLAN)', async () => {
    const { sql, params } = nearestSql(DENSE_POINT, 5, PROVINCE, boundingBox(DENSE_POINT, NEAR_RADII_M[0]));
    const details = await plan(sql, params);
    expect(details.join('\n')).toMatch(/SEARCH branches USING INDEX branches_near \(tenant_id=\? AND lat_cell=\? AND lng>\? AND lng<\?\)/);
    expect(details.filter((d) => /SCAN branches\b/.test(d))).toEqual([]);
  });
});

describe('branch search query plans', () => {
  it('serves a city search and its order from the city index', async () => {
    const { sql, params } = searchBranchesQuery(db(), PROVINCE, { city: `${PROVINCE}_suzhou`, limit: 20 }).toSQL();
    const details = await plan(sql, params);
    expect(details.join('\n')).toMatch(/SEARCH branches USING INDEX branches_city \(tenant_id=\? AND city_id=\?\)/);
    expect(details.join('\n')).not.toMatch(/SCAN branches\b|TEMP B-TREE/);
  });
});
