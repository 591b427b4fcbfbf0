// Notifications (docs/notifications.md): one row per event, recipient and channel, written in the
// same batch as the change it tells of, then sent through the NOTIFICATIONS queue. Times are unix ms.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { tenants } from './tables.ts';

export const notificationEvents = [
  'check_in.confirmed', 'check_in.rejected', 'check_in.returned', 'service_request.resolved', 'staff.digest',
] as const;
export const notificationChannels = ['sms', 'wechat'] as const;
/** `sending`: a consumer holds it (a lease, see worker/src/notify/consume.ts); `delivered`/`read`: as the channel reports. */
export const notificationStatuses = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed'] as const;
export type NotificationEvent = (typeof notificationEvents)[number];
export type NotificationChannel = (typeof notificationChannels)[number];

export const notifications = sqliteTable('notifications', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  event: text('event', { enum: notificationEvents }).notNull(),
  /** The event's identity: `check_in.confirmed:ci_…`, `digest:2026-12-03:su_…`; with recipient and channel unique. */
  eventKey: text('event_key').notNull(),
  channel: text('channel', { enum: notificationChannels }).notNull(),
  /** A normalised mobile (sms) or an openid (wechat). */
  recipient: text('recipient').notNull(),
  subjectType: text('subject_type', { enum: ['check_in', 'service_request', 'staff_user'] }).notNull(),
  subjectId: text('subject_id').notNull(),
  /** The template's variables: references and counts only, never a link or personal data. */
  params: text('params', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  /** WeChat: the subscribed template; null for SMS (its template is the event's, in configuration). */
  templateId: text('template_id'),
  status: text('status', { enum: notificationStatuses }).notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  /** The latest attempt's start: the lease of `sending`, and what the per-number limits count. */
  claimedAt: integer('claimed_at'),
  /** Quiet hours: not sent before then. */
  deferredUntil: integer('deferred_until'),
  vendorMessageId: text('vendor_message_id'),
  lastError: text('last_error'),
  createdAt: integer('created_at').notNull(),
  sentAt: integer('sent_at'),
  deliveredAt: integer('delivered_at'),
  readAt: integer('read_at'),
}, (t) => [
  uniqueIndex('notifications_once').on(t.tenantId, t.eventKey, t.recipient, t.channel),
  // The sweep re-enqueues what is still waiting.
  index('notifications_waiting').on(t.createdAt).where(sql`status in ('queued', 'sending')`),
  // Receipts find a message by the vendor's id.
  index('notifications_vendor_message').on(t.vendorMessageId).where(sql`vendor_message_id is not null`),
  // The per-number limits count recent attempts to one recipient.
  index('notifications_recipient_claimed').on(t.recipient, t.claimedAt),
  index('notifications_subject').on(t.subjectId, t.createdAt),
]);

/**
 * A WeChat one-time subscription (一次性订阅): the member accepted one template once for one
 * check-in or request, so it allows one message. `usedAt`: the notification that spent it was written.
 */
export const wechatSubscriptions = sqliteTable('wechat_subscriptions', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  subjectType: text('subject_type', { enum: ['check_in', 'service_request'] }).notNull(),
  subjectId: text('subject_id').notNull(),
  openid: text('openid').notNull(),
  templateId: text('template_id').notNull(),
  createdAt: integer('created_at').notNull(),
  usedAt: integer('used_at'),
}, (t) => [
  // One unspent subscription per subject, person and template: accepting twice stores one.
  uniqueIndex('wechat_subscriptions_unspent').on(t.subjectId, t.openid, t.templateId).where(sql`used_at is null`),
  // Spent or not, a subject's subscriptions go with it (retention, erasure): found by its id.
  index('wechat_subscriptions_subject').on(t.subjectId),
]);
