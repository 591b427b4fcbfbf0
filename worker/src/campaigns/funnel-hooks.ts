// A member's check-in moves their letters along the funnel: made, the letters of the campaigns
// still open (sending or sent, not ended) that had not reported are `reported`; confirmed, those
// reported are `confirmed`; rejected or returned, the letters it reported are no longer (unless
// another check-in of the member stands for them). Each step's statements go in the decision's or
// the check-in's own batch (they happen together or not at all) and count once (counts.ts: a
// retried batch finds nothing left to stamp).
import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { campaignLetters } from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import { countChangedQuery, newChangeMark, REPORTED_CHANNEL } from './counts.ts';

/** The member's letters in campaigns still open at `now`. */
const openCampaign = (tenantId: string, now: number) => sql`campaign_id in (select id from campaigns where tenant_id = ${tenantId}
  and status in ('sending', 'sent') and ends_at > ${now})`;

/** What reporting sets besides the check-in: the time, and the channel its counts go to (counts.ts). */
const reporting = (at: number | ReturnType<typeof sql>, mark: string) => ({ reportedAt: at, reportedChannel: sql.raw(REPORTED_CHANNEL), changeMark: mark });

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
    db.update(campaignLetters).set({ ...reporting(m.now, mark), checkInId: m.checkInId })
      .where(sql`member_id = (select id from members where tenant_id = ${m.tenantId} and mobile = ${m.mobile})
        and reported_at is null and ${openCampaign(m.tenantId, m.now)}`),
    countChangedQuery(db, 'reported', 'reported', { tenantId: m.tenantId, mobile: m.mobile }, mark),
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
    db.update(campaignLetters).set({ ...reporting(m.now, reportMark), checkInId: m.checkInId })
      .where(sql`member_id = ${m.memberId} and reported_at is null and ${openCampaign(m.tenantId, m.now)} and ${m.when}`),
    countChangedQuery(db, 'reported', 'reported', { memberId: m.memberId }, reportMark),
    db.update(campaignLetters).set({ confirmedAt: m.now, checkInId: m.checkInId, changeMark: mark })
      .where(sql`member_id = ${m.memberId} and reported_at is not null and confirmed_at is null
        and ${openCampaign(m.tenantId, m.now)} and ${m.when}`),
    countChangedQuery(db, 'confirmed', 'reported', { memberId: m.memberId }, mark),
  ];
}

/**
 * A check-in rejected or returned (`when`: this call decided it): it was not accepted, so the
 * letters it reported in campaigns still open are not reported any more (counted back, in the
 * channel their report counted in), and the member is reminded and handed off again. Unless the
 * member has another proved check-in pending, made since the letter: that one reports it now, as
 * it would have if this one had not come first. A returned check-in sent again is a new check-in,
 * which reports the letter again. Confirmed letters are left alone (a confirmed check-in is final).
 */
export function unreportedOnCheckIn(db: Database, m: { tenantId: string; memberId: string; checkInId: string; now: number; when: ReturnType<typeof sql> }): BatchItem<'sqlite'>[] {
  const mark = newChangeMark();
  const handedMark = newChangeMark();
  const member = sql`member_id = ${m.memberId}`;
  // On the member's own check-ins: `+` keeps the planner off check_ins_pending_tenant (the tenant's pending, in created_at order).
  const standIn = sql`(select c.id from check_ins c where c.tenant_id = ${m.tenantId} and c.member_id = ${m.memberId}
    and c.id <> ${m.checkInId} and c.status = 'pending' and c.mobile_verified = 1 and +c.created_at >= campaign_letters.created_at
    order by +c.created_at desc, c.id desc limit 1)`;
  return [
    // reported_channel stays until the count below has read it.
    db.update(campaignLetters).set({ reportedAt: null, checkInId: null, changeMark: mark })
      .where(sql`${member} and check_in_id = ${m.checkInId} and reported_at is not null and confirmed_at is null
        and ${openCampaign(m.tenantId, m.now)} and ${m.when}`),
    countChangedQuery(db, 'reported', 'reported', { memberId: m.memberId }, mark, -1),
    db.update(campaignLetters).set({ ...reporting(sql`(select created_at from check_ins where id = ${standIn})`, handedMark), checkInId: standIn })
      .where(sql`${member} and change_mark = ${mark} and ${standIn} is not null`),
    countChangedQuery(db, 'reported', 'reported', { memberId: m.memberId }, handedMark),
    db.update(campaignLetters).set({ reportedChannel: null }).where(sql`${member} and change_mark = ${mark}`),
  ];
}
