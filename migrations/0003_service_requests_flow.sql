CREATE TABLE `service_request_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`request_id` text NOT NULL,
	`key_id` text NOT NULL,
	`role` text,
	`text` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `service_requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `service_request_notes_request` ON `service_request_notes` (`tenant_id`,`request_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `api_keys` ADD `service_category` text;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `city_id` text REFERENCES host_cities(id);--> statement-breakpoint
ALTER TABLE `service_requests` ADD `description` text;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `submitted_name` text;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `name_mismatch` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `consent_version` text;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `shared_with_partner_id` text REFERENCES partners(id);--> statement-breakpoint
ALTER TABLE `service_requests` ADD `share_consent_version` text;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `shared_at` integer;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `assignee` text;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `volunteer_team_id` text REFERENCES volunteer_teams(id);--> statement-breakpoint
ALTER TABLE `service_requests` ADD `resolution` text;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `close_reason` text;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `created_by_key_id` text;--> statement-breakpoint
ALTER TABLE `service_requests` ADD `updated_at` integer;--> statement-breakpoint
CREATE INDEX `service_requests_tenant_created` ON `service_requests` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `service_requests_committee_created` ON `service_requests` (`tenant_id`,`committee_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `service_requests_station_created` ON `service_requests` (`tenant_id`,`station_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `service_requests_partner_created` ON `service_requests` (`tenant_id`,`shared_with_partner_id`,`category`,`created_at`);