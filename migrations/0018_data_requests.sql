CREATE TABLE `data_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`mobile_hash` text NOT NULL,
	`member_id` text,
	`mobile` text,
	`field` text,
	`text` text,
	`created_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`handled_by_key_id` text,
	`handled_by_user_id` text,
	`handled_at` integer,
	`outcome` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `data_requests_status_due` ON `data_requests` (`tenant_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `data_requests_mobile` ON `data_requests` (`tenant_id`,`mobile_hash`,`created_at`);--> statement-breakpoint
ALTER TABLE `check_ins` ADD `consent_withdrawn_at` integer;--> statement-breakpoint
CREATE INDEX `check_ins_refused_decided` ON `check_ins` (`decided_at`) WHERE status in ('rejected', 'returned');--> statement-breakpoint
CREATE INDEX `check_ins_unverified_pending` ON `check_ins` (`created_at`) WHERE status = 'pending' and mobile_verified = 0;--> statement-breakpoint
CREATE INDEX `partner_consents_member` ON `partner_consents` (`tenant_id`,`member_id`);