CREATE TABLE `contact_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`case_id` text NOT NULL,
	`member_id` text NOT NULL,
	`at` integer NOT NULL,
	`channel` text NOT NULL,
	`outcome` text NOT NULL,
	`note` text,
	`key_id` text NOT NULL,
	`user_id` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `lost_contact_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_attempts_case` ON `contact_attempts` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `lost_contact_cases` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`member_id` text NOT NULL,
	`opened_at` integer NOT NULL,
	`assignee_user_id` text,
	`due_at` integer NOT NULL,
	`snoozed_until` integer,
	`last_attempt_at` integer,
	`closed_at` integer,
	`closed_reason` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lost_contact_cases_open` ON `lost_contact_cases` (`tenant_id`,`member_id`) WHERE closed_at is null;--> statement-breakpoint
CREATE INDEX `lost_contact_cases_tenant_due` ON `lost_contact_cases` (`tenant_id`,`closed_at`,`due_at`);--> statement-breakpoint
CREATE INDEX `lost_contact_cases_member` ON `lost_contact_cases` (`member_id`);--> statement-breakpoint
ALTER TABLE `home_units` ADD `contact_user_id` text;--> statement-breakpoint
ALTER TABLE `members` ADD `last_contact_at` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `move_distance` text;--> statement-breakpoint
ALTER TABLE `members` ADD `has_activity_card` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- An index on MEMBER_LAST_SEEN_SQL (schema/tables.ts), written by hand: drizzle-kit splits an expression at its commas.
CREATE INDEX `members_last_seen` ON `members` (`tenant_id`, max(coalesce(`last_check_in_at`, 0), coalesce(`last_contact_at`, 0), `created_at`));