// Campaigns (家乡来信, docs/campaigns.md): the year's letter from home, one personal letter per member
// of its audience, and the funnel's counts per node. Times are unix ms.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { memberCategories, members, tenants } from './tables.ts';

/** The ways a letter goes out: printed on paper (its QR code leads to the letter) and by SMS (a fixed address and the member's code). */
export const campaignChannels = ['print', 'sms'] as const;
export type CampaignChannel = (typeof campaignChannels)[number];
/**
 * `draft`: editable; `sending`: letters are being made and sent in batches (resumable);
 * `sent`: every member of the audience has a letter; `ended`: past its end, the silent handed to lost contact.
 */
export const campaignStatuses = ['draft', 'sending', 'sent', 'ended'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];
/** How a member came to the letter's page: the printed QR code, or the personal code typed (from an SMS or the printed letter). */
export const letterOpenedVia = ['qr', 'code'] as const;
/** The funnel's stages, in order; `failed`/`reminded` are counted beside them. */
export const funnelStages = ['sent', 'delivered', 'opened', 'reported', 'confirmed'] as const;
export type FunnelStage = (typeof funnelStages)[number];
/** A count row's channel: `all` counts each member once per stage, whatever the channel; `print` and `sms` count what their channel led to. */
export const funnelChannels = ['all', ...campaignChannels] as const;
export type FunnelChannel = (typeof funnelChannels)[number];

/** Who receives the letter, as stored (schema/campaigns.ts validates it); every field narrows it, none set: every member of the tenant. */
export type CampaignAudienceRow = {
  /** Towns or villages (home units): their members (a town's includes its villages'). */
  homeUnitIds?: string[];
  categories?: (typeof memberCategories)[number][];
  /** Only members whose last confirmed check-in is before this (or who never checked in). */
  notReportedSince?: number;
};

export const campaigns = sqliteTable('campaigns', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  titleZh: text('title_zh').notNull(),
  titleEn: text('title_en'),
  bodyZh: text('body_zh').notNull(),
  bodyEn: text('body_en'),
  /** Who signs the letter, e.g. 中共邳州市委组织部. */
  signatory: text('signatory').notNull(),
  startsAt: integer('starts_at').notNull(),
  /** Personal links expire then; the members still silent go to the lost-contact list. */
  endsAt: integer('ends_at').notNull(),
  audience: text('audience', { mode: 'json' }).$type<CampaignAudienceRow>().notNull(),
  channels: text('channels', { mode: 'json' }).$type<CampaignChannel[]>().notNull(),
  /** Days after the letter a member who has not reported gets a reminder, and how many at most. */
  reminderAfterDays: integer('reminder_after_days').notNull().default(14),
  reminderLimit: integer('reminder_limit').notNull().default(2),
  status: text('status', { enum: campaignStatuses }).notNull().default('draft'),
  createdByKeyId: text('created_by_key_id').notNull(),
  createdByUserId: text('created_by_user_id'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  /** Sending: the audience's size when it began, the letters made so far and the last member id enumerated (resume point). */
  audienceTotal: integer('audience_total'),
  lettersMade: integer('letters_made').notNull().default(0),
  sendCursor: text('send_cursor'),
  sendStartedAt: integer('send_started_at'),
  /** When a sending step last advanced `send_cursor`: the sweep resumes a campaign stuck in `sending` (worker/src/campaigns/sweep.ts). */
  sendProgressAt: integer('send_progress_at'),
  sentAt: integer('sent_at'),
  endedAt: integer('ended_at'),
}, (t) => [index('campaigns_tenant').on(t.tenantId, t.createdAt)]);

/**
 * One member's letter in one campaign: at most one (the unique index), whatever a retried batch
 * does. Its timestamps are the funnel; each is set once (but `reported_at`, taken back when its check-in
 * is rejected or returned), in the same batch as the counts it adds to (or takes back).
 */
export const campaignLetters = sqliteTable('campaign_letters', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  campaignId: text('campaign_id').notNull().references(() => campaigns.id),
  memberId: text('member_id').notNull().references(() => members.id),
  /** The short personal code an SMS names and a printed letter shows (typed at the fixed address). */
  code: text('code').notNull(),
  // The member's nodes when the letter was made: where the letter counts in the funnel and who sees it.
  homeUnitId: text('home_unit_id'),
  homeTownId: text('home_town_id'),
  memberBranchId: text('member_branch_id'),
  memberCommitteeId: text('member_committee_id'),
  printedAt: integer('printed_at'),
  /**
   * The letter's SMS was decided: sent, or skipped (the member opted out, the number is not one).
   * Set before any vendor is called, so that a retried or redelivered step never sends it twice.
   */
  smsClaimedAt: integer('sms_claimed_at'),
  smsSentAt: integer('sms_sent_at'),
  /** The vendor's id of the last SMS sent for the letter (the letter or a reminder): delivery receipts find it by this. */
  smsVendorId: text('sms_vendor_id'),
  smsDeliveredAt: integer('sms_delivered_at'),
  /** The vendor refused the number or the message failed for good: no more SMS to it in this campaign. */
  smsFailedAt: integer('sms_failed_at'),
  openedAt: integer('opened_at'),
  openedVia: text('opened_via', { enum: letterOpenedVia }),
  /** The member's check-in after the letter (through the letter or not). */
  checkInId: text('check_in_id'),
  reportedAt: integer('reported_at'),
  /**
   * The channel the report counted in beside `all` (the one the member had opened the letter
   * through then; null: `all` only). Recorded because opening, SMS and printing may come after the
   * report: its confirmation counts there too, and taking the report back subtracts from exactly
   * the rows it added (worker/src/campaigns/counts.ts). Null while not reported.
   */
  reportedChannel: text('reported_channel', { enum: campaignChannels }),
  confirmedAt: integer('confirmed_at'),
  remindersSent: integer('reminders_sent').notNull().default(0),
  lastRemindedAt: integer('last_reminded_at'),
  /** The campaign ended with the member still silent: handed to lost contact (a case opened, unless one was open or closed by hand since last heard of). */
  handedOffAt: integer('handed_off_at'),
  /** The batch that last changed the row: lets the same db.batch count exactly the rows it changed (worker/src/campaigns/counts.ts). */
  changeMark: text('change_mark'),
  createdAt: integer('created_at').notNull(),
}, (t) => [
  uniqueIndex('campaign_letters_once').on(t.campaignId, t.memberId),
  uniqueIndex('campaign_letters_code').on(t.tenantId, t.code),
  // A member's letters (a check-in marks them reported; erasure deletes them).
  index('campaign_letters_member').on(t.memberId),
  // A village's letters in order: the print run and the lists behind the funnel's counts.
  index('campaign_letters_home').on(t.campaignId, t.homeUnitId, t.id),
  // The letters still to hand to lost contact once the campaign ends: a letter leaves it when
  // reported or handed off, so each batch of the hand-off reads only what is left.
  index('campaign_letters_silent').on(t.campaignId, t.id).where(sql`reported_at is null and handed_off_at is null`),
  // The people behind a town's, committee's, branch's or the whole campaign's counts, a page at a time.
  index('campaign_letters_town').on(t.campaignId, t.homeTownId, t.id),
  index('campaign_letters_committee').on(t.campaignId, t.memberCommitteeId, t.id),
  index('campaign_letters_branch').on(t.campaignId, t.memberBranchId, t.id),
  index('campaign_letters_campaign').on(t.campaignId, t.id),
  // Letters whose SMS is still to be decided, in member order: the SMS steps and their recovery read only these.
  index('campaign_letters_sms_waiting').on(t.campaignId, t.memberId).where(sql`sms_claimed_at is null`),
  index('campaign_letters_sms_vendor').on(t.smsVendorId).where(sql`sms_vendor_id is not null`),
]);

/**
 * The funnel, counted as it happens: per campaign, node (the tenant id for the whole campaign, a
 * town, village, committee or branch) and channel. A node's funnel reads its own row and its
 * children's, never the letters.
 */
export const campaignCounts = sqliteTable('campaign_counts', {
  campaignId: text('campaign_id').notNull().references(() => campaigns.id),
  nodeId: text('node_id').notNull(),
  channel: text('channel', { enum: funnelChannels }).notNull(),
  letters: integer('letters').notNull().default(0),
  sent: integer('sent').notNull().default(0),
  delivered: integer('delivered').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  opened: integer('opened').notNull().default(0),
  reported: integer('reported').notNull().default(0),
  confirmed: integer('confirmed').notNull().default(0),
  reminded: integer('reminded').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.campaignId, t.nodeId, t.channel] })]);
