// The funnel's one writer (schema/campaign-tables.ts `campaignCounts`). A change to letters and the
// counts it adds go in the same db.batch: the UPDATE sets the letters' stage timestamp only where it
// was unset and stamps them with the batch's `change_mark`; `countChanged` then counts exactly the
// rows stamped, so a retried batch (whose UPDATE changes nothing) adds nothing.
import { newId } from '../lib/crypto.ts';

/** A count column of `campaign_counts`. */
export type CountColumn = 'letters' | 'sent' | 'delivered' | 'failed' | 'opened' | 'reported' | 'confirmed' | 'reminded';

/**
 * Which channel's row a change counts in, beside `all`: a fixed one (`sms` for SMS stages,
 * `print` for a print run), `opened` (the channel the member came through: the QR code is print's,
 * a typed code is the SMS's if one was sent, else print's; not opened: `all` only), or `none`.
 */
export type CountChannel = 'sms' | 'print' | 'opened' | 'none';

const CHANNEL_SQL: Record<CountChannel, string> = {
  sms: `'sms'`,
  print: `'print'`,
  opened: `CASE WHEN l.opened_via IS NULL THEN NULL WHEN l.opened_via = 'qr' THEN 'print'
    WHEN l.sms_sent_at IS NOT NULL THEN 'sms' WHEN l.printed_at IS NOT NULL THEN 'print' END`,
  none: 'NULL',
};

/** A fresh mark for one batch's changes. */
export const newChangeMark = (): string => newId('chg');

/**
 * Adds the letters among `letterIds` that carry `mark` to `column`, at each of their nodes (the
 * tenant, home town, home unit, host committee, host branch) and channels. Put it in the same
 * db.batch as, and after, the UPDATE that set the mark.
 */
export function countChanged(db: D1Database, column: CountColumn, channel: CountChannel, letterIds: string[], mark: string): D1PreparedStatement {
  return db.prepare(`
    INSERT INTO campaign_counts (campaign_id, node_id, channel, ${column})
    SELECT campaign_id, node_id, channel, count(*) FROM (
      SELECT DISTINCT l.id, l.campaign_id, n.value AS node_id, c.value AS channel
      FROM campaign_letters l
      JOIN json_each(json_array(l.tenant_id, l.home_town_id, l.home_unit_id, l.member_committee_id, l.member_branch_id)) n
      JOIN json_each(json_array('all', ${CHANNEL_SQL[channel]})) c
      WHERE l.id IN (SELECT value FROM json_each(?1)) AND l.change_mark = ?2
        AND n.value IS NOT NULL AND c.value IS NOT NULL
    ) WHERE true GROUP BY campaign_id, node_id, channel
    ON CONFLICT (campaign_id, node_id, channel) DO UPDATE SET ${column} = ${column} + excluded.${column}`)
    .bind(JSON.stringify(letterIds), mark);
}
