// The campaigns' recovery and reminders. Every 15 minutes (with the notification sweep): a campaign
// in `sending` whose letters have not advanced for a while gets its next letters step again (from
// `send_cursor`; past its end, none: the hand-off ends it), and a campaign whose SMS still wait with nothing moving gets an SMS step over all of
// them; extra steps are harmless (letters-step.ts, campaign-sms.ts). Daily: a reminder round for each
// sent campaign, not ended, with reminders.
import { sql } from 'drizzle-orm';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { notBefore, quietHours } from '../notify/quiet-hours.ts';
import { enqueueCampaign } from './queue.ts';

type Bindings = AppEnv['Bindings'];
/** No progress for this long: the step was lost (a crash, a failed enqueue) or the pipeline stalled. */
export const STUCK_AFTER_MS = 10 * 60_000;

export async function sweepCampaigns(env: Bindings, now = Date.now()): Promise<number> {
  const db = database(env.DB);
  const stale = now - STUCK_AFTER_MS;
  const stuck = await db.all<{ id: string; cursor: string | null }>(sql`select id, send_cursor as cursor from campaigns
    where status = 'sending' and ends_at > ${now} and coalesce(send_progress_at, 0) < ${stale}`);
  const quiet = notBefore(now, quietHours(env.NOTIFY_QUIET_HOURS)) > now;
  // SMS still to decide (campaign_letters_sms_waiting), letters made a while ago: their step was lost or held back.
  const waiting = quiet ? [] : await db.all<{ id: string }>(sql`select c.id from campaigns c
    where c.status in ('sending', 'sent') and c.ends_at > ${now} and exists (select 1 from json_each(c.channels) where value = 'sms')
      and coalesce(c.send_progress_at, 0) < ${stale}
      and exists (select 1 from campaign_letters l where l.campaign_id = c.id and l.sms_claimed_at is null)`);
  await enqueueCampaign(env, [
    ...stuck.map((c) => ({ kind: 'letters' as const, campaignId: c.id, after: c.cursor })),
    ...waiting.map((c) => ({ kind: 'sms' as const, campaignId: c.id, after: null, upTo: null })),
  ]);
  return stuck.length + waiting.length;
}

/** The day's reminder rounds: one walk per campaign over its letters (the claim decides who is due, once). */
export async function scheduleReminders(env: Bindings, now = Date.now()): Promise<number> {
  const due = await database(env.DB).all<{ id: string }>(sql`select id from campaigns
    where status = 'sent' and ends_at > ${now} and reminder_limit > 0 and exists (select 1 from json_each(channels) where value = 'sms')`);
  await enqueueCampaign(env, due.map((c) => ({ kind: 'remind' as const, campaignId: c.id, after: null })));
  return due.length;
}
