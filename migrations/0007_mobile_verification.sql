CREATE TABLE `mobile_verifications` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`mobile_hash` text NOT NULL,
	`code_hash` text NOT NULL,
	`key_id` text NOT NULL,
	`client_hash` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`verified_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mobile_verifications_mobile` ON `mobile_verifications` (`tenant_id`,`mobile_hash`,`created_at`);--> statement-breakpoint
CREATE INDEX `mobile_verifications_client` ON `mobile_verifications` (`tenant_id`,`client_hash`,`created_at`);--> statement-breakpoint
CREATE INDEX `mobile_verifications_created` ON `mobile_verifications` (`created_at`);--> statement-breakpoint
CREATE TABLE `sms_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`mobile` text NOT NULL,
	`template` text NOT NULL,
	`params` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sms_outbox_mobile` ON `sms_outbox` (`tenant_id`,`mobile`,`id`);--> statement-breakpoint
CREATE TABLE `spent_challenges` (
	`challenge_hash` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `spent_challenges_expires` ON `spent_challenges` (`expires_at`);--> statement-breakpoint
DROP INDEX `check_ins_one_pending`;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `mobile_verified` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `matched_member` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `submitted_home_unit_id` text;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `accepted_by_key_id` text;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `accepted_at` integer;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `released_by_key_id` text;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `released_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `check_ins_one_verified_pending` ON `check_ins` (`tenant_id`,`member_id`,`branch_id`) WHERE status = 'pending' and mobile_verified = 1;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `correlation_id` text;--> statement-breakpoint
-- Check-ins from before verification named the member's home unit; none of them was verified.
UPDATE `check_ins` SET `submitted_home_unit_id` = `home_unit_id`;
