CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`event` text NOT NULL,
	`event_key` text NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`params` text NOT NULL,
	`template_id` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`claimed_at` integer,
	`deferred_until` integer,
	`vendor_message_id` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`delivered_at` integer,
	`read_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_once` ON `notifications` (`tenant_id`,`event_key`,`recipient`,`channel`);--> statement-breakpoint
CREATE INDEX `notifications_waiting` ON `notifications` (`created_at`) WHERE status in ('queued', 'sending');--> statement-breakpoint
CREATE INDEX `notifications_vendor_message` ON `notifications` (`vendor_message_id`) WHERE vendor_message_id is not null;--> statement-breakpoint
CREATE INDEX `notifications_recipient_claimed` ON `notifications` (`recipient`,`claimed_at`);--> statement-breakpoint
CREATE INDEX `notifications_subject` ON `notifications` (`subject_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `wechat_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`openid` text NOT NULL,
	`template_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `wechat_subscriptions_unspent` ON `wechat_subscriptions` (`subject_id`,`openid`,`template_id`) WHERE used_at is null;--> statement-breakpoint
ALTER TABLE `check_ins` ADD `notify` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `notify` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `service_requests_station_status` ON `service_requests` (`tenant_id`,`station_id`,`status`);