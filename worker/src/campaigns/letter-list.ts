// The people behind a count of the funnel: a node's letters at a stage and channel. No index holds
// a stage, so a page walks the node's letters in id order on the index of its kind (campaign_id
// with home_town_id, home_unit_id, member_committee_id or member_branch_id, or the campaign's own),
// examines `limit` of them and lists those at the stage, as 未报到 does with members: a page reads
// about a page, and the console fetches pages until it has enough to show.
import { sql, type SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import { auditLog, type CampaignLetterRow, type LetterListQueryParams } from '../../../schema/index.ts';
import { auditSelect } from '../access/audit.ts';
import { memberColumnOf } from '../access/member-scope.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { decodeCursor, encodeCursor, pageFrom } from '../lib/cursor.ts';
import { openedChannelSql } from './counts.ts';
import type { FunnelNodeRef } from './funnel-scope.ts';
import { prepared, statementOf } from './statements.ts';

/** Whether a letter (`l`) is at `stage` in `channel`: what that count of the funnel counted. */
export function stageCondition(stage: LetterListQueryParams['stage'], channel: LetterListQueryParams['channel']): string {
  const sent = { all: '(l.printed_at IS NOT NULL OR l.sms_sent_at IS NOT NULL)', print: 'l.printed_at IS NOT NULL', sms: 'l.sms_sent_at IS NOT NULL' }[channel];
  // After opening, a channel's stages are those of the members who came through it (as counts.ts
  // counts them: reported and confirmed in the channel recorded when the letter was reported).
  const via = channel === 'all' ? '' : ` AND ${openedChannelSql()} = '${channel}'`;
  const reportedVia = channel === 'all' ? '' : ` AND l.reported_channel = '${channel}'`;
  switch (stage) {
    case 'sent': return sent;
    case 'delivered': return channel === 'print' ? '0' : 'l.sms_delivered_at IS NOT NULL';
    case 'failed': return channel === 'print' ? '0' : 'l.sms_failed_at IS NOT NULL';
    case 'opened': return `l.opened_at IS NOT NULL${via}`;
    case 'reported': return `l.reported_at IS NOT NULL${reportedVia}`;
    case 'confirmed': return `l.confirmed_at IS NOT NULL${reportedVia}`;
    case 'not_reported': return `l.reported_at IS NULL AND ${sent}`;
  }
}

const NODE_COLUMN: Record<FunnelNodeRef['kind'], string | null> = {
  tenant: null, town: 'home_town_id', village: 'home_unit_id', committee: 'member_committee_id', branch: 'member_branch_id',
};

/**
 * Up to `size` letters of the node after `cursor`, in id order, each with `shown` (at the stage);
 * the member, home unit and branch are joined for the shown ones only. A letter stays where its
 * member was when it was made (the funnel counts it there), but a member who has moved since (a
 * confirmed check-in elsewhere) is no longer this node's to see: their name and mobile are not
 * joined (`moved_away`), and the staff where they are now have them.
 */
export function letterWalk(campaignId: string, node: FunnelNodeRef, q: Pick<LetterListQueryParams, 'stage' | 'channel'>, cursor: string | undefined, size: number): SQL {
  const column = NODE_COLUMN[node.kind];
  const lead = column === null ? sql`l.campaign_id = ${campaignId}` : sql`l.campaign_id = ${campaignId} AND l.${sql.raw(column)} = ${node.id}`;
  const after = cursor === undefined ? sql`` : sql` AND l.id > ${cursor}`;
  // The member, only while still under the node (the tenant: always).
  const here = node.kind === 'tenant' ? sql`` : sql` AND ${memberColumnOf(node.kind)} = ${node.id}`;
  return sql`WITH examined AS (
      SELECT l.id, l.member_id, l.home_unit_id, l.member_branch_id, l.printed_at, l.sms_sent_at, l.sms_delivered_at, l.sms_failed_at,
        l.opened_at, l.opened_via, l.reported_at, l.confirmed_at, l.reminders_sent, (${sql.raw(stageCondition(q.stage, q.channel))}) AS shown
      FROM campaign_letters l WHERE ${lead}${after} ORDER BY l.id LIMIT ${size})
    SELECT e.*, members.name, members.mobile, e.shown AND members.id IS NULL AS moved_away,
      u.name_zh AS unit_zh, u.name_en AS unit_en, b.name_zh AS branch_zh, b.name_en AS branch_en
    FROM examined e
      LEFT JOIN members ON e.shown AND members.id = e.member_id${here}
      LEFT JOIN home_units u ON e.shown AND u.id = e.home_unit_id
      LEFT JOIN branches b ON e.shown AND b.id = e.member_branch_id
    ORDER BY e.id`;
}

export type WalkedLetter = {
  id: string; member_id: string; home_unit_id: string | null; member_branch_id: string | null; shown: number; moved_away: number;
  printed_at: number | null; sms_sent_at: number | null; sms_delivered_at: number | null; sms_failed_at: number | null;
  opened_at: number | null; opened_via: 'qr' | 'code' | null; reported_at: number | null; confirmed_at: number | null; reminders_sent: number;
  name: string | null; mobile: string | null; unit_zh: string | null; unit_en: string | null; branch_zh: string | null; branch_en: string | null;
};

const toRow = (r: WalkedLetter): CampaignLetterRow => ({
  id: r.id,
  member: { id: r.member_id, name: r.name, mobile: r.mobile },
  movedAway: r.moved_away === 1,
  homeUnit: r.home_unit_id && r.unit_zh !== null ? { id: r.home_unit_id, name: { zh: r.unit_zh, en: r.unit_en ?? '' } } : null,
  hostBranch: r.member_branch_id && r.branch_zh !== null ? { id: r.member_branch_id, name: { zh: r.branch_zh, en: r.branch_en ?? '' } } : null,
  printedAt: r.printed_at, smsSentAt: r.sms_sent_at, smsDeliveredAt: r.sms_delivered_at, smsFailedAt: r.sms_failed_at,
  openedAt: r.opened_at, openedVia: r.opened_via, reportedAt: r.reported_at, confirmedAt: r.confirmed_at, remindersSent: r.reminders_sent,
});

/** A page of the people behind a count, and its `member.list` audit entry (the members shown, the filters) in the same batch. */
export async function listLetters(c: Context<AppEnv>, campaignId: string, node: FunnelNodeRef, q: LetterListQueryParams) {
  const db = database(c.env.DB);
  const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor, ['string'])[0];
  const page = letterWalk(campaignId, node, q, cursor, q.limit + 1);
  const shown = letterWalk(campaignId, node, q, cursor, q.limit);
  const filters = JSON.stringify({ campaignId, nodeId: node.id, stage: q.stage, channel: q.channel, limit: q.limit, cursor: q.cursor ?? null });
  const [read] = await c.env.DB.batch([
    statementOf(c.env.DB, page),
    prepared(c.env.DB, db.insert(auditLog).select(auditSelect(c, {
      at: Date.now(), action: 'member.list', subjectType: 'member', subjectId: sql`null`,
      detail: sql`json_object('ids', (select json_group_array(member_id) from (${shown}) where mobile is not null), 'filters', json(${filters}))`,
    }))),
  ]);
  const rows = read!.results as WalkedLetter[];
  const { page: examined, nextCursor } = pageFrom(rows, q.limit, (last) => encodeCursor([last.id]));
  return { data: examined.filter((r) => r.shown === 1).map(toRow), nextCursor };
}
