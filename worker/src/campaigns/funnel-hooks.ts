// A member's check-in moves their letters along the funnel: made, the letters of the campaigns
// still open (sending or sent, not ended) that had not reported are `reported`; confirmed, those
// reported are `confirmed`. Each pair of statements goes in the check-in's own batch (the check-in
// and its funnel step happen together or not at all) and counts once (counts.ts: a retried batch
// finds nothing left to stamp).
import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { campaignLetters } from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import { countChangedQuery, newChangeMark } from './counts.ts';

/** The member's letters in campaigns still open at `now`. */
const openCampaign = (tenantId: string, now: number) => sql`campaign_id in (select id from campaigns where tenant_id = ${tenantId}
  and status in ('sending', 'sent') and ends_at > ${now})`;

/**
 * A check-in made for the member with this mobile (after the batch's member insert: a new member
 * has no letters). Matched by the mobile only: a letter's code or token proves nothing about who
 * sends the form, so it attaches no check-in to its member. Only if the sender proved the mobile:
 * a staff or partner key can type anyone's number, which must not silence the member's reminders
 * and hand-off (confirmedOnCheckIn reports an unproved one when staff confirm it).
 */
export function reportedOnCheckIn(db: Database, m: { tenantId: string; mobile: string; checkInId: string; now: number; verified: boolean }): BatchItem<'sqlite'>[] {
  if (!m.verified) return [];
  const mark = newChangeMark();
  return [
    db.update(campaignLetters).set({ reportedAt: m.now, checkInId: m.checkInId, changeMark: mark })
      .where(sql`member_id = (select id from members where tenant_id = ${m.tenantId} and mobile = ${m.mobile})
        and reported_at is null and ${openCampaign(m.tenantId, m.now)}`),
    countChangedQuery(db, 'reported', 'opened', { tenantId: m.tenantId, mobile: m.mobile }, mark),
  ];
}

/**
 * A check-in of the member confirmed: their letters not reported yet (an unproved check-in's) are
 * reported now, then their reported letters are confirmed (whichever of their check-ins reported
 * them: a returned one may have been sent again), only if `when` (this call confirmed it).
 */
export function confirmedOnCheckIn(db: Database, m: { tenantId: string; memberId: string; checkInId: string; now: number; when: ReturnType<typeof sql> }): BatchItem<'sqlite'>[] {
  const reportMark = newChangeMark();
  const mark = newChangeMark();
  return [
    db.update(campaignLetters).set({ reportedAt: m.now, checkInId: m.checkInId, changeMark: reportMark })
      .where(sql`member_id = ${m.memberId} and reported_at is null and ${openCampaign(m.tenantId, m.now)} and ${m.when}`),
    countChangedQuery(db, 'reported', 'opened', { memberId: m.memberId }, reportMark),
    db.update(campaignLetters).set({ confirmedAt: m.now, checkInId: m.checkInId, changeMark: mark })
      .where(sql`member_id = ${m.memberId} and reported_at is not null and confirmed_at is null
        and ${openCampaign(m.tenantId, m.now)} and ${m.when}`),
    countChangedQuery(db, 'confirmed', 'opened', { memberId: m.memberId }, mark),
  ];
}
