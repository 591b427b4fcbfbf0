// Which campaign and which node of the funnel a caller reads. The whole campaign (the tenant node)
// is the home admin's; a town, village, committee or branch is read by whoever sees that node's
// members (nodeInMemberScope). A campaign of another tenant, an unknown node and a node out of
// scope are all 404, so a scope reveals nothing about what exists beyond it.
import type { CampaignChannel, CampaignStatus, FunnelSide } from '../../../schema/index.ts';
import { nodeInMemberScope, type MemberNode } from '../access/member-scope.ts';
import type { ResolvedKey } from '../env.ts';
import { notFound } from '../errors.ts';

export type FunnelCampaign = { id: string; tenantId: string; titleZh: string; titleEn: string | null; endsAt: number; channels: CampaignChannel[]; status: CampaignStatus };
export type FunnelNodeRef = {
  id: string; kind: 'tenant' | MemberNode['kind']; parentId: string | null; nameZh: string; nameEn: string;
};

/** Staff who read campaigns: the home side, the host side, and the home admin (partners and station managers read none). */
const READERS = new Set(['home_admin', 'town_staff', 'village_staff', 'committee_secretary', 'branch_secretary']);

/** The campaign in the caller's tenant, or 404; 404 too for a caller who reads no campaigns. */
export async function campaignFor(d1: D1Database, key: ResolvedKey, id: string): Promise<FunnelCampaign> {
  if (key.kind !== 'secret' || !key.role || !READERS.has(key.role)) throw notFound('The campaign');
  const row = await d1.prepare(`SELECT id, tenant_id, title_zh, title_en, ends_at, channels, status FROM campaigns WHERE tenant_id = ?1 AND id = ?2`)
    .bind(key.tenantId, id).first<{ id: string; tenant_id: string; title_zh: string; title_en: string | null; ends_at: number; channels: string; status: CampaignStatus }>();
  if (!row) throw notFound('The campaign');
  return {
    id: row.id, tenantId: row.tenant_id, titleZh: row.title_zh, titleEn: row.title_en, endsAt: row.ends_at,
    channels: JSON.parse(row.channels) as CampaignChannel[], status: row.status,
  };
}

/** A node of either tree, or the tenant itself, by id; undefined if the tenant has none such. */
async function findNode(d1: D1Database, tenantId: string, id: string): Promise<FunnelNodeRef | undefined> {
  const row = await d1.prepare(`
    SELECT 'tenant' AS kind, NULL AS parent_id, name_zh, name_en FROM tenants WHERE id = ?1 AND ?1 = ?2
    UNION ALL SELECT kind, parent_id, name_zh, name_en FROM home_units WHERE tenant_id = ?1 AND id = ?2
    UNION ALL SELECT 'committee', NULL, name_zh, name_en FROM committees WHERE tenant_id = ?1 AND id = ?2
    UNION ALL SELECT 'branch', committee_id, name_zh, name_en FROM branches WHERE tenant_id = ?1 AND id = ?2`)
    .bind(tenantId, id).first<{ kind: FunnelNodeRef['kind']; parent_id: string | null; name_zh: string; name_en: string }>();
  return row ? { id, kind: row.kind, parentId: row.parent_id, nameZh: row.name_zh, nameEn: row.name_en } : undefined;
}

/** The node asked for (none: the whole campaign for the home admin, else the key's own node), or 404. */
export async function funnelNode(d1: D1Database, key: ResolvedKey, nodeId: string | undefined): Promise<FunnelNodeRef> {
  const id = nodeId ?? (key.role === 'home_admin' ? key.tenantId : key.scopeNodeId);
  if (id === null) throw notFound('The node');
  const node = await findNode(d1, key.tenantId, id);
  const visible = node && (node.kind === 'tenant' ? key.role === 'home_admin' : nodeInMemberScope(key, { ...node, kind: node.kind }));
  if (!node || !visible) throw notFound(`The node ${id}`);
  return node;
}

/** The side a node's children come from: its own tree's, or for the whole campaign the one asked for. */
export const sideOf = (node: FunnelNodeRef, asked: FunnelSide | undefined): FunnelSide =>
  node.kind === 'town' || node.kind === 'village' ? 'home' : node.kind === 'committee' || node.kind === 'branch' ? 'host' : asked ?? 'home';

/** Whether the caller sees the node above (for a way back up the funnel). */
export function parentVisible(key: ResolvedKey, node: FunnelNodeRef): string | null {
  if (node.kind === 'tenant') return null;
  if (key.role === 'home_admin') return node.parentId ?? key.tenantId;
  if (node.parentId === null) return null;
  const parentKind = node.kind === 'village' ? 'town' : 'committee';
  return nodeInMemberScope(key, { id: node.parentId, kind: parentKind, parentId: null }) ? node.parentId : null;
}
