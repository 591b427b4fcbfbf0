// The funnel's one writer (schema/campaign-tables.ts `campaignCounts`). A change to letters and the
// counts it adds go in the same db.batch: the UPDATE sets the letters' stage timestamp only where it
// was unset and stamps them with the batch's `change_mark`; `countChanged` then counts exactly the
// rows stamped, so a retried batch (whose UPDATE changes nothing) adds nothing. Taking a step back
// (a rejected check-in's report) subtracts the same way (`sign` -1), from the rows its adding added.
import { sql } from 'drizzle-orm';
import { campaignCounts } from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import { newId } from '../lib/crypto.ts';

/** A count column of `campaign_counts`. */
export type CountColumn = 'letters' | 'sent' | 'delivered' | 'failed' | 'opened' | 'reported' | 'confirmed' | 'reminded';

/**
 * Which channel's row a change counts in, beside `all`: a fixed one (`sms` for SMS stages,
 * `print` for a print run), `opened` (the channel the member came through: the QR code is print's,
 * a typed code is the SMS's if one was sent before the opening, else print's; not opened: `all` only), `reported`
 * (the one recorded when the letter was reported, `reported_channel`), or `none`.
 */
export type CountChannel = 'sms' | 'print' | 'opened' | 'reported' | 'none';

/**
 * The channel the member came through when opening letter `l` (`l.`, or '' in an UPDATE's SET); null
 * when none yet. Read by the times, as it was at the opening: an SMS sent or a print run after it
 * moves nothing, so the list of the people behind `opened` finds those the count counted.
 */
export const openedChannelSql = (l = 'l.') => `CASE WHEN ${l}opened_via IS NULL THEN NULL WHEN ${l}opened_via = 'qr' THEN 'print'
    WHEN ${l}sms_sent_at <= ${l}opened_at THEN 'sms' WHEN ${l}printed_at <= ${l}opened_at THEN 'print' END`;

/**
 * What reporting a letter sets `reported_channel` to, in the UPDATE that sets `reported_at`: the
 * channel it was opened through, if it was. It may be opened after it was reported, which would
 * give it one: `reported` and `confirmed` count in the recorded one instead, so that un-reporting
 * subtracts from exactly the rows reporting added and a channel's confirmed never exceeds its reported.
 */
export const REPORTED_CHANNEL = openedChannelSql('');

const CHANNEL_SQL: Record<CountChannel, string> = {
  sms: `'sms'`,
  print: `'print'`,
  opened: openedChannelSql(),
  reported: 'l.reported_channel',
  none: 'NULL',
};

/** A fresh mark for one batch's changes. */
export const newChangeMark = (): string => newId('chg');

/**
 * Which letters a change may have stamped: their ids, or one member's (on campaign_letters_member:
 * a check-in's batch knows the member, by id or, before it exists, by mobile, not the letters).
 */
export type LetterSelection = string[] | { memberId: string } | { tenantId: string; mobile: string };

/** The condition on `l` and its parameters, around the mark (?2). */
function selected(letters: LetterSelection, mark: string): { where: string; params: unknown[] } {
  if (Array.isArray(letters)) return { where: 'l.id IN (SELECT value FROM json_each(?1))', params: [JSON.stringify(letters), mark] };
  if ('memberId' in letters) return { where: 'l.member_id = ?1', params: [letters.memberId, mark] };
  return { where: 'l.member_id = (SELECT id FROM members WHERE tenant_id = ?1 AND mobile = ?3)', params: [letters.tenantId, mark, letters.mobile] };
}

/** +1 counts a step taken; -1 takes it back (un-reporting), from the same rows. */
export type CountSign = 1 | -1;

/**
 * Adds the letters among `letters` that carry `mark` to `column` (or subtracts them, `sign` -1), at
 * each of their nodes (the tenant, home town, home unit, host committee, host branch) and channels.
 * Put it in the same db.batch as, and after, the UPDATE that set the mark.
 */
export function countChanged(db: D1Database, column: CountColumn, channel: CountChannel, letters: LetterSelection, mark: string, sign: CountSign = 1): D1PreparedStatement {
  const { text, params } = counting(column, channel, letters, mark, sign);
  return db.prepare(text).bind(...params);
}

const COUNT_COLUMNS: CountColumn[] = ['letters', 'sent', 'delivered', 'failed', 'opened', 'reported', 'confirmed', 'reminded'];
const PROPERTY: Record<CountColumn, keyof typeof campaignCounts.$inferSelect> = {
  letters: 'letters', sent: 'sent', delivered: 'delivered', failed: 'failed', opened: 'opened', reported: 'reported', confirmed: 'confirmed', reminded: 'reminded',
};

/**
 * The same for a drizzle batch, as the check-in's batches are (drizzle cannot batch raw SQL with
 * parameters): an insert of every column, zero but `column`.
 */
export function countChangedQuery(db: Database, column: CountColumn, channel: CountChannel, letters: LetterSelection, mark: string, sign: CountSign = 1) {
  const { where, params } = selected(letters, mark);
  const text = `SELECT campaign_id, node_id, channel, ${COUNT_COLUMNS.map((c) => (c === column ? `${sign} * count(*)` : '0')).join(', ')}
    FROM (${changedNodes(column, channel, where)}) WHERE true GROUP BY campaign_id, node_id, channel`;
  const parts = text.split(/\?(\d+)/);
  const select = sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`)));
  const counted = campaignCounts[PROPERTY[column]];
  return db.insert(campaignCounts).select(select).onConflictDoUpdate({
    target: [campaignCounts.campaignId, campaignCounts.nodeId, campaignCounts.channel],
    set: { [PROPERTY[column]]: sql`${counted} + excluded.${sql.raw(column)}` },
  });
}

/**
 * When a change counts in `all`: always, but a letter sent both ways is sent once there, by
 * whichever channel came first (D1 runs one batch at a time, so the second sees the first's time).
 */
function allSql(column: CountColumn, channel: CountChannel): string {
  if (column !== 'sent') return `'all'`;
  if (channel === 'sms') return `CASE WHEN l.printed_at IS NULL THEN 'all' END`;
  if (channel === 'print') return `CASE WHEN l.sms_sent_at IS NULL THEN 'all' END`;
  return `'all'`;
}

/** Each letter among those selected that carries the mark, once per node and channel it counts at. */
function changedNodes(column: CountColumn, channel: CountChannel, where: string): string {
  if ((column === 'reported' || column === 'confirmed') !== (channel === 'reported')) {
    throw new Error(`${column} counts in the channel recorded when reported, and only it does`);
  }
  return `
      SELECT DISTINCT l.id, l.campaign_id, n.value AS node_id, c.value AS channel
      FROM campaign_letters l
      JOIN json_each(json_array(l.tenant_id, l.home_town_id, l.home_unit_id, l.member_committee_id, l.member_branch_id)) n
      JOIN json_each(json_array(${allSql(column, channel)}, ${CHANNEL_SQL[channel]})) c
      WHERE ${where} AND l.change_mark = ?2
        AND n.value IS NOT NULL AND c.value IS NOT NULL`;
}

function counting(column: CountColumn, channel: CountChannel, letters: LetterSelection, mark: string, sign: CountSign): { text: string; params: unknown[] } {
  const { where, params } = selected(letters, mark);
  return { params, text: `
    INSERT INTO campaign_counts (campaign_id, node_id, channel, ${column})
    SELECT campaign_id, node_id, channel, ${sign} * count(*) FROM (${changedNodes(column, channel, where)}
    ) WHERE true GROUP BY campaign_id, node_id, channel
    ON CONFLICT (campaign_id, node_id, channel) DO UPDATE SET ${column} = ${column} + excluded.${column}` };
}
