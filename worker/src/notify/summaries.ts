// Staff see what a member was told: the notifications of one check-in or request, for the batch
// that reads it (only if `found`, the subject in the caller's scope), without the recipient.
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { notifications } from '../../../schema/index.ts';
import type { Database } from '../db.ts';

export const notificationSummaries = (db: Database, tenantId: string, subjectId: string, found: SQL) => db.select({
  event: notifications.event, channel: notifications.channel, status: notifications.status, attempts: notifications.attempts,
  createdAt: notifications.createdAt, deferredUntil: notifications.deferredUntil, sentAt: notifications.sentAt,
  deliveredAt: notifications.deliveredAt, lastError: notifications.lastError,
}).from(notifications)
  .where(and(eq(notifications.subjectId, subjectId), eq(notifications.tenantId, tenantId), found))
  .orderBy(asc(notifications.createdAt), asc(notifications.id));
