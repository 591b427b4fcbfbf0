// The daily lost-contact job (失联): a member not heard of for six months (no check-in, no contact
// recorded, not newly on the roster) gets a case for their village's contact person, due in two
// weeks; a case whose member has been heard of since it opened closes as found. A member whose
// case staff closed by hand (died, left the party, a duplicate) gets none until heard of again.
// Safe to run again or twice at once: one open case per member is a unique index, and every step
// is idempotent. The case's scope copies are the member's (data/scope-copies.ts).
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
      const { meta } = await d1.prepare(`INSERT INTO lost_contact_cases (id, tenant_id, member_id, opened_at, assignee_user_id, due_at, ${CASE_COPIES.columns})
        SELECT 'lc_' || lower(hex(randomblob(10))), m.tenant_id, m.id, ?2, u.contact_user_id, ?3, ${CASE_COPIES.fromMember}
        FROM members m LEFT JOIN home_units u ON u.id = m.home_unit_id
        WHERE m.tenant_id = ?1 AND ${SEEN} < ?4
          AND NOT EXISTS (SELECT 1 FROM lost_contact_cases c WHERE c.member_id = m.id
            AND (c.closed_at IS NULL OR (c.closed_reason <> 'found' AND c.closed_at > ${SEEN})))
        LIMIT ${CHUNK}
        ON CONFLICT DO NOTHING`).bind(tenant, now, now + FOLLOW_UP_DAYS * 86_400_000, now - LOST_AFTER_MS).run();
      opened += meta.changes;
      if (meta.changes < CHUNK) break;
    }
  }
  return { opened, found };
}
