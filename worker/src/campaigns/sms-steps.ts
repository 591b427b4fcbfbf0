// The SMS steps of a campaign: a letters window's SMS (the letters still unclaimed among members in
// (`after`, `upTo`], from campaign_letters_sms_waiting), and a reminder round (a window of the
// campaign's letters in member order, the due ones reminded). Each page goes on in a next message.
import { eq, sql } from 'drizzle-orm';
import { campaigns } from '../../../schema/index.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { notBefore, quietHours } from '../notify/quiet-hours.ts';
import { sendCampaignSms, type SmsDeps, type SmsLetter } from './campaign-sms.ts';
import { chunkSize, type Campaign } from './letters-step.ts';
import { enqueueCampaign } from './queue.ts';

type Bindings = AppEnv['Bindings'];
export type StepOutcome = { ack: true } | { ack: false; delaySeconds: number };
/** Letters held back by the per-number caps or the vendor's throttle are tried again this much later. */
const WAIT_SECONDS = 3600;
const DAY_MS = 86_400_000;

/** The campaign, if its SMS may go now: not ended, with the SMS channel. */
async function smsCampaign(env: Bindings, id: string, statuses: Campaign['status'][], now: number): Promise<Campaign | null> {
  const [c] = await database(env.DB).select().from(campaigns).where(eq(campaigns.id, id)).limit(1);
  return c && statuses.includes(c.status) && c.channels.includes('sms') && c.endsAt > now ? c : null;
}

/** Quiet hours: the delay until they end, or 0. */
const quietDelay = (env: Bindings, now: number) => (notBefore(now, quietHours(env.NOTIFY_QUIET_HOURS)) - now) / 1000;

export async function sendLetterSms(env: Bindings, m: { campaignId: string; after: string | null; upTo: string | null }, deps: SmsDeps = {}): Promise<StepOutcome> {
  const now = deps.now?.() ?? Date.now();
  const c = await smsCampaign(env, m.campaignId, ['sending', 'sent'], now);
  if (!c) return { ack: true };
  const quiet = quietDelay(env, now);
  if (quiet > 0) return { ack: false, delaySeconds: quiet };
  const page = chunkSize(env);
  const letters = await database(env.DB).all<SmsLetter & { memberId: string }>(waitingLettersSql(c.id, m.after, m.upTo, page));
  if (!letters.length) return { ack: true };
  const result = await sendCampaignSms(env, c, 'letter', letters.map((l) => ({ ...l, optedOut: Boolean(l.optedOut) })), deps);
  const last = letters.at(-1)!.memberId;
  if (letters.length === page) await enqueueCampaign(env, [{ kind: 'sms', campaignId: c.id, after: last, upTo: m.upTo }]);
  if (result.waiting) await enqueueCampaign(env, [{ kind: 'sms', campaignId: c.id, after: m.after, upTo: last }], WAIT_SECONDS);
  return { ack: true };
}

export async function sendReminders(env: Bindings, m: { campaignId: string; after: string | null }, deps: SmsDeps = {}): Promise<StepOutcome> {
  const now = deps.now?.() ?? Date.now();
  const c = await smsCampaign(env, m.campaignId, ['sent'], now);
  if (!c || c.reminderLimit < 1) return { ack: true };
  const quiet = quietDelay(env, now);
  if (quiet > 0) return { ack: false, delaySeconds: quiet };
  const page = chunkSize(env);
  const due = now - c.reminderAfterDays * DAY_MS;
  // The window in member order (campaign_letters_once); which of it is due is decided again by the claim.
  const window = await database(env.DB).all<SmsLetter & { memberId: string; due: number }>(reminderWindowSql(c, m.after, due, page));
  const letters = window.filter((l) => l.due && !l.optedOut).map((l) => ({ ...l, optedOut: false }));
  if (letters.length) await sendCampaignSms(env, c, 'reminder', letters, deps);
  if (window.length === page) await enqueueCampaign(env, [{ kind: 'remind', campaignId: c.id, after: window.at(-1)!.memberId }]);
  return { ack: true };
}

/** A page of the letters whose SMS waits, in member order (campaign_letters_sms_waiting). */
export const waitingLettersSql = (campaignId: string, after: string | null, upTo: string | null, page: number) => sql`select l.id,
    l.member_id as memberId, l.code, m.mobile, m.sms_opt_out_at is not null as optedOut, l.last_reminded_at as lastRemindedAt
  from campaign_letters l join members m on m.id = l.member_id
  where l.campaign_id = ${campaignId} and l.sms_claimed_at is null and l.member_id > ${after ?? ''}
    and (${upTo} is null or l.member_id <= ${upTo})
  order by l.member_id limit ${page}`;

/** A window of the campaign's letters in member order (campaign_letters_once), each with whether a reminder is due. */
export const reminderWindowSql = (c: Campaign, after: string | null, due: number, page: number) => sql`select l.id,
    l.member_id as memberId, l.code, m.mobile, m.sms_opt_out_at is not null as optedOut, l.last_reminded_at as lastRemindedAt,
    (l.reported_at is null and l.sms_failed_at is null and l.sms_sent_at <= ${due}
      and coalesce(l.last_reminded_at, 0) <= ${due} and l.reminders_sent < ${c.reminderLimit}) as due
  from campaign_letters l join members m on m.id = l.member_id
  where l.campaign_id = ${c.id} and l.member_id > ${after ?? ''}
  order by l.member_id limit ${page}`;
