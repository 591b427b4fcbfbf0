// The NOTIFICATIONS queue's consumer: one message = one notification row's id. The row decides:
// a row already sent (a redelivered message) is never sent again; quiet hours defer it to 08:00
// China time; the per-recipient limits are counted in D1 before any vendor is called; a failure
// is retried with exponential backoff, and after MAX_ATTEMPTS the row is `failed`.
import { eq, sql } from 'drizzle-orm';
import { notifications } from '../../../schema/index.ts';
import { database, errorMessages } from '../db.ts';
import type { AppEnv, NotificationMessage } from '../env.ts';
import type { SmsOutcome } from '../sms/index.ts';
import { notBefore, quietHours } from './quiet-hours.ts';
import { campaignSmsSince, SMS_CAPS } from './recipient-limits.ts';
import { senderFor, type Notification } from './sender.ts';

export const NOTIFY_LIMITS = {
  /** Attempts before a row is `failed`. */
  maxAttempts: 5,
  /** The first retry's delay; each next one doubles (60 s, 2, 4, 8 min). */
  backoffSeconds: 60,
  /** Messages to one recipient (number or openid): a cap against a bug or abuse flooding one phone. */
  perRecipientPerHour: SMS_CAPS.perHour,
  perRecipientPerDay: SMS_CAPS.perDay,
  /** A `sending` row older than this is taken to have died mid-send and may be claimed again. */
  leaseSeconds: 60,
} as const;

/** Queues' longest delay (12 h): quiet hours (11 h) fit in one. */
const MAX_DELAY_SECONDS = 12 * 3600;
const HOUR_MS = 3600_000;

type Outcome = { ack: true } | { ack: false; delaySeconds: number };
export type ConsumeDeps = { now?: () => number; fetch?: typeof fetch };

export async function consumeNotifications(batch: MessageBatch<NotificationMessage>, env: AppEnv['Bindings'], deps: ConsumeDeps = {}): Promise<void> {
  for (const message of batch.messages) {
    let outcome: Outcome;
    try {
      outcome = await handle(env, message.body?.id, deps);
    } catch (err) {
      console.error(`notifications: ${message.body?.id} failed: ${errorMessages(err)}`);
      outcome = { ack: false, delaySeconds: NOTIFY_LIMITS.backoffSeconds };
    }
    if (outcome.ack) message.ack();
    else message.retry({ delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(outcome.delaySeconds))) });
  }
}

async function handle(env: AppEnv['Bindings'], id: unknown, deps: ConsumeDeps): Promise<Outcome> {
  if (typeof id !== 'string') return { ack: true };
  const now = deps.now?.() ?? Date.now();
  const db = database(env.DB);
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id)).limit(1);
  if (!row || (row.status !== 'queued' && row.status !== 'sending')) return { ack: true };
  const due = notBefore(now, quietHours(env.NOTIFY_QUIET_HOURS));
  if (due > now) {
    await db.run(sql`update notifications set deferred_until = ${due} where id = ${id} and status = 'queued'`);
    return { ack: false, delaySeconds: (due - now) / 1000 };
  }
  const sender = senderFor(env, row.channel, deps.fetch);
  if (!sender) return finish(env, id, 'failed', { error: `the ${row.channel} channel is not configured` });
  const claimed = await claim(env, row, now);
  if (claimed === 'held') return { ack: false, delaySeconds: NOTIFY_LIMITS.leaseSeconds };
  if (claimed === 'limited') {
    await db.run(sql`update notifications set deferred_until = ${now + HOUR_MS}, last_error = 'per-recipient limit' where id = ${id}`);
    return { ack: false, delaySeconds: HOUR_MS / 1000 };
  }
  if (claimed === 'gone') return { ack: true };
  const outcome: SmsOutcome = await sender.send(row).catch((err: unknown) => ({ ok: false, reason: 'unavailable', message: errorMessages(err) }));
  if (outcome.ok) return finish(env, id, 'sent', { vendorId: outcome.providerMessageId, at: now });
  const error = [outcome.reason, outcome.vendorCode, outcome.message].filter(Boolean).join(': ');
  if (outcome.reason === 'rejected' || claimed.attempts >= NOTIFY_LIMITS.maxAttempts) return finish(env, id, 'failed', { error });
  await db.run(sql`update notifications set status = 'queued', last_error = ${error} where id = ${id} and status = 'sending'`);
  return { ack: false, delaySeconds: NOTIFY_LIMITS.backoffSeconds * 2 ** (claimed.attempts - 1) };
}

/**
 * Takes the row for one attempt, in one statement so that two deliveries cannot both take it:
 * only if it waits (or its holder's lease ran out) and its recipient is under the limits.
 */
async function claim(env: AppEnv['Bindings'], row: Notification, now: number): Promise<{ attempts: number } | 'held' | 'limited' | 'gone'> {
  const db = database(env.DB);
  // An SMS's number also counts the campaign letters and reminders it was sent.
  const campaigns = (ms: number) => (row.channel === 'sms' ? sql.raw(` + ${campaignSmsSince('notifications.tenant_id', 'notifications.recipient', now - ms)}`) : sql``);
  const recent = (ms: number) => sql`((select count(*) from notifications r where r.recipient = ${row.recipient}
    and r.channel = ${row.channel} and r.claimed_at > ${now - ms} and r.id <> ${row.id})${campaigns(ms)})`;
  const [taken] = await db.all<{ attempts: number }>(sql`update notifications set status = 'sending', attempts = attempts + 1, claimed_at = ${now}
    where id = ${row.id} and (status = 'queued' or (status = 'sending' and claimed_at < ${now - NOTIFY_LIMITS.leaseSeconds * 1000}))
      and ${recent(HOUR_MS)} < ${NOTIFY_LIMITS.perRecipientPerHour} and ${recent(24 * HOUR_MS)} < ${NOTIFY_LIMITS.perRecipientPerDay}
    returning attempts`);
  if (taken) return taken;
  const [now2] = await db.all<{ status: string }>(sql`select status from notifications where id = ${row.id}`);
  if (now2?.status === 'sending') return 'held';
  return now2?.status === 'queued' ? 'limited' : 'gone';
}

async function finish(env: AppEnv['Bindings'], id: string, status: 'sent' | 'failed', o: { vendorId?: string | null; at?: number; error?: string }): Promise<Outcome> {
  await database(env.DB).run(status === 'sent'
    ? sql`update notifications set status = 'sent', vendor_message_id = ${o.vendorId ?? null}, sent_at = ${o.at ?? Date.now()}, last_error = null where id = ${id}`
    : sql`update notifications set status = 'failed', last_error = ${o.error ?? null} where id = ${id}`);
  return { ack: true };
}
