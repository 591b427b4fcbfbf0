// A node's funnel: its own counts and its children's, per channel, read from campaign_counts only
// (a row per node and channel, by its primary key), never from the letters: a county's funnel
// reads as few rows as a village's, whatever the campaign's size.
import { funnelChannels, type Funnel, type FunnelCounts, type FunnelSide } from '../../../schema/index.ts';
import type { FunnelNodeRef } from './funnel-scope.ts';

const COLUMNS = ['letters', 'sent', 'delivered', 'failed', 'opened', 'reported', 'confirmed', 'reminded'] as const;
export const zeroCounts = (): FunnelCounts => Object.fromEntries(COLUMNS.map((c) => [c, 0])) as FunnelCounts;

/**
 * The node's children, each with its names: the whole campaign's towns (home) or committees and
 * the branches under none (host); a town's villages; a committee's branches. Each by the index of
 * its parent (home_units_tenant_parent, branches_committee) or its tenant (committees_tenant).
 */
function childrenSql(node: FunnelNodeRef, side: FunnelSide): string {
  if (node.kind === 'tenant' && side === 'home') return `SELECT id, kind, name_zh, name_en FROM home_units WHERE tenant_id = ?1 AND parent_id IS NULL`;
  if (node.kind === 'tenant') {
    return `SELECT id, 'committee' AS kind, name_zh, name_en FROM committees WHERE tenant_id = ?1
      UNION ALL SELECT id, 'branch', name_zh, name_en FROM branches WHERE tenant_id = ?1 AND committee_id IS NULL`;
  }
  if (node.kind === 'town') return `SELECT id, kind, name_zh, name_en FROM home_units WHERE tenant_id = ?1 AND parent_id = ?3`;
  if (node.kind === 'committee') return `SELECT id, 'branch' AS kind, name_zh, name_en FROM branches WHERE tenant_id = ?1 AND committee_id = ?3`;
  return `SELECT NULL AS id, NULL AS kind, NULL AS name_zh, NULL AS name_en WHERE 0`;
}

type CountRow = { id: string; kind: string; name_zh: string; name_en: string; channel: string | null } & Record<(typeof COLUMNS)[number], number | null>;

/**
 * One statement: the node and its children, each left-joined to its count rows (campaign_counts'
 * primary key: campaign, node, channel). The node comes first (`ord` 0), then the children by name.
 */
export function funnelSql(campaignId: string, tenantId: string, node: FunnelNodeRef, side: FunnelSide): { text: string; params: unknown[] } {
  const text = `
    WITH nodes(ord, id, kind, name_zh, name_en) AS (
      SELECT 0, ?3, ?4, ?5, ?6
      UNION ALL SELECT 1, id, kind, name_zh, name_en FROM (${childrenSql(node, side)}))
    SELECT n.ord, n.id, n.kind, n.name_zh, n.name_en, c.channel, ${COLUMNS.map((col) => `c.${col}`).join(', ')}
    FROM nodes n LEFT JOIN campaign_counts c ON c.campaign_id = ?2 AND c.node_id = n.id
    ORDER BY n.ord, n.name_zh, n.id`;
  return { text, params: [tenantId, campaignId, node.id, node.kind, node.nameZh, node.nameEn] };
}

export function funnelQuery(d1: D1Database, campaignId: string, tenantId: string, node: FunnelNodeRef, side: FunnelSide): D1PreparedStatement {
  const { text, params } = funnelSql(campaignId, tenantId, node, side);
  return d1.prepare(text).bind(...params);
}

/** The rows of funnelQuery as the API answers them. */
export function funnelFrom(campaign: Funnel['campaign'], side: FunnelSide, node: FunnelNodeRef, parentId: string | null, rows: (CountRow & { ord: number })[]): Funnel {
  const nodes = new Map<string, Funnel['children'][number]>();
  for (const r of rows) {
    let n = nodes.get(r.id);
    if (!n) {
      n = {
        id: r.id, kind: r.kind as Funnel['node']['kind'], name: { zh: r.name_zh, en: r.name_en },
        counts: Object.fromEntries(funnelChannels.map((ch) => [ch, zeroCounts()])) as Funnel['node']['counts'],
      };
      nodes.set(r.id, n);
    }
    if (r.channel && r.channel in n.counts) {
      const counts = n.counts[r.channel as keyof typeof n.counts];
      for (const col of COLUMNS) counts[col] = r[col] ?? 0;
    }
  }
  const [self, ...children] = [...nodes.values()];
  return { campaign, side, node: { ...self!, parentId }, children };
}
