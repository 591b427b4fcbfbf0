// One level of a roster tree in the caller's scope, with the counts scope-copies.ts keeps: never
// a count over members. The home tree is the home side's (home admin, town and village staff),
// the host tree the host side's (home admin, committee and branch secretaries).
import type { RosterLevel, RosterNode, RosterTreeQueryParams } from '../../../schema/index.ts';
import type { ResolvedKey } from '../env.ts';
import { HttpError } from '../errors.ts';

type Row = { id: string; kind: RosterNode['kind']; zh: string; en: string; members: number; has_children: number };

const COUNT = `coalesce((select members from roster_counts c where c.tenant_id = ?1 and c.node_id = n.id), 0) AS members`;
const UNITS = `SELECT n.id, n.kind, n.name_zh AS zh, n.name_en AS en, ${COUNT},
  exists(select 1 from home_units v where v.tenant_id = ?1 and v.parent_id = n.id) AS has_children FROM home_units n WHERE n.tenant_id = ?1`;
const COMMITTEES = `SELECT n.id, 'committee' AS kind, n.name_zh AS zh, n.name_en AS en, ${COUNT},
  exists(select 1 from branches b where b.tenant_id = ?1 and b.committee_id = n.id) AS has_children FROM committees n WHERE n.tenant_id = ?1`;
const BRANCHES = `SELECT n.id, 'branch' AS kind, n.name_zh AS zh, n.name_en AS en, ${COUNT}, 0 AS has_children FROM branches n WHERE n.tenant_id = ?1`;

const notYours = () => new HttpError(403, 'forbidden', 'That part of the tree is outside your scope.');

/** The SQL for the level asked, or why the caller may not see it. */
function levelSql(k: ResolvedKey, q: RosterTreeQueryParams): { sql: string; params: unknown[] } {
  const node = k.scopeNodeId;
  const admin = k.role === 'home_admin';
  if (q.side === 'home') {
    if (q.parent === undefined) {
      if (admin) return { sql: `${UNITS} AND n.parent_id IS NULL ORDER BY n.id`, params: [] };
      if (k.role === 'town_staff' || k.role === 'village_staff') return { sql: `${UNITS} AND n.id = ?2`, params: [node] };
      throw new HttpError(403, 'forbidden', 'The home tree (towns and villages) is for the home side.');
    }
    if (admin || (k.role === 'town_staff' && q.parent === node)) return { sql: `${UNITS} AND n.parent_id = ?2 ORDER BY n.id`, params: [q.parent] };
    throw notYours();
  }
  if (q.parent === undefined) {
    // Branches without a committee sit at the top, beside the committees.
    if (admin) return { sql: `${COMMITTEES} UNION ALL ${BRANCHES} AND n.committee_id IS NULL ORDER BY 2 DESC, 1`, params: [] };
    if (k.role === 'committee_secretary') return { sql: `${COMMITTEES} AND n.id = ?2`, params: [node] };
    if (k.role === 'branch_secretary') return { sql: `${BRANCHES} AND n.id = ?2`, params: [node] };
    throw new HttpError(403, 'forbidden', 'The host tree (committees and branches) is for the host side.');
  }
  if (admin || (k.role === 'committee_secretary' && q.parent === node)) return { sql: `${BRANCHES} AND n.committee_id = ?2 ORDER BY n.id`, params: [q.parent] };
  throw notYours();
}

export async function rosterLevel(d1: D1Database, k: ResolvedKey, q: RosterTreeQueryParams): Promise<RosterLevel> {
  const { sql, params } = levelSql(k, q);
  const { results } = await d1.prepare(sql).bind(k.tenantId, ...params).all<Row>();
  return {
    side: q.side,
    parent: q.parent ?? null,
    nodes: results.map((r) => ({ id: r.id, kind: r.kind, name: { zh: r.zh, en: r.en }, memberCount: r.members, hasChildren: r.has_children === 1 })),
  };
}
