// The staff user behind a console session and their grants, as `GET /v1/me` shows them.
import { eq } from 'drizzle-orm';
import { staffUsers, type Me } from '../../../schema/index.ts';
import { liveGrants } from '../access/staff-session.ts';
import { database } from '../db.ts';

/** Every node table a grant may point at: ids are unique across them (prefixed by kind). */
const NODE_NAMES_SQL = ['home_units', 'committees', 'branches', 'stations', 'partners']
  .map((t) => `SELECT id, name_zh AS zh, name_en AS en FROM ${t} WHERE tenant_id = ?1 AND id IN (SELECT value FROM json_each(?2))`)
  .join(' UNION ALL ');

export async function me(d1: D1Database, userId: string, acting: string): Promise<Me> {
  const [[user], grants] = await Promise.all([
    database(d1).select({ id: staffUsers.id, name: staffUsers.name, mobile: staffUsers.phoneNumber, tenantId: staffUsers.tenantId })
      .from(staffUsers).where(eq(staffUsers.id, userId)).limit(1),
    liveGrants(d1, userId),
  ]);
  const ids = grants.flatMap((g) => (g.scope_node_id ? [g.scope_node_id] : []));
  const { results } = ids.length
    ? await d1.prepare(NODE_NAMES_SQL).bind(user!.tenantId, JSON.stringify(ids)).all<{ id: string; zh: string; en: string }>()
    : { results: [] };
  const names = new Map(results.map((r) => [r.id, { zh: r.zh, en: r.en }]));
  return {
    user: { id: user!.id, name: user!.name, mobile: user!.mobile ?? '' },
    grants: grants.map((g) => ({
      id: g.id, role: g.role,
      scopeNode: g.scope_node_id ? { id: g.scope_node_id, name: names.get(g.scope_node_id) ?? { zh: g.scope_node_id, en: g.scope_node_id } } : null,
    })),
    grant: acting,
  };
}
