// Mobile verification leaves rows that matter only for a day: code rows count against the daily
// limits for 24 hours, a spent challenge only until it would have expired anyway, and an outbox
// message (local development) holds a code; so do staff sign-in codes, and an expired staff session
// is of no use. Purged daily, in chunks, like idempotency keys.
import { lt, sql, type SQLWrapper } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { mobileVerifications, smsOutbox, spentChallenges, staffSessions, staffVerifications } from '../../../schema/index.ts';
import { database } from '../db.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const CHUNK = 1000;

async function deleteInChunks(d1: D1Database, table: SQLiteTable, expired: SQLWrapper): Promise<number> {
  const db = database(d1);
  let deleted = 0;
  for (;;) {
    const result = await db.run(sql`delete from ${table} where rowid in (select rowid from ${table} where ${expired} limit ${CHUNK})`);
    deleted += result.meta.changes;
    if (result.meta.changes < CHUNK) return deleted;
  }
}

/** Deletes what is past its use; returns how many rows of each. */
export async function purgeVerifications(d1: D1Database, now = Date.now()) {
  return {
    codes: await deleteInChunks(d1, mobileVerifications, lt(mobileVerifications.createdAt, now - DAY_MS)),
    challenges: await deleteInChunks(d1, spentChallenges, lt(spentChallenges.expiresAt, now)),
    outbox: await deleteInChunks(d1, smsOutbox, lt(smsOutbox.createdAt, now - DAY_MS)),
    // Kept a day, as the member codes are: they count against the per-number sign-in limits.
    staffCodes: await deleteInChunks(d1, staffVerifications, lt(staffVerifications.createdAt, new Date(now - DAY_MS))),
    staffSessions: await deleteInChunks(d1, staffSessions, lt(staffSessions.expiresAt, new Date(now))),
  };
}
