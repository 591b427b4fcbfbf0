// Nearest search on a latitude-band grid, for any positioned table with the index
// (tenant, lat_cell, lng): branches (`branches_near`) and stations (`stations_near`).
// Each ring asks only the bands its box covers, with a range on lng inside each band, so
// SQLite seeks the index instead of scanning; rings widen only where rows are sparse.
import { getTableColumns, getTableName } from 'drizzle-orm';
import { latCell, positionColumns, type branches, type Position, type stations } from '../../../schema/index.ts';
import { distanceMeters } from '../../../schema/geo.ts';
import { boundingBox, type Box } from '../lib/geo.ts';

/** Search radii in metres. A dense area is answered by the first ring, in one D1 round trip. */
export const NEAR_RADII_M = [1_000, 4_000, 16_000, 64_000, 256_000] as const;

/** A positioned table with a committee and a city; rows come back keyed as drizzle keys them. */
export type NearTable = typeof branches | typeof stations;
export type NamedRow = { lat: number; lng: number; committeeNameZh: string | null; committeeNameEn: string | null; cityNameZh: string; cityNameEn: string };
export type Nearest<R> = { data: (R & { distanceMeters: number })[]; rowsRead: number; queries: number };

/**
 * The SQL of one ring (`box` undefined: the whole tenant, the last resort). Candidates are
 * ranked by squared chord distance on the unit sphere (the same order as great-circle
 * distance); only the nearest `limit` are joined to their committee and city.
 */
/** A further condition on the candidates (on the table's own columns), with its parameters. */
export type NearFilter = { sql: string; params: unknown[] };

export function nearestSql(table: NearTable, p: Position, limit: number, tenantId: string, box?: Box, filter?: NearFilter): { sql: string; params: unknown[] } {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => `b."${column.name}" AS "${key}"`).join(', ');
  const u = positionColumns(p.lat, p.lng);
  const params: unknown[] = [u.unitX, u.unitX, u.unitY, u.unitY, u.unitZ, u.unitZ, tenantId];
  let inBox = '';
  if (box) {
    const from = latCell(box.minLat);
    const bands = Array.from({ length: latCell(box.maxLat) - from + 1 }, (_, i) => from + i);
    // Band numbers are integers computed here, so they are inlined: D1 binds at most 100 parameters.
    inBox = ` AND lat_cell IN (${bands.join(',')}) AND lng BETWEEN ? AND ? AND lat BETWEEN ? AND ?`;
    params.push(box.minLng, box.maxLng, box.minLat, box.maxLat);
  }
  const filtered = filter ? ` AND ${filter.sql}` : '';
  params.push(...(filter?.params ?? []), limit);
  const sql = `SELECT ${columns}, c.name_zh AS committeeNameZh, c.name_en AS committeeNameEn,
      h.name_zh AS cityNameZh, h.name_en AS cityNameEn
    FROM (SELECT *, (unit_x - ?) * (unit_x - ?) + (unit_y - ?) * (unit_y - ?) + (unit_z - ?) * (unit_z - ?) AS d2
          FROM ${getTableName(table)} WHERE tenant_id = ?${inBox}${filtered} ORDER BY d2 LIMIT ?) b
    LEFT JOIN committees c ON c.id = b.committee_id
    JOIN host_cities h ON h.id = b.city_id
    ORDER BY b.d2`;
  return { sql, params };
}

/** The `limit` rows nearest `p`, nearest first, with their distance; and what D1 read for it. */
export async function nearestRows<R extends NamedRow>(
  d1: D1Database, table: NearTable, tenantId: string, p: Position, limit: number, filter?: NearFilter,
): Promise<Nearest<R>> {
  let rowsRead = 0;
  let queries = 0;
  for (const radius of [...NEAR_RADII_M, Infinity]) {
    const box = Number.isFinite(radius) ? boundingBox(p, radius) : undefined;
    const { sql, params } = nearestSql(table, p, limit, tenantId, box, filter);
    const result = await d1.prepare(sql).bind(...params).all<R>();
    rowsRead += result.meta.rows_read;
    queries += 1;
    const found = result.results
      .map((row) => ({ ...row, distanceMeters: Math.round(distanceMeters(p, row)) }))
      .sort((a, b) => a.distanceMeters - b.distanceMeters);
    // Complete only if the limit-th candidate lies inside the circle the box contains:
    // nothing outside the box can then be nearer.
    const kth = found[limit - 1];
    if (!box || (kth && kth.distanceMeters <= radius)) return { data: found, rowsRead, queries };
  }
  throw new Error('unreachable: the last ring has no box');
}
