// Writing notifications: the statements that go into the SAME batch as the change they tell of
// (check-in-decisions.ts, service-request-changes.ts), so that a decision and its notifications
// happen together or not at all; then the queue message. One row per event, recipient and
// channel (`notifications_once`): a repeated decision or a retried request writes nothing more.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { notifications, wechatSubscriptions, type NotificationEvent } from '../../../schema/index.ts';
import { database, errorMessages } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { smsTemplateOn } from '../sms/index.ts';
import { SMS_TEMPLATE_OF, wechatTemplateOf } from './templates.ts';

type Bindings = AppEnv['Bindings'];
type MemberEvent = Exclude<NotificationEvent, 'staff.digest'>;

/** A new notification id, made in SQL (one per row an INSERT … SELECT writes). */
const newIdSql = sql`'nt_' || lower(hex(randomblob(10)))`;

const SUBJECT = {
  check_in: { table: sql`check_ins`, status: { 'check_in.confirmed': 'confirmed', 'check_in.rejected': 'rejected', 'check_in.returned': 'returned' } },
  service_request: { table: sql`service_requests`, status: { 'service_request.resolved': 'resolved' } },
} as const;

const subjectOf = (event: MemberEvent) => (event.startsWith('check_in.') ? 'check_in' : 'service_request') as keyof typeof SUBJECT;

/**
 * The notifications of `event` on one check-in or request, for the END of the batch that makes the change:
 * written only if the row is (now) in the event's state. SMS only for a member who opted in
 * (`notify`); WeChat for each unspent subscription to the event's template, which it spends.
 */
export function notifyStatements(env: Bindings, o: { tenantId: string; event: MemberEvent; subjectId: string; now: number }): BatchItem<'sqlite'>[] {
  const db = database(env.DB);
  const type = subjectOf(o.event);
  const { table, status } = SUBJECT[type];
  const target = (status as Record<string, string>)[o.event]!;
  const eventKey = `${o.event}:${o.subjectId}`;
  const inState: SQL = sql`s.tenant_id = ${o.tenantId} and s.id = ${o.subjectId} and s.status = ${target}`;
  // Every column, in the table's order (drizzle names them all): the last four are unset.
  const row = (channel: string, recipient: SQL, params: SQL, templateId: SQL) => sql`select ${newIdSql}, s.tenant_id, ${o.event}, ${eventKey},
    ${channel}, ${recipient}, ${type}, s.id, ${params}, ${templateId}, 'queued', 0, null, null, null, null, ${o.now}, null, null, null`;
  const work: BatchItem<'sqlite'>[] = [];
  if (smsTemplateOn(env, SMS_TEMPLATE_OF[o.event])) {
    work.push(db.insert(notifications).select(sql`${row('sms', sql`m.mobile`, sql`json_object('reference', s.reference)`, sql`null`)}
      from ${table} s join members m on m.id = s.member_id
      where ${inState} and s.notify = 1`).onConflictDoNothing());
  }
  const templateId = wechatTemplateOf(env, o.event);
  if (templateId) {
    work.push(db.insert(notifications).select(sql`${row('wechat', sql`w.openid`, sql`json_object('reference', s.reference, 'status', ${target})`, sql`w.template_id`)}
      from ${table} s join wechat_subscriptions w on w.subject_id = s.id and w.tenant_id = s.tenant_id
      where ${inState} and w.template_id = ${templateId} and w.used_at is null`).onConflictDoNothing());
    // Spent: each subscription that a notification of this event was just written for.
    work.push(db.update(wechatSubscriptions).set({ usedAt: o.now }).where(sql`tenant_id = ${o.tenantId} and subject_id = ${o.subjectId}
      and template_id = ${templateId} and used_at is null
      and exists (select 1 from notifications n where n.tenant_id = ${o.tenantId} and n.event_key = ${eventKey}
        and n.channel = 'wechat' and n.recipient = wechat_subscriptions.openid and n.created_at = ${o.now})`));
  }
  // Last: what now waits on the subject, read in the same round trip, for the queue messages (enqueueWritten).
  work.push(db.select({ id: notifications.id }).from(notifications)
    .where(and(eq(notifications.subjectId, o.subjectId), eq(notifications.tenantId, o.tenantId), eq(notifications.status, 'queued'))));
  return work;
}

/**
 * Sends the queue messages for the rows the batch's last statement (notifyStatements' read) found
 * waiting. A failed send loses nothing: the rows stay `queued` and the sweep (sweep.ts) enqueues them again.
 */
export async function enqueueWritten(env: Bindings, batchResults: readonly unknown[]): Promise<void> {
  const rows = batchResults.at(-1) as { id: string }[] | undefined;
  try {
    await enqueue(env, (rows ?? []).map((r) => r.id));
  } catch (err) {
    console.error(`notifications: enqueueing failed, the sweep will: ${errorMessages(err)}`);
  }
}

/** Queue messages for these rows (at most 100 a call, as Queues' sendBatch takes). */
export async function enqueue(env: Bindings, ids: string[], delaySeconds = 0): Promise<void> {
  if (!env.NOTIFICATIONS || !ids.length) return;
  for (let i = 0; i < ids.length; i += 100) {
    await env.NOTIFICATIONS.sendBatch(ids.slice(i, i + 100).map((id) => ({ body: { id }, ...(delaySeconds > 0 ? { delaySeconds } : {}) })));
  }
}
