CREATE TABLE `campaign_counts` (
	`campaign_id` text NOT NULL,
	`node_id` text NOT NULL,
	`channel` text NOT NULL,
	`letters` integer DEFAULT 0 NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`delivered` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`opened` integer DEFAULT 0 NOT NULL,
	`reported` integer DEFAULT 0 NOT NULL,
	`confirmed` integer DEFAULT 0 NOT NULL,
	`reminded` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`campaign_id`, `node_id`, `channel`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `campaign_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`member_id` text NOT NULL,
	`code` text NOT NULL,
	`home_unit_id` text,
	`home_town_id` text,
	`member_branch_id` text,
	`member_committee_id` text,
	`printed_at` integer,
	`sms_sent_at` integer,
	`sms_delivered_at` integer,
	`sms_failed_at` integer,
	`opened_at` integer,
	`opened_via` text,
	`check_in_id` text,
	`reported_at` integer,
	`confirmed_at` integer,
	`reminders_sent` integer DEFAULT 0 NOT NULL,
	`last_reminded_at` integer,
	`handed_off_at` integer,
	`change_mark` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_letters_once` ON `campaign_letters` (`campaign_id`,`member_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_letters_code` ON `campaign_letters` (`tenant_id`,`code`);--> statement-breakpoint
CREATE INDEX `campaign_letters_member` ON `campaign_letters` (`member_id`);--> statement-breakpoint
CREATE INDEX `campaign_letters_home` ON `campaign_letters` (`campaign_id`,`home_unit_id`,`id`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`title_zh` text NOT NULL,
	`title_en` text,
	`body_zh` text NOT NULL,
	`body_en` text,
	`signatory` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`audience` text NOT NULL,
	`channels` text NOT NULL,
	`reminder_after_days` integer DEFAULT 14 NOT NULL,
	`reminder_limit` integer DEFAULT 2 NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by_key_id` text NOT NULL,
	`created_by_user_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`audience_total` integer,
	`letters_made` integer DEFAULT 0 NOT NULL,
	`send_cursor` text,
	`send_started_at` integer,
	`sent_at` integer,
	`ended_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaigns_tenant` ON `campaigns` (`tenant_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `members` ADD `sms_opt_out_at` integer;