CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`hash` text NOT NULL,
	`prefix` text NOT NULL,
	`last4` text NOT NULL,
	`label` text NOT NULL,
	`role` text,
	`scope_node_id` text,
	`scopes` text,
	`allowed_origins` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE INDEX `api_keys_tenant` ON `api_keys` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`at` integer NOT NULL,
	`key_id` text NOT NULL,
	`role` text,
	`action` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text,
	`request_id` text NOT NULL,
	`detail` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_tenant_at` ON `audit_log` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_tenant_subject` ON `audit_log` (`tenant_id`,`subject_type`,`subject_id`,`id`);--> statement-breakpoint
CREATE TABLE `branches` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`committee_id` text,
	`city_id` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`address_zh` text NOT NULL,
	`address_en` text NOT NULL,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`lat_cell` integer NOT NULL,
	`unit_x` real NOT NULL,
	`unit_y` real NOT NULL,
	`unit_z` real NOT NULL,
	`meeting_place_zh` text,
	`meeting_place_en` text,
	`meeting_times_zh` text,
	`meeting_times_en` text,
	`office_phone` text,
	`member_count` integer DEFAULT 0 NOT NULL,
	`search_text` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`city_id`) REFERENCES `host_cities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `branches_near` ON `branches` (`tenant_id`,`lat_cell`,`lng`);--> statement-breakpoint
CREATE INDEX `branches_city` ON `branches` (`tenant_id`,`city_id`,`id`);--> statement-breakpoint
CREATE INDEX `branches_committee` ON `branches` (`tenant_id`,`committee_id`);--> statement-breakpoint
CREATE TABLE `check_ins` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`member_id` text NOT NULL,
	`branch_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`reference` text NOT NULL,
	`submitted_name` text NOT NULL,
	`name_mismatch` integer DEFAULT false NOT NULL,
	`current_city` text NOT NULL,
	`category` text NOT NULL,
	`employer` text,
	`needs` text DEFAULT '[]' NOT NULL,
	`consent_version` text NOT NULL,
	`consented_at` integer NOT NULL,
	`created_by_key_id` text NOT NULL,
	`previous_branch_id` text,
	`reject_reason` text,
	`decided_by_key_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`previous_branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `check_ins_reference` ON `check_ins` (`tenant_id`,`reference`);--> statement-breakpoint
CREATE INDEX `check_ins_branch_status` ON `check_ins` (`tenant_id`,`branch_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `check_ins_tenant_created` ON `check_ins` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `check_ins_member` ON `check_ins` (`tenant_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `check_ins_previous_branch` ON `check_ins` (`tenant_id`,`previous_branch_id`);--> statement-breakpoint
CREATE TABLE `committees` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`city_id` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`city_id`) REFERENCES `host_cities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `committees_tenant` ON `committees` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `home_units` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`parent_id` text,
	`kind` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `home_units_tenant_parent` ON `home_units` (`tenant_id`,`parent_id`);--> statement-breakpoint
CREATE TABLE `host_cities` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`province_zh` text NOT NULL,
	`province_en` text NOT NULL,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `host_cities_tenant` ON `host_cities` (`tenant_id`,`name_en`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`tenant_id` text NOT NULL,
	`api_key_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `api_key_id`, `key`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_created` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`mobile` text NOT NULL,
	`home_unit_id` text NOT NULL,
	`current_city` text,
	`category` text NOT NULL,
	`employer` text,
	`host_branch_id` text,
	`last_check_in_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`home_unit_id`) REFERENCES `home_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`host_branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_tenant_mobile` ON `members` (`tenant_id`,`mobile`);--> statement-breakpoint
CREATE INDEX `members_tenant_id` ON `members` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `members_tenant_branch` ON `members` (`tenant_id`,`host_branch_id`,`id`);--> statement-breakpoint
CREATE INDEX `members_tenant_home` ON `members` (`tenant_id`,`home_unit_id`,`id`);--> statement-breakpoint
CREATE TABLE `partner_consents` (
	`tenant_id` text NOT NULL,
	`partner_id` text NOT NULL,
	`member_id` text NOT NULL,
	`consent_version` text NOT NULL,
	`granted_at` integer NOT NULL,
	`withdrawn_at` integer,
	PRIMARY KEY(`tenant_id`, `partner_id`, `member_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `partners` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partners_tenant` ON `partners` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `service_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`member_id` text NOT NULL,
	`category` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`committee_id` text,
	`station_id` text,
	`check_in_id` text,
	`reference` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`check_in_id`) REFERENCES `check_ins`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_requests_reference` ON `service_requests` (`tenant_id`,`reference`);--> statement-breakpoint
CREATE INDEX `service_requests_committee` ON `service_requests` (`tenant_id`,`committee_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `service_requests_member` ON `service_requests` (`tenant_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `stations` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`committee_id` text,
	`city_id` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`address_zh` text NOT NULL,
	`address_en` text NOT NULL,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`lat_cell` integer NOT NULL,
	`unit_x` real NOT NULL,
	`unit_y` real NOT NULL,
	`unit_z` real NOT NULL,
	`office_phone` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`city_id`) REFERENCES `host_cities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stations_near` ON `stations` (`tenant_id`,`lat_cell`,`lng`);--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`privacy_notice_url` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
-- Hand-written: the audit log is append-only, whoever holds the database.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
