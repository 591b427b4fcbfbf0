// Lost contact (失联): members the organisation has not heard from for six months, each a case
// for a named person to follow up, with every contact attempt on record. Times are unix ms.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { campaigns } from './campaign-tables.ts';
import { members, tenants } from './tables.ts';

/** `fellow` (老乡): a member from the same village living in the same city, asked to help find them. */
export const contactChannels = ['phone', 'sms', 'wechat', 'visit', 'relative', 'fellow', 'other'] as const;
/** `reached`: the member answered; `relayed`: news of them through family or colleagues (also found). */
export const contactOutcomes = ['reached', 'relayed', 'no_answer', 'wrong_number', 'refused'] as const;
export const FOUND_OUTCOMES: readonly (typeof contactOutcomes)[number][] = ['reached', 'relayed'];
/** Why staff closed a case by hand: the member died, left the party, is a duplicate record, or another reason (a note says which). */
export const caseCloseReasons = ['deceased', 'left_party', 'duplicate', 'other'] as const;
/** `found` (a contact reached them, or they checked in), or one of `caseCloseReasons`. */
export const caseClosedReasons = ['found', ...caseCloseReasons] as const;

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
  closedReason: text('closed_reason', { enum: caseClosedReasons }),
  /** What staff wrote when closing it by hand (or reopening it). */
  closedNote: text('closed_note'),
  // Scope copies of the member's (worker/src/data/scope-copies.ts): they follow the member.
  homeUnitId: text('home_unit_id'),
  homeTownId: text('home_town_id'),
  memberBranchId: text('member_branch_id'),
  memberCommitteeId: text('member_committee_id'),
  /** The campaign that handed the member over, still silent when it ended (jobs/campaign-hand-off.ts); null: the daily job's. */
  campaignId: text('campaign_id').references(() => campaigns.id),
}, (t) => [
  // One open case per member: the daily job may run twice, or a retried run overlap.
  uniqueIndex('lost_contact_cases_open').on(t.tenantId, t.memberId).where(sql`closed_at is null`),
  index('lost_contact_cases_member').on(t.memberId),
  // Each scope's list, open or closed, in due order: one index each (access/lost-contact-scope.ts).
  ...scopeIndexes(t),
]);

/**
 * Per scope column (the tenant for a home admin), the open and the closed cases in (due, id) order.
 * Node ids are unique across tenants, so a node's index leaves the tenant out (the scope checks it
 * with a unary `+`, so that SQLite cannot take the tenant's index for a node's list instead).
 */
function scopeIndexes(t: { tenantId: AnySQLiteColumn; homeUnitId: AnySQLiteColumn; homeTownId: AnySQLiteColumn;
  memberBranchId: AnySQLiteColumn; memberCommitteeId: AnySQLiteColumn; dueAt: AnySQLiteColumn; id: AnySQLiteColumn }) {
  const scopes = { tenant: t.tenantId, home: t.homeUnitId, town: t.homeTownId, branch: t.memberBranchId, committee: t.memberCommitteeId };
  return Object.entries(scopes).flatMap(([name, column]) => [
    index(`lost_contact_cases_${name}_open`).on(column, t.dueAt, t.id).where(sql`closed_at is null`),
    index(`lost_contact_cases_${name}_closed`).on(column, t.dueAt, t.id).where(sql`closed_at is not null`),
  ]);
}

export const contactAttempts = sqliteTable('contact_attempts', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  caseId: text('case_id').notNull().references(() => lostContactCases.id),
  memberId: text('member_id').notNull().references(() => members.id),
  at: integer('at').notNull(),
  channel: text('channel', { enum: contactChannels }).notNull(),
  outcome: text('outcome', { enum: contactOutcomes }).notNull(),
  note: text('note'),
  /** Channel `fellow`: the member staff asked (one of the case's fellows), if they said whom. */
  fellowMemberId: text('fellow_member_id').references(() => members.id),
  /** The key or staff grant that recorded it, and the staff user if a session did. */
  keyId: text('key_id').notNull(),
  userId: text('user_id'),
}, (t) => [
  index('contact_attempts_case').on(t.caseId, t.at),
  // Erasing a member clears them from the attempts where they were the fellow asked.
  index('contact_attempts_fellow').on(t.fellowMemberId).where(sql`fellow_member_id is not null`),
]);
