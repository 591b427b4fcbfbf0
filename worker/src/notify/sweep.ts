// The periodic sweep: every notification still waiting a while after it was written gets a queue
// message again, so a failed `send` to the queue (or a message lost) loses nothing. A row sent
// meanwhile is skipped by the consumer, so an extra message never doubles a notification.
import { sql } from 'drizzle-orm';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { enqueue } from './events.ts';

/** Rows younger than this are left to the message their writer sent. */
export const SWEEP_AFTER_MS = 10 * 60_000;
const PER_RUN = 1000;

export async function sweepNotifications(env: AppEnv['Bindings'], now = Date.now()): Promise<number> {
  const rows = await database(env.DB).all<{ id: string; deferred_until: number | null }>(sql`select id, deferred_until from notifications
    where status in ('queued', 'sending') and created_at < ${now - SWEEP_AFTER_MS} order by created_at limit ${PER_RUN}`);
  const due = rows.filter((r) => !r.deferred_until || r.deferred_until <= now).map((r) => r.id);
  await enqueue(env, due);
  // Deferred ones (quiet hours, limits) come back when due; Queues delay at most 12 h.
  for (const r of rows.filter((x) => x.deferred_until && x.deferred_until > now)) {
    await enqueue(env, [r.id], Math.min(12 * 3600, Math.ceil((r.deferred_until! - now) / 1000)));
  }
  return rows.length;
}
