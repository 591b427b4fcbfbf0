// A node's funnel: its own counts and a page of its children's, per channel, read from
// campaign_counts only (a row per node and channel, by its primary key), never from the letters:
// a county's funnel reads as few rows as a village's, whatever the campaign's size, and a committee
// of 1,800 branches reads a page of them, not all.
import { funnelChannels, type Funnel, type FunnelCounts, type FunnelSide } from '../../../schema/index.ts';
import { decodeCursor, encodeCursor, pageFrom } from '../lib/cursor.ts';
import type { FunnelNodeRef } from './funnel-scope.ts';

const COLUMNS = ['letters', 'sent', 'delivered', 'failed', 'opened', 'reported', 'confirmed', 'reminded'] as const;
export const zeroCounts = (): FunnelCounts => Object.fromEntries(COLUMNS.map((c) => [c, 0])) as FunnelCounts;

/** A page of children: `limit` of them after the child (name_zh, id) named by `after`, or from the first. */
export type FunnelPage = { after: readonly [string, string] | null; limit: number };

/** The page a cursor of this API asks for (400 for any other cursor). */
export const funnelPage = (cursor: string | undefined, limit: number): FunnelPage =>
  ({ after: cursor === undefined ? null : decodeCursor(cursor, ['string', 'string'] as const), limit });

/** Children after the child (?7, ?8) in (name_zh, id) order, ?9 of them: a range on an index in that order. */
const after = `(name_zh, id) > (?7, ?8)`;
const inOrder = `ORDER BY name_zh, id LIMIT ?9`;

/**
 * A page of the node's children (?9 of them), each with its names: the whole campaign's towns
 * (home) or committees and the branches under none (host); a town's villages; a committee's
 * branches; none below. Each seeks the index of its parent, which ends in (name_zh, id)
 * (home_units_tenant_parent, branches_committee, committees_tenant), so a page reads a page. The
 * host side is one compound ordered as both indexes are: SQLite merges the two walks (MERGE UNION
 * ALL), each a co-routine read only as far as the merged page needs.
 */
function childrenSql(node: FunnelNodeRef, side: FunnelSide): string | null {
  if (node.kind === 'tenant' && side === 'home') return `SELECT id, kind, name_zh, name_en FROM home_units WHERE tenant_id = ?1 AND parent_id IS NULL AND ${after} ${inOrder}`;
  if (node.kind === 'tenant') {
    return `SELECT id, 'committee' AS kind, name_zh, name_en FROM committees WHERE tenant_id = ?1 AND ${after}
      UNION ALL SELECT id, 'branch', name_zh, name_en FROM branches WHERE tenant_id = ?1 AND committee_id IS NULL AND ${after} ${inOrder}`;
  }
  if (node.kind === 'town') return `SELECT id, kind, name_zh, name_en FROM home_units WHERE tenant_id = ?1 AND parent_id = ?3 AND ${after} ${inOrder}`;
  if (node.kind === 'committee') return `SELECT id, 'branch' AS kind, name_zh, name_en FROM branches WHERE tenant_id = ?1 AND committee_id = ?3 AND ${after} ${inOrder}`;
  return null;
}

type CountRow = { id: string; kind: string; name_zh: string; name_en: string; channel: string | null } & Record<(typeof COLUMNS)[number], number | null>;

/**
 * One statement: the node and a page of its children (one more, to tell whether more follow), each
 * left-joined to its count rows (campaign_counts' primary key: campaign, node, channel). The node
 * comes first (`ord` 0), then the children by name; only the page's rows are sorted.
 */
export function funnelSql(campaignId: string, tenantId: string, node: FunnelNodeRef, side: FunnelSide, page: FunnelPage): { text: string; params: unknown[] } {
  const children = childrenSql(node, side);
  const text = `
    WITH nodes(ord, id, kind, name_zh, name_en) AS (
      SELECT 0, ?3, ?4, ?5, ?6${children ? `
      UNION ALL SELECT 1, id, kind, name_zh, name_en FROM (${children})` : ''})
    SELECT n.ord, n.id, n.kind, n.name_zh, n.name_en, c.channel, ${COLUMNS.map((col) => `c.${col}`).join(', ')}
    FROM nodes n LEFT JOIN campaign_counts c ON c.campaign_id = ?2 AND c.node_id = n.id
    ORDER BY n.ord, n.name_zh, n.id`;
  // The first page starts after ('', ''): before every child (an id is never empty).
  const paging = children ? [...(page.after ?? ['', '']), page.limit + 1] : [];
  return { text, params: [tenantId, campaignId, node.id, node.kind, node.nameZh, node.nameEn, ...paging] };
}

export function funnelQuery(d1: D1Database, campaignId: string, tenantId: string, node: FunnelNodeRef, side: FunnelSide, page: FunnelPage): D1PreparedStatement {
  const { text, params } = funnelSql(campaignId, tenantId, node, side, page);
  return d1.prepare(text).bind(...params);
}

/** The rows of funnelQuery as the API answers them: the node, `limit` children, and the cursor after them if more follow. */
export function funnelFrom(campaign: Funnel['campaign'], side: FunnelSide, node: FunnelNodeRef, parentId: string | null, rows: (CountRow & { ord: number })[], limit: number): Funnel {
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
  const { page, nextCursor } = pageFrom(children, limit, (last) => encodeCursor([last.name.zh, last.id]));
  return { campaign, side, node: { ...self!, parentId }, children: page, nextCursor };
}

/**
 * The .xlsx's walk: children per statement, and at most how many statements (a download reads all
 * the node's children, bounded: 20,000, twice the province's 10,000 branches, in 20 of a Worker's
 * 1,000 D1 queries).
 */
export const FUNNEL_EXPORT = { chunk: 1_000, chunks: 20 } as const;

/**
 * All of a node's children, a page of `chunk` at a time (`read` the first with `first` true: the
 * export's audit entry goes with it), at most `chunks` pages; `complete` is false if more remain.
 * Each page is read when it is asked for: counts still moving (a campaign sending) may differ by a
 * few between pages, as between two downloads.
 */
export async function funnelWalk(read: (page: FunnelPage, first: boolean) => Promise<Funnel>, o: { chunk: number; chunks: number } = FUNNEL_EXPORT) {
  const funnel = await read({ after: null, limit: o.chunk }, true);
  const children = [...funnel.children];
  let next = funnel.nextCursor;
  for (let pages = 1; next !== null && pages < o.chunks; pages += 1) {
    const more = await read(funnelPage(next, o.chunk), false);
    children.push(...more.children);
    next = more.nextCursor;
  }
  return { funnel: { ...funnel, children, nextCursor: next }, complete: next === null };
}
