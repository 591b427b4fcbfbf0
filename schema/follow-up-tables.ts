// Lost contact (失联): members the organisation has not heard from for six months, each a case
// for a named person to follow up, with every contact attempt on record. Times are unix ms.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { members, tenants } from './tables.ts';

export const contactChannels = ['phone', 'sms', 'wechat', 'visit', 'relative', 'other'] as const;
/** `reached`: the member answered; `relayed`: news of them through family or colleagues (also found). */
export const contactOutcomes = ['reached', 'relayed', 'no_answer', 'wrong_number', 'refused'] as const;
export const FOUND_OUTCOMES: readonly (typeof contactOutcomes)[number][] = ['reached', 'relayed'];

export const lostContactCases = sqliteTable('lost_contact_cases', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  memberId: text('member_id').notNull().references(() => members.id),
  openedAt: integer('opened_at').notNull(),
  /** The staff user following it up: the village's contact person when the case opened, or whom staff chose. */
  assigneeUserId: text('assignee_user_id'),
  dueAt: integer('due_at').notNull(),
  /** Out of the overdue list until then. */
  snoozedUntil: integer('snoozed_until'),
  lastAttemptAt: integer('last_attempt_at'),
  closedAt: integer('closed_at'),
  /** `found` (a contact reached them, or they checked in) or `closed` by staff with a note. */
  closedReason: text('closed_reason', { enum: ['found', 'closed'] }),
}, (t) => [
  // One open case per member: the daily job may run twice, or a retried run overlap.
  uniqueIndex('lost_contact_cases_open').on(t.tenantId, t.memberId).where(sql`closed_at is null`),
  index('lost_contact_cases_tenant_due').on(t.tenantId, t.closedAt, t.dueAt),
  index('lost_contact_cases_member').on(t.memberId),
]);

export const contactAttempts = sqliteTable('contact_attempts', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  caseId: text('case_id').notNull().references(() => lostContactCases.id),
  memberId: text('member_id').notNull().references(() => members.id),
  at: integer('at').notNull(),
  channel: text('channel', { enum: contactChannels }).notNull(),
  outcome: text('outcome', { enum: contactOutcomes }).notNull(),
  note: text('note'),
  /** The key or staff grant that recorded it, and the staff user if a session did. */
  keyId: text('key_id').notNull(),
  userId: text('user_id'),
}, (t) => [index('contact_attempts_case').on(t.caseId, t.at)]);
