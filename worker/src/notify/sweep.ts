// The periodic sweep: every notification still waiting a while after it was written, and not
// waiting on purpose (quiet hours, a limit: `deferred_until` ahead), gets a queue message again,
// so a failed `send` to the queue (or a message lost) loses nothing. A row sent meanwhile is
// skipped by the consumer, so an extra message never doubles a notification.
import { sql } from 'drizzle-orm';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { enqueue } from './events.ts';

/** Rows younger than this (or tried more recently: the longest backoff is 8 min) are left to their own message. */
export const SWEEP_AFTER_MS = 10 * 60_000;
const PER_RUN = 1000;

export async function sweepNotifications(env: AppEnv['Bindings'], now = Date.now()): Promise<number> {
  const quiet = now - SWEEP_AFTER_MS;
  const rows = await database(env.DB).all<{ id: string }>(sql`select id from notifications
    where status in ('queued', 'sending') and created_at < ${quiet}
      and (claimed_at is null or claimed_at < ${quiet}) and (deferred_until is null or deferred_until <= ${now})
    order by created_at limit ${PER_RUN}`);
  await enqueue(env, rows.map((r) => r.id));
  return rows.length;
}
