// Retention (docs/privacy.md): a check-in the branch refused (rejected, or returned to be sent
// again) is kept RETENTION_REFUSED_DAYS after the decision, for the member's questions and the
// staff's; a check-in nobody verified by SMS code and nobody decided is kept
// RETENTION_UNVERIFIED_DAYS after it was sent. Then it goes, with what the member typed into it.
// The requests for help it made stay (they have their own course); they lose the link to it. The
// messages about it go too (each holds the mobile and the reference), and the WeChat subscriptions
// to it (each holds the member's openid).
import { and, inArray, lt, sql } from 'drizzle-orm';
import { checkIns, notifications, serviceRequests, wechatSubscriptions } from '../../../schema/index.ts';
import type { AppEnv } from '../env.ts';
import { database } from '../db.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
export const RETENTION_DEFAULTS = { refusedDays: 180, unverifiedDays: 60 } as const;
/** Ids per batch: one bound parameter each (D1 allows 100 per statement). */
const CHUNK = 90;

const days = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** Deletes check-ins past their retention; returns how many of each kind. */
export async function purgeCheckIns(env: AppEnv['Bindings'], now = Date.now()) {
  const refusedBefore = now - days(env.RETENTION_REFUSED_DAYS, RETENTION_DEFAULTS.refusedDays) * DAY_MS;
  const unverifiedBefore = now - days(env.RETENTION_UNVERIFIED_DAYS, RETENTION_DEFAULTS.unverifiedDays) * DAY_MS;
  return {
    // Spelled as the partial indexes' conditions, for SQLite to use them.
    refused: await purge(env.DB, and(sql`status in ('rejected', 'returned')`, lt(checkIns.decidedAt, refusedBefore))!),
    unverified: await purge(env.DB, and(sql`status = 'pending' and mobile_verified = 0`, lt(checkIns.createdAt, unverifiedBefore))!),
  };
}

async function purge(d1: D1Database, expired: ReturnType<typeof sql>): Promise<number> {
  const db = database(d1);
  let deleted = 0;
  for (;;) {
    const ids = (await db.select({ id: checkIns.id }).from(checkIns).where(expired).limit(CHUNK)).map((r) => r.id);
    if (!ids.length) return deleted;
    await db.batch([
      db.update(serviceRequests).set({ checkInId: null }).where(inArray(serviceRequests.checkInId, ids)),
      // By `notifications_subject`; the subject type only filters what it finds.
      db.delete(notifications).where(and(inArray(notifications.subjectId, ids), sql`${notifications.subjectType} = 'check_in'`)),
      db.delete(wechatSubscriptions).where(and(inArray(wechatSubscriptions.subjectId, ids), sql`${wechatSubscriptions.subjectType} = 'check_in'`)),
      db.delete(checkIns).where(inArray(checkIns.id, ids)),
    ]);
    deleted += ids.length;
    if (ids.length < CHUNK) return deleted;
  }
}
