// Nearest branches: the grid search of ./nearest.ts over `branches`.
import { branches, type NearbyBranch, type Position } from '../../../schema/index.ts';
import type { Box } from '../lib/geo.ts';
import { nearestRows, nearestSql as sqlFor } from './nearest.ts';
import { toBranch, type BranchRow } from './branches.ts';

export { NEAR_RADII_M } from './nearest.ts';
export type NearestResult = { data: NearbyBranch[]; rowsRead: number; queries: number };

export const nearestSql = (p: Position, limit: number, tenantId: string, box?: Box) => sqlFor(branches, p, limit, tenantId, box);

export async function nearestBranches(d1: D1Database, tenantId: string, p: Position, limit: number): Promise<NearestResult> {
  const found = await nearestRows<BranchRow>(d1, branches, tenantId, p, limit);
  return { ...found, data: found.data.map((row) => ({ ...toBranch(row), distanceMeters: row.distanceMeters })) };
}
