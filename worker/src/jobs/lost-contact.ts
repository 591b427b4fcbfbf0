// The daily lost-contact job (失联): a member not heard of for six months (no check-in, no contact
// recorded, not newly on the roster) gets a case for their village's contact person, due in two
// weeks; a case whose member has been heard of since it opened closes as found. A member whose
// case staff closed by hand (died, left the party, a duplicate) gets none until heard of again.
// Safe to run again or twice at once: one open case per member is a unique index, and every step
// is idempotent. The case's scope copies are the member's (data/scope-copies.ts). The statement
// that opens cases (`openCasesSql`) also serves a campaign's end (campaign-hand-off.ts).
import { MEMBER_LAST_SEEN_SQL } from '../../../schema/index.ts';
import { CASE_COPIES } from '../data/scope-copies.ts';

export const LOST_AFTER_MS = 183 * 24 * 60 * 60 * 1000;
export const FOLLOW_UP_DAYS = 14;
const CHUNK = 500;

/** MEMBER_LAST_SEEN_SQL on `members m` (SQLite matches an index expression whatever the qualifier). */
const SEEN = MEMBER_LAST_SEEN_SQL.replaceAll(/(last_check_in_at|last_contact_at|created_at)/g, 'm.$1');

export async function followUpLostContact(d1: D1Database, now = Date.now()): Promise<{ opened: number; found: number }> {
  let found = 0;
  for (;;) {
    const { meta } = await d1.prepare(`UPDATE lost_contact_cases SET closed_at = ?1, closed_reason = 'found'
      WHERE rowid IN (SELECT c.rowid FROM lost_contact_cases c JOIN members m ON m.id = c.member_id
        WHERE c.closed_at IS NULL AND ${SEEN} > c.opened_at LIMIT ${CHUNK})`).bind(now).run();
    found += meta.changes;
    if (meta.changes < CHUNK) break;
  }
  const { results: tenants } = await d1.prepare('SELECT id FROM tenants').all<{ id: string }>();
  let opened = 0;
  for (const { id: tenant } of tenants) {
    for (;;) {
      // Seeks members_last_seen: its expression spelled exactly as the index has it.
      const { meta } = await d1.prepare(openCasesSql({ from: 'members m', where: `m.tenant_id = ?1 AND ${SEEN} < ?4`, limit: CHUNK }))
        .bind(tenant, now, now + FOLLOW_UP_DAYS * 86_400_000, now - LOST_AFTER_MS).run();
      opened += meta.changes;
      if (meta.changes < CHUNK) break;
    }
  }
  return { opened, found };
}

/**
 * The one statement that opens cases, for the members `m` that `from` and `where` pick (each
 * `from` names the members `m`): a case each for their village's contact person, opened at ?2 and
 * due at ?3, with the member's scope copies, and from campaign ?5 if `campaign` is set. None for a
 * member with an open case (the unique index too), or whose case staff closed by hand since the
 * member was last heard of (died, left the party, a duplicate).
 */
export function openCasesSql(o: { from: string; where: string; limit?: number; campaign?: boolean }): string {
  return `INSERT INTO lost_contact_cases (id, tenant_id, member_id, opened_at, assignee_user_id, due_at, campaign_id, ${CASE_COPIES.columns})
    SELECT 'lc_' || lower(hex(randomblob(10))), m.tenant_id, m.id, ?2, u.contact_user_id, ?3, ${o.campaign ? '?5' : 'NULL'}, ${CASE_COPIES.fromMember}
    FROM ${o.from} LEFT JOIN home_units u ON u.id = m.home_unit_id
    WHERE ${o.where}
      AND NOT EXISTS (SELECT 1 FROM lost_contact_cases c WHERE c.member_id = m.id
        AND (c.closed_at IS NULL OR (c.closed_reason <> 'found' AND c.closed_at > ${SEEN})))
    ${o.limit ? `LIMIT ${o.limit}` : ''}
    ON CONFLICT DO NOTHING`;
}
