// Stored first responses are needed only while a client may still retry: a form's outbox can
// hold a submission for days, so keep them a week. (A later resend is still one check-in: at
// most one is pending per member and branch.)
import { sql } from 'drizzle-orm';
import { idempotencyKeys } from '../../../schema/index.ts';
import { database } from '../db.ts';

export const IDEMPOTENCY_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Rows deleted per statement, so that one run never holds the database for long. */
const CHUNK = 1000;

/** Deletes expired idempotency keys (index `idempotency_keys_created`); returns how many. */
export async function expireIdempotencyKeys(d1: D1Database, now = Date.now()): Promise<number> {
  const db = database(d1);
  const cutoff = now - IDEMPOTENCY_TTL_MS;
  let deleted = 0;
  for (;;) {
    const result = await db.run(sql`delete from ${idempotencyKeys} where rowid in
      (select rowid from ${idempotencyKeys} where ${idempotencyKeys.createdAt} < ${cutoff} limit ${CHUNK})`);
    deleted += result.meta.changes;
    if (result.meta.changes < CHUNK) return deleted;
  }
}
